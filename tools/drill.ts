/**
 * `npm run drill -- <scenario> --stack <drill stack> [--dry-run] [--report-dir DIR]`
 *
 * Rehearses a runbook scenario (tools/drills/scenarios/<scenario>.yaml) on a drill cell and writes
 * its dated report under docs/drills/. Refuses any stack whose voice-agent:environment is not
 * drill before anything else. `--dry-run` runs the whole scenario offline: each step's plan,
 * predicted diff, policy verdict and budget, without the Pulumi CLI, a cloud or a write to the
 * stack file. A live run needs the Pulumi CLI, the stack's backend and Google credentials; it
 * reads RPO from Cloud Monitoring with the drill lead's gcloud login, and without one the report
 * says RPO was not measured and why (the drill itself runs).
 */
import * as path from "path";
import { abortOnSignals, atSignal, exitSignals } from "./lib/children";
import { command, runCli } from "./lib/cli";
import { acquireLock, ensureWritableDirectory } from "./lib/io";
import { escapeControl } from "./lib/userError";
import { OfflineStackOps, type StackOps } from "./lib/drill/stackOps";
import { assertDrillStack } from "./lib/drill/guard";
import { planner } from "./lib/drill/planner";
import { runDrill, type DrillRun } from "./lib/drill/run";
import { loadScenario } from "./lib/drill/scenario";
import { FileStore, MemoryStore } from "./lib/drill/store";
import { gcloudAccessToken, MonitoringLagSource } from "./lib/drill/replicationLag";
import { rpoLines } from "./lib/drill/rpo";
import { writeReport } from "./lib/drill/report/write";
import { requireCommand, requireGoogleCredentials } from "./lib/prerequisites";
import { startProbeProcess } from "./lib/probe/child";
import { projectRoot, readStackFileText, stackFile } from "./lib/stackConfig";

const program = command("drill", "Rehearse a runbook scenario on a drill cell and write its report")
    .argument("<scenario>", "scenario name (tools/drills/scenarios/<name>.yaml)")
    .requiredOption("--stack <name>", "the drill stack (its voice-agent:environment must be drill)")
    .option("--dry-run", "run the scenario offline: plans, predicted diffs, policy verdicts, budgets; nothing applied")
    .option("--report-dir <dir>", "where the report and the index go", path.join(projectRoot, "docs", "drills"));

runCli("drill", program, async (p) => {
    const [scenarioName] = p.args as [string];
    const opts = p.opts<{ stack: string; dryRun?: boolean; reportDir: string }>();
    // Before anything else: a production stack is refused having read nothing but its environment.
    assertDrillStack(opts.stack);
    // A report directory that cannot take the report is refused before the drill runs.
    ensureWritableDirectory(opts.reportDir, `--report-dir ${escapeControl(opts.reportDir)}`);
    const scenario = loadScenario(scenarioName);
    const log = (line: string) => process.stdout.write(line + "\n");
    const plans = planner(opts.stack);
    // Each plan is seconds of work that never yields to the event loop; a macrotask turn before
    // it lets a Ctrl-C arrive between plans instead of after the whole dry run.
    const planOf: typeof plans = async (config, unknownAtPreview) => {
        await new Promise((resolve) => setImmediate(resolve));
        return plans(config, unknownAtPreview);
    };
    const controller = new AbortController();
    const interrupted = abortOnSignals(controller, (signal) => {
        process.stderr.write(`\ninterrupted (${signal}): cancelling, then restoring the stack file and the cell\n`);
    });

    let run: DrillRun;
    if (opts.dryRun) {
        log(`drill ${scenario.name} on ${opts.stack}: DRY RUN (offline; nothing is applied)`);
        const store = new MemoryStore(readStackFileText(opts.stack).text, `Pulumi.${opts.stack}.yaml`);
        const stackOps = new OfflineStackOps((unknownAtPreview) => planOf(store.config(), unknownAtPreview));
        // The cell as the drill finds it: the stack file before any step.
        await stackOps.start();
        run = await runDrill({
            stack: opts.stack,
            scenario,
            dryRun: true,
            stackOps,
            store,
            planOf,
            log,
            signal: controller.signal,
        });
    } else {
        // What a live run needs, before anything is touched: exit 1 naming what is missing.
        requireCommand("pulumi", "a live drill (--dry-run needs nothing)");
        requireGoogleCredentials("a live drill");
        if (scenario.steps.some((s) => s.do === "delete-pods" || s.do === "wait-capacity")) {
            requireCommand(
                "gke-gcloud-auth-plugin",
                `the ${scenario.name} scenario's pod steps (the clusters' kube contexts)`,
            );
        }
        if (
            scenario.steps.some(
                (s) => s.do === "remediate" && (s.action === "db-promote-replica" || s.action === "region-failback"),
            )
        ) {
            requireCommand("gcloud", `the ${scenario.name} scenario's imperative steps`);
        }
        log(`drill ${scenario.name} on ${opts.stack}: LIVE`);
        // Loaded only for live runs: they need the Pulumi CLI and a cluster.
        const { AutomationStackOps } = await import("./lib/drill/automation");
        const { KubernetesClusterOps } = await import("./lib/drill/kubernetes");
        // The stack file's lock for the whole live run: a remediation meanwhile waits, then refuses naming the drill.
        const release = await acquireLock(stackFile(opts.stack), `drill ${scenario.name}`, {
            label: `Pulumi.${opts.stack}.yaml`,
        });
        const unregister = atSignal(release);
        try {
            const store = new FileStore(stackFile(opts.stack));
            const stackOps: StackOps = await AutomationStackOps.open(opts.stack, (l) => process.stdout.write(l));
            run = await runDrill({
                stack: opts.stack,
                scenario,
                dryRun: false,
                stackOps,
                store,
                planOf,
                log,
                signal: controller.signal,
                replicationLag: new MonitoringLagSource({ accessToken: () => gcloudAccessToken() }),
                cluster: async () => KubernetesClusterOps.fromOutputs(await stackOps.outputs()),
                probe: (urls, durationSeconds) =>
                    startProbeProcess({
                        ...urls,
                        sessions: scenario.probe.sessions,
                        rate: scenario.probe.rate,
                        durationSeconds,
                    }),
            });
        } finally {
            unregister();
            release();
        }
    }
    // An interrupted dry run changed nothing and measured nothing: it leaves no record.
    await new Promise((resolve) => setImmediate(resolve));
    const signal = interrupted();
    if (signal !== undefined && run.dryRun) {
        process.stderr.write(`drill ${scenario.name}: dry run interrupted; no report written\n`);
        process.exitCode = exitSignals[signal];
        return;
    }
    const files = await writeReport(run, opts.reportDir);
    log("");
    for (const line of run.restore) log(`restore: ${line}`);
    log(
        run.dryRun
            ? `outcome: ${run.outcome === "rehearsal plan" ? "rehearsal plan (dry run: nothing applied, nothing measured)" : `${run.outcome} (dry run)`}`
            : `outcome: ${run.outcome}`,
    );
    if (!run.dryRun) for (const line of rpoLines(run.rpo, run.targets.rpoSeconds)) log(line.slice(2));
    log(
        `report: ${path.relative(process.cwd(), files.markdown)} (${path.relative(process.cwd(), files.json)}, ${path.relative(process.cwd(), files.svg)}); index ${path.relative(process.cwd(), files.index)}`,
    );
    if (run.outcome !== "pass" && run.outcome !== "rehearsal plan") process.exitCode = 1;
});
