/**
 * `npm run drill -- <scenario> --stack <drill stack> [--dry-run] [--report-dir DIR]`
 *
 * Rehearses a runbook scenario (tools/drills/scenarios/<scenario>.yaml) on a drill cell and writes
 * its dated report under docs/drills/. Refuses any stack whose voice-agent:environment is not
 * drill before anything else. `--dry-run` runs the whole scenario offline: each step's plan,
 * predicted diff, policy verdict and budget, without the Pulumi CLI, a cloud or a write to the
 * stack file. A live run needs the Pulumi CLI, the stack's backend and Google credentials.
 */
import * as fs from "fs";
import * as path from "path";
import { command, runCli } from "./lib/cli";
import { OfflineStackOps, type StackOps } from "./lib/drill/stackOps";
import { assertDrillStack } from "./lib/drill/guard";
import { planner } from "./lib/drill/planner";
import { runDrill, type DrillRun } from "./lib/drill/run";
import { loadScenario } from "./lib/drill/scenario";
import { FileStore, MemoryStore } from "./lib/drill/store";
import { writeReport } from "./lib/drill/report/write";
import { startProbeProcess } from "./lib/probe/child";
import { projectRoot, stackFile } from "./lib/stackConfig";

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
    const scenario = loadScenario(scenarioName);
    const log = (line: string) => process.stdout.write(line + "\n");
    const planOf = planner(opts.stack);
    const controller = new AbortController();
    process.once("SIGINT", () => {
        process.stderr.write("\ninterrupted: cancelling, then restoring the stack file and the cell\n");
        controller.abort();
    });

    let run: DrillRun;
    if (opts.dryRun) {
        log(`drill ${scenario.name} on ${opts.stack}: DRY RUN (offline; nothing is applied)`);
        const store = new MemoryStore(fs.readFileSync(stackFile(opts.stack), "utf8"));
        const stackOps = new OfflineStackOps(() => planOf(store.config()));
        // The cell as the drill finds it: the stack file before any step.
        await stackOps.start();
        run = await runDrill({ stack: opts.stack, scenario, dryRun: true, stackOps, store, planOf, log, signal: controller.signal });
    } else {
        log(`drill ${scenario.name} on ${opts.stack}: LIVE`);
        // Loaded only for live runs: they need the Pulumi CLI and a cluster.
        const { AutomationStackOps } = await import("./lib/drill/automation");
        const { KubernetesClusterOps } = await import("./lib/drill/kubernetes");
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
            cluster: async () => KubernetesClusterOps.fromOutputs(await stackOps.outputs()),
            probe: (urls, durationSeconds) => startProbeProcess({ ...urls, sessions: scenario.probe.sessions, rate: scenario.probe.rate, durationSeconds }),
        });
    }
    const files = await writeReport(run, opts.reportDir);
    log("");
    for (const line of run.restore) log(`restore: ${line}`);
    log(`outcome: ${run.outcome}${run.dryRun ? " (dry run)" : ""}`);
    log(`report: ${path.relative(process.cwd(), files.markdown)} (${path.relative(process.cwd(), files.json)}, ${path.relative(process.cwd(), files.svg)}); index ${path.relative(process.cwd(), files.index)}`);
    if (run.outcome !== "pass") process.exitCode = 1;
});
