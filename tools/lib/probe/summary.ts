/**
 * What a probe run amounts to, from its raw samples: availability, latency percentiles and the
 * error windows a customer would have lived through. Pure; the probe's network side
 * (tools/lib/probe/run.ts) only collects samples and session counts.
 */

/** One health request as the probe saw it. */
export interface Sample {
    /** When the request was sent (epoch ms): the moment a customer would have tried. */
    sentAt: number;
    /** Round-trip time in ms (for a failure: until it failed or timed out). */
    latencyMs: number;
    ok: boolean;
    /** HTTP status, or the error (ECONNREFUSED, timeout, ...) for a failure. */
    outcome: string;
}

export interface ErrorWindow {
    start: number;
    end: number;
}

/** The probe's report, exactly as `npm run probe -- --json` prints it. */
export interface ProbeReport {
    requests: number;
    failures: number;
    /** Successful requests / requests, 0..1; null when nothing was sent. */
    availability: number | null;
    /** Latency percentiles of the successful requests; null without one. */
    p50Ms: number | null;
    p95Ms: number | null;
    errorWindows: ErrorWindow[];
    longestErrorWindowMs: number;
    /** Sessions opened, dropped after opening, and attempts that never opened. */
    sessions: { opened: number; dropped: number; failed: number };
    /** Why requests and session attempts failed, by reason (HTTP status or error), most frequent first. */
    failureReasons: { requests: Record<string, number>; sessions: Record<string, number> };
}

/** Reasons counted, most frequent first (then by name). */
function byCount(reasons: readonly string[]): Record<string, number> {
    const m = new Map<string, number>();
    for (const r of reasons) m.set(r, (m.get(r) ?? 0) + 1);
    return Object.fromEntries([...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

export interface SessionCounts {
    opened: number;
    dropped: number;
    failed?: number;
    /** Reasons of the failed attempts, one per attempt. */
    failureReasons?: readonly string[];
}

/** The run's failure rates and whether they stay under the threshold; `why` says what failed. */
export function verdictOf(report: ProbeReport, maxFailureRate: number): { ok: boolean; why: string[] } {
    const why: string[] = [];
    const reasons = (x: Record<string, number>) =>
        Object.entries(x)
            .map(([k, n]) => `${k} ×${n}`)
            .join(", ");
    const requestRate = report.requests === 0 ? 1 : report.failures / report.requests;
    if (report.requests === 0) why.push("no health request was made");
    else if (requestRate > maxFailureRate) {
        why.push(
            `${(requestRate * 100).toFixed(1)}% of ${report.requests} health requests failed (threshold ${(maxFailureRate * 100).toFixed(1)}%): ${reasons(report.failureReasons.requests)}`,
        );
    }
    const attempts = report.sessions.opened + report.sessions.failed;
    const sessionRate = attempts === 0 ? 0 : report.sessions.failed / attempts;
    if (attempts > 0 && sessionRate > maxFailureRate) {
        why.push(
            `${report.sessions.failed} of ${attempts} WebSocket session attempts never opened (threshold ${(maxFailureRate * 100).toFixed(1)}%): ${reasons(report.failureReasons.sessions)}`,
        );
    }
    return { ok: why.length === 0, why };
}

/** Nearest-rank percentile (the smallest value with at least p% of the values at or below it). */
export function percentile(values: readonly number[], p: number): number | null {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    return sorted[rank - 1] ?? null;
}

/**
 * Error windows in the order requests were sent: a failed or timed-out request opens a window at
 * its send time (unless one is open), and the next successful request closes it at its own send
 * time. Sending time rather than completion time, because a request that times out after two
 * seconds failed for the customer who tried when it was sent. A window still open when the probe
 * stops ends at `endedAt`.
 */
export function errorWindows(samples: readonly Sample[], endedAt: number): ErrorWindow[] {
    const ordered = [...samples].sort((a, b) => a.sentAt - b.sentAt);
    const windows: ErrorWindow[] = [];
    let openedAt: number | undefined;
    for (const s of ordered) {
        if (!s.ok && openedAt === undefined) openedAt = s.sentAt;
        if (s.ok && openedAt !== undefined) {
            windows.push({ start: openedAt, end: s.sentAt });
            openedAt = undefined;
        }
    }
    if (openedAt !== undefined) windows.push({ start: openedAt, end: Math.max(openedAt, endedAt) });
    return windows;
}

/** Rounds to 0.1 ms: the report is read by people, and the clocks are not finer than that. */
const ms = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export function summarize(samples: readonly Sample[], sessions: SessionCounts, endedAt: number): ProbeReport {
    const successes = samples.filter((s) => s.ok);
    const windows = errorWindows(samples, endedAt);
    return {
        requests: samples.length,
        failures: samples.length - successes.length,
        availability: samples.length === 0 ? null : successes.length / samples.length,
        p50Ms: ms(
            percentile(
                successes.map((s) => s.latencyMs),
                50,
            ),
        ),
        p95Ms: ms(
            percentile(
                successes.map((s) => s.latencyMs),
                95,
            ),
        ),
        errorWindows: windows,
        longestErrorWindowMs: windows.reduce((m, w) => Math.max(m, w.end - w.start), 0),
        sessions: { opened: sessions.opened, dropped: sessions.dropped, failed: sessions.failed ?? 0 },
        failureReasons: {
            requests: byCount(samples.filter((s) => !s.ok).map((s) => s.outcome)),
            sessions: byCount(sessions.failureReasons ?? []),
        },
    };
}
