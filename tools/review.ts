/**
 * `npm run review -- --base <git-rev> [--stack S ...] [--format text|markdown|json] [--out FILE]`:
 * what the working tree changes in every stack against a base revision, offline. The base is
 * checked out with `git worktree` and planned by its own program; both sides are planned in
 * parallel child processes, diffed, and judged by their own policy pack.
 * Exit codes: 0 reviewable; 1 a new mandatory violation, a protected resource replaced or
 * deleted, or a plan that fails; 2 usage (including an unknown revision or stack); 3 the tool failed.
 */
import { defined } from "../core/defined";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { atInterrupt, checkoutBase, fileAt, resolveRevision, RevisionError, stackNames, stacksAt } from "./lib/baseCheckout";
import { Option } from "commander";
import { collect, command, runCli } from "./lib/cli";
import { UserInputError } from "./lib/userError";
import type { Inventory } from "./lib/plan";
import { assemble, exitCodeOf, reviewStack, type Finding } from "./lib/review";
import type { SidePlan, SideResult } from "./lib/reviewChild";
import { renderJson, renderMarkdown, renderText } from "./lib/reviewRender";
import { projectRoot } from "./lib/stackConfig";

const child = path.join(__dirname, "lib", "reviewChild.ts");

/** Plans `stacks` in `cwd`'s tree in a child process (the tree's own ts-node and program). */
function planSide(cwd: string, label: string, stacks: string[]): Promise<SideResult> {
    return new Promise((resolve, reject) => {
        const p = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", child, ...stacks], { cwd, stdio: ["ignore", "pipe", "pipe"] });
        const unregister = atInterrupt(() => p.kill("SIGTERM"));
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        p.stdout.on("data", (d: Buffer) => out.push(d));
        p.stderr.on("data", (d: Buffer) => err.push(d));
        p.on("error", (e) => {
            unregister();
            reject(e);
        });
        p.on("close", (status) => {
            unregister();
            // The side's tree cannot be planned at all (e.g. a revision older than the offline plan):
            // the input's fault, reported without a stack trace.
            if (status !== 0) return reject(new UserInputError(`planning ${label} failed (exit ${status}): ${Buffer.concat(err).toString("utf8").trim().split("\n").slice(-10).join("\n")}`));
            try {
                resolve(JSON.parse(Buffer.concat(out).toString("utf8")) as SideResult);
            } catch (e) {
                reject(new Error(`planning ${label} printed no review JSON: ${(e as Error).message}`));
            }
        });
    });
}

function stackConfigOf(text: string | undefined): Record<string, unknown> | undefined {
    if (text === undefined) return undefined;
    return ((YAML.parse(text) as { config?: Record<string, unknown> } | null)?.config ?? {});
}

function sideOf(plan: SidePlan, label: string, stack: string, stackFileText: string | undefined) {
    if (plan.error !== undefined) throw new UserInputError(`${stack} at ${label}: the plan fails: ${plan.error}`);
    if (!plan.present) return {};
    return { inventory: plan.inventory as Inventory, findings: (plan.violations ?? null) as Finding[] | null, stackConfig: stackConfigOf(stackFileText) };
}

interface Options {
    base: string;
    stack: string[];
    format: string;
    out?: string;
}

async function review(opts: Options, log: (line: string) => void): Promise<{ text: string; code: 0 | 1 }> {
    const commit = resolveRevision(projectRoot, opts.base);
    const atBase = stacksAt(projectRoot, commit);
    const inTree = stackNames(fs.readdirSync(projectRoot));
    const known = [...new Set([...atBase, ...inTree])].sort();
    const unknown = opts.stack.filter((s) => !known.includes(s));
    if (unknown.length) throw new RevisionError(`--stack: no stack file Pulumi.${unknown[0]}.yaml at ${opts.base} or in the working tree; stacks: ${known.join(", ")}`);
    const stacks = opts.stack.length ? [...new Set(opts.stack)].sort() : known;
    const base = checkoutBase(projectRoot, commit, log);
    try {
        const [b, h] = await Promise.all([planSide(base.dir, opts.base, stacks), planSide(projectRoot, "the working tree", stacks)]);
        const reviews = stacks.map((s) =>
            reviewStack(
                s,
                sideOf(defined(b.stacks[s], `the base's plan of ${s}`), opts.base, s, fileAt(projectRoot, commit, `Pulumi.${s}.yaml`)),
                sideOf(defined(h.stacks[s], `the working tree's plan of ${s}`), "the working tree", s, fs.existsSync(path.join(projectRoot, `Pulumi.${s}.yaml`)) ? fs.readFileSync(path.join(projectRoot, `Pulumi.${s}.yaml`), "utf8") : undefined),
            ),
        );
        const r = assemble({ rev: opts.base, commit }, reviews);
        const text = opts.format === "json" ? renderJson(r) : opts.format === "markdown" ? renderMarkdown(r) : renderText(r) + "\n";
        return { text, code: exitCodeOf(r) };
    } finally {
        base.remove();
    }
}

/** Writes the file atomically: a reader (the workflow's comment step) never sees half of it. */
function writeAtomically(file: string, text: string): void {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
}

const program = command("review", "Review what the working tree changes in every stack against a base revision (offline plans, diff, policy pack)")
    .requiredOption("--base <git-rev>", "the revision to compare with (a branch, tag or commit)")
    .option("--stack <name>", "review only this stack; repeatable (default: every stack file at the base or in the working tree)", collect, [])
    .addOption(new Option("--format <format>", "text, markdown (a PR comment) or json").choices(["text", "markdown", "json"]).default("text"))
    .option("--out <file>", "write the review to this file instead of stdout");

runCli(
    "review",
    program,
    async (p) => {
        const opts = p.opts<Options>();
        const { text, code } = await review(opts, (l) => process.stderr.write(`review: ${l}\n`));
        if (opts.out) writeAtomically(opts.out, text);
        else process.stdout.write(text);
        process.exitCode = code;
    },
);
