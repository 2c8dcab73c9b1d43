import * as assert from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { policies } from "../../policies/policies";
import { PolicyInventory, renderViolations, runPolicies, Violation } from "../../tools/lib/policy";
import { mutateResource, realPlan } from "./harness";

const ROOT = join(__dirname, "../..");
const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
/** The URN prefix of the Cloud SQL instances, children of the database component. */
const DATABASE = `urn:pulumi:prod-eu::voice-agent::voice-agent:database:Database$${SQL}`;

/** The prod-eu plan with one mandatory (sslMode) and one advisory (Query Insights) violation. */
async function broken() {
    let inv = mutateResource(
        await realPlan("prod-eu"),
        SQL,
        "voice-db-europe-west1",
        "settings.ipConfiguration.sslMode",
        "ALLOW_UNENCRYPTED_AND_ENCRYPTED",
    );
    inv = mutateResource(inv, SQL, "voice-db-europe-west1", "settings.insightsConfig.queryInsightsEnabled", false);
    return inv;
}

function cli(args: string[], input?: string) {
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/policy.ts", ...args], {
        cwd: ROOT,
        input,
        encoding: "utf8",
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("policy runner library", () => {
    it("reports violations with policy, level, severity, urn and message", async () => {
        assert.deepStrictEqual(runPolicies(await broken()), [
            {
                policy: "gcp-sql-databaseinstance-configure-maintenance-and-insights",
                enforcementLevel: "advisory",
                severity: "low",
                urn: `${DATABASE}::voice-db-europe-west1`,
                message: `Cloud SQL instance 'voice-db' must enable Query Insights: settings.insightsConfig.queryInsightsEnabled is not true.`,
            },
            {
                policy: "gcp-sql-databaseinstance-require-tls",
                enforcementLevel: "mandatory",
                severity: "critical",
                urn: `${DATABASE}::voice-db-europe-west1`,
                message: `Cloud SQL instance 'voice-db' must require TLS: settings.ipConfiguration.sslMode is "ALLOW_UNENCRYPTED_AND_ENCRYPTED" (expected ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED).`,
            },
            {
                policy: "gcp-sql-databaseinstance-require-matching-cross-region-replica",
                enforcementLevel: "mandatory",
                severity: "critical",
                urn: `${DATABASE}::voice-db-europe-west4`,
                message: `Cloud SQL replica 'voice-db-europe-west4' must match its primary 'voice-db': settings.ipConfiguration.sslMode is "ENCRYPTED_ONLY" on the replica and "ALLOW_UNENCRYPTED_AND_ENCRYPTED" on the primary.`,
            },
        ]);
    });

    it("applies the pack config: enforcement overrides, disabled policies and remediate as mandatory", async () => {
        const inv = await broken();
        const levels = (config: object) =>
            runPolicies(inv, config as never).map((v) => `${v.policy}:${v.enforcementLevel}`);
        assert.deepStrictEqual(
            levels({
                "gcp-sql-databaseinstance-require-tls": "advisory",
                "gcp-sql-databaseinstance-configure-maintenance-and-insights": { enforcementLevel: "remediate" },
                "gcp-sql-databaseinstance-require-matching-cross-region-replica": "disabled",
            }),
            [
                "gcp-sql-databaseinstance-configure-maintenance-and-insights:mandatory",
                "gcp-sql-databaseinstance-require-tls:advisory",
            ],
        );
    });

    it("gives stack-level violations without a resource the stack's URN", async () => {
        const inv = await realPlan("prod-eu");
        inv.resources = inv.resources.filter(
            (r) => r.type !== "gcp:container/cluster:Cluster" || r.name.endsWith("west1"),
        );
        const found = runPolicies(inv).filter((v) => v.policy === "gcp-container-cluster-distribute-across-regions");
        assert.deepStrictEqual(
            found.map((v) => v.urn),
            ["urn:pulumi:prod-eu::voice-agent::pulumi:pulumi:Stack::voice-agent-prod-eu"],
        );
    });

    it("renders violations grouped by severity, mandatory first", () => {
        const v = (
            policy: string,
            severity: Violation["severity"],
            level: Violation["enforcementLevel"],
        ): Violation => ({
            policy,
            severity,
            enforcementLevel: level,
            urn: `urn:${policy}`,
            message: `${policy} broke`,
        });
        assert.strictEqual(
            renderViolations([
                v("a", "low", "advisory"),
                v("b", "critical", "advisory"),
                v("c", "critical", "mandatory"),
            ]),
            [
                "CRITICAL (2)",
                "  [mandatory] c",
                "    urn:c",
                "    c broke",
                "  [advisory] b",
                "    urn:b",
                "    b broke",
                "",
                "LOW (1)",
                "  [advisory] a",
                "    urn:a",
                "    a broke",
                "",
                "3 violation(s), 1 mandatory.",
            ].join("\n"),
        );
        assert.strictEqual(renderViolations([]), "No policy violations.");
    });

    it("runs every policy of the pack", () => {
        assert.ok(policies.length >= 50);
    });
});

describe("npm run policy", function () {
    this.timeout(60000);
    const dir = mkdtempSync(join(tmpdir(), "policy-runner-"));
    const good = join(dir, "good.json");
    const bad = join(dir, "bad.json");
    let badInventory: PolicyInventory;
    before(async () => {
        badInventory = await broken();
        writeFileSync(good, JSON.stringify(await realPlan("prod-eu")));
        writeFileSync(bad, JSON.stringify(badInventory));
    });

    it("exits 0 with an empty violations list for a compliant inventory (--json)", () => {
        const r = cli(["--inventory", good, "--json"]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(JSON.parse(r.stdout), { violations: [] });
    });

    it("exits 1 on a mandatory violation and prints the JSON shape from stdin", () => {
        const r = cli(["--inventory", "-", "--json"], JSON.stringify(badInventory));
        assert.strictEqual(r.status, 1, r.stderr);
        const out = JSON.parse(r.stdout);
        assert.deepStrictEqual(Object.keys(out), ["violations"]);
        assert.deepStrictEqual(
            out.violations.map((v: object) => Object.keys(v)),
            out.violations.map(() => ["policy", "enforcementLevel", "severity", "urn", "message"]),
        );
        assert.deepStrictEqual(out.violations, runPolicies(badInventory));
    });

    it("reads a pipe whose producer is still running (npm run plan -- --json | npm run policy -- --inventory -)", () => {
        const r = spawnSync(
            "sh",
            [
                "-c",
                `(sleep 1; cat '${bad}') | '${process.execPath}' -r ts-node/register/transpile-only tools/policy.ts --inventory - --json`,
            ],
            { cwd: ROOT, encoding: "utf8" },
        );
        assert.strictEqual(r.status, 1, r.stderr);
        assert.deepStrictEqual(JSON.parse(r.stdout).violations, runPolicies(badInventory));
    });

    it("exits 0 when only advisory violations remain and prints the grouped report", () => {
        const config = join(dir, "config.json");
        writeFileSync(
            config,
            JSON.stringify({
                "gcp-sql-databaseinstance-require-tls": "advisory",
                "gcp-sql-databaseinstance-require-matching-cross-region-replica": "advisory",
            }),
        );
        const r = cli(["--inventory", bad, "--config", config]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.ok(r.stdout.startsWith("CRITICAL (2)\n  [advisory] gcp-sql-databaseinstance-require-tls\n"), r.stdout);
        assert.ok(r.stdout.endsWith("3 violation(s), 0 mandatory.\n"), r.stdout);
    });

    it("exits 2 with a message for unreadable input and for a missing --inventory", () => {
        const r = cli(["--inventory", join(dir, "missing.json")]);
        assert.strictEqual(r.status, 2);
        assert.strictEqual(r.stderr, `error: ${join(dir, "missing.json")}: does not exist\n`);
        const notInventory = cli(["--inventory", "-"], "{}");
        assert.strictEqual(notInventory.status, 2);
        assert.strictEqual(
            notInventory.stderr,
            "error: stdin: not an inventory from npm run plan -- --json: .resources: Invalid input: expected array, received undefined\n",
        );
        // A missing option is a usage error: exit 2, as every tool's usage errors.
        assert.deepStrictEqual(cli([]), {
            status: 2,
            stdout: "",
            stderr: "error: required option '--inventory <file|->' not specified\n",
        });
    });
});

describe("policy runner: what stack policies see", () => {
    it("gives the root stack resource the stack's outputs, as analyzeStack does", async () => {
        const seen: unknown[] = [];
        const probe = {
            ...policies[0],
            name: "probe",
            validateResource: undefined,
            validateStack: (args: { resources: { type: string; props: unknown }[] }) => {
                seen.push(args.resources.find((r) => r.type === "pulumi:pulumi:Stack")!.props);
            },
        } as never;
        runPolicies({ ...(await realPlan("prod-eu")), outputs: { primaryRegion: "europe-west1" } }, {}, [probe]);
        assert.deepStrictEqual(JSON.parse(JSON.stringify(seen)), [{ primaryRegion: "europe-west1" }]);
    });
});
