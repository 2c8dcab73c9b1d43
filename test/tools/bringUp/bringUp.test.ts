/**
 * The bring-up check: it passes on every committed stack, and each mutated plan of cases.ts (one
 * prerequisite undone) fails with exactly these findings, one line each naming the rule, the
 * resource and the rule's source. Production cells are not held to the destroy rules.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cannotApplyWarnings } from "../../../tools/lib/bringUp/applicable";
import { bringUpRules, checkBringUp, findingLine } from "../../../tools/lib/bringUp/check";
import { machineShape } from "../../../tools/lib/bringUp/quota";
import type { Inventory } from "../../../tools/lib/plan";
import { planOf, prodStacks } from "../../support/plans";
import { projectRoot } from "../../support/paths";
import { cases } from "./cases";

const stacks = [...prodStacks.map((s) => s.stack), "drill-eu"];

async function mutated(stack: string, mutate: (inv: Inventory) => void): Promise<Inventory> {
    const inv = JSON.parse(JSON.stringify(await planOf(stack))) as Inventory;
    mutate(inv);
    return inv;
}

const expected: Record<string, [string, string, string][]> = {
    "the Workload Identity binding waits for no cluster": [
        [
            "workload-identity-pool",
            "voice-agent-workload-identity",
            'grants to edentist-voice-prod-eu.svc.id.goog without waiting for a cluster that creates it (voice-cluster-europe-west1, voice-cluster-europe-west4): "Identity Pool does not exist" on a first up',
        ],
    ],
    "no cluster enables Workload Identity for the pool a grant names": [
        [
            "workload-identity-pool",
            "voice-agent-workload-identity",
            'grants to edentist-voice-prod-me.svc.id.goog, which no cluster of the plan creates ("Identity Pool does not exist")',
        ],
    ],
    "Binary Authorization without its API": [
        [
            "feature-api",
            "voice-cluster-europe-west1",
            "Binary Authorization needs binaryauthorization.googleapis.com, which the plan never enables in edentist-voice-prod-eu",
        ],
        [
            "feature-api",
            "voice-cluster-europe-west4",
            "Binary Authorization needs binaryauthorization.googleapis.com, which the plan never enables in edentist-voice-prod-eu",
        ],
    ],
    "a cluster that does not wait for the IAM Credentials API": [
        [
            "feature-api",
            "voice-cluster-europe-west4",
            "Workload Identity needs iamcredentials.googleapis.com, but does not wait for voice-drilleu-apis-iamcredentials",
        ],
    ],
    "the Pub/Sub service agent granted by its e-mail alone": [
        [
            "service-agent",
            "pms-sync-eu-dead-letter-publisher",
            "grants to the service agent service-101676087757@gcp-sa-pubsub.iam.gserviceaccount.com by name: it may not exist yet after its API is enabled",
        ],
        [
            "service-agent",
            "pms-sync-eu-worker-subscriber",
            "grants to the service agent service-101676087757@gcp-sa-pubsub.iam.gserviceaccount.com by name: it may not exist yet after its API is enabled",
        ],
        [
            "service-agent",
            "pms-sync-eu-replay-subscriber",
            "grants to the service agent service-101676087757@gcp-sa-pubsub.iam.gserviceaccount.com by name: it may not exist yet after its API is enabled",
        ],
    ],
    "a grant in another project that no stated prerequisite covers": [
        [
            "other-project",
            "voice-cluster-me-central2-nodes-pull-edentist-artifacts-voice",
            "is created in project edentist-artifacts-me, which no stated prerequisite covers: the deployer's permission there is not known",
        ],
    ],
    "node pools beyond the project's N2 quota": [
        [
            "quota",
            "voice-cluster-europe-west1-default",
            "europe-west1 needs 312 vCPUs at its peak (voice-cluster-europe-west1-default: 3 zones × 13 nodes × 8 vCPUs); quota CPUS is 264",
        ],
        [
            "quota",
            "voice-cluster-europe-west1-default",
            "europe-west1 needs 312 vCPUs of N2_CPUS at its peak (voice-cluster-europe-west1-default: 3 zones × 13 nodes × 8 vCPUs); quota N2_CPUS is 264",
        ],
    ],
    "a new project's default quota": [
        [
            "quota",
            "voice-cluster-europe-west1-default",
            "europe-west1 needs 48 vCPUs at its peak (voice-cluster-europe-west1-default: 3 zones × 4 nodes × 4 vCPUs); quota CPUS is 24",
        ],
        [
            "quota",
            "voice-cluster-europe-west1-default",
            "europe-west1 needs 48 vCPUs of N2_CPUS at its peak (voice-cluster-europe-west1-default: 3 zones × 4 nodes × 4 vCPUs); quota N2_CPUS is 24",
        ],
        [
            "quota",
            "voice-cluster-europe-west4-default",
            "europe-west4 needs 48 vCPUs at its peak (voice-cluster-europe-west4-default: 3 zones × 4 nodes × 4 vCPUs); quota CPUS is 24",
        ],
        [
            "quota",
            "voice-cluster-europe-west4-default",
            "europe-west4 needs 48 vCPUs of N2_CPUS at its peak (voice-cluster-europe-west4-default: 3 zones × 4 nodes × 4 vCPUs); quota N2_CPUS is 24",
        ],
    ],
    "the private services connection of a drill cell deleted, not abandoned": [
        [
            "delete-connection",
            "voice-drilleu-private-services",
            "deletionPolicy DELETE (default): DeleteConnection is refused while voice-cache-europe-west1, voice-cache-europe-west4, voice-db-europe-west1, voice-db-europe-west4 leave producer resources on the peering, and VPC voice-drilleu cannot be deleted while the connection holds it",
        ],
    ],
    "the PostgreSQL IAM user of a drill cell deleted, not abandoned": [
        [
            "delete-sql-user",
            "voice-db-iam-voice-agent",
            "deletionPolicy DELETE (default) on PostgreSQL instance voice-db-f159de63: the drop is refused while the role owns objects",
        ],
    ],
    "a backend service that does not wait for a Service whose NEGs it names": [
        [
            "neg-order",
            "voice-drilleu-lb-backend",
            "does not wait for Service voice-agent-europe-west4-service (NEG voice-agent-neg-europe-west4): destroy could delete the Service first and the NEG, still in use, stays",
        ],
    ],
    "a drill cell without the DNS record of its domain": [
        [
            "domain-record",
            "voice-drilleu-lb-cert",
            "voice.drill-eu.edentist.ai has no A record in the plan, and the address is new with every creation of the cell: the certificate never becomes ACTIVE",
        ],
    ],
};

describe("bring-up check", function () {
    this.timeout(120_000);

    it("has nine rules, each with a source", () => {
        assert.deepStrictEqual(
            bringUpRules.map((r) => r.id),
            [
                "feature-api",
                "workload-identity-pool",
                "service-agent",
                "other-project",
                "domain-record",
                "quota",
                "delete-connection",
                "delete-sql-user",
                "neg-order",
            ],
        );
        for (const r of bringUpRules) assert.ok(r.source.length > 0 && r.summary.length > 0, r.id);
    });

    for (const stack of stacks) {
        it(`${stack}: no missing prerequisite; the artifacts grant stated; the quota at the peak shown`, async () => {
            const report = checkBringUp(await planOf(stack));
            assert.deepStrictEqual(report.findings, []);
            assert.deepStrictEqual(report.prerequisites, [
                "edentist-artifacts: artifactregistry.repositories.setIamPolicy on the repository (roles/artifactregistry.repoAdmin) for the identity that runs pulumi up (gcp:artifactregistry/repositoryIamMember:RepositoryIamMember; https://cloud.google.com/artifact-registry/docs/access-control)",
            ]);
        });
    }

    it("shows each region's peak against the stated quota", async () => {
        assert.deepStrictEqual(checkBringUp(await planOf("prod-eu")).quota, [
            "europe-west1: 264 vCPUs at the peak; quota CPUS 264, family 264",
            "europe-west4: 264 vCPUs at the peak; quota CPUS 264, family 264",
        ]);
        assert.deepStrictEqual(checkBringUp(await planOf("drill-eu")).quota, [
            "europe-west1: 48 vCPUs at the peak; quota CPUS 48, family 48",
            "europe-west4: 48 vCPUs at the peak; quota CPUS 48, family 48",
        ]);
    });

    for (const c of cases) {
        it(`fails on ${c.stack} with ${c.defect}`, async () => {
            const findings = checkBringUp(await mutated(c.stack, c.mutate)).findings;
            assert.deepStrictEqual(
                findings.map((f) => [f.rule, f.name, f.message]),
                expected[c.defect],
            );
            for (const f of findings)
                assert.ok(
                    findingLine(f).startsWith(`✗ ${f.rule}: ${f.type} ${f.name}: `) &&
                        findingLine(f).endsWith(`(source: ${f.source})`),
                );
        });
    }

    it("holds production cells to no destroy rule: prod-eu with the connection and the user deleted, not abandoned, passes", async () => {
        const inv = await mutated("prod-eu", (i) => {
            for (const r of i.resources)
                if (r.type === "gcp:sql/user:User" || r.type === "gcp:servicenetworking/connection:Connection")
                    delete r.inputs.deletionPolicy;
        });
        assert.deepStrictEqual(checkBringUp(inv).findings, []);
    });

    it("reads the vCPUs of predefined machine types only", () => {
        assert.deepStrictEqual(
            ["n2-standard-8", "n2-highmem-16", "c3-highcpu-4", "e2-medium", "n2-custom-4-8192"].map(machineShape),
            [
                { familyMetric: "N2_CPUS", vcpus: 8 },
                { familyMetric: "N2_CPUS", vcpus: 16 },
                { familyMetric: "C3_CPUS", vcpus: 4 },
                undefined,
                undefined,
            ],
        );
    });
});

describe("cannot be applied yet: one warning per secret key without a value", () => {
    const line = (key: string) =>
        `warning: drill-eu cannot be applied yet: voice-agent:${key} has no value in Pulumi.drill-eu.yaml, so pulumi up stops before creating anything ` +
        `(MissingSecretError); the cell's on-call lead sets it with pulumi config set --secret voice-agent:${key} <value> -s drill-eu (docs/bring-up.md, "Secrets")`;

    it("names each unset key, from a stack file's config or an inventory's", () => {
        assert.deepStrictEqual(cannotApplyWarnings("drill-eu", { "voice-agent:cell": "drilleu" }), [
            line("pagerDutyServiceKey"),
            line("slackAuthToken"),
        ]);
        assert.deepStrictEqual(cannotApplyWarnings("drill-eu", { cell: "drilleu", pagerDutyServiceKey: "[secret]" }), [
            line("slackAuthToken"),
        ]);
    });

    it("says nothing once both are set, and never shows a value", () => {
        const config = {
            "voice-agent:pagerDutyServiceKey": { secure: "v1:abc" },
            "voice-agent:slackAuthToken": { secure: "v1:def" },
        };
        assert.deepStrictEqual(cannotApplyWarnings("drill-eu", config), []);
    });
});

describe("npm run remediate says it too", function () {
    this.timeout(120_000);

    it("a dry run on drill-eu prints its phases and, on stderr, one warning per unset secret", () => {
        const r = spawnSync(
            process.execPath,
            [
                "-r",
                "ts-node/register/transpile-only",
                "tools/remediate.ts",
                "cache-off",
                "--stack",
                "drill-eu",
                "--dry-run",
            ],
            { cwd: projectRoot, encoding: "utf8" },
        );
        assert.strictEqual(r.status, 0, r.stderr);
        assert.ok(r.stdout.includes("--dry-run: Pulumi.drill-eu.yaml not changed"), r.stdout);
        // The same lines as the function's, whose exact text the tests above hold.
        assert.strictEqual(
            r.stderr,
            cannotApplyWarnings("drill-eu", {})
                .map((l) => `${l}\n`)
                .join(""),
        );
        assert.strictEqual(cannotApplyWarnings("drill-eu", {}).length, 2);
    });
});

describe("npm run bringup", function () {
    this.timeout(120_000);
    const run = (...args: string[]) =>
        spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/bringup.ts", ...args], {
            cwd: projectRoot,
            encoding: "utf8",
        });

    it("exits 0 on a committed stack, with the warnings of its unset secrets", () => {
        const r = run("--stack", "prod-me");
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(r.stdout, /^bring-up check of prod-me \(9 rules\): no missing prerequisite\n/);
        assert.strictEqual(
            r.stdout.split("\n").filter((l) => l.startsWith("warning: prod-me cannot be applied yet: ")).length,
            2,
        );
    });

    it("exits 1 on a saved inventory with a missing prerequisite, one line per finding", async () => {
        const inv = await mutated("drill-eu", (i) => {
            for (const r of i.resources) if (r.type === "gcp:sql/user:User") delete r.inputs.deletionPolicy;
        });
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bringup-"));
        try {
            const file = path.join(dir, "inventory.json");
            fs.writeFileSync(file, JSON.stringify(inv));
            const r = run("--inventory", file);
            assert.strictEqual(r.status, 1, r.stderr);
            assert.deepStrictEqual(
                r.stdout.split("\n").filter((l) => l.startsWith("✗ ")),
                [
                    "✗ delete-sql-user: gcp:sql/user:User voice-db-iam-voice-agent: deletionPolicy DELETE (default) on PostgreSQL instance " +
                        String(inv.resources.find((x) => x.type === "gcp:sql/user:User")?.inputs.instance) +
                        ": the drop is refused while the role owns objects " +
                        "(source: @pulumi/gcp 9.35.0 sql/user.d.ts, deletionPolicy: useful for Postgres, where users cannot be " +
                        "deleted from the API if they have been granted SQL roles)",
                ],
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("refuses both --stack and --inventory, and neither, with exit 2", () => {
        for (const args of [["--stack", "prod-eu", "--inventory", "-"], []]) {
            const r = run(...args);
            assert.deepStrictEqual(
                [r.status, r.stderr],
                [2, "error: give exactly one of --stack <name> and --inventory <file|->\n"],
            );
        }
    });

    it("refuses an unknown stack with exit 1, naming it", () => {
        const r = run("--stack", "nope");
        assert.strictEqual(r.status, 1);
        assert.match(r.stderr, /^error: .*nope/);
    });
});
