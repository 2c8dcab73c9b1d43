/**
 * Runs a scenario's steps in order against a StackOps, a ClusterOps and a ConfigStore, and
 * records what each did and whether its expectations held. The same runner does the dry run
 * (offline stack operations, in-memory store, no cluster, no probe) and the live run (Automation API, the
 * stack file, a real cluster, the probe); tests give it doubles.
 *
 * Whatever happens (every step done, a step failing, the run aborted by Ctrl-C), the stack file
 * gets its starting text back, and a live cell that may have moved is refreshed and brought back
 * to the starting config with a full `up`.
 */
import { isDeepStrictEqual } from "util";
import { ConfigError } from "../../../infra/config";
import { defined } from "../../../core/defined";
import { resolveConfig, type Inventory } from "../plan";
import { runPolicies, type Violation } from "../policy";
import type { RunningProbe, ProbeResult } from "../probe/run";
import { summarize, type ProbeReport } from "../probe/summary";
import { describeEdit, type ActionArgs, type Edit } from "../remediate";
import { phasesWith, promoteReplicaCommand, type Phase, type ResolvedOp } from "../phases";
import { labelBackends } from "../pathLabels";
import { parseStackText } from "../stackConfig";
import { diffInventories, refusal, renderDiff, type ResourceChange } from "../diff";
import { atMinimum, workloadOf, type ClusterOps, type WorkloadRef } from "./cluster";
import type { DrillChange, StackOps } from "./stackOps";
import { DrillError } from "./errors";
import {
    checkBudget,
    checkDiff,
    checkKeeps,
    checkNothingPlanned,
    checkOutputs,
    checkPolicy,
    checkPredicted,
    checkProbe,
    outputAt,
    type ExpectationResult,
} from "./expectations";
import { refsOf, resolveRefs, type Refs } from "./refs";
import type { ReplicationLagSource } from "./replicationLag";
import {
    measureRpo,
    primaryMoveOf,
    rpoExpectation,
    visibleAfterMs,
    type PrimaryMove,
    type RpoMeasurement,
} from "./rpo";
import { ScenarioError, type Scenario, type Step, type Target } from "./scenario";
import type { ConfigStore } from "./store";

export interface StepRecord {
    id: string;
    do: Step["do"];
    why: string;
    budgetSeconds: number;
    startedAt: number;
    endedAt: number;
    /** What the step does, as commands and edits. */
    plan: string[];
    /** The step's diff (predicted offline; the engine's live), rendered. */
    diff?: string;
    policy?: { mandatory: number; advisory: number };
    expectations: ExpectationResult[];
    outcome: "pass" | "fail" | "error" | "skipped";
    error?: string;
}

export interface DrillRun {
    scenario: string;
    runbook: string;
    stack: string;
    dryRun: boolean;
    startedAt: number;
    endedAt: number;
    /** A dry run that finds nothing wrong is a "rehearsal plan": nothing was applied or measured, so it never passes. */
    outcome: "pass" | "fail" | "aborted" | "rehearsal plan";
    /** The scenario's recovery targets. */
    targets: { rtoSeconds: number; rpoSeconds: number };
    steps: StepRecord[];
    restore: string[];
    probe?: ProbeResult;
    /** Live runs only: the RPO of each step that moved the database's primary role (tools/lib/drill/rpo.ts). */
    rpo?: RpoMeasurement[];
}

export interface DrillDeps {
    stack: string;
    scenario: Scenario;
    dryRun: boolean;
    stackOps: StackOps;
    store: ConfigStore;
    /** Offline plan of a config map (memoised by the caller if it likes); see PhaseInputs.planOf. */
    planOf: (config: Record<string, unknown>, unknownAtPreview?: ReadonlySet<string>) => Promise<Inventory>;
    /** Needed for pod steps of a live run; a dry run only describes them. */
    cluster?: () => Promise<ClusterOps>;
    /** Starts the probe for a live run; given the cell's URLs and the longest the run can take. */
    probe?: (urls: { url: string; ws?: string }, durationSeconds: number) => RunningProbe;
    signal?: AbortSignal;
    /** Where a live run reads the replicas' lag for RPO once the steps are done. */
    replicationLag?: ReplicationLagSource;
    /** How often wait-capacity polls. */
    pollMs?: number;
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
    log?: (line: string) => void;
}

class Aborted extends Error {}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new Aborted("interrupted"));
        const t = setTimeout(done, ms);
        function done() {
            signal?.removeEventListener("abort", onAbort);
            resolve();
        }
        function onAbort() {
            clearTimeout(t);
            reject(new Aborted("interrupted"));
        }
        signal?.addEventListener("abort", onAbort, { once: true });
    });
}

/** `database.primaryRegion: x` → an edit of the key path. */
function editsOf(values: Record<string, unknown>): Edit[] {
    return Object.entries(values).map(([key, value]) => ({ path: key.split("."), value }));
}

/** Resolves target selectors to the URNs of the plan's resources; each selector must match one or more. */
export function targetUrns(targets: readonly Target[], inv: Inventory, where: string): string[] {
    const urns = targets.flatMap((t, i) => {
        const found = inv.resources.filter(
            (r) =>
                r.type === t.type &&
                (t.region === undefined || (r.inputs as { region?: unknown }).region === t.region) &&
                (t.name === undefined || r.name === t.name),
        );
        if (found.length === 0) {
            throw new ScenarioError(
                `${where}.targets[${i}]: no ${t.type}${t.region ? ` in region ${t.region}` : ""}${t.name ? ` named ${t.name}` : ""} in the plan`,
            );
        }
        return found.map((r) => r.urn);
    });
    // Sorted: the same command line whichever instance the program registers first.
    return [...new Set(urns)].sort();
}

/**
 * A step's diff for the record. Offline predictions render as `npm run diff` does (waves, awaits,
 * replacements), limited to the step's targets; the engine's live changes as a list of ops.
 */
function renderChanges(changes: readonly DrillChange[], inv?: Inventory): string {
    const predicted = changes.map((c) => c.predicted);
    if (predicted.every((p): p is ResourceChange => p !== undefined)) {
        const urns = new Set(predicted.map((p) => p.urn));
        const scoped = predicted.map((p) => ({ ...p, waitsFor: p.waitsFor.filter((w) => urns.has(w)) }));
        const count = (op: ResourceChange["op"]) => scoped.filter((c) => c.op === op).length;
        const summary = {
            create: count("create"),
            update: count("update"),
            replace: count("replace"),
            delete: count("delete"),
            stateful: scoped.filter((c) => c.stateful).length,
            unchanged: inv ? inv.resources.length - scoped.length : 0,
            refused: scoped.filter((c) => refusal(c) !== undefined).length,
        };
        return renderDiff(inv ? labelBackends({ changes: scoped, summary }, inv) : { changes: scoped, summary });
    }
    const lines = changes.flatMap((c) => [
        `${c.op} ${c.type} ${c.name}${c.stateful ? "  !! STATEFUL RESOURCE" : ""}`,
        ...c.changes.map((p) => `    ${p.path}`),
    ]);
    const n = (op: string) => changes.filter((c) => c.op === op).length;
    lines.push(
        `summary: ${n("create")} created, ${n("update")} updated, ${n("replace")} replaced, ${n("delete")} deleted; ${changes.filter((c) => c.stateful).length} stateful`,
    );
    return lines.join("\n");
}

/** Probe figures of the time a step ran. */
export function probeDuring(p: ProbeResult, from: number, to: number): ProbeReport {
    const samples = p.samples.filter((s) => s.sentAt >= from && s.sentAt < to);
    const events = p.sessionEvents.filter((e) => e.at >= from && e.at < to);
    const failed = events.filter((e) => e.kind === "failed");
    return summarize(
        samples,
        {
            opened: events.filter((e) => e.kind === "opened").length,
            dropped: events.filter((e) => e.kind === "dropped").length,
            failed: failed.length,
            failureReasons: failed.map((e) => e.reason ?? "closed before opening"),
        },
        Math.min(to, p.endedAt),
    );
}

export async function runDrill(deps: DrillDeps): Promise<DrillRun> {
    const log = deps.log ?? (() => undefined);
    const sleep = deps.sleep ?? defaultSleep;
    const { scenario, stack, store, stackOps } = deps;
    const startConfig = resolveConfig({ stack, stackConfig: store.config() }).config;
    const refs: Refs = refsOf(startConfig);
    const run: DrillRun = {
        scenario: scenario.name,
        runbook: scenario.runbook,
        stack,
        dryRun: deps.dryRun,
        startedAt: Date.now(),
        endedAt: 0,
        outcome: "pass",
        targets: scenario.targets,
        steps: [],
        restore: [],
    };
    let cellTouched = false;
    let cluster: ClusterOps | undefined;
    const onAbort = () => void stackOps.cancel().catch(() => undefined);
    deps.signal?.addEventListener("abort", onAbort, { once: true });

    let probe: RunningProbe | undefined;
    if (deps.probe) {
        const totalBudget = scenario.steps.reduce((s, st) => s + st.budgetSeconds, 0);
        probe = deps.probe(
            {
                url: `https://${startConfig.domain}${startConfig.loadBalancer.healthCheckPath}`,
                ...(scenario.probe.sessions > 0
                    ? { ws: `wss://${startConfig.domain}${scenario.probe.sessionPath}` }
                    : {}),
            },
            // The probe outlives the steps' budgets plus the restore; the runner stops it sooner.
            totalBudget + 1800,
        );
    }

    // The steps that moved the database's primary role, each when its move began: RPO is read there.
    const moves: PrimaryMove[] = [];
    const moveBegins = (step: Extract<Step, { do: "remediate" }>, args: ActionArgs, opIndex: number) => {
        const kind = primaryMoveOf(step.action, step.phase, opIndex);
        if (kind && !deps.dryRun)
            moves.push({
                step: step.id,
                action: step.action,
                phase: step.phase,
                kind,
                region: args.to ?? "",
                at: Date.now(),
            });
    };

    // A remediation's phases, computed once at its first phase exactly as `npm run remediate` does.
    const remediations = new Map<string, Phase[]>();

    const workload = async (region: string, deployment: string): Promise<WorkloadRef> =>
        workloadOf(await deps.planOf(store.config()), region, deployment);

    async function runStep(step: Step, rec: StepRecord, where: string): Promise<void> {
        switch (step.do) {
            case "set": {
                const edits = editsOf(resolveRefs(step.values, refs, `${where}.values`));
                const current = resolveConfig({ stack, stackConfig: store.config() }).config;
                rec.plan.push(...edits.map((e) => describeEdit(current, e)));
                const text = store.preview(edits);
                // The program's own schema checks the edited config before anything is written.
                resolveConfig({ stack, stackConfig: parseStackText(text, `Pulumi.${stack}.yaml`) });
                store.write(text);
                return;
            }
            case "up": {
                const inv = await deps.planOf(store.config());
                const targets = step.targets
                    ? targetUrns(resolveRefs(step.targets, refs, where), inv, where)
                    : undefined;
                rec.plan.push(
                    targets
                        ? `pulumi up -s ${stack} ${targets.map((t) => `--target '${t}'`).join(" ")}`
                        : `pulumi up -s ${stack}`,
                );
                const violations: Violation[] = runPolicies(inv);
                rec.policy = {
                    mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
                    advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
                };
                rec.expectations.push(...checkPolicy(step.expect.policy, violations));
                // The preview decides: a step whose diff is not what the scenario expects is not applied.
                const preview = await stackOps.preview({ targets });
                const gate = [...checkDiff(step.expect.diff, preview), ...checkKeeps(step.expect.keeps, preview)];
                rec.expectations.push(...gate);
                rec.diff = renderChanges(preview, inv);
                if (gate.some((g) => g.result === "fail") || rec.expectations.some((e) => e.result === "fail")) {
                    throw new DrillError("the preview is not what the scenario expects; not applied");
                }
                cellTouched = true;
                const applied = await stackOps.up({ targets });
                if (!deps.dryRun) rec.diff = renderChanges(applied, inv);
                rec.expectations.push(
                    ...checkOutputs(
                        resolveRefs(step.expect.outputs, refs, `${where}.expect.outputs`),
                        await stackOps.outputs(),
                    ),
                );
                return;
            }
            case "remediate": {
                const args = resolveRefs<ActionArgs>(step.args, refs, `${where}.args`);
                const key = `${step.action} ${JSON.stringify(args)}`;
                let phases = remediations.get(key);
                if (!phases || phases[0]?.id === step.phase) {
                    const current = resolveConfig({ stack, stackConfig: store.config() }).config;
                    phases = await phasesWith(step.action, args, stack, {
                        config: current,
                        stackText: store.preview([]),
                        planOf: deps.planOf,
                    });
                    remediations.set(key, phases);
                }
                const phase = phases.find((p) => p.id === step.phase);
                if (!phase) throw new ScenarioError(`${where}: ${step.action} has no phase ${step.phase}`);
                rec.plan.push(`${step.action} phase ${phase.number} of ${phase.of}: ${phase.title}`);
                rec.plan.push(...phase.edits.map((e) => `edit: ${describeEdit(phase.before, e, phase.after)}`));
                rec.plan.push(...phase.commands.map((c) => `$ ${c}`));
                if (phase.writes.length > 0) {
                    const text = store.preview(phase.writes);
                    resolveConfig({ stack, stackConfig: parseStackText(text, `Pulumi.${stack}.yaml`) });
                    store.write(text);
                }
                const inv = await deps.planOf(store.config());
                const diffs: string[] = [];
                for (const [opIndex, op] of phase.ops.entries()) {
                    switch (op.do) {
                        case "up": {
                            const scope = { targets: op.target, exclude: op.exclude };
                            const violations: Violation[] = runPolicies(inv);
                            rec.policy = {
                                mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
                                advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
                            };
                            rec.expectations.push(...checkPolicy(step.expect.policy, violations));
                            // The preview decides: a phase whose preview is not what remediate predicts is not applied.
                            const preview = await stackOps.preview(scope);
                            const gate = [
                                ...checkPredicted(phase.diff, preview),
                                ...checkKeeps(step.expect.keeps, preview),
                            ];
                            rec.expectations.push(...gate);
                            diffs.push(renderChanges(preview, inv));
                            rec.diff = diffs.join("\n");
                            if (rec.expectations.some((e) => e.result === "fail"))
                                throw new DrillError("the preview is not what remediate predicts; not applied");
                            cellTouched = true;
                            moveBegins(step, args, opIndex);
                            const applied = await stackOps.up(scope);
                            if (!deps.dryRun) diffs[diffs.length - 1] = renderChanges(applied, inv);
                            break;
                        }
                        case "refresh":
                            await stackOps.refresh({ targets: op.target, declared: true });
                            if (deps.dryRun)
                                diffs.push(
                                    "offline: the refresh reads the targets back as the config now declares them (what remediate predicts)",
                                );
                            break;
                        case "preview": {
                            const preview = await stackOps.preview({ targets: op.target });
                            rec.expectations.push(checkNothingPlanned(preview));
                            diffs.push(renderChanges(preview, inv));
                            break;
                        }
                        case "promote-replica": {
                            const command = deps.dryRun ? op.command : await deployedPromotion(op, stackOps, log);
                            cellTouched = true;
                            moveBegins(step, args, opIndex);
                            if (!deps.dryRun) await stackOps.imperative(command);
                            break;
                        }
                        case "check-health":
                            // The drill's own probe is the gate (the step's expect.probe); the backends' health is read live.
                            if (!deps.dryRun && op.commands[0]) await stackOps.imperative(op.commands[0]);
                            break;
                    }
                }
                if (diffs.length > 0) rec.diff = diffs.join("\n");
                rec.expectations.push(
                    ...checkOutputs(
                        resolveRefs(step.expect.outputs, refs, `${where}.expect.outputs`),
                        await stackOps.outputs(),
                    ),
                );
                return;
            }
            case "refresh": {
                const inv = await deps.planOf(store.config());
                const targets = step.targets
                    ? targetUrns(resolveRefs(step.targets, refs, where), inv, where)
                    : undefined;
                rec.plan.push(
                    targets
                        ? `pulumi refresh -s ${stack} ${targets.map((t) => `--target '${t}'`).join(" ")}`
                        : `pulumi refresh -s ${stack}`,
                );
                if (deps.dryRun) {
                    rec.diff = step.reads
                        ? `offline: the refresh is taken to read back ${step.reads.join(", ")} of the targets, as the scenario says the cloud changed them; nothing else`
                        : "offline: a refresh reads the cloud's state into the stack's; nothing to predict";
                }
                await stackOps.refresh({ targets, reads: step.reads });
                rec.expectations.push(
                    ...checkOutputs(
                        resolveRefs(step.expect.outputs, refs, `${where}.expect.outputs`),
                        await stackOps.outputs(),
                    ),
                );
                return;
            }
            case "delete-pods": {
                const w = await workload(resolveRefs(step.region, refs, `${where}.region`), step.deployment);
                rec.plan.push(
                    `delete every pod of Deployment ${w.namespace}/${w.deployment} (${w.selector}) in ${w.region}`,
                );
                if (deps.dryRun) return;
                cluster ??= await deps.cluster!();
                cellTouched = true;
                const n = await cluster.deletePods(w);
                rec.plan.push(`deleted ${n} pod(s)`);
                return;
            }
            case "wait-capacity": {
                const w = await workload(resolveRefs(step.region, refs, `${where}.region`), step.deployment);
                rec.plan.push(
                    `wait until Deployment ${w.namespace}/${w.deployment} in ${w.region} has ≥ ${w.minReplicas} available and HPA ${w.hpa} counts ≥ ${w.minReplicas}`,
                );
                if (deps.dryRun) return;
                cluster ??= await deps.cluster!();
                const deadline = rec.startedAt + step.budgetSeconds * 1000;
                for (;;) {
                    const c = await cluster.capacity(w);
                    if (atMinimum(c)) {
                        rec.plan.push(
                            `back at minimum after ${((Date.now() - rec.startedAt) / 1000).toFixed(1)} s: ${c.available} available, HPA ${c.hpaCurrent} (min ${c.hpaMin})`,
                        );
                        return;
                    }
                    if (Date.now() >= deadline)
                        throw new DrillError(
                            `not back at minimum within ${step.budgetSeconds} s: ${c.available} available, HPA ${c.hpaCurrent} (min ${c.hpaMin})`,
                        );
                    await sleep(deps.pollMs ?? 5000, deps.signal);
                }
            }
            case "wait": {
                rec.plan.push(`wait ${step.seconds} s`);
                if (!deps.dryRun) await sleep(step.seconds * 1000, deps.signal);
                return;
            }
        }
    }

    try {
        for (const [i, step] of scenario.steps.entries()) {
            const where = `steps[${i}] (${step.id})`;
            const rec: StepRecord = {
                id: step.id,
                do: step.do,
                why: step.why,
                budgetSeconds: step.budgetSeconds,
                startedAt: Date.now(),
                endedAt: 0,
                plan: [],
                expectations: [],
                outcome: "pass",
            };
            run.steps.push(rec);
            log(`[${i + 1}/${scenario.steps.length}] ${step.id} (${step.do}, budget ${step.budgetSeconds} s)`);
            try {
                if (deps.signal?.aborted) throw new Aborted("interrupted");
                await runStep(step, rec, where);
            } catch (e) {
                rec.outcome = "error";
                const known = e instanceof DrillError || e instanceof ScenarioError || e instanceof ConfigError;
                rec.error =
                    e instanceof Aborted || deps.signal?.aborted
                        ? "interrupted"
                        : known
                          ? e.message
                          : `${(e as Error).name}: ${(e as Error).message}`;
            } finally {
                rec.endedAt = Date.now();
            }
            rec.expectations.push(
                checkBudget(step.budgetSeconds, deps.dryRun ? undefined : rec.endedAt - rec.startedAt),
            );
            if (rec.outcome !== "error" && rec.expectations.some((e) => e.result === "fail")) rec.outcome = "fail";
            for (const line of rec.plan) log(`    ${line}`);
            if (rec.diff) log(rec.diff.replace(/^/gm, "    "));
            if (rec.policy) log(`    policy pack: ${rec.policy.mandatory} mandatory, ${rec.policy.advisory} advisory`);
            if (rec.error) log(`    ERROR: ${rec.error}`);
            if (rec.outcome === "error") {
                run.outcome = deps.signal?.aborted ? "aborted" : "fail";
                for (const rest of scenario.steps.slice(i + 1)) {
                    run.steps.push({
                        id: rest.id,
                        do: rest.do,
                        why: rest.why,
                        budgetSeconds: rest.budgetSeconds,
                        startedAt: rec.endedAt,
                        endedAt: rec.endedAt,
                        plan: [],
                        expectations: [],
                        outcome: "skipped",
                    });
                }
                break;
            }
        }
    } finally {
        deps.signal?.removeEventListener("abort", onAbort);
        await restore();
        if (probe) {
            probe.stop();
            run.probe = await probe.done;
            for (const [i, rec] of run.steps.entries()) {
                const step = defined(scenario.steps[i], `step ${i + 1}`);
                if (rec.outcome === "skipped") continue;
                rec.expectations.push(
                    ...checkProbe(step.expect.probe, probeDuring(run.probe, rec.startedAt, rec.endedAt)),
                );
                if (rec.outcome === "pass" && rec.expectations.some((e) => e.result === "fail")) rec.outcome = "fail";
            }
        } else {
            for (const [i, rec] of run.steps.entries())
                if (rec.outcome !== "skipped")
                    rec.expectations.push(
                        ...checkProbe(defined(scenario.steps[i], `step ${i + 1}`).expect.probe, undefined),
                    );
        }
        if (!deps.dryRun) await rpoOfMoves();
        if (run.outcome === "pass" && run.steps.some((s) => s.outcome !== "pass")) run.outcome = "fail";
        if (run.outcome === "pass" && deps.dryRun) run.outcome = "rehearsal plan";
        run.endedAt = Date.now();
    }
    return run;

    /** Each move's RPO, as its step's expectation: over the target fails the step. */
    async function rpoOfMoves(): Promise<void> {
        const last = Math.max(...moves.map((m) => m.at));
        // The sample before the last move may not be visible yet: wait until it is, unless the
        // drill lead interrupted the run (then what is visible is read at once).
        const wait = last + visibleAfterMs - Date.now();
        if (moves.length > 0 && deps.replicationLag && wait > 0 && !deps.signal?.aborted) {
            log(`RPO: waiting ${Math.ceil(wait / 1000)} s for Cloud Monitoring to show the replica lag`);
            await sleep(wait, deps.signal).catch(() => undefined);
        }
        run.rpo = await measureRpo(moves, {
            source: deps.replicationLag,
            project: startConfig.project,
            outputs: () => stackOps.outputs(),
            targetSeconds: scenario.targets.rpoSeconds,
        });
        for (const r of run.rpo) {
            const rec = run.steps.find((s) => s.id === r.step);
            if (!rec) continue;
            rec.expectations.push(rpoExpectation(r, scenario.targets.rpoSeconds));
            if (rec.outcome === "pass" && r.verdict === "MISSED") rec.outcome = "fail";
        }
    }

    async function restore(): Promise<void> {
        const endMap = store.config();
        const endConfig = resolveConfig({ stack, stackConfig: endMap }).config;
        const fileChanged = store.restore();
        if (deps.dryRun) {
            run.restore.push(`dry run: Pulumi.${stack}.yaml was not written`);
            const left = diffInventories(await deps.planOf(store.config()), await deps.planOf(endMap)).changes.length;
            run.restore.push(
                left === 0
                    ? "the scenario ends at the starting config: nothing left to restore"
                    : `the scenario ends ${left} resource change(s) away from the starting config; a live run restores them with a full up`,
            );
            return;
        }
        run.restore.push(
            fileChanged ? `Pulumi.${stack}.yaml: starting text written back` : `Pulumi.${stack}.yaml: unchanged`,
        );
        // The same resources declared at the end as at the start: the cell is where it began.
        const sameCell =
            isDeepStrictEqual(endConfig, startConfig) ||
            diffInventories(await deps.planOf(store.config()), await deps.planOf(endMap)).changes.length === 0;
        if (!cellTouched) {
            run.restore.push("cell: not touched");
        } else if (run.outcome === "pass" && sameCell) {
            run.restore.push("cell: already at the starting config");
        } else {
            // A cancelled or failed update may have left the state behind the cloud: read it first.
            log("restore: refresh, then a full up with the starting config");
            try {
                await stackOps.refresh({});
                await stackOps.up({});
                run.restore.push("cell: refreshed, then brought back to the starting config with a full up");
            } catch (e) {
                run.restore.push(
                    `cell: RESTORE FAILED (${(e as Error).message}); run \`pulumi refresh -s ${stack} && pulumi up -s ${stack}\` by hand`,
                );
                run.outcome = "fail";
            }
        }
    }
}

/**
 * The promotion command with the instance's deployed name. The offline plan cannot know the random
 * suffix a drill cell gives its instances (infra/lifecycle.ts `nameSuffixBytes`), so a live drill
 * takes the name from the stack output `database.instances` of the region; a name the plan guessed
 * is never promoted.
 */
export async function deployedPromotion(
    op: Extract<ResolvedOp, { do: "promote-replica" }>,
    stackOps: Pick<StackOps, "outputs">,
    log: (line: string) => void,
): Promise<string> {
    const key = `database.instances.${op.region}`;
    const deployed = outputAt(await stackOps.outputs(), key);
    if (typeof deployed !== "string" || !/^[a-z][a-z0-9-]*$/.test(deployed))
        throw new DrillError(
            `the stack output ${key} names no instance (${JSON.stringify(deployed ?? null)}); not promoting ${op.instance}, the name the offline plan gives`,
        );
    if (deployed === op.instance) return op.command;
    log(`the cell names the instance ${deployed} (stack output ${key}); the offline plan says ${op.instance}`);
    return promoteReplicaCommand(deployed, op.project);
}
