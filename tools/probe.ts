/**
 * `npm run probe -- --url <http(s) URL> [--ws <ws(s) URL>] [--sessions N] [--rate R] --duration <s> [--json]`
 *
 * Measures a cell from the outside for a bounded time, as its callers would see it: health
 * requests at a fixed rate and held WebSocket sessions. Prints availability, P50/P95 latency,
 * the error windows and the sessions dropped; `--json` prints exactly the report object.
 */
import * as fs from "fs";
import { InvalidArgumentError } from "commander";
import { command, runCli } from "./lib/cli";
import { renderProbeReport } from "./lib/probe/render";
import { probeLimits, ProbeOptionError, startProbe } from "./lib/probe/run";

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
        try {
            ca = fs.readFileSync(o.ca, "utf8");
        } catch (e) {
            throw new ProbeOptionError(`--ca: cannot read ${o.ca} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        }
    }
    const probe = startProbe({ url: o.url, ws: o.ws, sessions: o.sessions, rate: o.rate, durationSeconds: o.duration, timeoutMs: o.timeout, ca });
    // Ctrl-C ends the probe early and still prints what it measured.
    process.once("SIGINT", () => probe.stop());
    const { report } = await probe.done;
    process.stdout.write(o.json ? JSON.stringify(report, null, 2) + "\n" : renderProbeReport(report) + "\n");
});
