/**
 * `npm run timeline -- --stack <s> --since <time> [--probe <report.json> ...]`
 *
 * The post-incident timeline as markdown for the incident report: every remediation change of the
 * stack file since the time (when, who, what, its commit), and the drill records and saved probe
 * reports (`npm run probe -- --json`) of the window, in time order.
 */
import { collect, command, runCli } from "./lib/cli";
import { timeline } from "./lib/incident";
import { checkStackName } from "./lib/stackConfig";

const program = command("timeline", "Write the post-incident timeline of a stack (markdown)")
    .requiredOption("--stack <name>", "the cell's stack")
    .requiredOption("--since <time>", "the window's start (ISO 8601, e.g. 2026-12-07T21:00:00Z)")
    .option("--probe <file>", "a saved `npm run probe -- --json` report to include; repeatable", collect, []);

runCli("timeline", program, (p) => {
    const o = p.opts<{ stack: string; since: string; probe: string[] }>();
    checkStackName(o.stack);
    process.stdout.write(timeline({ stack: o.stack, since: o.since, probes: o.probe }));
    return Promise.resolve();
});
