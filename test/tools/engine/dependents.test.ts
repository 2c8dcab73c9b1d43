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

/**
 * A whole `spec` made unknown deletes every field the old inputs held under it from the provider's
 * merge patch, the selector included: pulumi-kubernetes 4.32.0's own Diff code answers a
 * Deployment whose `spec` is unknown with `spec.selector DELETE_REPLACE`.
 */
const selector = "spec.selector (unknown while jobs is replaced)";
const matchLabels = "spec.selector.matchLabels (unknown while jobs is replaced)";

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
                ["by-spec", [selector, matchLabels]],
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
                ["replace", "by-spec", true, [selector, matchLabels], 0],
            ],
        );
        assert.deepStrictEqual([d.summary.replace, d.summary.unchanged, d.summary.refused], [6, 4, 1]);
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

describe("dependents the program registers before the replaced resource (step_generator.go impossibleDependents)", () => {
    const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
    const DB = "gcp:sql/database:Database";
    const urnA = urnOf(SQL, "db-a");
    const urnB = urnOf(SQL, "db-b");
    const instance = (name: string, inputs: Record<string, unknown>, deps: Record<string, string[]> = {}) =>
        res(
            SQL,
            name,
            {
                name,
                region: name === "db-a" ? "europe-west1" : "europe-west4",
                databaseVersion: "POSTGRES_16",
                ...inputs,
            },
            { dependsOn: [...new Set(Object.values(deps).flat())], propertyDependencies: deps },
        );
    const primary = (name: string, replica: string) =>
        instance(name, { instanceType: "CLOUD_SQL_INSTANCE", replicaNames: [replica] });
    const replica = (name: string, master: string, masterUrn: string) =>
        instance(
            name,
            { instanceType: "READ_REPLICA_INSTANCE", replicaNames: [], masterInstanceName: master },
            { masterInstanceName: [masterUrn] },
        );
    const database = (instanceUrn: string) =>
        res(
            DB,
            "voice",
            { name: "voice", instance: instanceUrn === urnA ? "db-a" : "db-b" },
            { dependsOn: [instanceUrn], propertyDependencies: { instance: [instanceUrn] } },
        );
    // A primary db-a with its replica db-b and a database on db-a.
    const before = inv(primary("db-a", "db-b"), replica("db-b", "db-a", urnA), database(urnA));
    const ops = (after: ReturnType<typeof inv>) =>
        diffInventories(before, after).changes.map((c) => [c.op, c.name, c.deleteBeforeReplace, c.replaceBecause]);

    it("a switchover in one up: the new primary registers first and is promoted in place; the old primary and the database are replaced delete-first", () => {
        const after = inv(primary("db-b", "db-a"), replica("db-a", "db-b", urnB), database(urnA));
        assert.deepStrictEqual(ops(after), [
            ["update", "db-b", false, []],
            ["replace", "db-a", true, ["masterInstanceName"]],
            ["replace", "voice", true, ["instance (unknown while db-a is replaced)"]],
        ]);
    });

    it("the same dependents when the replica registers after its replaced master: it is taken with it (its masterInstanceName unknown)", () => {
        // db-a replaced for its region (ForceNew); db-b stays its replica, registered after it.
        const after = inv(
            { ...primary("db-a", "db-b"), inputs: { ...primary("db-a", "db-b").inputs, region: "europe-west3" } },
            replica("db-b", "db-a", urnA),
            database(urnA),
        );
        assert.deepStrictEqual(ops(after), [
            ["replace", "db-a", true, ["region"]],
            ["replace", "db-b", true, ["masterInstanceName (unknown while db-a is replaced)"]],
            ["replace", "voice", true, ["instance (unknown while db-a is replaced)"]],
        ]);
    });

    it("leaves out what the program registered before the root, and what depends on the root only through it", () => {
        const chained = res(
            DB,
            "on-b",
            { name: "on-b", instance: "db-b" },
            { dependsOn: [urnB], propertyDependencies: { instance: [urnB] } },
        );
        const state = inv(primary("db-a", "db-b"), replica("db-b", "db-a", urnA), chained);
        assert.deepStrictEqual(
            dependentReplacements(urnA, state).map((d) => d.urn.split("::").pop()),
            ["db-b", "on-b"],
        );
        assert.deepStrictEqual(dependentReplacements(urnA, state, new Set([urnB])), []);
    });
});
