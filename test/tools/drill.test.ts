/**
 * `npm run drill` as the operator runs it. A production stack is refused before anything is read
 * but its environment; every scenario runs as a dry run on drill-eu, offline, and writes its
 * report (marked as a dry run) with the SVG chart and the index into a scratch report directory.
 */
import * as assert from "assert";
import { remediationAction } from "../../infra/config/remediations";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { scenarioNames, loadScenario } from "../../tools/lib/drill/scenario";
import { projectRoot } from "../support/paths";

function drill(...args: string[]) {
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/drill.ts", ...args], {
        cwd: projectRoot,
        encoding: "utf8",
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const stackFiles = () =>
    fs
        .readdirSync(projectRoot)
        .filter((f) => /^Pulumi\..*\.yaml$/.test(f))
        .map((f) => [f, fs.readFileSync(path.join(projectRoot, f), "utf8")]);

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

    it("a live drill without the Pulumi CLI exits 1 naming it and how to get it, without a stack trace", () => {
        const r = spawnSync(
            process.execPath,
            [
                "-r",
                "ts-node/register/transpile-only",
                "tools/drill.ts",
                "region-failover",
                "--stack",
                "drill-eu",
                "--report-dir",
                dir,
            ],
            {
                cwd: projectRoot,
                encoding: "utf8",
                env: { PATH: path.join(dir, "no-tools"), HOME: dir },
            },
        );
        assert.deepStrictEqual(
            [r.status, r.stdout, r.stderr],
            [
                1,
                "",
                "error: pulumi is not on PATH; a live drill (--dry-run needs nothing) needs it: install the Pulumi CLI (https://www.pulumi.com/docs/iac/download-install/), then `pulumi login` to the team's backend\n",
            ],
        );
    });

    it("refuses a live run on prod-me too, and an unknown scenario", () => {
        assert.strictEqual(
            drill("pod-crash", "--stack", "prod-me").stderr,
            'error: Pulumi.prod-me.yaml:5: voice-agent:environment is "prod"; drills run only on stacks whose voice-agent:environment is drill\n',
        );
        const r = drill("meteor-strike", "--stack", "drill-eu", "--dry-run", "--report-dir", dir);
        assert.deepStrictEqual(
            [r.code, r.stderr],
            [
                1,
                'error: unknown scenario "meteor-strike"; scenarios: cache-outage, pod-crash, region-failover, region-loss\n',
            ],
        );
    });

    for (const name of scenarioNames()) {
        it(`${name} --dry-run on drill-eu: every step with its plan, predicted diff and budget; a report marked as a dry run, its SVG, the index`, () => {
            const before = stackFiles();
            const r = drill(name, "--stack", "drill-eu", "--dry-run", "--report-dir", dir);
            assert.strictEqual(r.code, 0, r.stderr + r.stdout);
            const scenario = loadScenario(name);
            const lines = r.stdout.split("\n");
            assert.strictEqual(lines[0], `drill ${name} on drill-eu: DRY RUN (offline; nothing is applied)`);
            scenario.steps.forEach((s, i) =>
                assert.ok(
                    lines.includes(
                        `[${i + 1}/${scenario.steps.length}] ${s.id} (${s.do}, budget ${s.budgetSeconds} s)`,
                    ),
                    `step ${s.id}`,
                ),
            );
            const opsOf = (s: (typeof scenario.steps)[number], kind: string) =>
                s.do === "up"
                    ? kind === "up"
                        ? 1
                        : 0
                    : s.do === "remediate"
                      ? (remediationAction(s.action)
                            ?.phases.find((p) => p.id === s.phase)
                            ?.ops.filter((o) => o.do === kind).length ?? 0)
                      : 0;
            const ups = scenario.steps.reduce((n, s) => n + opsOf(s, "up"), 0);
            const previews = scenario.steps.reduce((n, s) => n + opsOf(s, "preview"), 0);
            assert.strictEqual(lines.filter((l) => /^ {4}summary: \d+ to create/.test(l)).length, ups + previews);
            assert.strictEqual(lines.filter((l) => /^ {4}policy pack: 0 mandatory, \d+ advisory$/.test(l)).length, ups);
            // A dry run measures nothing: it is a rehearsal plan, never a pass.
            assert.ok(lines.includes("outcome: rehearsal plan (dry run: nothing applied, nothing measured)"), r.stdout);
            assert.ok(!r.stdout.includes("outcome: pass"));
            assert.ok(!r.stdout.includes("RPO"), "a dry run measures no RPO and prints none");
            assert.deepStrictEqual(stackFiles(), before, "a dry run writes no stack file");

            const base = path.join(dir, `${new Date().toISOString().slice(0, 10)}-drill-eu-${name}`);
            const md = fs.readFileSync(`${base}.md`, "utf8");
            assert.ok(
                md.startsWith(`# Rehearsal plan: ${name} on drill-eu, `) &&
                    md.split("\n")[0]?.endsWith(" (dry run, not a drill)"),
                md.split("\n")[0],
            );
            assert.ok(
                md.includes(
                    "- Outcome: **REHEARSAL PLAN**: every step planned with no failed expectation; nothing was applied, timed or measured, so nothing passed yet\n",
                ),
            );
            assert.ok(!/\bPASS\b/.test(md.split("## Steps")[0] ?? ""), "the summary never says pass");
            assert.ok(md.includes(`![step budgets](${path.basename(base)}.svg)`));
            const svg = fs.readFileSync(`${base}.svg`, "utf8");
            assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"') && svg.trimEnd().endsWith("</svg>"));
            for (const s of scenario.steps) assert.ok(svg.includes(s.id), `the chart names ${s.id}`);
            const json = JSON.parse(fs.readFileSync(`${base}.json`, "utf8"));
            assert.deepStrictEqual(
                [json.scenario, json.stack, json.dryRun, json.outcome, json.steps.length],
                [name, "drill-eu", true, "rehearsal plan", scenario.steps.length],
            );
            // Nothing was measured: no RPO figure, no RPO expectation, no recovery section.
            assert.strictEqual("rpo" in json, false);
            assert.ok(!md.includes("RPO") && !md.includes("## Recovery"), md);
            assert.deepStrictEqual(
                json.steps
                    .flatMap((s: { expectations: { result: string }[] }) => s.expectations.map((e) => e.result))
                    .filter((v: string) => v === "fail"),
                [],
            );
            const index = fs.readFileSync(path.join(dir, "README.md"), "utf8");
            const [drills, plans] = index.split("## Rehearsal plans");
            assert.ok(
                plans?.includes(
                    `| drill-eu | ${name} | rehearsal plan | ${scenario.steps.length} | [${path.basename(base)}.md](${path.basename(base)}.md) |`,
                ),
                index,
            );
            assert.ok(!drills?.includes(path.basename(base)), "a rehearsal plan is not listed with the drills");
            // The chart's colours mean status: every planned step is grey-blue, none red.
            assert.ok(svg.includes("#78909c") && !svg.includes("#c62828"), "planned steps are not drawn as failures");
        });
    }

    it("region-failover --dry-run predicts each database phase: the new primary alone, then the old primary with alerts and dashboard", () => {
        const json = JSON.parse(
            fs.readFileSync(
                path.join(dir, `${new Date().toISOString().slice(0, 10)}-drill-eu-region-failover.json`),
                "utf8",
            ),
        );
        const step = (id: string) => json.steps.find((s: { id: string }) => s.id === id);
        const urn =
            "urn:pulumi:drill-eu::voice-agent::voice-agent:database:Database$gcp:sql/databaseInstance:DatabaseInstance::voice-db-europe-west4";
        // The phase as on-call runs it: the same title, edit and commands `npm run remediate` prints.
        assert.deepStrictEqual(step("promote-new-primary").plan, [
            "db-switchover phase 1 of 3: switch over: the new primary (europe-west4) alone; Cloud SQL makes the old primary its replica",
            'edit: voice-agent:database.primaryRegion (unset) → "europe-west4"',
            `$ pulumi preview --diff -s drill-eu --target '${urn}'`,
            `$ pulumi up -s drill-eu --target '${urn}'`,
        ]);
        assert.match(
            step("promote-new-primary").diff,
            /^wave 1:\n {2}~ update gcp:sql\/databaseInstance:DatabaseInstance voice-db-europe-west4 {2}!! STATEFUL RESOURCE\n.*\n {6}instanceType: "READ_REPLICA_INSTANCE" → "CLOUD_SQL_INSTANCE"\n/,
        );
        assert.match(
            step("promote-new-primary").diff,
            /\nsummary: 0 to create, 1 to update, 0 to replace, 0 to delete, \d+ unchanged; !! 1 stateful resource touched$/,
        );
        // After the refresh the state holds both instances as Cloud SQL reports them: the full up
        // changes no instance (the provider's switchover guide: "No changes"), as remediate predicts.
        assert.match(
            step("complete-switchover").diff,
            /\nsummary: 0 to create, 3 to update, 0 to replace, 0 to delete, \d+ unchanged; no stateful resource touched$/,
        );
        assert.ok(!step("complete-switchover").diff.includes("gcp:sql/databaseInstance:DatabaseInstance"));
        assert.deepStrictEqual(
            step("complete-switchover")
                .expectations.filter((e: { what: string }) => e.what.startsWith("diff: "))
                .map((e: { what: string; expected: string; actual: string; result: string }) => [
                    e.what,
                    e.expected,
                    e.actual,
                    e.result,
                ]),
            [
                ["diff: create (as remediate predicts)", "0", "0", "pass"],
                ["diff: update (as remediate predicts)", "3", "3", "pass"],
                ["diff: replace (as remediate predicts)", "0", "0", "pass"],
                ["diff: delete (as remediate predicts)", "0", "0", "pass"],
                ["diff: stateful (as remediate predicts)", "0", "0", "pass"],
            ],
        );
        assert.deepStrictEqual(json.restore, [
            "dry run: Pulumi.drill-eu.yaml was not written",
            "the scenario ends at the starting config: nothing left to restore",
        ]);
    });
});
