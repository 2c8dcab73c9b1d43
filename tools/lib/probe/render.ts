/** The probe's report for people (`npm run probe` without --json). */
import type { ProbeReport } from "./summary";

const iso = (t: number) => new Date(t).toISOString();
const pct = (v: number | null) => (v === null ? "n/a" : `${(v * 100).toFixed(2)}%`);
const msText = (v: number | null) => (v === null ? "n/a" : `${v} ms`);

export function renderProbeReport(r: ProbeReport): string {
    const lines = [
        `requests ${r.requests}, failures ${r.failures}, availability ${pct(r.availability)}`,
        `latency of successful requests: p50 ${msText(r.p50Ms)}, p95 ${msText(r.p95Ms)}`,
        `error windows: ${r.errorWindows.length}, longest ${r.longestErrorWindowMs} ms`,
        ...r.errorWindows.map((w) => `  ${iso(w.start)} → ${iso(w.end)} (${w.end - w.start} ms)`),
        `sessions: ${r.sessions.opened} opened, ${r.sessions.dropped} dropped, ${r.sessions.failed} never opened`,
        ...Object.entries(r.failureReasons.requests).map(([k, n]) => `  requests failed: ${k} ×${n}`),
        ...Object.entries(r.failureReasons.sessions).map(([k, n]) => `  sessions failed: ${k} ×${n}`),
    ];
    return lines.join("\n");
}
