/** What a delete-before-replace takes with it: the engine's dependent replacements on synthetic inventories. */
import * as assert from "assert";
import { diffInventories } from "../../../tools/lib/diff";
import { calculateDependentReplacements as dependentReplacements } from "../../../tools/lib/engine/stepGenerator";
import type { InventoryResource } from "../../../tools/lib/plan";
import { inv, provider, res, urnOf } from "./synthetic";

const TOPIC = "gcp:pubsub/topic:Topic";
const SUB = "gcp:pubsub/subscription:Subscription";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const topic = urnOf(TOPIC, "jobs");

/** A subscription on the topic, its inputs taking values from `deps` (input → URNs). */
const sub = (name: string, deps: Record<string, string[]>, opts: Partial<InventoryResource> = {}) =>
    res(
        SUB,
        name,
        { name, topic: "jobs", labels: { cell: "eu" } },
        { dependsOn: [...new Set(Object.values(deps).flat())], propertyDependencies: deps, ...opts },
    );

describe("dependents of a delete-before-replace (engine/dependents.ts)", () => {
    // The topic is replaced delete-first (its name is fixed); each dependent below tests one rule.
    const k8s = { ...provider("cluster"), dependsOn: [topic], propertyDependencies: { kubeconfig: [topic] } };
    const resources = [
        res(TOPIC, "jobs", { name: "jobs" }),
        sub("by-topic", { topic: [topic] }),
        sub("depends-on-only", {}, { dependsOn: [topic] }),
        sub("by-labels", { labels: [topic] }),
        sub("ignored", { topic: [topic] }, { ignoreChanges: ["topic"] }),
        // A subscription whose topic is the replaced subscription's name: replaced in turn.
        sub("chained", { topic: [urnOf(SUB, "by-topic")] }),
        // Reached only through a dependent that is not replaced: stays.
        sub("behind-kept", { topic: [urnOf(SUB, "by-labels")] }),
        k8s,
        res(DEPLOYMENT, "through-provider", { metadata: { name: "a" } }, { provider: k8s.urn, dependsOn: [k8s.urn] }),
        res(
            DEPLOYMENT,
            "by-spec",
            { metadata: { name: "b" }, spec: { selector: { matchLabels: { app: "b" } } } },
            { dependsOn: [topic], propertyDependencies: { spec: [topic] } },
        ),
    ];

    it("replaces a dependent when an input from the replaced resource forces a new one, its provider is replaced, or its dependency is; nothing else", () => {
        assert.deepStrictEqual(
            dependentReplacements(topic, inv(...resources)).map((d) => [d.urn.split("::").pop(), d.because]),
            [
                ["by-topic", ["topic (unknown while jobs is replaced)"]],
                ["chained", ["topic (unknown while by-topic is replaced)"]],
                ["cluster", ["kubeconfig (unknown while jobs is replaced)"]],
                ["through-provider", ["(provider)"]],
            ],
        );
    });

    it("in the diff, the dependents are replaced delete-first even with unchanged inputs; a protected one makes the preview refuse", () => {
        const before = inv(...resources.map((r) => (r.name === "chained" ? { ...r, protect: true } : r)));
        const after = inv(
            ...before.resources.map((r) =>
                r.name === "jobs" ? { ...r, inputs: { name: "jobs", tags: { env: "prod" } } } : r,
            ),
        );
        const d = diffInventories(before, after);
        assert.deepStrictEqual(
            d.changes.map((c) => [c.op, c.name, c.deleteBeforeReplace, c.replaceBecause, c.changes.length]),
            [
                ["replace", "jobs", true, ["tags"], 1],
                ["replace", "by-topic", true, ["topic (unknown while jobs is replaced)"], 0],
                ["replace", "chained", true, ["topic (unknown while by-topic is replaced)"], 0],
                ["replace", "cluster", true, ["kubeconfig (unknown while jobs is replaced)"], 0],
                ["replace", "through-provider", true, ["(provider)"], 0],
            ],
        );
        assert.deepStrictEqual([d.summary.replace, d.summary.unchanged, d.summary.refused], [5, 5, 1]);
    });

    it("a replacement that creates before it deletes (a name left to the provider) takes no dependent with it", () => {
        const before = inv(res(TOPIC, "jobs", {}), sub("by-topic", { topic: [topic] }));
        const after = inv(res(TOPIC, "jobs", { tags: { env: "prod" } }), sub("by-topic", { topic: [topic] }));
        const d = diffInventories(before, after);
        assert.deepStrictEqual(
            d.changes.map((c) => [c.op, c.name, c.deleteBeforeReplace]),
            [["replace", "jobs", false]],
        );
    });

    it("an `up --exclude` of the replaced resource plans nothing for it, so nothing for its dependents", () => {
        const before = inv(...resources);
        const after = inv(
            ...resources.map((r) =>
                r.name === "jobs" ? { ...r, inputs: { name: "jobs", tags: { env: "prod" } } } : r,
            ),
        );
        const d = diffInventories(before, after, { exclude: [topic] });
        assert.deepStrictEqual([d.changes, d.summary.unchanged], [[], resources.length]);
    });

    it("a resource not in the old state has no dependents to take", () => {
        assert.deepStrictEqual(dependentReplacements(urnOf(TOPIC, "new"), inv(...resources)), []);
    });
});
