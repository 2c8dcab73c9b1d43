/**
 * The drill runner in live mode with doubles: a recording StackOps (offline predictions, every call
 * logged with the stack file's text at that moment), a fake cluster, and the probe against a
 * loopback cell. The stack file is a scratch copy of drill-eu's; each test checks it ends with its
 * starting bytes, and that a failed or interrupted drill brings the cell back with a full up.
 */
import { defined } from "../../../../core/defined";
import * as assert from "assert";
import { fork } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    OfflineStackOps,
    type DrillChange,
    type StackOps,
    type RefreshOptions,
    type TargetOptions,
} from "../../../../tools/lib/drill/stackOps";
import type { Capacity, ClusterOps, WorkloadRef } from "../../../../tools/lib/drill/cluster";
import { planner } from "../../../../tools/lib/drill/planner";
import { runDrill, type DrillDeps } from "../../../../tools/lib/drill/run";
import { loadScenario, parseScenario, type Scenario } from "../../../../tools/lib/drill/scenario";
import { FileStore } from "../../../../tools/lib/drill/store";
import { writeReport } from "../../../../tools/lib/drill/report/write";
import { startProbeProcess } from "../../../../tools/lib/probe/child";
import { projectRoot } from "../../../../tools/lib/stackConfig";
import { LoopbackCell } from "../../../support/loopback";

const stack = "drill-eu";
const original = fs.readFileSync(path.join(projectRoot, `Pulumi.${stack}.yaml`), "utf8");
const dbUrn = (name: string) =>
    `urn:pulumi:drill-eu::voice-agent::voice-agent:database:Database$gcp:sql/databaseInstance:DatabaseInstance::${name}`;
const lbUrn =
    "urn:pulumi:drill-eu::voice-agent::voice-agent:loadBalancer:LoadBalancer$gcp:compute/backendService:BackendService::voice-drilleu-lb-backend";

interface Call {
    op: string;
    targets?: string[];
    /** The stack file when the call was made. */
    text: string;
}

/** Offline predictions, every call recorded; `failAt` makes the n-th up throw, `blockAt` makes it hang until cancelled. */
class RecordingStackOps implements StackOps {
    readonly calls: Call[] = [];
    private ups = 0;
    cancelled = 0;
    private release?: (e: Error) => void;
    constructor(
        readonly inner: OfflineStackOps,
        private readonly file: string,
        private readonly opts: { failAt?: number; blockAt?: number; onBlock?: () => void; skipRefresh?: boolean } = {},
    ) {}
    private record(op: string, o: TargetOptions) {
        this.calls.push({ op, ...(o.targets ? { targets: o.targets } : {}), text: fs.readFileSync(this.file, "utf8") });
    }
    preview(o: TargetOptions) {
        this.record("preview", o);
        return this.inner.preview(o);
    }
    async up(o: TargetOptions): Promise<DrillChange[]> {
        this.record("up", o);
        this.ups++;
        if (this.ups === this.opts.failAt) throw new Error("googleapi: Error 409: operation in progress");
        if (this.ups === this.opts.blockAt) {
            this.opts.onBlock?.();
            await new Promise<never>((_, reject) => (this.release = reject));
        }
        return this.inner.up(o);
    }
    refresh(o: RefreshOptions) {
        this.record("refresh", o);
        // A refresh that reads nothing back: the state keeps what the updates wrote.
        if (this.opts.skipRefresh && o.declared) return Promise.resolve();
        return this.inner.refresh(o);
    }
    outputs() {
        return this.inner.outputs();
    }
    async imperative(command: string) {
        this.calls.push({ op: `imperative ${command}`, text: fs.readFileSync(this.file, "utf8") });
    }
    async cancel() {
        this.cancelled++;
        this.release?.(new Error("update canceled"));
    }
}

class FakeCluster implements ClusterOps {
    deleted: WorkloadRef[] = [];
    polls = 0;
    constructor(private readonly readings: Capacity[]) {}
    async deletePods(w: WorkloadRef) {
        this.deleted.push(w);
        return 3;
    }
    async capacity() {
        return defined(this.readings[Math.min(this.polls++, this.readings.length - 1)], "a capacity reading");
    }
}

const fastSleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(new Error("interrupted"));
        setTimeout(resolve, Math.min(ms, 300));
    });

describe("drill runner (live mode, doubles)", function () {
    this.timeout(300_000);
    let dir: string;
    let file: string;
    const planOf = planner(stack);

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "drill-run-"));
        file = path.join(dir, `Pulumi.${stack}.yaml`);
        fs.writeFileSync(file, original);
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    async function live(
        scenario: Scenario,
        stackOpsOptions: ConstructorParameters<typeof RecordingStackOps>[2] = {},
        extra: Partial<DrillDeps> = {},
    ) {
        const store = new FileStore(file);
        const offline = new OfflineStackOps(() => planOf(store.config()));
        await offline.start();
        const stackOps = new RecordingStackOps(offline, file, stackOpsOptions);
        const run = await runDrill({
            stack,
            scenario,
            dryRun: false,
            stackOps,
            store,
            planOf,
            sleep: fastSleep,
            pollMs: 1,
            ...extra,
        });
        return { run, stackOps };
    }

    it("region-failover: every phase in order with its targets, the probe measuring, the file back to its bytes, no restore up needed", async () => {
        // The stand-in cell runs in a process of its own: this one is busy planning between steps.
        const server = fork(require.resolve("../../../support/loopbackServer"), [], {
            execArgv: ["-r", "ts-node/register/transpile-only"],
            stdio: ["ignore", "ignore", "inherit", "ipc"],
        });
        const cell = new LoopbackCell();
        cell.port = await new Promise<number>((resolve) =>
            server.once("message", (m: { port: number }) => resolve(m.port)),
        );
        let urls: { url: string; ws?: string } | undefined;
        let probeSeconds = 0;
        try {
            const { run, stackOps } = await live(
                loadScenario("region-failover"),
                {},
                {
                    probe: (u, seconds) => {
                        urls = u;
                        probeSeconds = seconds;
                        return startProbeProcess({
                            url: cell.httpUrl,
                            ws: cell.wsUrl,
                            sessions: 2,
                            rate: 20,
                            durationSeconds: 120,
                        });
                    },
                },
            );
            assert.deepStrictEqual(urls, {
                url: "https://voice.drill-eu.edentist.ai/healthz",
                ws: "wss://voice.drill-eu.edentist.ai/session",
            });
            // The steps' budgets and the restore's 1800 s.
            assert.strictEqual(
                probeSeconds,
                900 + 1800 + 1800 + 300 + 1800 + 150 + 1800 + 300 + 1800 + 900 + 360 + 900 + 360 + 1800 + 1800,
            );
            assert.deepStrictEqual(
                stackOps.calls.map((c) => [c.op, c.targets ?? []]),
                [
                    ["preview", [lbUrn]],
                    ["up", [lbUrn]],
                    ["preview", []],
                    ["up", []],
                    ["preview", [dbUrn("voice-db-europe-west4")]],
                    ["up", [dbUrn("voice-db-europe-west4")]],
                    ["refresh", [dbUrn("voice-db-europe-west4"), dbUrn("voice-db-europe-west1")]],
                    ["preview", []],
                    ["up", []],
                    ["preview", [dbUrn("voice-db-europe-west1")]],
                    ["up", [dbUrn("voice-db-europe-west1")]],
                    ["refresh", [dbUrn("voice-db-europe-west1"), dbUrn("voice-db-europe-west4")]],
                    ["preview", []],
                    ["up", []],
                    ["preview", [lbUrn]],
                    ["up", [lbUrn]],
                    [
                        `imperative gcloud compute backend-services get-health voice-lb --global --project edentist-voice-sandbox`,
                        [],
                    ],
                    ["preview", [lbUrn]],
                    ["up", [lbUrn]],
                    [
                        `imperative gcloud compute backend-services get-health voice-lb --global --project edentist-voice-sandbox`,
                        [],
                    ],
                    ["preview", []],
                    ["up", []],
                ],
            );
            // What the stack file said at each phase: drained, switched, and back.
            const says = (c: Call) => [
                /forcedFailover: (\w+)/.exec(c.text)?.[1] ?? "-",
                /primaryRegion: (europe-west\d)\n(?![\s\S]*voiceDbRegion)/.exec(
                    c.text.split("voice-agent:database:")[1] ?? "",
                )?.[1] ?? "-",
            ];
            const restoring = (c: Call) => /restoreCapacity:\n\s+europe-west1: ([\d.]+)/.exec(c.text)?.[1] ?? "-";
            assert.deepStrictEqual(
                stackOps.calls.filter((c) => c.op === "up").map((c) => [...says(c), restoring(c)]),
                [
                    ["true", "-", "-"],
                    ["true", "-", "-"],
                    ["true", "europe-west4", "-"],
                    ["true", "europe-west4", "-"],
                    // Back where the cell was created: the key is removed, not set to its default.
                    ["true", "-", "-"],
                    ["true", "-", "-"],
                    ["-", "-", "0.1"],
                    ["-", "-", "0.5"],
                    ["-", "-", "-"],
                ],
            );
            assert.strictEqual(
                run.outcome,
                "pass",
                JSON.stringify(
                    run.steps.filter((s) => s.outcome !== "pass"),
                    null,
                    1,
                ),
            );
            assert.strictEqual(fs.readFileSync(file, "utf8"), original);
            assert.deepStrictEqual(run.restore, [
                `Pulumi.${stack}.yaml: unchanged`,
                "cell: already at the starting config",
            ]);
            const hold = run.steps.find((s) => s.id === "hold-failed-over")!;
            assert.deepStrictEqual(
                hold.expectations.map((e) => [e.what, e.result]),
                [
                    ["time budget", "pass"],
                    ["probe availability", "pass"],
                    ["probe longest error window", "pass"],
                    ["probe sessions dropped or never opened", "pass"],
                ],
            );
            assert.ok(run.probe && run.probe.report.requests > 0 && run.probe.report.failures === 0);
            assert.deepStrictEqual(run.probe.report.sessions, { opened: 2, dropped: 0, failed: 0 });

            // The live report: the probe's timeline as the chart, its figures, per-step probe figures in the JSON.
            const reports = path.join(dir, "reports");
            const files = await writeReport(run, reports);
            const md = fs.readFileSync(files.markdown, "utf8");
            assert.ok(md.includes("- Kind: live: Pulumi Automation API on the drill cell, measured by the probe"));
            assert.ok(md.includes(`![probe timeline](${path.basename(files.svg)})`));
            assert.ok(
                md.includes(`\n## Probe\n\n${run.probe.report.requests} requests, 0 failed: availability 100.00%`),
            );
            const svg = fs.readFileSync(files.svg, "utf8");
            assert.ok(
                svg.startsWith("<svg") &&
                    svg.includes("region-failover on drill-eu: probe timeline") &&
                    svg.includes("health request latency (ms)"),
            );
            const json = JSON.parse(fs.readFileSync(files.json, "utf8"));
            assert.deepStrictEqual(Object.keys(json.probe), ["startedAt", "endedAt", "report", "byStep"]);
            assert.strictEqual(json.probe.byStep["hold-failed-over"].failures, 0);
            assert.ok(
                fs
                    .readFileSync(files.index, "utf8")
                    .includes("| drill-eu | region-failover | pass | 14/14 | 100.00% | 0 ms | 300 s |"),
            );
            // What a drill lead signs: recovery against the targets, the abort criteria, observations, action items.
            assert.ok(
                md.includes(
                    "\n## Recovery\n\n- RTO: target ≤ 300 s; measured 0 s (the probe's longest error window): met\n- RPO: target ≤ 60 s of writes; not measured by the probe",
                ),
                md,
            );
            assert.ok(
                md.includes(
                    "| a preview differs from what remediate predicts: the phase is not applied, the drill stops and restores | no |",
                ),
                md,
            );
            assert.ok(
                md.includes("| the drill lead interrupts (Ctrl-C): the update is cancelled, the drill restores | no |"),
                md,
            );
            assert.ok(md.includes("\n## Observations\n\n- the probe: "), md);
            assert.ok(
                md.includes("\n## Action items\n\n- none from the measurements; add the drill lead's own below\n"),
                md,
            );
            assert.ok(md.includes("\n## Sign-off\n"), md);
            // Healthy steps are green in the chart, whole step names appear.
            assert.ok(svg.includes("#2e7d32") && !svg.includes("#c62828"), "no status red on a passing run");
            assert.ok(svg.includes("complete-switchback"), "whole labels");
            // A dry run of the same day does not replace the live record.
            await assert.rejects(writeReport({ ...run, dryRun: true, probe: undefined }, reports), {
                message: `${files.json} records a live drill of the same day; a dry run does not replace it (use --report-dir)`,
            });
        } finally {
            server.kill();
        }
    });

    it("a failing step: the rest is skipped, the file gets its bytes back, the cell is refreshed and brought back with a full up of the starting config", async () => {
        const { run, stackOps } = await live(loadScenario("region-failover"), { failAt: 2 });
        assert.strictEqual(run.outcome, "fail");
        assert.deepStrictEqual(
            run.steps.map((s) => s.outcome),
            ["pass", "error", ...Array<string>(12).fill("skipped")],
        );
        assert.strictEqual(run.steps[1]?.error, "Error: googleapi: Error 409: operation in progress");
        const tail = stackOps.calls.slice(-2);
        assert.deepStrictEqual(
            tail.map((c) => [c.op, c.targets ?? []]),
            [
                ["refresh", []],
                ["up", []],
            ],
        );
        assert.strictEqual(tail[1]?.text, original, "the restoring up runs with the starting stack file");
        assert.strictEqual(fs.readFileSync(file, "utf8"), original);
        assert.deepStrictEqual(run.restore, [
            `Pulumi.${stack}.yaml: starting text written back`,
            "cell: refreshed, then brought back to the starting config with a full up",
        ]);
    });

    it("interrupted (Ctrl-C) during an up: the update is cancelled, the file restored, the cell brought back", async () => {
        const controller = new AbortController();
        const { run, stackOps } = await live(
            loadScenario("cache-outage"),
            { blockAt: 2, onBlock: () => setTimeout(() => controller.abort(), 50) },
            { signal: controller.signal },
        );
        assert.strictEqual(stackOps.cancelled, 1);
        assert.strictEqual(run.outcome, "aborted");
        assert.deepStrictEqual(
            run.steps.map((s) => `${s.id}:${s.outcome}`),
            ["disable-cache:pass", "run-stateless:pass", "restore-cache:error"],
        );
        assert.strictEqual(run.steps[2]?.error, "interrupted");
        assert.deepStrictEqual(
            stackOps.calls.slice(-2).map((c) => [c.op, c.text === original]),
            [
                ["refresh", true],
                ["up", true],
            ],
        );
        assert.strictEqual(fs.readFileSync(file, "utf8"), original);
    });

    it("interrupted during a wait: no further step, and the drained cell is restored", async () => {
        const controller = new AbortController();
        const scenario = loadScenario("region-failover");
        const sleepUntilAborted = (_ms: number, signal?: AbortSignal) =>
            new Promise<void>((_, reject) => {
                setTimeout(() => controller.abort(), 20);
                signal?.addEventListener("abort", () => reject(new Error("interrupted")), { once: true });
            });
        const { run, stackOps } = await live(scenario, {}, { signal: controller.signal, sleep: sleepUntilAborted });
        assert.strictEqual(run.outcome, "aborted");
        assert.strictEqual(run.steps.find((s) => s.outcome === "error")!.id, "hold-failed-over");
        assert.deepStrictEqual(
            stackOps.calls.slice(-2).map((c) => [c.op, c.text === original]),
            [
                ["refresh", true],
                ["up", true],
            ],
        );
        assert.strictEqual(fs.readFileSync(file, "utf8"), original);
    });

    it("a preview that is not what the scenario expects is not applied", async () => {
        const scenario = parseScenario(
            `name: t
runbook: Region Failure
description: d
steps:
  - { id: raise, do: set, why: w, values: { regions.europe-west1.workload.minReplicas: 4 }, budgetSeconds: 5 }
  - id: apply
    do: up
    why: w
    budgetSeconds: 60
    expect:
      diff: { update: 2 }
`,
            "t.yaml",
        );
        const { run, stackOps } = await live(scenario);
        assert.deepStrictEqual(
            stackOps.calls.map((c) => c.op),
            ["preview"],
        );
        assert.strictEqual(run.steps[1]?.error, "the preview is not what the scenario expects; not applied");
        assert.deepStrictEqual(run.steps[1]?.expectations[0], {
            what: "diff: update",
            expected: "2",
            actual: "1",
            result: "fail",
        });
        assert.deepStrictEqual(run.restore, [`Pulumi.${stack}.yaml: starting text written back`, "cell: not touched"]);
        assert.strictEqual(fs.readFileSync(file, "utf8"), original);
    });

    it("without the refresh reading the switchover back, the full up would replace the old primary: refused at the preview", async () => {
        const { run, stackOps } = await live(loadScenario("region-failover"), { skipRefresh: true });
        const step = run.steps.find((s) => s.id === "complete-switchover")!;
        assert.strictEqual(step.error, "the preview is not what remediate predicts; not applied");
        assert.ok(
            step.diff!.includes(
                "+- replace gcp:sql/databaseInstance:DatabaseInstance voice-db-europe-west1 (delete-before-replace, because masterInstanceName)  !! STATEFUL RESOURCE",
            ),
            step.diff,
        );
        assert.deepStrictEqual(
            step.expectations.filter((e) => e.result === "fail").map((e) => [e.what, e.expected, e.actual]),
            [
                ["diff: create (as remediate predicts)", "0", "0"],
                ["diff: update (as remediate predicts)", "3", "3"],
                // The old primary, and the database and IAM user its delete-first replacement takes with it.
                ["diff: replace (as remediate predicts)", "0", "3"],
                ["diff: stateful (as remediate predicts)", "0", "3"],
                [
                    "keeps every gcp:sql/databaseInstance:DatabaseInstance",
                    "no create, delete or replace",
                    "replace voice-db-europe-west1",
                ],
            ].filter(([, expected, actual]) => expected !== actual),
        );
        // Not applied: the last up before the restore is phase 1's targeted one.
        assert.deepStrictEqual(
            stackOps.calls.slice(-4).map((c) => [c.op, (c.targets ?? []).length]),
            [
                ["refresh", 2],
                ["preview", 0],
                ["refresh", 0],
                ["up", 0],
            ],
        );
        assert.strictEqual(fs.readFileSync(file, "utf8"), original);
    });

    it("pod-crash: deletes the primary region's voice-agent pods and polls until the Deployment and HPA are back at minimum", async () => {
        const cluster = new FakeCluster([
            { available: 0, hpaCurrent: 3, hpaMin: 3 },
            { available: 2, hpaCurrent: 3, hpaMin: 3 },
            { available: 3, hpaCurrent: 3, hpaMin: 3 },
        ]);
        const { run, stackOps } = await live(loadScenario("pod-crash"), {}, { cluster: async () => cluster });
        assert.strictEqual(run.outcome, "pass");
        assert.deepStrictEqual(cluster.deleted, [
            {
                region: "europe-west1",
                namespace: "voice-agent",
                deployment: "voice-agent",
                hpa: "voice-agent",
                selector: "app.kubernetes.io/component=realtime,app.kubernetes.io/name=voice-agent",
                minReplicas: 3,
            },
        ]);
        assert.strictEqual(cluster.polls, 3);
        assert.deepStrictEqual(run.steps[0]?.plan, [
            "delete every pod of Deployment voice-agent/voice-agent (app.kubernetes.io/component=realtime,app.kubernetes.io/name=voice-agent) in europe-west1",
            "deleted 3 pod(s)",
        ]);
        assert.match(run.steps[1]?.plan[1] ?? "", /^back at minimum after \d+\.\d s: 3 available, HPA 3 \(min 3\)$/);
        assert.deepStrictEqual(stackOps.calls, []);
        assert.deepStrictEqual(run.restore, [
            `Pulumi.${stack}.yaml: unchanged`,
            "cell: already at the starting config",
        ]);
    });

    it("pod-crash: not back at minimum within the budget fails the step", async () => {
        const scenario = loadScenario("pod-crash");
        const quick = {
            ...scenario,
            steps: scenario.steps.map((s) => (s.id === "back-to-minimum" ? { ...s, budgetSeconds: 1 } : s)),
        };
        const cluster = new FakeCluster([{ available: 1, hpaCurrent: 3, hpaMin: 3 }]);
        const { run } = await live(quick, {}, { cluster: async () => cluster, pollMs: 100 });
        assert.strictEqual(run.outcome, "fail");
        assert.strictEqual(run.steps[1]?.error, "not back at minimum within 1 s: 1 available, HPA 3 (min 3)");
        assert.ok(cluster.polls >= 5 && cluster.polls <= 15, String(cluster.polls));
    });
});
