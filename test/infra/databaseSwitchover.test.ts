/**
 * What the database switchover needs from the data tier, proven now: changing
 * `database.primaryRegion` keeps every URN and physical name, and changes only the replication
 * fields of the two instances, in the shape the Google provider documents for Enterprise Plus.
 */
import * as assert from "assert";
import { statefulTypes } from "../../core/resourceKinds";
import type { Inventory } from "../../tools/lib/plan";
import { byPhysicalName, ofType, planOf, prodStacks, types } from "../support/plans";

/** Leaf paths whose values differ between two input objects, with old and new values. */
function changedPaths(a: unknown, b: unknown, path = ""): Record<string, [unknown, unknown]> {
    if (JSON.stringify(a) === JSON.stringify(b)) return {};
    const isMap = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
    if (isMap(a) && isMap(b)) {
        const out: Record<string, [unknown, unknown]> = {};
        const ao = a as Record<string, unknown>;
        const bo = b as Record<string, unknown>;
        for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)]))
            Object.assign(out, changedPaths(ao[k], bo[k], path ? `${path}.${k}` : k));
        return out;
    }
    return { [path]: [a, b] };
}

/** Created, deleted and (stateful) updated resources; monitoring that follows the role is tested in test/infra/blastRadius.test.ts. */
function changes(base: Inventory, next: Inventory) {
    const before = new Map(base.resources.map((r) => [r.urn, r]));
    const after = new Map(next.resources.map((r) => [r.urn, r]));
    return {
        created: [...after.keys()].filter((u) => !before.has(u)),
        deleted: [...before.keys()].filter((u) => !after.has(u)),
        updated: Object.fromEntries(
            [...after.values()]
                .filter(
                    (r) =>
                        statefulTypes.includes(r.type) &&
                        before.has(r.urn) &&
                        JSON.stringify(before.get(r.urn)!.inputs) !== JSON.stringify(r.inputs),
                )
                .map((r) => [r.name, changedPaths(before.get(r.urn)!.inputs, r.inputs)]),
        ),
    };
}

for (const { stack, project, regions } of prodStacks) {
    const [primary, secondary] = regions;

    describe(`database switchover shape: ${stack}`, () => {
        let base: Inventory;
        let switched: Inventory;
        before(async () => {
            base = await planOf(stack);
            switched = await planOf(stack, `database.primaryRegion=${secondary}`);
        });

        it(`database.primaryRegion=${secondary} creates and deletes nothing and, of the stateful resources, updates only the two instances' replication fields`, () => {
            assert.deepStrictEqual(changes(base, switched), {
                created: [],
                deleted: [],
                updated: {
                    [`voice-db-${secondary}`]: {
                        instanceType: ["READ_REPLICA_INSTANCE", "CLOUD_SQL_INSTANCE"],
                        masterInstanceName: ["voice-db", undefined],
                        replicaNames: [[], ["voice-db"]],
                        "replicationCluster.failoverDrReplicaName": ["", `${project}:voice-db`],
                        "settings.backupConfiguration.enabled": [false, true],
                        "settings.backupConfiguration.pointInTimeRecoveryEnabled": [false, true],
                    },
                    [`voice-db-${primary}`]: {
                        instanceType: ["CLOUD_SQL_INSTANCE", "READ_REPLICA_INSTANCE"],
                        masterInstanceName: [undefined, `voice-db-${secondary}`],
                        replicaNames: [[`voice-db-${secondary}`], []],
                        "replicationCluster.failoverDrReplicaName": [`${project}:voice-db-${secondary}`, ""],
                        "settings.backupConfiguration.enabled": [true, false],
                        "settings.backupConfiguration.pointInTimeRecoveryEnabled": [true, false],
                    },
                },
            });
        });

        it("keeps the physical names: voice-db stays in the region that was created with it", () => {
            assert.strictEqual(byPhysicalName(switched, types.sqlInstance, "voice-db").inputs.region, primary);
            assert.strictEqual(
                byPhysicalName(switched, types.sqlInstance, `voice-db-${secondary}`).inputs.region,
                secondary,
            );
            const outputs = switched.outputs as { database: { primaryRegion: string; primary: string } };
            assert.deepStrictEqual(
                { primaryRegion: outputs.database.primaryRegion, primary: outputs.database.primary },
                { primaryRegion: secondary, primary: `voice-db-${secondary}` },
            );
        });

        it("orders the new primary's switchover before the old primary turns replica", () => {
            const oldPrimary = byPhysicalName(switched, types.sqlInstance, "voice-db");
            const newPrimary = byPhysicalName(switched, types.sqlInstance, `voice-db-${secondary}`);
            assert.ok(oldPrimary.dependsOn.includes(newPrimary.urn));
            assert.ok(!newPrimary.dependsOn.includes(oldPrimary.urn));
        });

        it("leaves the workloads' ConfigMaps alone: the write endpoint follows the primary by itself", () => {
            const data = (inv: Inventory) => ofType(inv, types.configMap).map((c) => c.inputs.data);
            assert.deepStrictEqual(data(switched), data(base));
        });

        it("failback (database.primaryRegion back to the voice-db region) is the base plan", async () => {
            const back = await planOf(stack, `database.primaryRegion=${primary}`);
            assert.deepStrictEqual(changes(base, back), { created: [], deleted: [], updated: {} });
        });
    });

    describe(`Enterprise edition: ${stack}`, () => {
        let inv: Inventory;
        before(async () => {
            inv = await planOf(stack, "database.edition=ENTERPRISE", "database.tier=db-custom-4-16384");
        });

        it("declares no advanced-DR fields and no data cache", () => {
            for (const db of ofType(inv, types.sqlInstance)) {
                assert.strictEqual(db.inputs.replicationCluster, undefined, db.name);
                const settings = db.inputs.settings as Record<string, unknown>;
                assert.deepStrictEqual(
                    [settings.edition, settings.tier, settings.dataCacheConfig],
                    ["ENTERPRISE", "db-custom-4-16384", undefined],
                );
            }
        });

        it("points the workloads at the primary's private IP, having no write endpoint", () => {
            const host = (inv.outputs as { database: { writeHost: string } }).database.writeHost;
            assert.match(host, /^10\.200\.\d{1,3}\.\d{1,3}$/);
            for (const cm of ofType(inv, types.configMap))
                assert.strictEqual((cm.inputs.data as Record<string, string>).DATABASE_HOST, host);
        });

        it("rolls every Deployment of every region when the database endpoint changes", async () => {
            const checksums = (i: Inventory) =>
                ofType(i, types.deployment).map(
                    (d) =>
                        (d.inputs.spec as { template: { metadata: { annotations: Record<string, string> } } }).template
                            .metadata.annotations["voice-agent.edentist.ai/config-checksum"],
                );
            const before = checksums(await planOf(stack));
            const after = checksums(inv);
            // voice-agent and pms-sync-worker in each region: both read the ConfigMap.
            assert.strictEqual(after.length, 4);
            after.forEach((c, i) => assert.notStrictEqual(c, before[i]));
        });
    });
}
