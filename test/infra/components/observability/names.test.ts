import * as assert from "assert";
import { logMetricName, monitoringServiceId } from "../../../../core/naming";
import { observedNames } from "../../../../infra/observedNames";
import { resolveConfig, type InventoryResource } from "../../../../tools/lib/plan";
import { ofType, planOf, prodStacks } from "../../../support/plans";

describe("observability: names", () => {
    it("log metric names are PromQL-safe and checked", () => {
        assert.strictEqual(logMetricName("pms_sync_outcomes"), "voice_agent_pms_sync_outcomes");
        assert.throws(
            () => logMetricName("PMS-sync"),
            /log metric name "voice_agent_PMS-sync" must be lowercase letters, digits and underscores/,
        );
        assert.strictEqual(monitoringServiceId("eu"), "voice-agent-eu");
    });

    // What the alerts and dashboards watch is what the plan declares: each name observedNames()
    // gives is the physical name of a resource of that kind in the same cell, and the database
    // primary follows the role through a switchover.
    for (const { stack, regions } of prodStacks) {
        for (const sets of [[], [`database.primaryRegion=${regions[1] ?? ""}`]]) {
            it(`${stack}${sets.length ? ` with ${sets.join(" ")}` : ""}: every watched name is a resource of the plan`, async () => {
                const inv = await planOf(stack, ...sets);
                const names = observedNames(resolveConfig({ stack, sets }).config, stack);
                const physical = (type: string) => ofType(inv, type).map((r) => physicalNameOf(r));
                assert.deepStrictEqual(names.regions, regions);
                assert.deepStrictEqual(Object.values(names.clusters), physical("gcp:container/cluster:Cluster"));
                assert.deepStrictEqual(Object.values(names.caches), physical("gcp:redis/instance:Instance"));
                assert.deepStrictEqual([names.backendService], physical("gcp:compute/backendService:BackendService"));
                const sql = ofType(inv, "gcp:sql/databaseInstance:DatabaseInstance");
                const primary = sql
                    .filter((r) => r.inputs.masterInstanceName === undefined)
                    .map((r) => physicalNameOf(r));
                assert.deepStrictEqual([names.databasePrimary], primary);
                assert.deepStrictEqual(
                    Object.values(names.databaseReplicas).sort(),
                    sql
                        .map((r) => physicalNameOf(r))
                        .filter((n) => !primary.includes(n))
                        .sort(),
                );
                const pubsub = [
                    ...physical("gcp:pubsub/topic:Topic"),
                    ...physical("gcp:pubsub/subscription:Subscription"),
                ];
                for (const name of Object.values(names.pubsub)) assert.ok(pubsub.includes(name), name);
                assert.ok(physical("kubernetes:apps/v1:Deployment").includes(names.deployment));
                assert.ok(physical("kubernetes:core/v1:Namespace").includes(names.namespace));
            });
        }
    }
});

/** A resource's physical name: `inputs.name`, else its Kubernetes metadata.name. */
function physicalNameOf(r: InventoryResource): string {
    return String(r.inputs.name ?? (r.inputs.metadata as { name?: string } | undefined)?.name);
}
