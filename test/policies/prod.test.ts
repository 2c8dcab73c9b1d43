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
        const repointed = JSON.parse(
            JSON.stringify(drill).split("edentist-voice-sandbox").join("edentist-voice-prod-eu"),
        );
        const found = runPolicies(repointed).filter(
            (v) => v.policy === "gcp-resourcemanager-project-isolate-drill-stacks",
        );
        assert.deepStrictEqual(
            found.map((v) => v.message),
            [
                "Drill stack 'drill-eu' declares resources in production project 'edentist-voice-prod-eu'; drills run in a sandbox project.",
            ],
        );
    });

    // Every other remediation of docs/design.md's table passes review as well.
    for (const set of [
        "database.primaryRegion=europe-west4",
        "cacheDisabled=true",
        "cacheEpoch=1",
        "voiceMode=hold",
        "pmsSyncMode=queued",
        "rateLimit.enabled=true",
    ]) {
        it(`prod-eu with ${set} adds no mandatory violation`, async () => {
            assert.deepStrictEqual(await mandatory("prod-eu", set), KNOWN_PROGRAM_DEFECTS);
        });
    }
});

describe("policy pack on protection: drill cells exempt, production cells not", () => {
    const protectionPolicies = [
        "gcp-container-cluster-enforce-protection",
        "gcp-pubsub-subscription-enforce-protection",
        "gcp-pubsub-topic-enforce-protection",
        "gcp-redis-instance-enforce-protection",
        "gcp-secretmanager-secret-enforce-protection",
        "gcp-sql-database-enforce-protection",
        "gcp-sql-databaseinstance-enforce-deletion-protection",
    ];

    /** The prod-eu plan as a drill cell declares itself: no `protect`, every deletion protection off. */
    async function unprotectedProd() {
        const inv = JSON.parse(JSON.stringify(await planOf("prod-eu")));
        for (const r of inv.resources) {
            r.protect = false;
            if ("deletionProtection" in r.inputs) r.inputs.deletionProtection = false;
            if (r.inputs.settings && "deletionProtectionEnabled" in r.inputs.settings)
                r.inputs.settings.deletionProtectionEnabled = false;
        }
        return inv;
    }

    it("the drill-eu plan has no protected resource and no deletion protection, and the pack accepts it", async () => {
        const drill = await planOf("drill-eu");
        assert.deepStrictEqual(
            drill.resources.filter((r) => r.protect).map((r) => r.name),
            [],
        );
        const flags = drill.resources.flatMap((r) => {
            const i = r.inputs as { deletionProtection?: unknown; settings?: { deletionProtectionEnabled?: unknown } };
            return [i.deletionProtection, i.settings?.deletionProtectionEnabled]
                .filter((v) => v !== undefined)
                .map((v) => `${r.type} ${r.name}: ${String(v)}`);
        });
        assert.deepStrictEqual(flags.sort(), [
            "gcp:container/cluster:Cluster voice-cluster-europe-west1: false",
            "gcp:container/cluster:Cluster voice-cluster-europe-west4: false",
            "gcp:redis/instance:Instance voice-cache-europe-west1: false",
            "gcp:redis/instance:Instance voice-cache-europe-west4: false",
            "gcp:secretmanager/secret:Secret incident-access: false",
            "gcp:sql/databaseInstance:DatabaseInstance voice-db-europe-west1: false",
            "gcp:sql/databaseInstance:DatabaseInstance voice-db-europe-west1: false",
            "gcp:sql/databaseInstance:DatabaseInstance voice-db-europe-west4: false",
            "gcp:sql/databaseInstance:DatabaseInstance voice-db-europe-west4: false",
        ]);
        assert.deepStrictEqual(runPolicies(drill), []);
    });

    it("a production cell declared like a drill cell is refused by every protection policy", async () => {
        const found = runPolicies(await unprotectedProd()).filter((v) => v.enforcementLevel === "mandatory");
        assert.deepStrictEqual([...new Set(found.map((v) => v.policy))].sort(), protectionPolicies);
        const prod = await planOf("prod-eu");
        // One "protect: true" finding for every resource the real plan protects under a mandatory policy.
        const protectFindings = found
            .filter((v) => /protect: true/.test(v.message))
            .map((v) => v.urn)
            .sort();
        assert.deepStrictEqual(
            protectFindings.filter((u) => !prod.resources.find((r) => r.urn === u)!.protect),
            [],
        );
        assert.strictEqual(protectFindings.length, 14);
    });

    it("calling a production cell a drill does not lift protection: the drill isolation refuses it", async () => {
        const inv = await unprotectedProd();
        inv.config.environment = "drill";
        const found = runPolicies(inv).filter((v) => v.enforcementLevel === "mandatory");
        assert.deepStrictEqual(
            found.map((v) => `${v.policy}: ${v.message}`),
            [
                "gcp-resourcemanager-project-isolate-drill-stacks: Drill stack 'prod-eu' declares resources in production project 'edentist-voice-prod-eu'; drills run in a sandbox project.",
            ],
        );
    });
});
