import * as assert from "assert";
import { runPolicies } from "../../tools/lib/policy";
import { planOf, prodStacks } from "../support/plans";

/** Mandatory violations of a plan, as "policy: message" lines (readable when the test fails). */
async function mandatory(stack: string, ...sets: string[]): Promise<string[]> {
    const inventory = await planOf(stack, ...sets);
    return runPolicies(inventory)
        .filter((v) => v.enforcementLevel === "mandatory")
        .map((v) => `${v.policy}: ${v.message}`);
}

describe("policy pack on the production plans", () => {
    for (const stack of prodStacks) {
        it(`${stack} has no mandatory violation`, async () => {
            assert.deepStrictEqual(await mandatory(stack), []);
        });
    }

    // The runbook's region-failure remediations must themselves pass review.
    it("prod-eu with forcedFailover has no mandatory violation", async () => {
        assert.deepStrictEqual(await mandatory("prod-eu", "forcedFailover=true"), []);
    });

    it("prod-me with its secondary region drained has no mandatory violation", async () => {
        assert.deepStrictEqual(await mandatory("prod-me", "drainRegions=[me-central2]"), []);
    });
});
