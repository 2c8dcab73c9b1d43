/**
 * `npm run remediate` as the on-call engineer runs it: a separate process editing a stack file.
 * Write-mode cases work on a copy of prod-eu under a throwaway stack name, removed afterwards.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { actions, actionNamed, RemediationError } from "../../tools/lib/remediate";
import { resolveConfig } from "../../tools/lib/plan";
import { projectRoot } from "../support/paths";

const root = projectRoot;

function remediate(...args: string[]) {
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/remediate.ts", ...args], {
        cwd: root,
        encoding: "utf8",
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run remediate (CLI)", function () {
    this.timeout(180000);
    const scratch = "remediate-test";
    const scratchFile = path.join(root, `Pulumi.${scratch}.yaml`);
    const prodEu = fs.readFileSync(path.join(root, "Pulumi.prod-eu.yaml"), "utf8");

    beforeEach(() => fs.writeFileSync(scratchFile, prodEu));
    after(() => fs.rmSync(scratchFile, { force: true }));

    it("region-failover --dry-run prints the edit, its phases (the drain alone first) and leaves the file unchanged", () => {
        const before = fs.readFileSync(path.join(root, "Pulumi.prod-eu.yaml"), "utf8");
        const r = remediate("region-failover", "--stack", "prod-eu", "--dry-run");
        assert.strictEqual(r.code, 0, r.stderr);
        const lines = r.stdout.trimEnd().split("\n");
        assert.deepStrictEqual(lines.slice(0, 3), [
            "remediate region-failover on prod-eu (runbook: Region Failure)",
            "what it does: drains the primary region europe-west1 (its NEG backends get capacityScaler 0: no new sessions; calls in progress continue) and pre-scales the other regions to their failover minimums",
            "compares stack files (offline plans), not what is deployed: pass --state <file> (the JSON of `pulumi stack export`) to compare with the deployed state",
        ]);
        assert.ok(lines.includes("  edit: voice-agent:forcedFailover false → true"), r.stdout);
        const lb =
            "urn:pulumi:prod-eu::voice-agent::voice-agent:loadBalancer:LoadBalancer$gcp:compute/backendService:BackendService::voice-eu-lb-backend";
        assert.deepStrictEqual(
            lines.filter((l) => /^phase|^ {2}\$|^ {4}summary/.test(l)),
            [
                "phase 1 of 2: drain the primary region europe-west1: the backend service alone (waits on nothing)",
                `  $ pulumi preview --diff -s prod-eu --target '${lb}'`,
                `  $ pulumi up -s prod-eu --target '${lb}'`,
                "    summary: 0 to create, 1 to update, 0 to replace, 0 to delete, 157 unchanged; no stateful resource touched",
                "phase 2 of 2: pre-scale the serving regions: the full up",
                "  $ pulumi preview --diff -s prod-eu",
                "  $ pulumi up -s prod-eu",
                "    summary: 0 to create, 2 to update, 0 to replace, 0 to delete, 156 unchanged; no stateful resource touched",
            ],
        );
        assert.ok(
            lines.includes("      ~ update gcp:compute/backendService:BackendService voice-eu-lb-backend"),
            r.stdout,
        );
        assert.ok(
            lines.includes(
                "          backends[0] (europe-west1: NEG voice-agent-neg-europe-west1, zone europe-west1-b).capacityScaler: 1 → 0",
            ),
            r.stdout,
        );
        const tte = lines.slice(
            lines.indexOf("time to effect:") + 1,
            lines.indexOf("--dry-run: Pulumi.prod-eu.yaml not changed") - 1,
        );
        assert.deepStrictEqual(tte.slice(0, 4), [
            "  phase 1 (drain): at most 20 min to apply (provider timeouts: terraform-provider-google schema.ResourceTimeout, pulumi-kubernetes await timeouts (tools/lib/engine/awaits.ts))",
            "  phase 2 (pre-scale): at most 120 min to apply (provider timeouts: terraform-provider-google schema.ResourceTimeout, pulumi-kubernetes await timeouts (tools/lib/engine/awaits.ts))",
            "  traffic: new sessions follow the capacityScaler of europe-west1 once phase 1 (drain)'s backend-service update completes and Google's front ends apply it; GCP states no propagation bound: watch the region's requests on \"HA Voice Overview\" and the probe (https://cloud.google.com/load-balancing/docs/backend-service#capacity_scaler)",
            "  calls in progress on a drained backend continue until they end, at most the backend service's timeoutSec = 3600 s, which caps a WebSocket's whole life (https://cloud.google.com/load-balancing/docs/https#websocket_support); a pod leaving the NEG meanwhile keeps its calls for connectionDrainingTimeoutSec = 3600 s (https://cloud.google.com/load-balancing/docs/enabling-connection-draining)",
        ]);
        assert.ok(
            tte.includes(
                '  alert "Region europe-west1 unhealthy" should clear 15 min after the cause is gone (its 10 min window, then 5 min below the threshold; https://cloud.google.com/monitoring/alerts/concepts-indepth#duration)',
            ),
            tte.join("\n"),
        );
        assert.deepStrictEqual(lines.slice(-2), [
            "--dry-run: Pulumi.prod-eu.yaml not changed",
            "next: commit Pulumi.prod-eu.yaml (git commit) so the team sees what is being applied, then run the phases above in order, reading each preview before its up",
        ]);
        assert.strictEqual(fs.readFileSync(path.join(root, "Pulumi.prod-eu.yaml"), "utf8"), before);
    });

    it("cache-restore removes cacheDisabled and writes cacheEpoch + 1, keeping the file's comments and order", () => {
        assert.strictEqual(remediate("cache-off", "--stack", scratch).code, 0);
        assert.strictEqual(fs.readFileSync(scratchFile, "utf8"), `${prodEu}  voice-agent:cacheDisabled: true\n`);
        const r = remediate("cache-restore", "--stack", scratch);
        assert.strictEqual(r.code, 0, r.stderr);
        const written = fs.readFileSync(scratchFile, "utf8");
        assert.strictEqual(written, `${prodEu}  voice-agent:cacheEpoch: 1\n`);
        assert.ok(
            r.stdout.includes("  edit: voice-agent:cacheDisabled true → false (key removed: the default)"),
            r.stdout,
        );
        assert.ok(r.stdout.includes("+ create kubernetes:batch/v1:Job cache-purge-europe-west1-1-job"));
        assert.ok(r.stdout.includes(`wrote Pulumi.${scratch}.yaml`));
    });

    it("pms-disable then pms-enable round-trips the provider list and leaves no explicit default behind", () => {
        assert.strictEqual(remediate("pms-disable", "opendental", "--stack", scratch).code, 0);
        assert.deepStrictEqual(
            YAML.parse(fs.readFileSync(scratchFile, "utf8")).config["voice-agent:pmsDisabledProviders"],
            ["opendental"],
        );
        assert.strictEqual(remediate("pms-enable", "opendental", "--stack", scratch).code, 0);
        assert.strictEqual(fs.readFileSync(scratchFile, "utf8"), prodEu);
    });

    it("rate-limit off says what it does and prints no no-op line", () => {
        assert.strictEqual(remediate("rate-limit", "on", "--stack", scratch).code, 0);
        const r = remediate("rate-limit", "off", "--stack", scratch);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.ok(
            r.stdout.includes(
                "what it does: removes the Cloud Armor rate_based_ban rule from voice-lb's security policy\n",
            ),
            r.stdout,
        );
        assert.ok(
            r.stdout.includes("  edit: voice-agent:rateLimit.enabled true → false (key removed: the default)\n"),
            r.stdout,
        );
        assert.ok(
            r.stdout.startsWith("remediate rate-limit off on remediate-test (runbook: Stabilize service)\n"),
            r.stdout,
        );
        assert.ok(!r.stdout.includes("rate-limit on"), r.stdout);
    });

    it("rollback --tag prints no line for the digest it leaves unset", () => {
        const r = remediate("rollback", "--tag", "2026.11.2", "--stack", scratch, "--dry-run");
        assert.strictEqual(r.code, 0, r.stderr);
        assert.deepStrictEqual(
            r.stdout.split("\n").filter((l) => l.startsWith("  edit:")),
            ['  edit: voice-agent:release.tag "2026.11.3" → "2026.11.2"'],
        );
        assert.ok(
            r.stdout.includes(
                "what it does: runs tag 2026.11.2 in every region: a rolling update of every voice-agent and pms-sync-worker pod",
            ),
            r.stdout,
        );
    });

    it("pms-queue's header says that every pod of both regions restarts", () => {
        const r = remediate("pms-queue", "--stack", scratch, "--dry-run");
        assert.ok(
            r.stdout.includes(
                "what it does: PMS_SYNC_MODE=queued in every region and the pms-sync-worker Deployments scale to 0; changes the config checksum, so every voice-agent and pms-sync-worker pod in every region restarts (rolling)\n",
            ),
            r.stdout,
        );
    });

    it("region-failback restores every drained region in stages gated on health, and clears both drain keys", () => {
        fs.writeFileSync(scratchFile, `${prodEu}  voice-agent:drainRegions: [europe-west4]\n`);
        const r = remediate("region-failback", "--stack", scratch);
        assert.strictEqual(r.code, 0, r.stderr);
        const lines = r.stdout.split("\n");
        assert.deepStrictEqual(
            lines.filter((l) => l.startsWith("phase ")),
            [
                "phase 1 of 5: restore europe-west4 to capacityScaler 0.1: the backend service alone",
                "phase 2 of 5: health gate: the restored backends healthy and the probe passing before more traffic",
                "phase 3 of 5: restore europe-west4 to capacityScaler 0.5: the backend service alone",
                "phase 4 of 5: health gate: the restored backends healthy and the probe passing before full capacity",
                "phase 5 of 5: full capacity and the normal minimums: the full up",
            ],
        );
        assert.ok(
            lines.includes(
                "what it does: restores europe-west4 in stages (capacityScaler 0.1 → 0.5 → 1, each after a health gate), then returns every region to its normal minimums; no region stays drained",
            ),
            r.stdout,
        );
        assert.ok(lines.includes(`  $ npm run remediate -- region-failback --stack ${scratch} --phase 3`), r.stdout);
        assert.ok(
            lines.includes(
                "  $ gcloud compute backend-services get-health voice-lb --global --project edentist-voice-prod-eu",
            ),
            r.stdout,
        );
        assert.strictEqual(
            fs.readFileSync(scratchFile, "utf8"),
            `${prodEu}  voice-agent:restoreCapacity:\n    europe-west4: 0.1\n`,
        );
        assert.strictEqual(remediate("region-failback", "--stack", scratch, "--phase", "3").code, 0);
        assert.strictEqual(
            fs.readFileSync(scratchFile, "utf8"),
            `${prodEu}  voice-agent:restoreCapacity:\n    europe-west4: 0.5\n`,
        );
        assert.strictEqual(remediate("region-failback", "--stack", scratch, "--phase", "5").code, 0);
        assert.strictEqual(fs.readFileSync(scratchFile, "utf8"), prodEu);
    });

    it("region-failback --region restores one region and says which stays drained and why", () => {
        fs.writeFileSync(
            scratchFile,
            `${prodEu}  voice-agent:forcedFailover: true\n`.replace(
                "voice-agent:forcedFailover: true",
                "voice-agent:drainRegions: [europe-west4]",
            ),
        );
        const r = remediate("region-failback", "--region", "europe-west1", "--stack", scratch, "--dry-run");
        assert.strictEqual(r.code, 1);
        assert.strictEqual(r.stderr, "error: region-failback: europe-west1 is not drained; drained: europe-west4\n");
    });

    it("drain-region drains a region that is not the primary, the drain alone first", () => {
        const r = remediate("drain-region", "--region", "europe-west4", "--stack", scratch, "--dry-run");
        assert.strictEqual(r.code, 0, r.stderr);
        assert.ok(r.stdout.includes('  edit: voice-agent:drainRegions [] → ["europe-west4"]\n'), r.stdout);
        assert.ok(
            r.stdout.includes(
                "backends[3] (europe-west4: NEG voice-agent-neg-europe-west4, zone europe-west4-a).capacityScaler: 1 → 0",
            ),
            r.stdout,
        );
    });

    const refusals: [string, string[], string][] = [
        [
            "an unknown action",
            ["explode"],
            `error: unknown action "explode"; actions: ${actions.map((a) => a.name).join(", ")}\n`,
        ],
        [
            "an unknown provider",
            ["pms-disable", "acme"],
            'error: pms-disable: "acme" is not a known PMS provider; known: dentrix, opendental, eaglesoft, dentally, curve\n',
        ],
        ["rate-limit without on/off", ["rate-limit", "maybe"], 'error: rate-limit: "maybe" is not on or off\n'],
        [
            "a switchover to a region the cell lacks",
            ["db-switchover", "--to", "us-east1"],
            'error: db-switchover: --to "us-east1" is not a region of this cell; regions: europe-west1, europe-west4\n',
        ],
        [
            "a rollback to latest",
            ["rollback", "--tag", "latest"],
            'error: invalid configuration:\n  - voice-agent:release.tag: "latest" is not a release: pin a version tag or a digest\n',
        ],
        [
            "a rollback naming both tag and digest",
            ["rollback", "--tag", "1", "--digest", "sha256:x"],
            "error: rollback: give exactly one of --tag <tag> and --digest <sha256:…>\n",
        ],
    ];
    for (const [what, args, message] of refusals) {
        it(`refuses ${what}: exit 1, the message, the file untouched`, () => {
            const r = remediate(...args, "--stack", scratch);
            assert.strictEqual(r.code, 1);
            assert.strictEqual(r.stderr, message);
            assert.strictEqual(r.stdout, "");
            assert.strictEqual(fs.readFileSync(scratchFile, "utf8"), prodEu);
        });
    }
});

describe("remediate actions", () => {
    const { config } = resolveConfig({ stack: "prod-eu" });
    const table: [
        string,
        { value?: string; to?: string; tag?: string; region?: string },
        { path: string[]; value: unknown }[],
    ][] = [
        ["region-failover", {}, [{ path: ["forcedFailover"], value: true }]],
        ["drain-region", { region: "europe-west4" }, [{ path: ["drainRegions"], value: ["europe-west4"] }]],
        ["region-failback", {}, []],
        ["db-switchover", { to: "europe-west4" }, [{ path: ["database", "primaryRegion"], value: "europe-west4" }]],
        [
            "db-promote-replica",
            { to: "europe-west4" },
            [{ path: ["database", "primaryRegion"], value: "europe-west4" }],
        ],
        ["db-designate-dr", {}, []],
        ["cache-off", {}, [{ path: ["cacheDisabled"], value: true }]],
        [
            "cache-restore",
            {},
            [
                { path: ["cacheDisabled"], value: undefined },
                { path: ["cacheEpoch"], value: 1 },
            ],
        ],
        ["hold-mode", {}, [{ path: ["voiceMode"], value: "hold" }]],
        ["live-mode", {}, [{ path: ["voiceMode"], value: undefined }]],
        ["pms-queue", {}, [{ path: ["pmsSyncMode"], value: "queued" }]],
        ["pms-live", {}, [{ path: ["pmsSyncMode"], value: undefined }]],
        ["pms-disable", { value: "dentrix" }, [{ path: ["pmsDisabledProviders"], value: ["dentrix"] }]],
        ["pms-enable", { value: "dentrix" }, [{ path: ["pmsDisabledProviders"], value: undefined }]],
        ["rate-limit", { value: "on" }, [{ path: ["rateLimit", "enabled"], value: true }]],
        [
            "rollback",
            { tag: "2026.11.2" },
            [
                { path: ["release", "tag"], value: "2026.11.2" },
                { path: ["release", "digest"], value: undefined },
            ],
        ],
    ];
    for (const [name, args, edits] of table) {
        it(`${name} edits ${edits.map((e) => e.path.join(".")).join(", ")}`, () =>
            assert.deepStrictEqual(actionNamed(name).edits(config, args), edits));
    }
    it("covers every action", () =>
        assert.deepStrictEqual(
            table.map(([n]) => n),
            actions.map((a) => a.name),
        ));
    it("db-switchover without --to names the flag", () => {
        assert.throws(
            () => actionNamed("db-switchover").edits(config, {}),
            new RemediationError("db-switchover: --to <region> is required (usage: db-switchover --to <region>)"),
        );
    });
});

describe("region-failback on a cell of three regions", () => {
    const { config } = resolveConfig({ stack: "prod-eu" });
    // Two of three regions drained: the primary by forcedFailover, europe-west4 by drainRegions.
    const three = {
        ...config,
        regions: { ...config.regions, "europe-west3": config.regions["europe-west1"]! },
        forcedFailover: true,
        drainRegions: ["europe-west4"],
    };

    it("--region restores one region and says exactly which stays drained and why", () => {
        const action = actionNamed("region-failback");
        assert.deepStrictEqual(action.edits(three, { region: "europe-west4" }), [
            { path: ["drainRegions"], value: undefined },
            { path: ["restoreCapacity", "europe-west4"], value: 0.1 },
        ]);
        assert.strictEqual(
            action.does(three, { region: "europe-west4" }),
            "restores europe-west4 in stages (capacityScaler 0.1 → 0.5 → 1, each after a health gate), then returns every region to its normal minimums; still drained afterwards: europe-west1 (forcedFailover; not named by --region)",
        );
    });

    it("without --region restores every drained region, both keys cleared", () => {
        assert.deepStrictEqual(actionNamed("region-failback").edits(three, {}), [
            { path: ["forcedFailover"], value: undefined },
            { path: ["drainRegions"], value: undefined },
            { path: ["restoreCapacity", "europe-west1"], value: 0.1 },
            { path: ["restoreCapacity", "europe-west4"], value: 0.1 },
        ]);
    });
});
