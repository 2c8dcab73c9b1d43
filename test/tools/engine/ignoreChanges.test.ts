import * as assert from "assert";
import { isIgnored, parsePropertyPath } from "../../../tools/lib/engine/ignoreChanges";
import { diffInventories } from "../../../tools/lib/diff";
import { planOf } from "../../support/plans";

describe("ignoreChanges as the engine applies it", () => {
    const paths: [string, string[]][] = [
        ["initialNodeCount", ["initialNodeCount"]],
        ["spec.replicas", ["spec", "replicas"]],
        ['tags["a.b"]', ["tags", "a.b"]],
        ["items[0].name", ["items", "0", "name"]],
        ["items[*]", ["items", "*"]],
    ];
    for (const [path, segments] of paths)
        it(`parses ${path}`, () => assert.deepStrictEqual(parsePropertyPath(path), segments));

    const cases: [(string | number)[], string[] | undefined, boolean][] = [
        [["initialNodeCount"], ["initialNodeCount"], true],
        [["autoscaling", "minNodeCount"], ["initialNodeCount"], false],
        [["spec", "replicas"], ["spec"], true],
        [["spec"], ["spec.replicas"], false],
        [["items", 3, "name"], ["items[*]"], true],
        [["items", 3], ["items[0]"], false],
        [["tags", "a.b"], ['tags["a.b"]'], true],
        [["initialNodeCount"], undefined, false],
    ];
    for (const [inputPath, ignored, expected] of cases) {
        it(`${JSON.stringify(inputPath)} under ${JSON.stringify(ignored)}: ${expected}`, () =>
            assert.strictEqual(isIgnored(inputPath, ignored), expected));
    }

    it("raising a region's node minimum updates the node pool in place: its initialNodeCount is ignored, so nothing forces a new pool", async () => {
        const d = diffInventories(
            await planOf("prod-eu"),
            await planOf("prod-eu", "regions.europe-west1.nodePool.minPerZone=3"),
        );
        assert.deepStrictEqual(
            d.changes.map((c) => ({
                op: c.op,
                name: c.name,
                replaceBecause: c.replaceBecause,
                paths: c.changes.map((p) => `${p.path}: ${String(p.old)} → ${String(p.new)}`),
            })),
            [
                {
                    op: "update",
                    name: "voice-cluster-europe-west1-default",
                    replaceBecause: [],
                    paths: ["autoscaling.minNodeCount: 2 → 3"],
                },
            ],
        );
    });

    it("the plan records ignoreChanges only where the program sets it: both node pools", async () => {
        const inv = await planOf("prod-eu");
        assert.deepStrictEqual(
            inv.resources.filter((r) => r.ignoreChanges).map((r) => [r.name, r.ignoreChanges]),
            [
                ["voice-cluster-europe-west1-default", ["initialNodeCount"]],
                ["voice-cluster-europe-west4-default", ["initialNodeCount"]],
            ],
        );
    });
});
