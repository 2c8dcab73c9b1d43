/**
 * `npm run status -- --stack <s> --status Investigating|Mitigating|Monitoring|Resolved [--findings …]
 *   [--actions …] [--contact …] [--at <time>] [--format markdown|text]`
 *
 * The runbook's communication template, ready to post: its scope (drained regions, active
 * remediation toggles, since when) filled from the stack file and its git history, the next
 * update 15 minutes out. Markdown is Slack's (`*bold*`).
 */
import { InvalidArgumentError, Option } from "commander";
import { command, runCli } from "./lib/cli";
import { statusUpdate, statuses, type Status } from "./lib/incident";
import { checkStackName } from "./lib/stackConfig";

function time(v: string): Date {
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw new InvalidArgumentError("not a time (ISO 8601, e.g. 2026-12-07T21:00:00Z).");
    return d;
}

const program = command(
    "status",
    "Print the runbook's communication template for a stack, its scope filled from the stack file",
)
    .requiredOption("--stack <name>", "the cell's stack")
    .addOption(new Option("--status <status>", "the incident's status").choices([...statuses]).makeOptionMandatory())
    .option("--findings <text>", "summary of the root cause, known or suspected")
    .option("--actions <text>", "actions taken besides the stack file's remediation keys")
    .option("--contact <name>", "the on-call engineer (default: git's user.name)")
    .option("--at <time>", "the time of this update (default: now)", time)
    .addOption(
        new Option("--format <format>", "markdown (Slack) or text").choices(["markdown", "text"]).default("markdown"),
    );

runCli("status", program, (p) => {
    const o = p.opts<{
        stack: string;
        status: Status;
        findings?: string;
        actions?: string;
        contact?: string;
        at?: Date;
        format: "markdown" | "text";
    }>();
    checkStackName(o.stack);
    process.stdout.write(statusUpdate({ ...o, at: o.at ?? new Date() }));
    return Promise.resolve();
});
