/**
 * The probe's own costs stay bounded whatever the cell does: a held session never buffers a large
 * message (it is closed, counted as dropped), a hung endpoint cannot stretch the run past its
 * duration by the request timeout, and a stop (Ctrl-C) ends it within a second.
 */
import * as assert from "assert";
import * as http from "http";
import type { AddressInfo, Socket } from "net";
import { WebSocketServer } from "ws";
import { endGraceMs, startProbe } from "../../../../tools/lib/probe/run";
import { maxSessionPayloadBytes } from "../../../../tools/lib/probe/sessions";

/** /health never answers; every WebSocket session is sent one message of `messageBytes` at once. */
async function hostileCell(messageBytes: number): Promise<{ http: string; ws: string; close(): Promise<void> }> {
    const sockets = new Set<Socket>();
    const server = http.createServer(() => undefined);
    server.on("connection", (s: Socket) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });
    const wss = new WebSocketServer({ server });
    wss.on("connection", (ws) => ws.send(Buffer.alloc(messageBytes, 7)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const port = (server.address() as AddressInfo).port;
    return {
        http: `http://127.0.0.1:${port}/health`,
        ws: `ws://127.0.0.1:${port}/session`,
        close: async () => {
            for (const s of sockets) s.destroy();
            wss.close();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}

describe("probe bounds", function () {
    this.timeout(20_000);

    it("a hung endpoint with a 30 s timeout: the run ends within the grace after its duration, cut requests give no sample", async () => {
        const cell = await hostileCell(10);
        try {
            const started = Date.now();
            const probe = startProbe({ url: cell.http, rate: 5, durationSeconds: 1, timeoutMs: 30_000 });
            const { report } = await probe.done;
            const took = Date.now() - started;
            assert.ok(took >= 1000 + endGraceMs - 50 && took < 1000 + endGraceMs + 700, `took ${took} ms`);
            assert.strictEqual(report.requests, 0);
        } finally {
            await cell.close();
        }
    });

    it("stop() (Ctrl-C) with requests hanging on a 30 s timeout: done within a second", async () => {
        const cell = await hostileCell(10);
        try {
            const probe = startProbe({ url: cell.http, rate: 10, durationSeconds: 60, timeoutMs: 30_000 });
            await new Promise((r) => setTimeout(r, 400));
            const t = Date.now();
            probe.stop();
            await probe.done;
            assert.ok(Date.now() - t < 1000, `${Date.now() - t} ms`);
        } finally {
            await cell.close();
        }
    });

    it(`a session sent a message over ${maxSessionPayloadBytes} bytes is closed and counted as dropped, not buffered`, async () => {
        const cell = await hostileCell(4 * 1024 * 1024);
        try {
            const probe = startProbe({
                url: cell.http,
                ws: cell.ws,
                sessions: 3,
                rate: 1,
                durationSeconds: 1.5,
                timeoutMs: 200,
                reopenMs: 5000,
            });
            const { report } = await probe.done;
            assert.deepStrictEqual(report.sessions, { opened: 3, dropped: 3, failed: 0 });
        } finally {
            await cell.close();
        }
    });
});
