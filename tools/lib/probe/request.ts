/**
 * One health request with Node's http/https: a fresh connection each time (no keep-alive), so a
 * backend that stops accepting connections shows at once, as it would to a new caller. Success is
 * a 2xx status within the timeout; the body is read and discarded (never buffered). A request the
 * probe's end cuts short gives no sample: it was neither answered nor timed out.
 */
import * as http from "http";
import * as https from "https";
import { performance } from "perf_hooks";
import type { Sample } from "./summary";

export interface RequestOptions {
    timeoutMs: number;
    /** Extra CA certificates (PEM) to trust, e.g. a drill cell's staging certificate. */
    ca?: string;
    /** Aborts the request (the probe is over): it resolves to undefined, no sample. */
    signal?: AbortSignal;
}

export function probeRequest(url: URL, opts: RequestOptions): Promise<Sample | undefined> {
    const sentAt = Date.now();
    const t0 = performance.now();
    return new Promise((resolve) => {
        let settled = false;
        const finish = (ok: boolean, outcome: string) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            opts.signal?.removeEventListener("abort", onAbort);
            resolve({ sentAt, latencyMs: performance.now() - t0, ok, outcome });
        };
        const onAbort = () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            req.destroy();
            resolve(undefined);
        };
        const get = url.protocol === "https:" ? https.get : http.get;
        const req = get(
            url,
            { agent: false, ...(opts.ca ? { ca: opts.ca } : {}), headers: { "user-agent": "voice-agent-probe" } },
            (res) => {
                res.resume();
                res.on("end", () =>
                    finish(
                        res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300,
                        `HTTP ${res.statusCode}`,
                    ),
                );
                res.on("error", (e) => finish(false, (e as NodeJS.ErrnoException).code ?? e.message));
            },
        );
        req.on("error", (e) => finish(false, (e as NodeJS.ErrnoException).code ?? e.message));
        const timer = setTimeout(() => {
            finish(false, `timeout after ${opts.timeoutMs} ms`);
            req.destroy();
        }, opts.timeoutMs);
        if (opts.signal?.aborted) onAbort();
        else opts.signal?.addEventListener("abort", onAbort, { once: true });
    });
}
