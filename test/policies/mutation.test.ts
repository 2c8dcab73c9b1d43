import * as assert from "assert";
import { PolicyInventory, runPolicies, Violation } from "../../tools/lib/policy";
import { planOf } from "../support/plans";
import { compliantInventory } from "./fixtures";
import { BREAKAGES } from "./mutation/breakages";

const key = (v: Violation) => `${v.policy}|${v.urn}|${v.message}`;

/**
 * Evidence for the pack's target (the pack catches ≥ 90 % of single breakages of a
 * prod inventory): every breakage of the table is applied to the prod-eu plan and must produce
 * a violation the unbroken plan does not have. Kinds the prod-eu plan does not declare yet (the
 * data tier and observability are built in parallel) are applied to the compliant fixture cell.
 */
describe("mutation: single breakages of the prod-eu plan", () => {
    let prod: PolicyInventory;
    const fixture = compliantInventory();
    const baseline = new Map<PolicyInventory, Set<string>>();
    const results: { name: string; base: string; caught: boolean }[] = [];

    before(async () => {
        prod = await planOf("prod-eu");
        baseline.set(prod, new Set(runPolicies(prod).map(key)));
        baseline.set(fixture, new Set(runPolicies(fixture).map(key)));
    });

    after(() => {
        const caught = results.filter((r) => r.caught).length;
        const onProd = results.filter((r) => r.base === "prod-eu").length;
        process.stdout.write(
            `\n      mutation catch rate: ${caught}/${results.length} (${((100 * caught) / Math.max(results.length, 1)).toFixed(1)} %), ${onProd} applied to the prod-eu plan\n`,
        );
    });

    for (const [name, edit] of BREAKAGES) {
        it(name, () => {
            let base = prod;
            let broken = edit(prod);
            if (!broken) {
                base = fixture;
                broken = edit(fixture);
            }
            assert.ok(broken, `the breakage "${name}" applies to neither the prod-eu plan nor the fixture cell`);
            const before = baseline.get(base)!;
            const fresh = runPolicies(broken).filter((v) => !before.has(key(v)));
            results.push({ name, base: base === prod ? "prod-eu" : "fixture", caught: fresh.length > 0 });
            assert.ok(fresh.length > 0, `no new violation for "${name}"`);
        });
    }
});
