/**
 * A stand-in cell on loopback for the probe's tests: `/health` answers 200, WebSocket upgrades are
 * accepted and held. `kill()` does what a dying backend does to its callers: the port stops
 * accepting connections and every open socket (requests and held sessions) is cut at once.
 * `restart()` listens again on the same port.
 */
import * as http from "http";
import * as https from "https";
import type { AddressInfo, Socket } from "net";
import { WebSocketServer } from "ws";

export interface Tls {
    key: string;
    cert: string;
}

export class LoopbackCell {
    private server?: http.Server;
    private wss?: WebSocketServer;
    private readonly sockets = new Set<Socket>();
    port = 0;
    /** While true, /health never answers (the probe times out). */
    hang = false;
    /** WebSocket sessions the server accepted, over every incarnation. */
    accepted = 0;

    constructor(private readonly tls?: Tls) {}

    get httpUrl(): string {
        return `${this.tls ? "https" : "http"}://127.0.0.1:${this.port}/health`;
    }

    get wsUrl(): string {
        return `${this.tls ? "wss" : "ws"}://127.0.0.1:${this.port}/session`;
    }

    private handler: http.RequestListener = (req, res) => {
        if (this.hang) return;
        res.writeHead(req.url === "/health" ? 200 : 404, { "content-type": "text/plain" }).end(
            req.url === "/health" ? "ok" : "no",
        );
    };

    async start(): Promise<void> {
        const server = this.tls
            ? https.createServer({ key: this.tls.key, cert: this.tls.cert }, this.handler)
            : http.createServer(this.handler);
        server.on("connection", (s: Socket) => {
            this.sockets.add(s);
            s.on("close", () => this.sockets.delete(s));
        });
        // TLS servers report the raw TCP socket through "connection" as well.
        this.wss = new WebSocketServer({ server });
        this.wss.on("connection", () => this.accepted++);
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(this.port, "127.0.0.1", () => resolve());
        });
        this.port = (server.address() as AddressInfo).port;
        this.server = server;
    }

    /** Stops listening and cuts every open connection; resolves once the port is closed. */
    async kill(): Promise<void> {
        const server = this.server;
        this.server = undefined;
        if (!server) return;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const s of this.sockets) s.destroy();
        this.sockets.clear();
        this.wss?.close();
        await closed;
    }

    restart(): Promise<void> {
        return this.start();
    }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
