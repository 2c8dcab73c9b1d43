import * as assert from "assert";
import { lifecycleOf } from "../../infra/lifecycle";
import type { Inventory } from "../../tools/lib/plan";
import { planOf, prodStacks } from "../support/plans";

describe("lifecycle of a cell", () => {
    const table: [Parameters<typeof lifecycleOf>[0]["environment"], ReturnType<typeof lifecycleOf>][] = [
        ["prod", { protect: true, deletionProtection: true, uniqueNames: false, clusterAccessOutput: false }],
        ["drill", { protect: false, deletionProtection: false, uniqueNames: true, clusterAccessOutput: true }],
    ];
    for (const [environment, expected] of table) {
        it(`${environment}: ${JSON.stringify(expected)}`, () => assert.deepStrictEqual(lifecycleOf({ environment }), expected));
    }
});

describe("lifecycle in the plans: random Cloud SQL suffixes in drill cells only", function () {
    this.timeout(120_000);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const sql = (inv: Inventory) => inv.resources.filter((r) => r.type === "gcp:sql/databaseInstance:DatabaseInstance").map((r) => r.inputs as any);

    it("drill-eu: one RandomId of 4 bytes, and every instance name, replica name, DR designation and IAM condition carries its hex", async () => {
        const inv = await planOf("drill-eu");
        const ids = inv.resources.filter((r) => r.type === "random:index/randomId:RandomId");
        assert.deepStrictEqual(ids.map((r) => [r.name, r.inputs]), [["voice-db-suffix-id", { byteLength: 4 }]]);
        const hex = /^voice-db-([0-9a-f]{8})$/.exec((inv.outputs as { database: { primary: string } }).database.primary)![1];
        assert.deepStrictEqual(
            sql(inv).map((i) => [i.name, i.masterInstanceName, i.replicaNames, i.replicationCluster.failoverDrReplicaName]),
            [
                [`voice-db-${hex}`, undefined, [`voice-db-europe-west4-${hex}`], `edentist-voice-sandbox:voice-db-europe-west4-${hex}`],
                [`voice-db-europe-west4-${hex}`, `voice-db-${hex}`, [], ""],
            ],
        );
        const conditions = inv.resources.filter((r) => r.name.startsWith("voice-agent-cloudsql-")).map((r) => (r.inputs as { condition: { expression: string } }).condition.expression);
        assert.strictEqual(conditions.length, 2);
        for (const c of conditions) {
            assert.strictEqual(
                c,
                `resource.type == 'sqladmin.googleapis.com/Instance' && (resource.name == 'projects/edentist-voice-sandbox/instances/voice-db-${hex}' || resource.name == 'projects/edentist-voice-sandbox/instances/voice-db-europe-west4-${hex}')`,
            );
        }
    });

    it("drill-eu: the suffix is stable across updates (a switchover changes neither the RandomId nor a name)", async () => {
        const before = await planOf("drill-eu");
        const after = await planOf("drill-eu", "database.primaryRegion=europe-west4");
        const id = (inv: Inventory) => inv.resources.find((r) => r.type === "random:index/randomId:RandomId");
        assert.deepStrictEqual(id(after), id(before));
        assert.deepStrictEqual(sql(after).map((i) => i.name).sort(), sql(before).map((i) => i.name).sort());
    });

    it("drill-eu exports each cluster's endpoint and CA certificate for the drill runner; production stacks do not", async () => {
        const drill = await planOf("drill-eu");
        const access = drill.outputs.clusterAccess as Record<string, { endpoint: string; caCertificate: string }>;
        assert.deepStrictEqual(Object.keys(access), ["europe-west1", "europe-west4"]);
        const clusters = drill.resources.filter((r) => r.type === "gcp:container/cluster:Cluster");
        assert.strictEqual(clusters.length, 2);
        for (const [region, a] of Object.entries(access)) {
            assert.match(a.endpoint, /^\d+\.\d+\.\d+\.\d+$/, region);
            assert.ok(a.caCertificate.length > 100, region);
        }
        for (const { stack } of prodStacks) assert.strictEqual("clusterAccess" in (await planOf(stack)).outputs, false);
    });

    for (const { stack } of prodStacks) {
        it(`${stack}: no random resource, the runbook's fixed instance names`, async () => {
            const inv = await planOf(stack);
            assert.deepStrictEqual(inv.resources.filter((r) => r.type.startsWith("random:")), []);
            for (const name of sql(inv).map((i) => i.name)) assert.match(name, /^voice-db(-[a-z]+-[a-z]+\d)?$/);
        });
    }
});
