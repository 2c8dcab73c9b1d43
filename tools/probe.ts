/**
 * `npm run probe -- --url <http(s) URL> [--ws <ws(s) URL>] [--sessions N] [--rate R] --duration <s>
 *   [--max-failure-rate F] [--json]`
 *
 * Measures a cell from the outside for a bounded time, as its callers would see it: health
 * requests at a fixed rate and held WebSocket sessions. Prints availability, P50/P95 latency,
 * the error windows, the sessions opened, dropped and never opened, and why requests failed;
 * `--json` prints exactly the report object. A run whose requests or session attempts fail more
 * often than `--max-failure-rate` (default 0.05) exits 1 and says why on stderr.
 */
import { InvalidArgumentError } from "commander";
import { command, runCli } from "./lib/cli";
import { readRegularFile } from "./lib/io";
import { escapeControl } from "./lib/userError";
import { renderProbeReport } from "./lib/probe/render";
import { verdictOf } from "./lib/probe/summary";
import { probeLimits, startProbe } from "./lib/probe/run";

const number = (v: string): number => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError("not a number.");
    return n;
};

const rate = (v: string): number => {
    const n = number(v);
    if (n < 0 || n > 1) throw new InvalidArgumentError("give a share from 0 to 1.");
    return n;
};

const program = command(
    "probe",
    "Measure a cell from the outside: health requests at a fixed rate and held WebSocket sessions",
)
    .requiredOption("--url <url>", "health URL (http or https)")
    .option("--ws <url>", "WebSocket URL (ws or wss) to hold sessions on")
    .option(
        "--sessions <n>",
        `held WebSocket sessions (default 1 with --ws; at most ${probeLimits.maxSessions})`,
        number,
    )
    .option("--rate <r>", `health requests per second (default 5; at most ${probeLimits.maxRate})`, number)
    .requiredOption("--duration <seconds>", `how long to probe (at most ${probeLimits.maxDurationSeconds})`, number)
    .option("--timeout <ms>", "a request slower than this fails (default 2000)", number)
    .option("--ca <file>", "PEM file of extra CA certificates to trust")
    .option(
        "--max-failure-rate <f>",
        "fail (exit 1) above this share of failed requests or session attempts, 0 to 1",
        rate,
        0.05,
    )
    .option("--json", "print the report as JSON");

runCli("probe", program, async (p) => {
    const options = p.opts<{
        url: string;
        ws?: string;
        sessions?: number;
        rate?: number;
        duration: number;
        timeout?: number;
        ca?: string;
        json?: boolean;
        maxFailureRate: number;
    }>();
    let ca: string | undefined;
    if (options.ca !== undefined) {
        // A regular file of at most 1 MiB: a FIFO or /dev/zero is refused, never read.
        ca = readRegularFile(options.ca, {
            limit: 1024 * 1024,
            label: `--ca ${escapeControl(options.ca)}`,
            what: "a CA bundle is a few kilobytes",
        }).text;
    }
    const probe = startProbe({
        url: options.url,
        ws: options.ws,
        sessions: options.sessions,
        rate: options.rate,
        durationSeconds: options.duration,
        timeoutMs: options.timeout,
        ca,
    });
    // Ctrl-C ends the probe early and still prints what it measured.
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => probe.stop());
    const { report } = await probe.done;
    process.stdout.write(options.json ? JSON.stringify(report, null, 2) + "\n" : renderProbeReport(report) + "\n");
    const verdict = verdictOf(report, options.maxFailureRate);
    if (!verdict.ok) {
        process.stderr.write(verdict.why.map((w) => `probe failed: ${w}\n`).join(""));
        process.exitCode = 1;
    }
});
