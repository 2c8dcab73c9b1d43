/**
 * The offline diff on the real program: what `pulumi up` would do for changes whose operation the
 * providers decide (replacements of protected resources, the one-step database switchover, a
 * runtime-flag toggle), and `npm run diff --json` carrying ops, waits and awaits.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { diffInventories, type PlanDiff, type ResourceChange } from "../../tools/lib/diff";
import { resolveConfig } from "../../tools/lib/plan";
import { planOf, prodStacks } from "../support/plans";

const root = path.resolve(__dirname, "../..");

async function diffOf(stack: string, ...sets: string[]): Promise<PlanDiff> {
    return diffInventories(await planOf(stack), await planOf(stack, ...sets));
}

const brief = (c: ResourceChange) => ({ op: c.op, name: c.name, protect: c.protect, deleteBeforeReplace: c.deleteBeforeReplace, replaceBecause: c.replaceBecause });

for (const { stack } of prodStacks) {
    const { config } = resolveConfig({ stack });
    const regions = Object.keys(config.regions);
    const primary = config.primaryRegion;
    const secondary = regions.find((r) => r !== primary)!;

    describe(`offline diff predicts the providers' operations on ${stack}`, () => {
        it("cache.redisVersion down (a ForceNew CustomizeDiff rule) replaces both protected Redis instances: the preview refuses both", async () => {
            const d = await diffOf(stack, "cache.redisVersion=REDIS_7_0");
            assert.deepStrictEqual(
                d.changes.map(brief),
                regions.map((r) => ({ op: "replace", name: `voice-cache-${r}`, protect: true, deleteBeforeReplace: true, replaceBecause: ["redisVersion"] })),
            );
            assert.deepStrictEqual([d.summary.replace, d.summary.refused], [2, 2]);
        });

        it("network.privateServicesRange (a ForceNew address) replaces the protected private-services range: refused", async () => {
            const d = await diffOf(stack, "network.privateServicesRange=10.201.0.0/16");
            assert.deepStrictEqual(d.changes.map(brief), [
                { op: "replace", name: `voice-${config.cell}-private-services`, protect: true, deleteBeforeReplace: true, replaceBecause: ["address"] },
            ]);
            assert.strictEqual(d.summary.refused, 1);
        });

        it(`one-step database.primaryRegion=${secondary} replaces the old primary (masterInstanceName): refused by protect`, async () => {
            const d = await diffOf(stack, `database.primaryRegion=${secondary}`);
            const sql = d.changes.filter((c) => c.type === "gcp:sql/databaseInstance:DatabaseInstance").map(brief);
            assert.deepStrictEqual(sql, [
                { op: "update", name: `voice-db-${secondary}`, protect: true, deleteBeforeReplace: false, replaceBecause: [] },
                { op: "replace", name: `voice-db-${primary}`, protect: true, deleteBeforeReplace: true, replaceBecause: ["masterInstanceName"] },
            ]);
            assert.strictEqual(d.summary.refused, 1);
        });

        it("a runtime-flag toggle updates each region's ConfigMap in place: the cluster's provider sets enableConfigMapMutable", async () => {
            const d = await diffOf(stack, "voiceMode=hold");
            assert.deepStrictEqual(
                d.changes.filter((c) => c.type === "kubernetes:core/v1:ConfigMap").map(brief),
                regions.map((r) => ({ op: "update", name: `voice-agent-${r}-config`, protect: false, deleteBeforeReplace: false, replaceBecause: [] })),
            );
            const cm = new Map(d.changes.filter((c) => c.type === "kubernetes:core/v1:ConfigMap").map((c) => [c.urn, c]));
            for (const c of d.changes.filter((x) => x.type === "kubernetes:apps/v1:Deployment")) {
                assert.strictEqual(c.op, "update");
                assert.deepStrictEqual(c.waitsFor.filter((w) => cm.has(w)).length, 1, `${c.name} waits for its region's ConfigMap`);
                assert.strictEqual(c.await.kind, "rollout");
            }
        });
    });
}

describe("npm run diff --json", function () {
    this.timeout(180000);
    it("carries op, protect, deleteBeforeReplace, replaceBecause, waitsFor and await per change", () => {
        const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/diff.ts", "--stack", "prod-eu", "--set", "forcedFailover=true", "--json"], { cwd: root, encoding: "utf8" });
        assert.strictEqual(r.status, 0, r.stderr);
        const out = JSON.parse(r.stdout) as { summary: PlanDiff["summary"]; changes: ResourceChange[] };
        assert.deepStrictEqual(out.summary, { create: 0, update: 3, replace: 0, delete: 0, stateful: 0, unchanged: 152, refused: 0 });
        const pool = out.changes.find((c) => c.type === "gcp:container/nodePool:NodePool")!;
        const lb = out.changes.find((c) => c.type === "gcp:compute/backendService:BackendService")!;
        assert.deepStrictEqual(Object.keys(lb).sort(), ["await", "changes", "deleteBeforeReplace", "name", "op", "protect", "replaceBecause", "stateful", "type", "urn", "waitsFor"]);
        assert.deepStrictEqual(
            { op: lb.op, protect: lb.protect, deleteBeforeReplace: lb.deleteBeforeReplace, replaceBecause: lb.replaceBecause, await: lb.await },
            { op: "update", protect: false, deleteBeforeReplace: false, replaceBecause: [], await: { kind: "gcp-operation", detail: "until the update operation completes (provider timeout 20 min)" } },
        );
        // The drain waits on no other change; the node pool's pre-scaling waits on nothing either.
        assert.deepStrictEqual([lb.waitsFor, pool.waitsFor], [[], []]);
    });
});
