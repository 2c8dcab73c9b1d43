/**
 * The probe against a stand-in cell on loopback, killed partway through: the report must place
 * the outage within one second of when it happened and count the dropped sessions exactly.
 */
import { defined } from "../../../../core/defined";
import * as assert from "assert";
import selfsigned from "selfsigned";
import { startProbeProcess } from "../../../../tools/lib/probe/child";
import { startProbe, validateProbeOptions } from "../../../../tools/lib/probe/run";
import { LoopbackCell, sleep } from "../../../support/loopback";

async function loopbackTls(): Promise<{ key: string; cert: string }> {
    const pems = await selfsigned.generate([{ name: "commonName", value: "127.0.0.1" }], {
        keyType: "ec",
        algorithm: "sha256",
        extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
    });
    return { key: pems.private, cert: pems.cert };
}

describe("probe against loopback servers", function () {
    this.timeout(20_000);
    const cells: LoopbackCell[] = [];
    afterEach(async () => {
        for (const c of cells.splice(0)) await c.kill();
    });

    it("HTTP and WebSocket: a kill and a restart make one error window where they happened, and every held session drops once", async () => {
        const cell = new LoopbackCell();
        cells.push(cell);
        await cell.start();
        const probe = startProbe({
            url: cell.httpUrl,
            ws: cell.wsUrl,
            sessions: 3,
            rate: 20,
            durationSeconds: 2.4,
            reopenMs: 100,
        });
        await sleep(800);
        const killedAt = Date.now();
        await cell.kill();
        await sleep(800);
        await cell.restart();
        const restartedAt = Date.now();
        const { report, samples, startedAt, endedAt } = await probe.done;

        assert.strictEqual(report.requests, 48); // 2.4 s × 20/s, every one sent
        assert.strictEqual(report.requests, samples.length);
        assert.strictEqual(report.errorWindows.length, 1, JSON.stringify(report.errorWindows));
        const w = defined(report.errorWindows[0], "the error window");
        assert.ok(Math.abs(w.start - killedAt) <= 1000, `window starts ${w.start - killedAt} ms from the kill`);
        assert.ok(Math.abs(w.end - restartedAt) <= 1000, `window ends ${w.end - restartedAt} ms from the restart`);
        assert.strictEqual(report.longestErrorWindowMs, w.end - w.start);
        // Every request sent inside the window failed and every one outside it succeeded.
        for (const s of samples)
            assert.strictEqual(
                s.ok,
                s.sentAt < w.start || s.sentAt >= w.end,
                `${s.sentAt - startedAt} ms: ${s.outcome}`,
            );
        assert.strictEqual(report.failures, samples.filter((s) => s.sentAt >= w.start && s.sentAt < w.end).length);
        assert.ok(report.failures > 0);
        assert.strictEqual(report.availability, (report.requests - report.failures) / report.requests);
        assert.ok(report.p50Ms !== null && report.p95Ms !== null && report.p50Ms <= report.p95Ms);
        // Three sessions held, all three cut by the kill, three more opened after the restart and
        // ended by the probe itself (not dropped).
        assert.deepStrictEqual(
            { opened: report.sessions.opened, dropped: report.sessions.dropped },
            { opened: 6, dropped: 3 },
        );
        // While the cell was down, every attempt to open a session again failed, each with its reason.
        assert.deepStrictEqual(
            Object.keys(report.failureReasons.sessions),
            report.sessions.failed > 0 ? ["ECONNREFUSED"] : [],
        );
        assert.strictEqual(report.failureReasons.sessions.ECONNREFUSED ?? 0, report.sessions.failed);
        assert.strictEqual(cell.accepted, 6);
        assert.ok(endedAt - startedAt >= 2400 && endedAt - startedAt < 4000);
    });

    it("HTTPS and WSS with a self-signed certificate: a kill without restart leaves the window open to the end, sessions counted exactly", async () => {
        const tls = await loopbackTls();
        const cell = new LoopbackCell(tls);
        cells.push(cell);
        await cell.start();
        const probe = startProbe({
            url: cell.httpUrl,
            ws: cell.wsUrl,
            sessions: 2,
            rate: 10,
            durationSeconds: 1.5,
            reopenMs: 100,
            ca: tls.cert,
        });
        await sleep(700);
        const killedAt = Date.now();
        await cell.kill();
        const { report, endedAt } = await probe.done;

        assert.strictEqual(report.requests, 15);
        assert.strictEqual(report.errorWindows.length, 1);
        const w = defined(report.errorWindows[0], "the error window");
        assert.ok(Math.abs(w.start - killedAt) <= 1000, `window starts ${w.start - killedAt} ms from the kill`);
        assert.strictEqual(w.end, endedAt);
        assert.deepStrictEqual(
            { opened: report.sessions.opened, dropped: report.sessions.dropped },
            { opened: 2, dropped: 2 },
        );
        assert.strictEqual(report.failureReasons.sessions.ECONNREFUSED ?? 0, report.sessions.failed);
    });

    it("HTTPS without the certificate trusted: every request fails on verification, nothing is opened", async () => {
        const cell = new LoopbackCell(await loopbackTls());
        cells.push(cell);
        await cell.start();
        const { report, samples } = await startProbe({
            url: cell.httpUrl,
            ws: cell.wsUrl,
            sessions: 1,
            rate: 10,
            durationSeconds: 0.5,
            reopenMs: 100,
        }).done;
        assert.strictEqual(report.requests, 5);
        assert.strictEqual(report.failures, 5);
        assert.strictEqual(report.availability, 0);
        assert.deepStrictEqual([...new Set(samples.map((s) => s.outcome))], ["DEPTH_ZERO_SELF_SIGNED_CERT"]);
        assert.strictEqual(report.p50Ms, null);
        // The sessions never opened: each attempt counts as failed, with the verification error.
        assert.deepStrictEqual(
            { opened: report.sessions.opened, dropped: report.sessions.dropped },
            { opened: 0, dropped: 0 },
        );
        assert.ok(report.sessions.failed >= 1);
        assert.deepStrictEqual(report.failureReasons.sessions, { DEPTH_ZERO_SELF_SIGNED_CERT: report.sessions.failed });
        assert.strictEqual(cell.accepted, 0);
    });

    it("a backend that stops answering: timed-out requests open the window at their send time, the first answer closes it", async () => {
        const cell = new LoopbackCell();
        cells.push(cell);
        await cell.start();
        const probe = startProbe({ url: cell.httpUrl, rate: 10, durationSeconds: 1.6, timeoutMs: 250 });
        await sleep(500);
        const hungAt = Date.now();
        cell.hang = true;
        await sleep(500);
        cell.hang = false;
        const answeringAt = Date.now();
        const { report, samples } = await probe.done;
        assert.strictEqual(report.requests, 16);
        assert.strictEqual(report.errorWindows.length, 1);
        const w = defined(report.errorWindows[0], "the error window");
        assert.ok(
            Math.abs(w.start - hungAt) <= 1000 && Math.abs(w.end - answeringAt) <= 1000,
            JSON.stringify({ start: w.start - hungAt, end: w.end - answeringAt }),
        );
        const failed = samples.filter((s) => !s.ok);
        assert.ok(failed.length > 0);
        assert.deepStrictEqual([...new Set(failed.map((s) => s.outcome))], ["timeout after 250 ms"]);
        for (const s of failed) assert.ok(s.latencyMs >= 240 && s.latencyMs < 1000, String(s.latencyMs));
    });

    it("stop() ends the probe before its duration, with what it measured so far", async () => {
        const cell = new LoopbackCell();
        cells.push(cell);
        await cell.start();
        const probe = startProbe({ url: cell.httpUrl, ws: cell.wsUrl, sessions: 2, rate: 10, durationSeconds: 60 });
        await sleep(450);
        const t = Date.now();
        probe.stop();
        const { report, endedAt } = await probe.done;
        assert.ok(endedAt - t < 100);
        assert.ok(report.requests >= 4 && report.requests <= 6, String(report.requests));
        assert.deepStrictEqual(report.sessions, { opened: 2, dropped: 0, failed: 0 });
    });
});

describe("probe options", () => {
    const table: [Parameters<typeof validateProbeOptions>[0], string][] = [
        [{ url: "ftp://x/health", durationSeconds: 1 }, `--url: "ftp://x/health" is not a http or https URL`],
        [{ url: "not a url", durationSeconds: 1 }, `--url: "not a url" is not a URL`],
        [{ url: "http://x", ws: "http://x", durationSeconds: 1 }, `--ws: "http://x" is not a ws or wss URL`],
        [{ url: "http://x", rate: 51, durationSeconds: 1 }, "--rate: 51 is not a number above 0 and up to 50"],
        [{ url: "http://x", rate: 0, durationSeconds: 1 }, "--rate: 0 is not a number above 0 and up to 50"],
        [{ url: "http://x", durationSeconds: 14401 }, "--duration: 14401 is not a number above 0 and up to 14400"],
        [{ url: "http://x", durationSeconds: 0 }, "--duration: 0 is not a number above 0 and up to 14400"],
        [
            { url: "http://x", ws: "ws://x", sessions: 101, durationSeconds: 1 },
            "--sessions: 101 is not an integer from 0 to 100",
        ],
        [
            { url: "http://x", ws: "ws://x", sessions: 1.5, durationSeconds: 1 },
            "--sessions: 1.5 is not an integer from 0 to 100",
        ],
        [{ url: "http://x", sessions: 2, durationSeconds: 1 }, "--sessions: held sessions need a --ws URL"],
        [
            { url: "http://x", timeoutMs: 30_001, durationSeconds: 1 },
            "--timeout: 30001 is not an integer from 1 to 30000",
        ],
    ];
    for (const [options, message] of table) {
        it(`refuses ${JSON.stringify(options)}`, () => assert.throws(() => validateProbeOptions(options), { message }));
    }

    it("defaults: 5 requests a second, one session with --ws, none without, 2 s timeout", () => {
        const o = validateProbeOptions({
            url: "https://voice.drill-eu.edentist.ai/healthz",
            ws: "wss://voice.drill-eu.edentist.ai/session",
            durationSeconds: 30,
        });
        assert.deepStrictEqual(
            { rate: o.rate, sessions: o.sessions, timeoutMs: o.timeoutMs },
            { rate: 5, sessions: 1, timeoutMs: 2000 },
        );
        assert.strictEqual(validateProbeOptions({ url: "http://x", durationSeconds: 1 }).sessions, 0);
    });
});

describe("probe in a process of its own", function () {
    this.timeout(60_000);

    it("measures the cell correctly while this process's event loop is blocked (as by an offline plan)", async () => {
        const cell = new LoopbackCell();
        // The stand-in cell must answer while this process is busy: run it in a child too.
        const { fork } = await import("child_process");
        const server = fork(require.resolve("../../../support/loopbackServer"), [], {
            execArgv: ["-r", "ts-node/register/transpile-only"],
            stdio: ["ignore", "ignore", "inherit", "ipc"],
        });
        try {
            const port = await new Promise<number>((resolve) =>
                server.once("message", (m: { port: number }) => resolve(m.port)),
            );
            cell.port = port;
            const probe = startProbeProcess({ url: cell.httpUrl, rate: 20, durationSeconds: 2.5, timeoutMs: 500 });
            await sleep(600);
            const busyUntil = Date.now() + 1500;
            while (Date.now() < busyUntil) {
                // CPU-bound, like planning a stack: nothing else runs in this process meanwhile.
            }
            const { report, samples } = await probe.done;
            assert.strictEqual(report.requests, 50);
            assert.strictEqual(report.failures, 0);
            assert.deepStrictEqual(report.errorWindows, []);
            // Sent on schedule throughout: no request waited for this process's loop.
            const gaps = samples.slice(1).map((s, i) => s.sentAt - defined(samples[i], "the previous sample").sentAt);
            assert.ok(Math.max(...gaps) < 500, `largest gap between requests: ${Math.max(...gaps)} ms`);
        } finally {
            server.kill();
        }
    });
});
