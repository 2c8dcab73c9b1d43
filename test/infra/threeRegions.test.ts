/** The program works for any number of regions ≥ 2 (docs/design.md): a third region gets its own replica and cache. */
import * as assert from "assert";
import type { Inventory } from "../../tools/lib/plan";
import { byPhysicalName, ofType, planOf, types } from "../support/plans";

const thirdRegion =
    'regions.europe-west3={zones: [europe-west3-a, europe-west3-b, europe-west3-c], subnet: {nodes: 10.12.0.0/20, pods: 10.72.0.0/14, services: 10.22.0.0/20, controlPlane: 172.16.0.32/28}, maintenance: {days: [SA, SU], start: "15:00", hours: 6}}';

describe("data tier with three regions (prod-eu plus europe-west3)", () => {
    let inv: Inventory;
    before(async () => {
        inv = await planOf("prod-eu", thirdRegion, "database.drReplicaRegion=europe-west4");
    });

    it("declares voice-db with two replicas and designates the named DR replica", () => {
        const db = byPhysicalName(inv, types.sqlInstance, "voice-db");
        assert.deepStrictEqual(
            [db.inputs.replicaNames, db.inputs.replicationCluster],
            [
                ["voice-db-europe-west4", "voice-db-europe-west3"],
                { failoverDrReplicaName: "edentist-voice-prod-eu:voice-db-europe-west4" },
            ],
        );
        for (const r of ["europe-west4", "europe-west3"]) {
            const replica = byPhysicalName(inv, types.sqlInstance, `voice-db-${r}`);
            assert.deepStrictEqual(
                [replica.inputs.region, replica.inputs.masterInstanceName, replica.protect],
                [r, "voice-db", true],
            );
        }
        assert.strictEqual(ofType(inv, types.sqlInstance).length, 3);
    });

    it("gives the third region its own cache, storage region and ConfigMap", () => {
        assert.deepStrictEqual(
            ofType(inv, types.redis)
                .map((r) => r.inputs.name)
                .sort(),
            ["voice-cache-europe-west1", "voice-cache-europe-west3", "voice-cache-europe-west4"],
        );
        for (const t of ofType(inv, types.topic)) {
            assert.deepStrictEqual(
                (t.inputs.messageStoragePolicy as { allowedPersistenceRegions: string[] }).allowedPersistenceRegions,
                ["europe-west1", "europe-west4", "europe-west3"],
            );
        }
        const caches = (inv.outputs as { caches: Record<string, { host: string }> }).caches;
        const cm = ofType(inv, types.configMap).find((c) => c.urn.includes("voice-agent-europe-west3"))!;
        assert.strictEqual((cm.inputs.data as Record<string, string>).REDIS_HOST, caches["europe-west3"]?.host);
    });
});
