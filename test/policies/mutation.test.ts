import * as assert from "assert";
import { PolicyInventory, runPolicies, Violation } from "../../tools/lib/policy";
import { planOf } from "../support/plans";
import { BREAKAGES } from "./mutation/breakages";

const key = (v: Violation) => `${v.policy}|${v.urn}|${v.message}`;

/**
 * Evidence for the pack's target (the pack catches ≥ 90 % of single breakages of a
 * prod inventory): every breakage of the table is applied to the prod-eu plan and must produce
 * a violation the unbroken plan does not have.
 */
describe("mutation: single breakages of the prod-eu plan", () => {
    let prod: PolicyInventory;
    let baseline: Set<string>;
    let caught = 0;

    before(async () => {
        prod = await planOf("prod-eu");
        baseline = new Set(runPolicies(prod).map(key));
    });

    after(() => {
        process.stdout.write(
            `\n      mutation catch rate: ${caught}/${BREAKAGES.length} (${((100 * caught) / BREAKAGES.length).toFixed(1)} %) of the prod-eu plan\n`,
        );
    });

    for (const [name, edit] of BREAKAGES) {
        it(name, () => {
            const broken = edit(prod);
            assert.ok(broken, `the breakage "${name}" does not apply to the prod-eu plan`);
            const fresh = runPolicies(broken).filter((v) => !baseline.has(key(v)));
            if (fresh.length > 0) caught++;
            assert.ok(fresh.length > 0, `no new violation for "${name}"`);
        });
    }
});
