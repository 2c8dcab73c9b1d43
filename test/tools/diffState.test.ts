/**
 * `npm run diff -- --state <export.json>`: the plan compared with what is deployed, on a state
 * exported from a plan with a change (someone drained europe-west1's first NEG by hand, and an
 * applied edit the file no longer says).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStateFile } from "../../tools/lib/deployedState";
import { diffInventories } from "../../tools/lib/diff";
import { stackExportOf } from "../support/stackExport";
import { planOf } from "../support/plans";
import { projectRoot } from "../support/paths";

function diff(...args: string[]) {
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/diff.ts", ...args], {
        cwd: projectRoot,
        encoding: "utf8",
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lb =
    "urn:pulumi:prod-eu::voice-agent::voice-agent:loadBalancer:LoadBalancer$gcp:compute/backendService:BackendService::voice-eu-lb-backend";

describe("npm run diff --state", function () {
    this.timeout(120000);
    let dir: string;
    let file: string;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "diff-state-"));
        file = path.join(dir, "prod-eu.json");
        const exported = stackExportOf(await planOf("prod-eu"));
        const resources = exported.deployment.resources as {
            urn: string;
            inputs: { backends?: { capacityScaler: number }[] };
        }[];
        const backend = resources.find((r) => r.urn === lb)!;
        backend.inputs.backends![0]!.capacityScaler = 0;
        fs.writeFileSync(file, JSON.stringify(exported));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reads the export as the plan's inventory: the same resources, secrets masked, bookkeeping left out", async () => {
        const state = readStateFile(file, "prod-eu");
        const d = diffInventories(state.inventory, await planOf("prod-eu"));
        assert.deepStrictEqual(
            d.changes.map((c) => [c.op, c.name, c.changes.map((x) => x.path)]),
            [["update", "voice-eu-lb-backend", ["backends[0].capacityScaler"]]],
        );
        assert.strictEqual(state.stack, "prod-eu");
        assert.strictEqual(state.pending, 0);
    });

    it("reports the drift between the state and the stack file's plan, naming the backend's region and NEG", () => {
        const r = diff("--stack", "prod-eu", "--state", file);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.strictEqual(
            r.stdout,
            [
                `compares the deployed state ${file} (158 resources) with the plan of Pulumi.prod-eu.yaml: drift and edits not applied yet included`,
                `base: the deployed state ${file}`,
                "wave 1:",
                "  ~ update gcp:compute/backendService:BackendService voice-eu-lb-backend",
                "      await: gcp-operation: until the update operation completes (provider timeout 20 min)",
                "      backends[0] (europe-west1: NEG voice-agent-neg-europe-west1, zone europe-west1-b).capacityScaler: 0 → 1",
                "summary: 0 to create, 1 to update, 0 to replace, 0 to delete, 157 unchanged; no stateful resource touched",
                "",
            ].join("\n"),
        );
    });

    it("with overrides, compares the state with the overridden plan", () => {
        const r = diff("--stack", "prod-eu", "--state", file, "--set", "forcedFailover=true");
        assert.strictEqual(r.code, 0, r.stderr);
        const lines = r.stdout.split("\n");
        assert.deepStrictEqual(
            lines.filter((l) => l.includes("capacityScaler")),
            [
                "      backends[1] (europe-west1: NEG voice-agent-neg-europe-west1, zone europe-west1-c).capacityScaler: 1 → 0",
                "      backends[2] (europe-west1: NEG voice-agent-neg-europe-west1, zone europe-west1-d).capacityScaler: 1 → 0",
            ],
        );
        assert.ok(
            lines.includes(
                "summary: 0 to create, 3 to update, 0 to replace, 0 to delete, 155 unchanged; no stateful resource touched",
            ),
            r.stdout,
        );
    });

    it("without --state says it compares stack files", () => {
        const r = diff("--stack", "prod-eu", "--set", "cacheDisabled=true");
        assert.strictEqual(r.code, 0, r.stderr);
        assert.ok(
            r.stdout.startsWith(
                "compares stack files (offline plans), not what is deployed: pass --state <file> (the JSON of `pulumi stack export`) to compare with the deployed state\nbase: Pulumi.prod-eu.yaml\n",
            ),
            r.stdout,
        );
    });

    it("refuses a file that is not an export, and another stack's state: exit 1 naming the file", () => {
        const bad = path.join(dir, "bad.json");
        fs.writeFileSync(bad, JSON.stringify({ version: 2, deployment: {} }));
        assert.strictEqual(diff("--stack", "prod-eu", "--state", bad).code, 1);
        assert.strictEqual(
            diff("--stack", "prod-eu", "--state", bad).stderr,
            `error: --state: ${bad}: version: is not 3: give the output of \`pulumi stack export\` (deployment version 3)\n`,
        );
        assert.strictEqual(
            diff("--stack", "prod-me", "--state", file).stderr,
            `error: --state: ${file} is the state of stack prod-eu, not prod-me\n`,
        );
        assert.strictEqual(
            diff("--stack", "prod-eu", "--state", path.join(dir, "none.json")).stderr,
            `error: --state ${path.join(dir, "none.json")}: does not exist\n`,
        );
    });
});

describe("npm run remediate --state", function () {
    this.timeout(120000);
    it("starts the phases from what is deployed and warns that the file is not applied", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "remediate-state-"));
        try {
            // Deployed: the primary already drained (an earlier, applied failover the file no longer says).
            const file = path.join(dir, "s.json");
            fs.writeFileSync(file, JSON.stringify(stackExportOf(await planOf("prod-eu", "forcedFailover=true"))));
            const r = spawnSync(
                process.execPath,
                [
                    "-r",
                    "ts-node/register/transpile-only",
                    "tools/remediate.ts",
                    "region-failover",
                    "--stack",
                    "prod-eu",
                    "--dry-run",
                    "--state",
                    file,
                ],
                { cwd: projectRoot, encoding: "utf8" },
            );
            assert.strictEqual(r.status, 0, r.stderr);
            const lines = r.stdout.split("\n");
            assert.ok(
                lines.includes(`compares Pulumi.prod-eu.yaml's plan with the deployed state ${file} (158 resources)`),
                r.stdout,
            );
            assert.ok(
                lines.includes(
                    "warning: Pulumi.prod-eu.yaml is not what is deployed: 3 resource change(s) not applied (edits committed or made but not applied, or drift recorded by a refresh):",
                ),
                r.stdout,
            );
            // The drain is already deployed: phase 1 changes nothing, phase 2 nothing either.
            assert.deepStrictEqual(
                lines.filter((l) => /^ {4}summary:/.test(l)),
                [
                    "    summary: 0 to create, 0 to update, 0 to replace, 0 to delete, 158 unchanged; no stateful resource touched",
                    "    summary: 0 to create, 0 to update, 0 to replace, 0 to delete, 158 unchanged; no stateful resource touched",
                ],
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
