import * as assert from "assert";
import { runPolicies } from "../../tools/lib/policy";
import { planOf, prodStacks } from "../support/plans";

/**
 * No mandatory violation. (The pack found one program defect here, the replay subscription
 * without dead letters or retries; the program was fixed and this list is empty by design: any
 * entry is a defect to fix in the program, not to list.)
 */
const KNOWN_PROGRAM_DEFECTS: string[] = [];

/** Mandatory violations of a plan, as "policy: message" lines (readable when the test fails). */
async function mandatory(stack: string, ...sets: string[]): Promise<string[]> {
    const inventory = await planOf(stack, ...sets);
    return runPolicies(inventory)
        .filter((v) => v.enforcementLevel === "mandatory")
        .map((v) => `${v.policy}: ${v.message}`);
}

describe("policy pack on the production plans", () => {
    for (const { stack } of prodStacks) {
        it(`${stack} has no mandatory violation beyond the reported program defects`, async () => {
            assert.deepStrictEqual(await mandatory(stack), KNOWN_PROGRAM_DEFECTS);
        });
    }

    // The runbook's region-failure remediations must themselves pass review.
    it("prod-eu with forcedFailover adds no mandatory violation", async () => {
        assert.deepStrictEqual(await mandatory("prod-eu", "forcedFailover=true"), KNOWN_PROGRAM_DEFECTS);
    });

    it("prod-me with its secondary region drained adds no mandatory violation", async () => {
        assert.deepStrictEqual(await mandatory("prod-me", "drainRegions=[me-central2]"), KNOWN_PROGRAM_DEFECTS);
    });

    it("drill-eu has no mandatory violation beyond the reported program defects", async () => {
        assert.deepStrictEqual(await mandatory("drill-eu"), KNOWN_PROGRAM_DEFECTS);
    });

    it("drill-eu pointed at the production project is rejected", async () => {
        const drill = await planOf("drill-eu");
        const repointed = JSON.parse(JSON.stringify(drill).split("edentist-voice-sandbox").join("edentist-voice-prod-eu"));
        const found = runPolicies(repointed).filter((v) => v.policy === "gcp-resourcemanager-project-isolate-drill-stacks");
        assert.deepStrictEqual(
            found.map((v) => v.message),
            ["Drill stack 'drill-eu' declares resources in production project 'edentist-voice-prod-eu'; drills run in a sandbox project."],
        );
    });

    // Every other remediation of docs/design.md's table passes review as well.
    for (const set of ["database.primaryRegion=europe-west4", "cacheDisabled=true", "cacheEpoch=1", "voiceMode=hold", "pmsSyncMode=queued", "rateLimit.enabled=true"]) {
        it(`prod-eu with ${set} adds no mandatory violation`, async () => {
            assert.deepStrictEqual(await mandatory("prod-eu", set), KNOWN_PROGRAM_DEFECTS);
        });
    }
});
