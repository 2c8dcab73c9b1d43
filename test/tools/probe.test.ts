/**
 * `npm run probe` as a separate process against a stand-in cell on loopback: the JSON is exactly
 * the report object, bad options exit 1 naming the option, and it stops by itself.
 */
import * as assert from "assert";
import { spawn } from "child_process";
import * as http from "http";
import * as net from "net";
import * as path from "path";
import { LoopbackCell } from "../support/loopback";

const root = path.resolve(__dirname, "..", "..");

function probe(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/probe.ts", ...args], {
            cwd: root,
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

describe("npm run probe (CLI)", function () {
    this.timeout(60_000);
    const cell = new LoopbackCell();
    before(() => cell.start());
    after(() => cell.kill());

    it("--json prints exactly the report's keys; a healthy cell has full availability and no window", async () => {
        const t0 = Date.now();
        const r = await probe(
            "--url",
            cell.httpUrl,
            "--ws",
            cell.wsUrl,
            "--sessions",
            "2",
            "--rate",
            "10",
            "--duration",
            "1",
            "--json",
        );
        assert.strictEqual(r.code, 0, r.stderr);
        const report = JSON.parse(r.stdout);
        assert.deepStrictEqual(Object.keys(report), [
            "requests",
            "failures",
            "availability",
            "p50Ms",
            "p95Ms",
            "errorWindows",
            "longestErrorWindowMs",
            "sessions",
            "failureReasons",
        ]);
        assert.deepStrictEqual(
            { ...report, p50Ms: typeof report.p50Ms, p95Ms: typeof report.p95Ms },
            {
                requests: 10,
                failures: 0,
                availability: 1,
                p50Ms: "number",
                p95Ms: "number",
                errorWindows: [],
                longestErrorWindowMs: 0,
                sessions: { opened: 2, dropped: 0, failed: 0 },
                failureReasons: { requests: {}, sessions: {} },
            },
        );
        assert.ok(Date.now() - t0 < 30_000);
    });

    it("without --json: the readable summary; every request failing exits 1 and says why", async () => {
        const r = await probe("--url", "http://127.0.0.1:9/health", "--rate", "4", "--duration", "0.5");
        assert.strictEqual(r.code, 1, r.stderr);
        assert.strictEqual(
            r.stderr,
            "probe failed: 100.0% of 2 health requests failed (threshold 5.0%): ECONNREFUSED ×2\n",
        );
        const lines = r.stdout.trimEnd().split("\n");
        assert.deepStrictEqual(lines.slice(0, 3), [
            "requests 2, failures 2, availability 0.00%",
            "latency of successful requests: p50 n/a, p95 n/a",
            "error windows: 1, longest " + /longest (\d+) ms/.exec(lines[2] ?? "")?.[1] + " ms",
        ]);
        assert.match(lines[3] ?? "", /^ {2}\d{4}-\d\d-\d\dT[\d:.]+Z → \d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ ms\)$/);
        assert.deepStrictEqual(lines.slice(4), [
            "sessions: 0 opened, 0 dropped, 0 never opened",
            "  requests failed: ECONNREFUSED ×2",
        ]);
    });

    it("a cell that refuses every WebSocket: every session attempt counts as failed, with the reason, exit 1", async () => {
        const server = http.createServer((_req, res) => res.writeHead(200).end("ok"));
        server.on("upgrade", (_req, socket: net.Socket) =>
            socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"),
        );
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const port = (server.address() as net.AddressInfo).port;
        try {
            const r = await probe(
                "--url",
                `http://127.0.0.1:${port}/healthz`,
                "--ws",
                `ws://127.0.0.1:${port}/session`,
                "--sessions",
                "2",
                "--rate",
                "4",
                "--duration",
                "1",
                "--json",
            );
            assert.strictEqual(r.code, 1, r.stderr);
            const report = JSON.parse(r.stdout);
            assert.deepStrictEqual([report.sessions.opened, report.sessions.dropped], [0, 0]);
            assert.ok(report.sessions.failed >= 2, JSON.stringify(report.sessions));
            assert.deepStrictEqual(report.failureReasons.sessions, {
                "HTTP 403 instead of 101 Switching Protocols": report.sessions.failed,
            });
            assert.strictEqual(
                r.stderr,
                `probe failed: ${report.sessions.failed} of ${report.sessions.failed} WebSocket session attempts never opened (threshold 5.0%): HTTP 403 instead of 101 Switching Protocols ×${report.sessions.failed}\n`,
            );
        } finally {
            server.close();
        }
    });

    const refused: [string[], string][] = [
        [
            ["--url", "http://127.0.0.1:9/", "--duration", "1", "--rate", "500"],
            "error: --rate: 500 is not a number above 0 and up to 50\n",
        ],
        [
            ["--url", "http://127.0.0.1:9/", "--duration", "20000"],
            "error: --duration: 20000 is not a number above 0 and up to 14400\n",
        ],
        [["--url", "127.0.0.1", "--duration", "1"], 'error: --url: "127.0.0.1" is not a URL\n'],
        [
            ["--url", "http://127.0.0.1:9/", "--duration", "1", "--ca", "/nonexistent.pem"],
            "error: --ca /nonexistent.pem: does not exist\n",
        ],
    ];
    for (const [args, message] of refused) {
        it(`exit 1: ${args.join(" ")}`, async () => {
            const r = await probe(...args);
            assert.deepStrictEqual(
                { code: r.code, stdout: r.stdout, stderr: r.stderr },
                { code: 1, stdout: "", stderr: message },
            );
        });
    }

    it("usage error (no --duration) exits 2 with commander's message", async () => {
        const r = await probe("--url", "http://127.0.0.1:9/");
        assert.strictEqual(r.code, 2);
        assert.strictEqual(r.stderr, "error: required option '--duration <seconds>' not specified\n");
    });
});
