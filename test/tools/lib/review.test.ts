/** The review's own decisions (tools/lib/review.ts) and its markdown (tools/lib/reviewRender.ts), on hand-made plans. */
import * as assert from "assert";
import type { Inventory, InventoryResource } from "../../../tools/lib/plan";
import { planOf } from "../../support/plans";
import {
    compareFindings,
    configKeyChanges,
    reviewStack,
    toggleChanges,
    type Finding,
    type ReviewChange,
} from "../../../tools/lib/review";
import { code, commentLimit, dangers, renderMarkdown, waits } from "../../../tools/lib/reviewRender";
import { assemble } from "../../../tools/lib/review";

function res(name: string, inputs: Record<string, unknown>, extra: Partial<InventoryResource> = {}): InventoryResource {
    // A type whose inputs all update in place (the diff's replace rules know every declared type).
    const type = "gcp:monitoring/alertPolicy:AlertPolicy";
    return {
        urn: `urn:pulumi:s::voice-agent::${type}::${name}`,
        type,
        name,
        parent: "",
        protect: false,
        custom: true,
        dependsOn: [],
        provider: "",
        inputs,
        ...extra,
    };
}

function inv(resources: InventoryResource[], config: Record<string, unknown> = {}): Inventory {
    return { project: "voice-agent", stack: "s", config, resources, outputs: {} };
}

const finding = (
    policy: string,
    urn: string,
    message: string,
    level: Finding["enforcementLevel"] = "mandatory",
): Finding => ({ policy, enforcementLevel: level, severity: "high", urn, message });

describe("review: decisions", () => {
    it("a protected resource replaced or deleted blocks the review; an unprotected one does not", () => {
        const protectedReplace: ReviewChange = {
            op: "replace",
            urn: "u1",
            type: "t",
            name: "db",
            protect: true,
            deleteBeforeReplace: true,
            replaceBecause: ["region"],
            waitsFor: ["u2"],
            stateful: true,
            changes: [],
            await: { kind: "none", detail: "" },
        };
        assert.deepStrictEqual(dangers(protectedReplace, new Map([["u2", "lb-backend"]])), [
            "the preview refuses: replacing a protected resource",
            "stateful",
            "replaced because region changed",
            "deleted before its replacement is created",
        ]);
        // A wait is not a danger: it is reported on its own line, without the danger marks.
        assert.strictEqual(waits(protectedReplace, new Map([["u2", "lb-backend"]])), "waits for lb-backend");
        const before = inv([res("db", {}, { protect: true }), res("tmp", {})]);
        const after = inv([]);
        const r = reviewStack("s", { inventory: before }, { inventory: after });
        assert.deepStrictEqual(
            [r.verdict, r.refused, r.blockedBecause],
            [
                "blocked",
                [{ urn: before.resources[0]?.urn, op: "delete" }],
                ["1 protected resource replaced or deleted, which the preview refuses"],
            ],
        );
        const unprotected = reviewStack("s", { inventory: inv([res("tmp", {})]) }, { inventory: after });
        assert.deepStrictEqual([unprotected.verdict, unprotected.summary.delete], ["reviewable", 1]);
    });

    it("findings: new, fixed and pre-existing by policy, URN and message; only a new mandatory one blocks", () => {
        const kept = finding("p1", "u1", "same");
        const changedBefore = finding("p2", "u2", "3 replicas");
        const changedAfter = finding("p2", "u2", "2 replicas");
        const advisory = finding("p3", "u3", "style", "advisory");
        assert.deepStrictEqual(compareFindings([kept, changedBefore], [kept, changedAfter, advisory]), {
            new: [changedAfter, advisory],
            fixed: [changedBefore],
            preExisting: [kept],
        });
        const same = inv([res("a", {})]);
        assert.strictEqual(
            reviewStack("s", { inventory: same, findings: [] }, { inventory: same, findings: [advisory] }).verdict,
            "reviewable",
        );
        const blocked = reviewStack(
            "s",
            { inventory: same, findings: [] },
            { inventory: same, findings: [changedAfter] },
        );
        assert.deepStrictEqual([blocked.verdict, blocked.blockedBecause], ["blocked", ["1 new mandatory violation"]]);
    });

    it("remediation toggles: every key path, <region> over both sides' regions, added and removed values", () => {
        const before = {
            forcedFailover: false,
            drainRegions: [],
            release: { tag: "1" },
            regions: { a: { workload: { minReplicas: 1 } } },
        };
        const after = {
            forcedFailover: true,
            drainRegions: [],
            release: { tag: "1", digest: "sha256:x" },
            regions: { b: { workload: { minReplicas: 2 } } },
        };
        assert.deepStrictEqual(
            toggleChanges(before, after, [
                "forcedFailover",
                "drainRegions",
                "release.tag",
                "release.digest",
                "regions.<region>.workload",
            ]),
            [
                { key: "forcedFailover", old: false, new: true },
                { key: "release.digest", new: "sha256:x" },
                { key: "regions.a.workload", old: { minReplicas: 1 } },
                { key: "regions.b.workload", new: { minReplicas: 2 } },
            ],
        );
    });

    it("config keys added and removed, sorted", () => {
        assert.deepStrictEqual(
            configKeyChanges(
                { "voice-agent:a": 1, "voice-agent:b": { secure: "x" } },
                { "voice-agent:c": 1, "voice-agent:a": 2, "gcp:project": "p" },
            ),
            {
                added: ["gcp:project", "voice-agent:c"],
                removed: ["voice-agent:b"],
            },
        );
    });

    it("a new stack file: everything created, no toggles or key lists; a deleted one: everything deleted", () => {
        const r = inv([res("a", { x: 1 })], { forcedFailover: true });
        const created = reviewStack("s", {}, { inventory: r, stackConfig: { "voice-agent:forcedFailover": true } });
        assert.deepStrictEqual(
            [created.status, created.summary.create, created.toggles, created.configKeys],
            ["new stack file", 1, [], { added: [], removed: [] }],
        );
        const deleted = reviewStack("s", { inventory: r }, {});
        assert.deepStrictEqual(
            [deleted.status, deleted.summary.delete, deleted.notes],
            [
                "stack file deleted",
                1,
                ["Pulumi.s.yaml is deleted: every resource of the stack is counted as deleted (pulumi destroy)"],
            ],
        );
    });
});

describe("review: markdown", () => {
    it("code spans hold any value verbatim", () => {
        assert.deepStrictEqual(
            [code("a"), code("a`b"), code("`x`"), code("two\nlines")],
            ["`a`", "``a`b``", "`` `x` ``", "`two lines`"],
        );
    });

    it("a large change stays under GitHub's comment limit and says what it left out", () => {
        // 3 stacks × 100 resources × 30 changed inputs of 60 characters: about 1 MB in full.
        const stacks = ["prod-eu", "prod-me", "drill-eu"].map((stack) => {
            const mk = (v: string) =>
                inv(
                    Array.from({ length: 100 }, (_, i) =>
                        res(
                            `thing-${i}`,
                            Object.fromEntries(
                                Array.from({ length: 30 }, (_, k) => [`field${k}`, `${v}-${"x".repeat(56)}-${i}-${k}`]),
                            ),
                        ),
                    ),
                );
            return reviewStack(stack, { inventory: mk("old"), findings: [] }, { inventory: mk("new"), findings: [] });
        });
        const review = assemble({ rev: "origin/main", commit: "0123456789abcdef" }, stacks);
        assert.ok(renderMarkdown(review, Infinity).length > 10 * commentLimit);
        const md = renderMarkdown(review);
        assert.ok(md.length <= commentLimit, `${md.length} characters`);
        const totalLines = 3 * 100 * 31;
        const kept = md.split("\n").filter((l) => /^- `~ update` /.test(l) || /^ {2}- `field\d+`: /.test(l)).length;
        assert.ok(kept > 300, `${kept} change lines kept`);
        assert.ok(
            md.endsWith(
                `_Left out to stay under GitHub's 65,536-character comment limit: ${totalLines - kept} change lines of ${totalLines}. \`npm run review -- --base origin/main\` prints everything._\n`,
            ),
        );
        // Every stack keeps its summary row and its block; each block says how much of it was cut.
        for (const s of ["prod-eu", "prod-me", "drill-eu"]) {
            assert.ok(md.includes(`| \`${s}\` | 0 | 100 | 0 | 0 | 0 | 0 | ✅ reviewable |`), s);
            assert.ok(md.includes(`<details><summary><b>${s}</b>: 100 to update</summary>`), s);
        }
        assert.strictEqual(md.split("of this stack's changes left out (comment limit)._").length - 1, 3);
        // Resources come before paths: every resource line is kept before any path line is added to a later one.
        assert.strictEqual(md.split("\n").filter((l) => /^- `~ update` /.test(l)).length, 300);
    });
});

describe("review: what each change means", function () {
    this.timeout(120000);
    const reviewOf = async (...sets: string[]) =>
        reviewStack("prod-eu", { inventory: await planOf("prod-eu") }, { inventory: await planOf("prod-eu", ...sets) });

    it("a capacity change is labelled by the key that changed, not the whole map", async () => {
        const r = await reviewOf("regions.europe-west1.workload.minReplicas=7");
        assert.deepStrictEqual(r.toggles, [{ key: "regions.europe-west1.workload.minReplicas", old: 6, new: 7 }]);
    });

    it("a Cloud SQL tier change warns of the restart, with its source", async () => {
        const r = await reviewOf("database.tier=db-perf-optimized-N-8");
        const urn = r.changes.find(
            (c) => c.type === "gcp:sql/databaseInstance:DatabaseInstance" && c.name === "voice-db-europe-west1",
        )!.urn;
        assert.deepStrictEqual(r.advice[urn], [
            'the Cloud SQL tier "db-perf-optimized-N-4" → "db-perf-optimized-N-8" restarts the instance: minutes without the database (https://cloud.google.com/sql/docs/postgres/instance-settings#impact)',
        ]);
    });

    it("a wider masterAuthorizedNetworks names the exposure factor, counted in addresses", async () => {
        const r = await reviewOf(
            "masterAuthorizedNetworks=[{name: corp-egress, cidr: 203.0.113.0/24}, {name: ci-runners, cidr: 198.51.100.16/28}]",
        );
        const clusters = r.changes.filter((c) => c.type === "gcp:container/cluster:Cluster");
        assert.strictEqual(clusters.length, 2);
        for (const c of clusters) {
            assert.deepStrictEqual(r.advice[c.urn], [
                "the control plane is reachable from 272 addresses instead of 32 (8.5×, counted with ipaddr.js; https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks)",
            ]);
        }
    });

    it("a created resource shows its inputs in full, NEG URLs whole", async () => {
        const before = await planOf("prod-eu");
        const after = await planOf("prod-eu");
        const lb = after.resources.find((x) => x.type === "gcp:compute/backendService:BackendService")!;
        const r = reviewStack(
            "prod-eu",
            { inventory: { ...before, resources: before.resources.filter((x) => x.urn !== lb.urn) } },
            { inventory: after },
        );
        const inputs = r.created[lb.urn]!;
        assert.ok(
            inputs.some(
                (i) =>
                    i.path === "backends[0].group" &&
                    i.value ===
                        "https://www.googleapis.com/compute/v1/projects/edentist-voice-prod-eu/zones/europe-west1-b/networkEndpointGroups/voice-agent-neg-europe-west1",
            ),
            JSON.stringify(inputs),
        );
        const md = renderMarkdown(assemble({ rev: "main", commit: "0".repeat(40) }, [r]));
        assert.ok(
            md.includes(
                '  - `backends[0].group`: `"https://www.googleapis.com/compute/v1/projects/edentist-voice-prod-eu/zones/europe-west1-b/networkEndpointGroups/voice-agent-neg-europe-west1"`',
            ),
            md,
        );
        assert.ok(!md.includes("…"), "no identifier is cut");
    });
});
