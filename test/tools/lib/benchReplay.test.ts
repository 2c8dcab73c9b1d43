import * as assert from "assert";
import { replayProgram, sdkClass } from "../../../tools/lib/benchReplay";
import { readExpectedInventory } from "../../../tools/lib/expectedInventory";
import { plan, type Inventory, type InventoryResource } from "../../../tools/lib/plan";
import { planOf } from "../../support/plans";

/** Sorted by URN, without input dependencies: a replay's inputs are plain values (tools/lib/benchReplay.ts). */
const byUrn = (rs: InventoryResource[]) =>
    [...rs].sort((a, b) => a.urn.localeCompare(b.urn)).map(({ propertyDependencies: _, ...r }) => r);

describe("the benchmark's replays (tools/lib/benchReplay.ts)", () => {
    // drill-eu adds the RandomId of the drill cell's SQL names, the one type from @pulumi/random.
    for (const stack of ["prod-eu", "drill-eu"]) {
        const count = readExpectedInventory(stack).total;
        for (const via of ["classes", "bare"] as const) {
            it(`${stack} through ${via}: the same ${count} registrations as the plan, every field but input dependencies`, async () => {
                const original = await planOf(stack);
                const replayed = await plan({ stack, program: replayProgram(original, via) });
                assert.strictEqual(replayed.resources.length, count);
                assert.deepStrictEqual(byUrn(replayed.resources), byUrn(original.resources));
            });
        }
    }

    it("finds each SDK class through the service modules infra/ imports", async () => {
        const { BackendService } = await import("@pulumi/gcp/compute/backendService");
        const { Deployment } = await import("@pulumi/kubernetes/apps/v1/deployment");
        const { RandomId } = await import("@pulumi/random/randomId");
        assert.strictEqual(sdkClass("gcp:compute/backendService:BackendService"), BackendService);
        assert.strictEqual(sdkClass("kubernetes:apps/v1:Deployment"), Deployment);
        assert.strictEqual(sdkClass("random:index/randomId:RandomId"), RandomId);
    });

    it("names a type whose class it cannot find", () => {
        assert.throws(
            () => sdkClass("gcp:bigquery/dataset:Dataset"),
            new Error(
                "no SDK class for gcp:bigquery/dataset:Dataset: the replay looks classes up in infra/gcp.ts, infra/kubernetes.ts and @pulumi/random",
            ),
        );
    });

    it("refuses an inventory whose resource waits for one it does not list", async () => {
        const original = await planOf("prod-eu");
        const topic = original.resources.find((r) => r.type === "gcp:pubsub/topic:Topic")!;
        const broken: Inventory = {
            ...original,
            resources: original.resources.map((r) =>
                r === topic
                    ? {
                          ...r,
                          dependsOn: [...r.dependsOn, "urn:pulumi:prod-eu::voice-agent::gcp:pubsub/topic:Topic::gone"],
                      }
                    : r,
            ),
        };
        await assert.rejects(plan({ stack: "prod-eu", program: replayProgram(broken, "classes") }), {
            message: `the inventory cannot be replayed: ${topic.urn} waits for a resource it does not list`,
        });
    });
});
