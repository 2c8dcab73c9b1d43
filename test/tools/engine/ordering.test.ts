/** Step order of one update: waitsFor and waves on synthetic inventories. */
import * as assert from "assert";
import { diffInventories, renderDiff } from "../../../tools/lib/diff";
import { waves } from "../../../tools/lib/engine/ordering";
import type { InventoryResource } from "../../../tools/lib/plan";
import { inv, res, urnOf } from "./synthetic";

const T = "gcp:monitoring/dashboard:Dashboard";
const C = "voice-agent:x:Component";
const P = "pulumi:providers:kubernetes";
const d = (name: string, json: string, opts: Partial<InventoryResource> = {}) =>
    res(T, name, { dashboardJson: json }, opts);
const u = (name: string) => urnOf(T, name);

/** Name → names it waits for, and the waves, of the diff between two inventories. */
function order(
    before: InventoryResource[],
    after: InventoryResource[],
): { waits: Record<string, string[]>; waves: string[][] } {
    const diff = diffInventories(inv(...before), inv(...after));
    const name = new Map(diff.changes.map((c) => [c.urn, c.name]));
    return {
        waits: Object.fromEntries(diff.changes.map((c) => [c.name, c.waitsFor.map((w) => name.get(w)!)])),
        waves: waves(new Map(diff.changes.map((c) => [c.urn, c.waitsFor]))).map((w) => w.map((x) => name.get(x)!)),
    };
}

describe("ordering of an update's changes", () => {
    it("waits through an unchanged resource: a → b (unchanged) → c", () => {
        const before = [d("c", "1"), d("b", "1", { dependsOn: [u("c")] }), d("a", "1", { dependsOn: [u("b")] })];
        const after = [d("c", "2"), d("b", "1", { dependsOn: [u("c")] }), d("a", "2", { dependsOn: [u("b")] })];
        assert.deepStrictEqual(order(before, after), { waits: { c: [], a: ["c"] }, waves: [["c"], ["a"]] });
    });

    it("waits for the parent, and for the parent's dependencies", () => {
        const comp = res(C, "comp", {}, { custom: false, dependsOn: [u("base")] });
        const before = [d("base", "1"), comp, d("child", "1", { parent: comp.urn })];
        const after = [d("base", "2"), comp, d("child", "2", { parent: comp.urn })];
        assert.deepStrictEqual(order(before, after), {
            waits: { base: [], child: ["base"] },
            waves: [["base"], ["child"]],
        });
    });

    it("waits for the provider, and for what the provider depends on", () => {
        const prov = (kc: string) => res(P, "k8s", { kubeconfig: "[secret]", note: kc }, { dependsOn: [u("pool")] });
        const cmType = "kubernetes:core/v1:ConfigMap";
        const cm = (v: string) =>
            res(cmType, "cm", { metadata: { name: "cm" }, binary: v }, { provider: urnOf(P, "k8s") });
        const before = [d("pool", "1"), prov("a"), cm("1"), d("lb", "1")];
        const after = [d("pool", "2"), prov("a"), cm("2"), d("lb", "2")];
        assert.deepStrictEqual(order(before, after), {
            waits: { pool: [], cm: ["pool"], lb: [] },
            waves: [["pool", "lb"], ["cm"]],
        });
    });

    it("independent changes share wave 1", () => {
        assert.deepStrictEqual(order([d("x", "1"), d("y", "1")], [d("x", "2"), d("y", "2")]), {
            waits: { x: [], y: [] },
            waves: [["x", "y"]],
        });
    });

    it("deletes wait for every other change and run in reverse dependency order", () => {
        const before = [d("keep", "1"), d("old-db", "1"), d("old-app", "1", { dependsOn: [u("old-db")] })];
        const after = [d("keep", "2"), d("new", "1")];
        assert.deepStrictEqual(order(before, after), {
            waits: { keep: [], new: [], "old-db": ["keep", "new", "old-app"], "old-app": ["keep", "new"] },
            waves: [["keep", "new"], ["old-app"], ["old-db"]],
        });
    });

    it("a create waits for its new dependency's create", () => {
        assert.deepStrictEqual(order([], [d("db", "1"), d("app", "1", { dependsOn: [u("db")] })]), {
            waits: { db: [], app: ["db"] },
            waves: [["db"], ["app"]],
        });
    });

    it("text output prints the waves and the waits", () => {
        const before = [d("c", "1"), d("a", "1", { dependsOn: [u("c")] })];
        const after = [d("c", "2"), d("a", "2", { dependsOn: [u("c")] })];
        assert.deepStrictEqual(renderDiff(diffInventories(inv(...before), inv(...after))).split("\n"), [
            "wave 1:",
            `  ~ update ${T} c`,
            "      await: gcp-operation: until the update operation completes (provider timeout 4 min)",
            '      dashboardJson: "1" → "2"',
            "wave 2:",
            `  ~ update ${T} a`,
            "      await: gcp-operation: until the update operation completes (provider timeout 4 min)",
            "      waits for: c",
            '      dashboardJson: "1" → "2"',
            "summary: 0 to create, 2 to update, 0 to replace, 0 to delete, 0 unchanged; no stateful resource touched",
        ]);
    });

    it("text output marks what the preview refuses", () => {
        const sql = (region: string) =>
            res("gcp:sql/databaseInstance:DatabaseInstance", "db", { name: "voice-db", region }, { protect: true });
        const gone = res("gcp:redis/instance:Instance", "cache", { name: "c" }, { protect: true });
        const out = renderDiff(diffInventories(inv(sql("europe-west1"), gone), inv(sql("europe-west4")))).split("\n");
        assert.deepStrictEqual(out.slice(0, 2), [
            "wave 1:",
            "  +- replace gcp:sql/databaseInstance:DatabaseInstance db (delete-before-replace, because region)  !! PREVIEW REFUSES: replacing a protected resource  !! STATEFUL RESOURCE",
        ]);
        assert.deepStrictEqual(out.slice(-4), [
            "summary: 0 to create, 0 to update, 1 to replace, 1 to delete, 0 unchanged; !! 2 stateful resources touched",
            "!! pulumi preview will refuse 2 operations:",
            "!!   replace gcp:sql/databaseInstance:DatabaseInstance db: replacing a protected resource",
            "!!   delete gcp:redis/instance:Instance cache: deleting a protected resource",
        ]);
    });
});
