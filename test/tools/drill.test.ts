/**
 * `npm run drill` as the operator runs it. A production stack is refused before anything is read
 * but its environment; every scenario runs as a dry run on drill-eu, offline, and writes its
 * report (marked as a dry run) with the SVG chart and the index into a scratch report directory.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { scenarioNames, loadScenario } from "../../tools/lib/drill/scenario";
import { projectRoot } from "../support/paths";

function drill(...args: string[]) {
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/drill.ts", ...args], { cwd: projectRoot, encoding: "utf8" });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const stackFiles = () => fs.readdirSync(projectRoot).filter((f) => /^Pulumi\..*\.yaml$/.test(f)).map((f) => [f, fs.readFileSync(path.join(projectRoot, f), "utf8")]);

describe("npm run drill (CLI)", function () {
    this.timeout(600_000);
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "drill-cli-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("region-failover on prod-eu exits 1 naming voice-agent:environment and the file, and touches nothing", () => {
        const before = stackFiles();
        const reports = path.join(dir, "refused");
        const r = drill("region-failover", "--stack", "prod-eu", "--report-dir", reports);
        assert.deepStrictEqual(r, {
            code: 1,
            stdout: "",
            stderr: 'error: Pulumi.prod-eu.yaml:5: voice-agent:environment is "prod"; drills run only on stacks whose voice-agent:environment is drill\n',
        });
        assert.deepStrictEqual(stackFiles(), before);
        assert.strictEqual(fs.existsSync(reports), false);
    });

    it("refuses a live run on prod-me too, and an unknown scenario", () => {
        assert.strictEqual(drill("pod-crash", "--stack", "prod-me").stderr, 'error: Pulumi.prod-me.yaml:5: voice-agent:environment is "prod"; drills run only on stacks whose voice-agent:environment is drill\n');
        const r = drill("meteor-strike", "--stack", "drill-eu", "--dry-run", "--report-dir", dir);
        assert.deepStrictEqual([r.code, r.stderr], [1, 'error: unknown scenario "meteor-strike"; scenarios: cache-outage, pod-crash, region-failover\n']);
    });

    for (const name of scenarioNames()) {
        it(`${name} --dry-run on drill-eu: every step with its plan, predicted diff and budget; a report marked as a dry run, its SVG, the index`, () => {
            const before = stackFiles();
            const r = drill(name, "--stack", "drill-eu", "--dry-run", "--report-dir", dir);
            assert.strictEqual(r.code, 0, r.stderr + r.stdout);
            const scenario = loadScenario(name);
            const lines = r.stdout.split("\n");
            assert.strictEqual(lines[0], `drill ${name} on drill-eu: DRY RUN (offline; nothing is applied)`);
            scenario.steps.forEach((s, i) => assert.ok(lines.includes(`[${i + 1}/${scenario.steps.length}] ${s.id} (${s.do}, budget ${s.budgetSeconds} s)`), `step ${s.id}`));
            const ups = scenario.steps.filter((s) => s.do === "up").length;
            assert.strictEqual(lines.filter((l) => /^ {4}summary: \d+ to create/.test(l)).length, ups);
            assert.strictEqual(lines.filter((l) => /^ {4}policy pack: 0 mandatory, \d+ advisory$/.test(l)).length, ups);
            assert.ok(lines.includes("outcome: pass (dry run)"));
            assert.deepStrictEqual(stackFiles(), before, "a dry run writes no stack file");

            const base = path.join(dir, `${new Date().toISOString().slice(0, 10)}-drill-eu-${name}`);
            const md = fs.readFileSync(`${base}.md`, "utf8");
            assert.ok(md.startsWith(`# Drill: ${name} on drill-eu, `) && md.split("\n")[0]?.endsWith(" (DRY RUN)"), md.split("\n")[0]);
            assert.ok(md.includes(`![step budgets](${path.basename(base)}.svg)`));
            const svg = fs.readFileSync(`${base}.svg`, "utf8");
            assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"') && svg.trimEnd().endsWith("</svg>"));
            for (const s of scenario.steps) assert.ok(svg.includes(s.id), `the chart names ${s.id}`);
            const json = JSON.parse(fs.readFileSync(`${base}.json`, "utf8"));
            assert.deepStrictEqual([json.scenario, json.stack, json.dryRun, json.outcome, json.steps.length], [name, "drill-eu", true, "pass", scenario.steps.length]);
            assert.deepStrictEqual(
                json.steps.flatMap((s: { expectations: { result: string }[] }) => s.expectations.map((e) => e.result)).filter((v: string) => v === "fail"),
                [],
            );
            const index = fs.readFileSync(path.join(dir, "README.md"), "utf8");
            assert.ok(index.includes(`| drill-eu | ${name} | dry run | pass | ${scenario.steps.length}/${scenario.steps.length} | n/a | n/a | [${path.basename(base)}.md](${path.basename(base)}.md) |`), index);
        });
    }

    it("region-failover --dry-run predicts each database phase: the new primary alone, then the old primary with alerts and dashboard", () => {
        const json = JSON.parse(fs.readFileSync(path.join(dir, `${new Date().toISOString().slice(0, 10)}-drill-eu-region-failover.json`), "utf8"));
        const step = (id: string) => json.steps.find((s: { id: string }) => s.id === id);
        assert.deepStrictEqual(step("promote-new-primary").plan, [
            "pulumi up -s drill-eu --target 'urn:pulumi:drill-eu::voice-agent::voice-agent:database:Database$gcp:sql/databaseInstance:DatabaseInstance::voice-db-europe-west4'",
        ]);
        assert.match(step("promote-new-primary").diff, /^wave 1:\n {2}~ update gcp:sql\/databaseInstance:DatabaseInstance voice-db-europe-west4 {2}!! STATEFUL RESOURCE\n.*\n {6}instanceType: "READ_REPLICA_INSTANCE" → "CLOUD_SQL_INSTANCE"\n/);
        assert.match(step("promote-new-primary").diff, /\nsummary: 0 to create, 1 to update, 0 to replace, 0 to delete, \d+ unchanged; !! 1 stateful resource touched$/);
        // After the refresh read the old primary's new replication fields back, it is updated in place.
        assert.match(step("complete-switchover").diff, /\nsummary: 0 to create, 4 to update, 0 to replace, 0 to delete, \d+ unchanged; !! 1 stateful resource touched$/);
        assert.ok(!step("complete-switchover").diff.includes("masterInstanceName"));
        assert.deepStrictEqual(json.restore, ["dry run: Pulumi.drill-eu.yaml was not written", "the scenario ends at the starting config: nothing left to restore"]);
    });
});
