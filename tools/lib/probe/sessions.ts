/**
 * Held WebSocket sessions, as a caller's voice session holds one through the load balancer for a
 * whole call. A session that closes (or errors) before the probe ends it counts as dropped, and
 * its slot opens a new session after `reopenMs`, so a long drill keeps measuring after a drain.
 * A connection attempt that never opens (refused, a non-101 answer, a handshake timeout) counts as
 * failed, with its reason, and is retried after `reopenMs`: a cell that accepts no session must
 * never look like one that dropped none.
 */
import WebSocket from "ws";

/** The largest message a held session accepts (the ws default is 100 MiB per session). */
export const maxSessionPayloadBytes = 64 * 1024;

export interface SessionOptions {
    url: URL;
    sessions: number;
    reopenMs: number;
    /** Gives up an opening handshake after this long. */
    handshakeTimeoutMs: number;
    ca?: string;
}

export interface SessionEvent {
    at: number;
    kind: "opened" | "dropped" | "failed";
    /** Why an attempt failed (the error's code or message). */
    reason?: string;
}

export class SessionPool {
    opened = 0;
    dropped = 0;
    failed = 0;
    /** Failed attempts by reason. */
    readonly failures = new Map<string, number>();
    readonly events: SessionEvent[] = [];
    private readonly live = new Set<WebSocket>();
    private readonly timers = new Set<NodeJS.Timeout>();
    private stopping = false;

    constructor(private readonly opts: SessionOptions) {}

    start(): void {
        for (let i = 0; i < this.opts.sessions; i++) this.open();
    }

    private open(): void {
        if (this.stopping) return;
        const ws = new WebSocket(this.opts.url, {
            handshakeTimeout: this.opts.handshakeTimeoutMs,
            // The probe reads no message: a small cap and no compression bound each session's memory
            // (a larger message closes the session, counted as dropped), however much the peer sends.
            maxPayload: maxSessionPayloadBytes,
            perMessageDeflate: false,
            ...(this.opts.ca ? { ca: this.opts.ca } : {}),
        });
        let isOpen = false;
        this.live.add(ws);
        ws.on("open", () => {
            isOpen = true;
            this.opened++;
            this.events.push({ at: Date.now(), kind: "opened" });
        });
        // Messages are discarded as they arrive, never kept.
        ws.on("message", () => undefined);
        // Errors always end in "close"; counting happens there, with the error's reason.
        let reason: string | undefined;
        ws.on("error", (e: NodeJS.ErrnoException) => {
            reason ??= e.code ?? e.message;
        });
        ws.on("unexpected-response", (_req, res) => {
            reason = `HTTP ${res.statusCode ?? "?"} instead of 101 Switching Protocols`;
            ws.terminate();
        });
        ws.on("close", () => {
            this.live.delete(ws);
            if (this.stopping) return;
            if (isOpen) {
                this.dropped++;
                this.events.push({ at: Date.now(), kind: "dropped" });
            } else {
                const why = reason ?? "closed before opening";
                this.failed++;
                this.failures.set(why, (this.failures.get(why) ?? 0) + 1);
                this.events.push({ at: Date.now(), kind: "failed", reason: why });
            }
            this.later(() => this.open());
        });
    }

    private later(fn: () => void): void {
        const t = setTimeout(() => {
            this.timers.delete(t);
            fn();
        }, this.opts.reopenMs);
        this.timers.add(t);
    }

    /** Ends every session; none of these closes counts as dropped. Resolves when all are closed. */
    async stop(): Promise<void> {
        this.stopping = true;
        for (const t of this.timers) clearTimeout(t);
        this.timers.clear();
        const closing = [...this.live].map(
            (ws) =>
                new Promise<void>((resolve) => {
                    if (ws.readyState === WebSocket.CLOSED) return resolve();
                    ws.once("close", () => resolve());
                    // terminate(): the probe does not wait for a peer that may be gone.
                    ws.terminate();
                }),
        );
        await Promise.all(closing);
    }
}
