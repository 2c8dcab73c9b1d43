/**
 * `npm run probe -- --url <http(s) URL> [--ws <ws(s) URL>] [--sessions N] [--rate R] --duration <s> [--json]`
 *
 * Measures a cell from the outside for a bounded time, as its callers would see it: health
 * requests at a fixed rate and held WebSocket sessions. Prints availability, P50/P95 latency,
 * the error windows and the sessions dropped; `--json` prints exactly the report object.
 */
import { InvalidArgumentError } from "commander";
import { command, runCli } from "./lib/cli";
import { readRegularFile } from "./lib/io";
import { escapeControl } from "./lib/userError";
import { renderProbeReport } from "./lib/probe/render";
import { probeLimits, startProbe } from "./lib/probe/run";

const number = (v: string): number => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError("not a number.");
    return n;
};

const program = command("probe", "Measure a cell from the outside: health requests at a fixed rate and held WebSocket sessions")
    .requiredOption("--url <url>", "health URL (http or https)")
    .option("--ws <url>", "WebSocket URL (ws or wss) to hold sessions on")
    .option("--sessions <n>", `held WebSocket sessions (default 1 with --ws; at most ${probeLimits.maxSessions})`, number)
    .option("--rate <r>", `health requests per second (default 5; at most ${probeLimits.maxRate})`, number)
    .requiredOption("--duration <seconds>", `how long to probe (at most ${probeLimits.maxDurationSeconds})`, number)
    .option("--timeout <ms>", "a request slower than this fails (default 2000)", number)
    .option("--ca <file>", "PEM file of extra CA certificates to trust")
    .option("--json", "print the report as JSON");

runCli("probe", program, async (p) => {
    const o = p.opts<{ url: string; ws?: string; sessions?: number; rate?: number; duration: number; timeout?: number; ca?: string; json?: boolean }>();
    let ca: string | undefined;
    if (o.ca !== undefined) {
        // A regular file of at most 1 MiB: a FIFO or /dev/zero is refused, never read.
        ca = readRegularFile(o.ca, { limit: 1024 * 1024, label: `--ca ${escapeControl(o.ca)}`, what: "a CA bundle is a few kilobytes" }).text;
    }
    const probe = startProbe({ url: o.url, ws: o.ws, sessions: o.sessions, rate: o.rate, durationSeconds: o.duration, timeoutMs: o.timeout, ca });
    // Ctrl-C ends the probe early and still prints what it measured.
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, probe.stop);
    const { report } = await probe.done;
    process.stdout.write(o.json ? JSON.stringify(report, null, 2) + "\n" : renderProbeReport(report) + "\n");
});
