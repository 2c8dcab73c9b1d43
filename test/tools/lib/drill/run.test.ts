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
import * as http from "http";
import type { AddressInfo } from "net";
import {
    gcloudAccessToken,
    MonitoringLagSource,
    type ReplicationLagSource,
} from "../../../../tools/lib/drill/replicationLag";

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

/**
 * A stub of Cloud Monitoring's timeSeries.list on 127.0.0.1: for each query, the lag `lagOf`
 * gives the instance, sampled 30 s before the window's end (and a sample after it, which must not
 * count), newest first as the API answers. `answer` replaces the whole answer (an error).
 */
async function stubMonitoring(
    lagOf: (instance: string) => number,
    answer?: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<{ base: string; close: () => Promise<void> }> {
    const server = http.createServer((req, res) => {
        if (answer) return answer(req, res);
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const instance = /database_id = "[^:]+:([^"]+)"/.exec(url.searchParams.get("filter") ?? "")?.[1] ?? "";
        const end = Date.parse(url.searchParams.get("interval.endTime") ?? "");
        const point = (t: number, v: number) => ({
            interval: { startTime: new Date(t).toISOString(), endTime: new Date(t).toISOString() },
            value: { doubleValue: v },
        });
        res.writeHead(200, { "content-type": "application/json" }).end(
            JSON.stringify({
                timeSeries: [
                    {
                        metric: { type: "cloudsql.googleapis.com/database/replication/replica_lag" },
                        resource: { type: "cloudsql_database", labels: { database_id: `x:${instance}` } },
                        metricKind: "GAUGE",
                        valueType: "DOUBLE",
                        points: [point(end + 30_000, 999), point(end - 30_000, lagOf(instance))],
                    },
                ],
                unit: "s",
            }),
        );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
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
        const offline = new OfflineStackOps((unknownAtPreview) => planOf(store.config(), unknownAtPreview));
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
        const monitoring = await stubMonitoring(() => 0.4);
        try {
            const { run, stackOps } = await live(
                loadScenario("region-failover"),
                {},
                {
                    replicationLag: new MonitoringLagSource({
                        accessToken: async () => "ya29.stub",
                        baseUrl: monitoring.base,
                    }),
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
                    .includes("| drill-eu | region-failover | pass | 14/14 | 100.00% | 0 ms | 300 s | 60 s | 0.4 s |"),
            );
            // RPO at each switchover: the lag of the instance taking the role, sampled before the switch began.
            const moves = run.rpo ?? [];
            assert.deepStrictEqual(
                moves.map((m) => [m.step, m.kind, m.region, m.instance, m.lagSeconds, m.verdict]),
                [
                    ["promote-new-primary", "switchover", "europe-west4", "voice-db-europe-west4-f159de63", 0.4, "met"],
                    ["promote-old-primary", "switchover", "europe-west1", "voice-db-f159de63", 0.4, "met"],
                ],
            );
            const switched = run.steps.find((s) => s.id === "promote-new-primary")!;
            assert.ok(
                moves[0]!.at >= switched.startedAt && moves[0]!.at <= switched.endedAt,
                "the move is timed within its step",
            );
            assert.deepStrictEqual(switched.expectations.at(-1), {
                what: "RPO (replica lag of the new primary when the switchover began)",
                expected: "≤ 60 s",
                actual: "0.4 s",
                result: "pass",
            });
            const iso = (t: number) => new Date(t).toISOString();
            // What a drill lead signs: recovery against the targets, the abort criteria, observations, action items.
            assert.ok(
                md.includes(
                    "\n## Recovery\n\n- RTO: target ≤ 300 s; measured 0 s (the probe's longest error window): met\n" +
                        moves
                            .map(
                                (m) =>
                                    `- RPO: target ≤ 60 s of writes; measured 0.4 s (replica lag of ${m.instance} at ${iso(m.at - 30_000)} when ${m.step} (db-switchover switch) began at ${iso(m.at)}, Cloud Monitoring cloudsql.googleapis.com/database/replication/replica_lag): met\n`,
                            )
                            .join(""),
                ),
                md,
            );
            assert.ok(
                md.includes(
                    "| a failover loses more writes than the RPO target (60 s of replica lag when the new primary took over) | no |",
                ),
                md,
            );
            assert.deepStrictEqual(
                json.rpo.map((m: { step: string; lagSeconds: number }) => [m.step, m.lagSeconds]),
                [
                    ["promote-new-primary", 0.4],
                    ["promote-old-primary", 0.4],
                ],
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
            await monitoring.close();
        }
    });

    it("region-loss: RPO over the target at the promotion fails its step and fires the abort criterion; the switch back is met", async () => {
        const monitoring = await stubMonitoring((instance) => (instance === "voice-db-europe-west4-f159de63" ? 75 : 0));
        const lines: string[] = [];
        try {
            const { run, stackOps } = await live(
                loadScenario("region-loss"),
                {},
                {
                    log: (l) => lines.push(l),
                    replicationLag: new MonitoringLagSource({
                        accessToken: async () => "ya29.stub",
                        baseUrl: monitoring.base,
                    }),
                },
            );
            assert.strictEqual(
                stackOps.calls.filter((c) => c.op.startsWith("imperative"))[0]?.op,
                "imperative gcloud sql instances promote-replica voice-db-europe-west4-f159de63 --failover --project edentist-voice-sandbox",
            );
            assert.deepStrictEqual(
                run.steps.map((s) => `${s.id}:${s.outcome}`),
                [
                    "promote-replica:fail",
                    "config-and-refresh:pass",
                    "up-without-lost:pass",
                    "read-back-lost:pass",
                    "hold-promoted:pass",
                    "switch-back:pass",
                    "refresh-back:pass",
                    "complete-back:pass",
                ],
            );
            assert.strictEqual(run.outcome, "fail");
            assert.deepStrictEqual(run.restore, [
                `Pulumi.${stack}.yaml: unchanged`,
                "cell: already at the starting config",
            ]);
            const [promoted, back] = run.rpo ?? [];
            assert.deepStrictEqual(
                [promoted?.kind, promoted?.instance, promoted?.lagSeconds, promoted?.verdict],
                ["promotion", "voice-db-europe-west4-f159de63", 75, "MISSED"],
            );
            assert.deepStrictEqual(
                [back?.kind, back?.instance, back?.lagSeconds, back?.verdict],
                ["switchover", "voice-db-f159de63", 0, "met"],
            );
            assert.ok(lines.some((l) => /^RPO: waiting \d+ s for Cloud Monitoring to show the replica lag$/.test(l)));

            const files = await writeReport(run, path.join(dir, "reports"));
            const md = fs.readFileSync(files.markdown, "utf8");
            const iso = (t: number) => new Date(t).toISOString();
            const metric = "Cloud Monitoring cloudsql.googleapis.com/database/replication/replica_lag";
            assert.ok(
                md.includes(
                    "\n- RTO: target ≤ 300 s; measured n/a (no probe): not measured\n" +
                        `- RPO: target ≤ 60 s of writes; measured 75 s (replica lag of voice-db-europe-west4-f159de63 at ${iso(promoted!.at - 30_000)} when promote-replica (db-promote-replica promote) began at ${iso(promoted!.at)}, ${metric}): MISSED\n` +
                        `- RPO: target ≤ 60 s of writes; measured 0 s (replica lag of voice-db-f159de63 at ${iso(back!.at - 30_000)} when switch-back (db-switchover switch) began at ${iso(back!.at)}, ${metric}): met\n`,
                ),
                md,
            );
            assert.ok(
                md.includes(
                    "| a failover loses more writes than the RPO target (60 s of replica lag when the new primary took over) | yes: promote-replica: 75 s of replica lag on voice-db-europe-west4-f159de63 |",
                ),
                md,
            );
            assert.ok(
                md.includes("| RPO (replica lag of the new primary when the promotion began) | ≤ 60 s | 75 s | fail |"),
                md,
            );
            assert.ok(
                md.includes(
                    "- promote-replica: RPO (replica lag of the new primary when the promotion began) expected ≤ 60 s, measured 75 s\n",
                ),
                md,
            );
            assert.ok(
                md.includes(
                    "- [ ] promote-replica: find why RPO (replica lag of the new primary when the promotion began) was 75 s (expected ≤ 60 s) and fix it or the expectation, with a reason\n",
                ),
                md,
            );
            assert.ok(
                fs
                    .readFileSync(files.index, "utf8")
                    .includes("| drill-eu | region-loss | fail | 7/8 | n/a | n/a | 300 s | 60 s | 75 s |"),
            );
        } finally {
            await monitoring.close();
        }
    });

    it("RPO not measurable (Monitoring refuses the token, or no gcloud): the drill runs, the report says why, no token anywhere", async () => {
        const secret = "ya29.a0-secret-drill-token";
        const monitoring = await stubMonitoring(
            () => 0,
            (req, res) =>
                res.writeHead(401, { "content-type": "application/json" }).end(
                    JSON.stringify({
                        error: {
                            code: 401,
                            message: `Request had invalid authentication credentials: ${req.headers.authorization}`,
                            status: "UNAUTHENTICATED",
                        },
                    }),
                ),
        );
        const noGcloud: ReplicationLagSource = new MonitoringLagSource({
            accessToken: () => gcloudAccessToken({ PATH: path.join(dir, "no-tools"), HOME: dir }),
            baseUrl: monitoring.base,
        });
        try {
            for (const [source, reason] of [
                [
                    new MonitoringLagSource({ accessToken: async () => secret, baseUrl: monitoring.base }),
                    "Cloud Monitoring answered HTTP 401 (UNAUTHENTICATED: Request had invalid authentication credentials: Bearer [access token])",
                ],
                [
                    noGcloud,
                    "gcloud is not on PATH; measuring RPO (an access token for Cloud Monitoring) needs it: install the Google Cloud CLI (https://cloud.google.com/sdk/docs/install), then `gcloud auth login`",
                ],
            ] as const) {
                const lines: string[] = [];
                const { run } = await live(
                    loadScenario("region-loss"),
                    {},
                    { log: (l) => lines.push(l), replicationLag: source },
                );
                assert.strictEqual(run.outcome, "pass");
                assert.deepStrictEqual(
                    run.rpo?.map((m) => [m.step, m.verdict, m.reason]),
                    [
                        ["promote-replica", "not measured", reason],
                        ["switch-back", "not measured", reason],
                    ],
                );
                const reports = path.join(dir, `reports-${lines.length}`);
                const files = await writeReport(run, reports);
                const md = fs.readFileSync(files.markdown, "utf8");
                const [promoted] = run.rpo;
                assert.ok(
                    md.includes(
                        `\n- RPO: target ≤ 60 s of writes; not measured for promote-replica (db-promote-replica promote, began at ${new Date(promoted!.at).toISOString()}): ${reason}\n`,
                    ),
                    md,
                );
                assert.ok(
                    md.includes(
                        `\n- [ ] promote-replica: RPO not measured (${reason}); read the replica lag of the europe-west4 instance at ${new Date(promoted!.at).toISOString()} on the Database Health dashboard and record it here\n`,
                    ),
                    md,
                );
                assert.ok(
                    fs
                        .readFileSync(files.index, "utf8")
                        .includes(
                            "| drill-eu | region-loss | pass | 8/8 | n/a | n/a | 300 s | 60 s | 2 of 2 not measured |",
                        ),
                );
                for (const f of fs.readdirSync(reports))
                    assert.ok(!fs.readFileSync(path.join(reports, f), "utf8").includes(secret), f);
                assert.ok(!lines.join("\n").includes(secret));
                assert.ok(!JSON.stringify(run).includes(secret));
            }
        } finally {
            await monitoring.close();
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

    it("interrupted after the promotion: RPO is read at once, without waiting for the next sample", async () => {
        const controller = new AbortController();
        const monitoring = await stubMonitoring(() => 3);
        const lines: string[] = [];
        const sleepUntilAborted = (_ms: number, signal?: AbortSignal) =>
            new Promise<void>((_, reject) => {
                setTimeout(() => controller.abort(), 20);
                signal?.addEventListener("abort", () => reject(new Error("interrupted")), { once: true });
            });
        try {
            const { run } = await live(
                loadScenario("region-loss"),
                {},
                {
                    signal: controller.signal,
                    sleep: sleepUntilAborted,
                    log: (l) => lines.push(l),
                    replicationLag: new MonitoringLagSource({
                        accessToken: async () => "ya29.stub",
                        baseUrl: monitoring.base,
                    }),
                },
            );
            assert.strictEqual(run.outcome, "aborted");
            assert.strictEqual(run.steps.find((s) => s.outcome === "error")?.id, "hold-promoted");
            assert.deepStrictEqual(
                run.rpo?.map((m) => [m.step, m.lagSeconds, m.verdict]),
                [["promote-replica", 3, "met"]],
            );
            assert.deepStrictEqual(
                lines.filter((l) => l.startsWith("RPO:")),
                [],
            );
        } finally {
            await monitoring.close();
        }
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
                // The monitoring, and the two ConfigMaps whose write endpoint the preview cannot know.
                ["diff: update (as remediate predicts)", "3", "5"],
                // The old primary, and what its delete-first replacement takes with it: the database,
                // the IAM user and the four Deployments whose `spec` reads it.
                ["diff: replace (as remediate predicts)", "0", "7"],
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
