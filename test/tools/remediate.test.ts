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
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/remediate.ts", ...args], { cwd: root, encoding: "utf8" });
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
        assert.deepStrictEqual(lines.slice(0, 2), ["remediate region-failover on prod-eu (runbook: Region Failure)", "  voice-agent:forcedFailover false → true"]);
        const lb = "urn:pulumi:prod-eu::voice-agent::voice-agent:loadBalancer:LoadBalancer$gcp:compute/backendService:BackendService::voice-eu-lb-backend";
        assert.deepStrictEqual(
            lines.filter((l) => /^phase|^ {2}\$|^ {4}summary/.test(l)),
            [
                "phase 1 of 2: drain: the backend service alone (waits on nothing)",
                `  $ pulumi preview --diff -s prod-eu --target '${lb}'`,
                `  $ pulumi up -s prod-eu --target '${lb}'`,
                "    summary: 0 to create, 1 to update, 0 to replace, 0 to delete, 157 unchanged; no stateful resource touched",
                "phase 2 of 2: pre-scale the serving region: the full up",
                "  $ pulumi preview --diff -s prod-eu",
                "  $ pulumi up -s prod-eu",
                "    summary: 0 to create, 2 to update, 0 to replace, 0 to delete, 156 unchanged; no stateful resource touched",
            ],
        );
        assert.ok(lines.includes("      ~ update gcp:compute/backendService:BackendService voice-eu-lb-backend"), r.stdout);
        assert.deepStrictEqual(lines.slice(-2), ["--dry-run: Pulumi.prod-eu.yaml not changed", "next: run the phases above in order, reading each preview before its up"]);
        assert.strictEqual(fs.readFileSync(path.join(root, "Pulumi.prod-eu.yaml"), "utf8"), before);
    });

    it("cache-restore writes cacheDisabled false and cacheEpoch + 1, keeping the file's comments and order", () => {
        const r = remediate("cache-restore", "--stack", scratch);
        assert.strictEqual(r.code, 0, r.stderr);
        const written = fs.readFileSync(scratchFile, "utf8");
        assert.strictEqual(written, `${prodEu}  voice-agent:cacheDisabled: false\n  voice-agent:cacheEpoch: 1\n`);
        assert.ok(r.stdout.includes("+ create kubernetes:batch/v1:Job cache-purge-europe-west1-1-job"));
        assert.ok(r.stdout.includes(`wrote Pulumi.${scratch}.yaml`));
    });

    it("pms-disable then pms-enable round-trips the provider list", () => {
        assert.strictEqual(remediate("pms-disable", "opendental", "--stack", scratch).code, 0);
        assert.deepStrictEqual(YAML.parse(fs.readFileSync(scratchFile, "utf8")).config["voice-agent:pmsDisabledProviders"], ["opendental"]);
        assert.strictEqual(remediate("pms-enable", "opendental", "--stack", scratch).code, 0);
        assert.deepStrictEqual(YAML.parse(fs.readFileSync(scratchFile, "utf8")).config["voice-agent:pmsDisabledProviders"], []);
    });

    const refusals: [string, string[], string][] = [
        ["an unknown action", ["explode"], `error: unknown action "explode"; actions: ${actions.map((a) => a.name).join(", ")}\n`],
        ["an unknown provider", ["pms-disable", "acme"], 'error: pms-disable: "acme" is not a known PMS provider; known: dentrix, opendental, eaglesoft, dentally, curve\n'],
        ["rate-limit without on/off", ["rate-limit", "maybe"], 'error: rate-limit: "maybe" is not on or off\n'],
        ["a switchover to a region the cell lacks", ["db-switchover", "--to", "us-east1"], 'error: db-switchover: --to "us-east1" is not a region of this cell; regions: europe-west1, europe-west4\n'],
        ["a rollback to latest", ["rollback", "--tag", "latest"], 'error: invalid configuration:\n  - voice-agent:release.tag: "latest" is not a release: pin a version tag or a digest\n'],
        ["a rollback naming both tag and digest", ["rollback", "--tag", "1", "--digest", "sha256:x"], "error: rollback: give exactly one of --tag <tag> and --digest <sha256:…>\n"],
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
    const table: [string, { value?: string; to?: string; tag?: string }, { path: string[]; value: unknown }[]][] = [
        ["region-failover", {}, [{ path: ["forcedFailover"], value: true }]],
        ["region-failback", {}, [{ path: ["forcedFailover"], value: false }]],
        ["db-switchover", { to: "europe-west4" }, [{ path: ["database", "primaryRegion"], value: "europe-west4" }]],
        ["db-promote-replica", { to: "europe-west4" }, [{ path: ["database", "primaryRegion"], value: "europe-west4" }]],
        ["db-designate-dr", {}, []],
        ["cache-off", {}, [{ path: ["cacheDisabled"], value: true }]],
        ["cache-restore", {}, [{ path: ["cacheDisabled"], value: false }, { path: ["cacheEpoch"], value: 1 }]],
        ["hold-mode", {}, [{ path: ["voiceMode"], value: "hold" }]],
        ["live-mode", {}, [{ path: ["voiceMode"], value: "live" }]],
        ["pms-queue", {}, [{ path: ["pmsSyncMode"], value: "queued" }]],
        ["pms-live", {}, [{ path: ["pmsSyncMode"], value: "live" }]],
        ["pms-disable", { value: "dentrix" }, [{ path: ["pmsDisabledProviders"], value: ["dentrix"] }]],
        ["pms-enable", { value: "dentrix" }, [{ path: ["pmsDisabledProviders"], value: [] }]],
        ["rate-limit", { value: "on" }, [{ path: ["rateLimit", "enabled"], value: true }]],
        ["rollback", { tag: "2026.11.2" }, [{ path: ["release", "tag"], value: "2026.11.2" }, { path: ["release", "digest"], value: undefined }]],
    ];
    for (const [name, args, edits] of table) {
        it(`${name} edits ${edits.map((e) => e.path.join(".")).join(", ")}`, () => assert.deepStrictEqual(actionNamed(name).edits(config, args), edits));
    }
    it("covers every action", () => assert.deepStrictEqual(table.map(([n]) => n), actions.map((a) => a.name)));
    it("db-switchover without --to names the flag", () => {
        assert.throws(() => actionNamed("db-switchover").edits(config, {}), new RemediationError("db-switchover: --to <region> is required (usage: db-switchover --to <region>)"));
    });
});
