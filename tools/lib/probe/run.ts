/**
 * The probe: health requests at a fixed rate and held WebSocket sessions for a bounded duration,
 * summarised as customers would have seen the cell. It stops by itself when the duration is over
 * (a caller may stop it sooner); rate, duration, sessions and timeouts are bounded, so neither
 * the load on the cell nor the samples in memory can grow without limit.
 */
import { UserInputError } from "../userError";
import { probeRequest } from "./request";
import { SessionPool, type SessionEvent } from "./sessions";
import { summarize, type ProbeReport, type Sample } from "./summary";

export class ProbeOptionError extends UserInputError {}

export const probeLimits = {
    maxRate: 50,
    maxDurationSeconds: 4 * 3600,
    maxSessions: 100,
    maxTimeoutMs: 30_000,
} as const;

/**
 * How long requests still in flight when the duration is over may take to settle: after it they
 * are cut (no sample), so a slow endpoint cannot stretch the run by its timeout. A stop asked for
 * (Ctrl-C) cuts them at once.
 */
export const endGraceMs = 1000;

export interface ProbeOptions {
    /** The cell's health URL (http or https). */
    url: string;
    /** WebSocket URL (ws or wss) for held sessions; none without it. */
    ws?: string;
    sessions?: number;
    /** Health requests per second. */
    rate?: number;
    durationSeconds: number;
    /** A request that takes longer fails as a timeout. */
    timeoutMs?: number;
    /** Wait before a dropped or failed session slot opens a new session. */
    reopenMs?: number;
    /** Extra CA certificates (PEM) to trust. */
    ca?: string;
}

export interface ValidProbeOptions {
    url: URL;
    ws?: URL;
    sessions: number;
    rate: number;
    durationSeconds: number;
    timeoutMs: number;
    reopenMs: number;
    ca?: string;
}

function url(option: string, value: string, protocols: string[]): URL {
    let u: URL;
    try {
        u = new URL(value);
    } catch {
        throw new ProbeOptionError(`${option}: "${value}" is not a URL`);
    }
    if (!protocols.includes(u.protocol))
        throw new ProbeOptionError(
            `${option}: "${value}" is not a ${protocols.map((p) => p.slice(0, -1)).join(" or ")} URL`,
        );
    return u;
}

function bounded(
    option: string,
    value: number,
    min: number,
    max: number,
    integer: boolean,
    minExclusive = false,
): number {
    const low = minExclusive ? value <= min : value < min;
    if (!Number.isFinite(value) || low || value > max || (integer && !Number.isInteger(value))) {
        const kind = integer ? "an integer" : "a number";
        throw new ProbeOptionError(
            `${option}: ${String(value)} is not ${kind} ${minExclusive ? "above" : "from"} ${min}${minExclusive ? " and up to" : " to"} ${max}`,
        );
    }
    return value;
}

/** Checks every option against the probe's bounds; throws ProbeOptionError naming the option. */
export function validateProbeOptions(o: ProbeOptions): ValidProbeOptions {
    const sessions = bounded("--sessions", o.sessions ?? (o.ws ? 1 : 0), 0, probeLimits.maxSessions, true);
    if (sessions > 0 && !o.ws) throw new ProbeOptionError("--sessions: held sessions need a --ws URL");
    return {
        url: url("--url", o.url, ["http:", "https:"]),
        ...(o.ws ? { ws: url("--ws", o.ws, ["ws:", "wss:"]) } : {}),
        sessions,
        rate: bounded("--rate", o.rate ?? 5, 0, probeLimits.maxRate, false, true),
        durationSeconds: bounded("--duration", o.durationSeconds, 0, probeLimits.maxDurationSeconds, false, true),
        timeoutMs: bounded("--timeout", o.timeoutMs ?? 2000, 1, probeLimits.maxTimeoutMs, true),
        reopenMs: bounded("reopenMs", o.reopenMs ?? 500, 10, 60_000, true),
        ...(o.ca ? { ca: o.ca } : {}),
    };
}

export interface ProbeResult {
    report: ProbeReport;
    startedAt: number;
    endedAt: number;
    /** Raw samples and session events, for the drill report's timeline. */
    samples: Sample[];
    sessionEvents: SessionEvent[];
}

export interface RunningProbe {
    /** Ends the probe before its duration is over (idempotent). */
    stop(): void;
    /** Resolves once the last request has settled and every session is closed. */
    done: Promise<ProbeResult>;
}

/**
 * Starts the probe. Requests go out on a fixed schedule (start + i / rate), not one after the
 * other, so a slow cell does not lower the rate; each request is bounded by its timeout, so at
 * most rate × timeout are in flight.
 */
export function startProbe(options: ProbeOptions): RunningProbe {
    const validated = validateProbeOptions(options);
    const startedAt = Date.now();
    const deadline = startedAt + validated.durationSeconds * 1000;
    const intervalMs = 1000 / validated.rate;
    const pending = new Set<Promise<void>>();
    const samples: Sample[] = [];
    const pool = validated.ws
        ? new SessionPool({
              url: validated.ws,
              sessions: validated.sessions,
              reopenMs: validated.reopenMs,
              handshakeTimeoutMs: validated.timeoutMs,
              ca: validated.ca,
          })
        : undefined;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let endTimer: NodeJS.Timeout | undefined;
    let wake: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (wake = resolve));
    const cut = new AbortController();
    let graceTimer: NodeJS.Timeout | undefined;

    const end = (graceMs: number) => {
        if (stopped) {
            if (graceMs === 0) cut.abort();
            return;
        }
        stopped = true;
        clearTimeout(timer);
        clearTimeout(endTimer);
        if (graceMs === 0) cut.abort();
        else graceTimer = setTimeout(() => cut.abort(), graceMs);
        wake();
    };
    const stop = () => end(0);

    // Request i is due at startedAt + i × interval, for every i whose time falls before the deadline:
    // exactly ceil(duration × rate) requests when the probe runs its full duration, however late
    // the event loop fires (a late tick sends every request already due).
    let i = 0;
    const due = (until: number) => {
        while (startedAt + i * intervalMs <= until && startedAt + i * intervalMs < deadline) {
            const p = probeRequest(validated.url, {
                timeoutMs: validated.timeoutMs,
                ca: validated.ca,
                signal: cut.signal,
            }).then((s) => {
                if (s) samples.push(s);
            });
            pending.add(p);
            void p.finally(() => pending.delete(p));
            i++;
        }
    };
    const tick = () => {
        if (stopped) return;
        due(Date.now());
        const next = startedAt + i * intervalMs;
        if (next < deadline) timer = setTimeout(tick, Math.max(0, next - Date.now()));
    };

    pool?.start();
    tick();
    endTimer = setTimeout(
        () => {
            if (!stopped) due(deadline);
            end(endGraceMs);
        },
        Math.max(0, deadline - Date.now()),
    );

    const done = (async (): Promise<ProbeResult> => {
        await ended;
        const endedAt = Date.now();
        await Promise.all([...pending]);
        clearTimeout(graceTimer);
        await pool?.stop();
        const sessions = {
            opened: pool?.opened ?? 0,
            dropped: pool?.dropped ?? 0,
            failed: pool?.failed ?? 0,
            failureReasons: [...(pool?.failures.entries() ?? [])].flatMap(([r, n]) => Array<string>(n).fill(r)),
        };
        return {
            report: summarize(samples, sessions, endedAt),
            startedAt,
            endedAt,
            samples: [...samples].sort((a, b) => a.sentAt - b.sentAt),
            sessionEvents: pool?.events ?? [],
        };
    })();
    return { stop, done };
}
