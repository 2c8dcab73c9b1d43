/**
 * What a cell's first `pulumi up` and a drill cell's `pulumi destroy` need from the program: grants
 * that wait for the identities they name, the APIs features need, the drill domain's DNS record and
 * the deletion policies that let a destroy finish, each in the plans of the committed stacks.
 */
import * as assert from "assert";
import { serviceType } from "../../core/featureApis";
import type { Inventory } from "../../tools/lib/plan";
import { inputs, named, ofType, planOf, prodStacks } from "../support/plans";

const allStacks = [...prodStacks.map((s) => s.stack), "drill-eu"];

function apiService(inv: Inventory, api: string): string | undefined {
    return ofType(inv, serviceType).find((s) => s.inputs.service === api)?.urn;
}

describe("first up: grants wait for the identities they name", function () {
    this.timeout(120_000);
    for (const stack of allStacks) {
        it(`${stack}: the Workload Identity binding depends on every cluster (the pool exists only then)`, async () => {
            const inv = await planOf(stack);
            const binding = named(inv, "gcp:serviceaccount/iAMMember:IAMMember", "voice-agent-workload-identity");
            const clusters = ofType(inv, "gcp:container/cluster:Cluster").map((c) => c.urn);
            assert.strictEqual(clusters.length, 2);
            assert.deepStrictEqual(
                clusters.filter((c) => binding.dependsOn.includes(c)),
                clusters,
            );
            assert.strictEqual(
                inputs(binding).member,
                `serviceAccount:${inv.config.project}.svc.id.goog[voice-agent/voice-agent]`,
            );
        });

        it(`${stack}: the Pub/Sub service agent's three grants take their member from its ServiceIdentity`, async () => {
            const inv = await planOf(stack);
            const [identity, ...more] = ofType(inv, "gcp:projects/serviceIdentity:ServiceIdentity");
            assert.strictEqual(more.length, 0);
            assert.deepStrictEqual(identity!.inputs, { project: inv.config.project, service: "pubsub.googleapis.com" });
            assert.ok(
                identity!.dependsOn.includes(apiService(inv, "pubsub.googleapis.com")!),
                "the agent waits for the Pub/Sub API",
            );
            const grants = inv.resources.filter((r) => r.propertyDependencies?.member?.includes(identity!.urn));
            assert.deepStrictEqual(
                grants.map((g) => g.name).sort(),
                [
                    "pms-sync-" + String(inv.config.cell) + "-dead-letter-publisher",
                    "pms-sync-" + String(inv.config.cell) + "-replay-subscriber",
                    "pms-sync-" + String(inv.config.cell) + "-worker-subscriber",
                ].sort(),
            );
            for (const g of grants)
                assert.match(
                    String(g.inputs.member),
                    /^serviceAccount:service-\d+@gcp-sa-pubsub\.iam\.gserviceaccount\.com$/,
                    g.name,
                );
        });

        it(`${stack}: each cluster waits for the Binary Authorization and IAM Credentials APIs its features need`, async () => {
            const inv = await planOf(stack);
            for (const api of [
                "binaryauthorization.googleapis.com",
                "iamcredentials.googleapis.com",
                "logging.googleapis.com",
                "monitoring.googleapis.com",
            ]) {
                const service = apiService(inv, api);
                assert.ok(service, `${api} is enabled`);
                for (const c of ofType(inv, "gcp:container/cluster:Cluster"))
                    assert.ok(c.dependsOn.includes(service), `${c.name} waits for ${api}`);
            }
        });
    }
});

describe("drill cells: a DNS record and deletion policies that let destroy finish", function () {
    this.timeout(120_000);

    it("drill-eu declares the domain's A record in its zone, pointed at the load balancer's address", async () => {
        const inv = await planOf("drill-eu");
        const [record, ...more] = ofType(inv, "gcp:dns/recordSet:RecordSet");
        assert.strictEqual(more.length, 0);
        const address = named(inv, "gcp:compute/globalAddress:GlobalAddress", "voice-drilleu-lb-ip");
        assert.deepStrictEqual(record!.inputs, {
            managedZone: "drill-eu-edentist-ai",
            name: "voice.drill-eu.edentist.ai.",
            type: "A",
            ttl: 300,
            rrdatas: [inv.outputs.loadBalancerIp],
        });
        assert.deepStrictEqual(record!.propertyDependencies?.rrdatas, [address.urn]);
        assert.ok(record!.dependsOn.includes(apiService(inv, "dns.googleapis.com")!));
    });

    it("a zone in another project is named on the record", async () => {
        const inv = await planOf("drill-eu", "dns.project=edentist-dns-shared", "dns.ttlSeconds=60");
        assert.deepStrictEqual(
            ofType(inv, "gcp:dns/recordSet:RecordSet").map((r) => [r.inputs.project, r.inputs.ttl]),
            [["edentist-dns-shared", 60]],
        );
    });

    it("drill-eu abandons the private services connection and the IAM user; production cells delete neither way", async () => {
        const drill = await planOf("drill-eu");
        assert.deepStrictEqual(
            ofType(drill, "gcp:servicenetworking/connection:Connection").map((r) => r.inputs.deletionPolicy),
            ["ABANDON"],
        );
        assert.deepStrictEqual(
            ofType(drill, "gcp:sql/user:User").map((r) => r.inputs.deletionPolicy),
            ["ABANDON"],
        );
        for (const { stack } of prodStacks) {
            const inv = await planOf(stack);
            assert.deepStrictEqual(
                ofType(inv, "gcp:servicenetworking/connection:Connection").map((r) => r.inputs.deletionPolicy),
                [undefined],
                stack,
            );
            assert.deepStrictEqual(
                ofType(inv, "gcp:sql/user:User").map((r) => r.inputs.deletionPolicy),
                [undefined],
                stack,
            );
            assert.deepStrictEqual(ofType(inv, "gcp:dns/recordSet:RecordSet"), [], stack);
        }
    });
});
