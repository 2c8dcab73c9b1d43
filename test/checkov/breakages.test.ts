/**
 * Checkov beside the pack, without running Python: the evidence `npm run checkov` committed
 * (docs/checkov/) is held to the pin, to the broken variants of test/checkov/breakages.ts and to
 * policies/COVERAGE.md, and the pack runs on the same broken variants here.
 */
import * as assert from "assert";
import type { PolicyPackConfig } from "@pulumi/policy";
import { policies } from "../../policies/policies";
import { anchorMismatches, failingChecks, notBreakable } from "../../tools/lib/checkov/dispositions";
import {
    breakageBase,
    checkovStacks,
    pinnedCheckovVersion,
    readBreakagesEvidence,
    readStackEvidence,
} from "../../tools/lib/checkov/evidence";
import { PolicyInventory, runPolicies, Violation } from "../../tools/lib/policy";
import { planOf } from "../support/plans";
import { breakages } from "./breakages";

const key = (v: Violation) => `${v.policy}|${v.urn}|${v.message}`;
const anchoredTo = (check: string) => policies.filter((p) => p.anchors.includes(check)).map((p) => p.name);
const claimed = [...new Set(policies.flatMap((p) => p.anchors).filter((a) => /^CKV2?_(GCP|K8S)_/.test(a)))];

describe("Checkov beside the pack", () => {
    const pin = pinnedCheckovVersion();
    const stacks = checkovStacks.map((s) => readStackEvidence(s));
    const evidence = readBreakagesEvidence();

    it("the evidence is from the pinned Checkov", () => {
        assert.strictEqual(pin, "3.3.30");
        assert.deepStrictEqual(
            [...stacks.map((s) => [s.stack, s.checkov]), ["breakages", evidence.checkov]],
            [
                ["prod-eu", pin],
                ["prod-me", pin],
                ["drill-eu", pin],
                ["breakages", pin],
            ],
        );
    });

    it("each stack's evidence adds up: its counts are the sum of its checks' results", () => {
        for (const s of stacks) {
            for (const [framework, f] of Object.entries(s.frameworks)) {
                const checks = Object.values(f.checks);
                const sums = [
                    checks.reduce((n, c) => n + c.passed.length, 0),
                    checks.reduce((n, c) => n + c.failed.length, 0),
                ];
                assert.deepStrictEqual(sums, [f.passed, f.failed], `${s.stack} ${framework}`);
                assert.ok(f.resources > 0, `${s.stack} ${framework}: Checkov scanned no resource`);
            }
        }
    });

    it("every Checkov check the pack claims has a broken variant, or a reason why none can fail", () => {
        const broken = new Set(breakages.flatMap((b) => b.checks));
        const missing = claimed.filter((c) => !broken.has(c) && !(c in notBreakable));
        assert.deepStrictEqual(missing, []);
        assert.deepStrictEqual(
            Object.keys(notBreakable).filter((c) => broken.has(c) || !claimed.includes(c)),
            [],
        );
        assert.deepStrictEqual(
            Object.keys(anchorMismatches).filter((c) => !broken.has(c)),
            [],
        );
        assert.deepStrictEqual(
            [...broken].filter((c) => !claimed.includes(c)),
            [],
        );
    });

    it("the evidence is of the current broken variants, and Checkov failed each variant's checks", () => {
        assert.strictEqual(evidence.base, breakageBase);
        assert.deepStrictEqual(
            evidence.breakages.map((b) => [b.name, Object.keys(b.failed)]),
            breakages.map((b) => [b.name, b.checks]),
        );
        const passed = evidence.breakages.flatMap((b) =>
            Object.entries(b.failed)
                .filter(([, resources]) => resources.length === 0)
                .map(([check]) => `${check} (${b.name})`),
        );
        assert.deepStrictEqual(passed, []);
    });

    describe(`the pack on the broken variants of the ${breakageBase} plan`, () => {
        let base: PolicyInventory;
        const baselines = new Map<string, Set<string>>();
        const baseline = (config: PolicyPackConfig = {}) => {
            const k = JSON.stringify(config);
            let b = baselines.get(k);
            if (!b) {
                b = new Set(runPolicies(base, config).map(key));
                baselines.set(k, b);
            }
            return b;
        };

        before(async () => {
            base = await planOf(breakageBase);
        });

        for (const b of breakages) {
            it(`${b.name} (${b.checks.join(", ")})`, () => {
                const broken = b.edit(base);
                assert.ok(broken, `the breakage "${b.name}" does not apply to the ${breakageBase} plan`);
                const before = baseline(b.packConfig);
                const fresh = new Set(
                    runPolicies(broken, b.packConfig ?? {})
                        .filter((v) => !before.has(key(v)))
                        .map((v) => v.policy),
                );
                for (const check of b.checks) {
                    const mismatch = anchorMismatches[check];
                    const anchored = anchoredTo(check).filter((p) => fresh.has(p));
                    if (mismatch) {
                        // The record stays true: the anchored policy passes, the named ones fail.
                        assert.deepStrictEqual(
                            anchored,
                            [],
                            `${check}: the anchored policy fails now; drop the mismatch`,
                        );
                        assert.deepStrictEqual(
                            mismatch.pack.filter((p) => !fresh.has(p)),
                            [],
                            check,
                        );
                    } else {
                        assert.notDeepStrictEqual(
                            anchored,
                            [],
                            `${check}: no policy anchored to it fails (${[...fresh].join(", ")})`,
                        );
                    }
                }
            });
        }
    });

    describe("policies/COVERAGE.md accounts for every check Checkov fails on a committed stack", () => {
        const failing = new Map<string, string[]>();
        for (const s of stacks) {
            for (const f of Object.values(s.frameworks)) {
                for (const [id, c] of Object.entries(f.checks)) {
                    if (c.failed.length > 0) failing.set(id, [...(failing.get(id) ?? []), s.stack]);
                }
            }
        }

        it("each failing check has a disposition, and each disposition a failing check", () => {
            assert.deepStrictEqual(Object.keys(failingChecks).sort(), [...failing.keys()].sort());
        });

        it("a disposition naming pack policies names policies that fail on the same stacks", async () => {
            for (const [id, d] of Object.entries(failingChecks)) {
                for (const stack of failing.get(id) ?? []) {
                    const failed = new Set(runPolicies(await planOf(stack)).map((v) => v.policy));
                    assert.deepStrictEqual(
                        d.pack.filter((p) => !failed.has(p)),
                        [],
                        `${id} on ${stack}`,
                    );
                }
            }
        });
    });
});
