/**
 * `npm run review -- --base <git-rev> [--stack S ...] [--state S=<export.json> ...] [--format text|markdown|json] [--out FILE]`:
 * what the working tree changes in every stack against a base revision, offline; with `--state`,
 * also what the working tree's plan would change in what is deployed (drift and unapplied edits).
 * `--out` is written on every exit, a failed review included, so a pull request's comment never
 * keeps showing an earlier verdict. The base is
 * checked out with `git worktree` and planned by its own program; both sides are planned in
 * parallel child processes, diffed, and judged by their own policy pack.
 * Exit codes: 0 reviewable; 1 a new mandatory violation, a protected resource replaced or
 * deleted, or a plan that fails; 2 usage (including an unknown revision or stack); 3 the tool failed.
 */
import * as fs from "fs";
import * as path from "path";
import { checkoutBase, fileAt, resolveRevision, RevisionError, stackNames, stacksAt } from "./lib/baseCheckout";
import { exitCleanlyOnSignals, runChild } from "./lib/children";
import { sideResultOf } from "./lib/reviewSide";
import { InvalidArgumentError, Option } from "commander";
import { cannotApplyWarnings } from "./lib/bringUp/applicable";
import { collect, command, runCli } from "./lib/cli";
import { escapeControl, UsageError, UserInputError } from "./lib/userError";
import { compareWithState, readStateFile, type DeployedState } from "./lib/deployedState";
import { previewPlan } from "./lib/diff";
import type { Inventory } from "./lib/plan";
import { assemble, exitCodeOf, reviewStack, type Finding } from "./lib/review";
import type { SidePlan, SideResult } from "./lib/reviewChild";
import { renderJson, renderMarkdown, renderText } from "./lib/reviewRender";
import { readRegularFileIfExists, resolveWriteTarget, writeFileAtomic } from "./lib/io";
import { limits } from "./lib/limits";
import { parseStackText, projectRoot, stackFile } from "./lib/stackConfig";

const child = path.join(__dirname, "lib", "reviewChild.ts");

function reviewTimeout(v: string): number {
    if (!/^\d{1,5}$/.test(v) || Number(v) < 1) throw new InvalidArgumentError("give whole seconds, 1 to 99999");
    return Number(v);
}

/** Plans `stacks` in `cwd`'s tree in a child process (the tree's own ts-node and program), bounded in time. */
async function planSide(
    cwd: string,
    label: string,
    stacks: string[],
    timeoutSeconds: number,
    unknownAtPreview?: Record<string, string[]>,
): Promise<SideResult> {
    const unknown = unknownAtPreview ? ["--unknown-at-preview", JSON.stringify(unknownAtPreview)] : [];
    const r = await runChild(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", child, ...unknown, ...stacks],
        {
            cwd,
            timeoutMs: timeoutSeconds * 1000,
        },
    );
    return sideResultOf(r, label, timeoutSeconds);
}

/** A stack file's `config:` map, validated as the plan validates it (secrets, size, keys, YAML). */
function stackConfigOf(text: string | undefined, label: string): Record<string, unknown> | undefined {
    return text === undefined ? undefined : parseStackText(text, label);
}

/** The working tree's stack file (tracked or not): a bounded regular file, or undefined if absent. */
function workingStackText(stack: string): string | undefined {
    const read = readRegularFileIfExists(stackFile(stack), {
        limit: limits.stackFileBytes,
        label: `Pulumi.${stack}.yaml`,
        what: "a stack file is a few kilobytes",
    });
    return read?.text;
}

function sideOf(plan: SidePlan | undefined, label: string, stack: string, stackFileText: string | undefined) {
    if (plan === undefined) throw new UserInputError(`${stack} at ${label}: the plan printed no result for this stack`);
    if (plan.error !== undefined)
        throw new UserInputError(`${stack} at ${label}: the plan fails: ${escapeControl(plan.error)}`);
    if (!plan.present) return {};
    return {
        inventory: plan.inventory as Inventory,
        findings: (plan.violations ?? null) as Finding[] | null,
        stackConfig: stackConfigOf(stackFileText, `Pulumi.${stack}.yaml at ${label}`),
    };
}

/**
 * The working tree's plan of each stack as its preview over the base sees it (tools/lib/diff.ts
 * previewPlan): planned again, in the tree's own process, with what the change creates or
 * replaces answering only its inputs. A new stack file has nothing to preview over and keeps its
 * plan; the findings stay the known plan's, which the pack judges.
 */
async function asPreviewed(
    base: SideResult,
    known: SideResult,
    planWith: (stack: string, unknown: ReadonlySet<string>) => Promise<SidePlan | undefined>,
): Promise<SideResult> {
    const stacks: Record<string, SidePlan> = {};
    for (const [stack, head] of Object.entries(known.stacks)) {
        const before = base.stacks[stack]?.inventory as Inventory | undefined;
        const declared = head.inventory as Inventory | undefined;
        if (before === undefined || declared === undefined) {
            stacks[stack] = head;
            continue;
        }
        const inventory = await previewPlan(before, async (unknown) => {
            if (unknown === undefined) return declared;
            const planned = await planWith(stack, unknown);
            if (planned?.inventory === undefined)
                throw new UserInputError(
                    `${stack} at the working tree: the preview's plan fails: ${escapeControl(planned?.error ?? "no result")}`,
                );
            return planned.inventory as Inventory;
        });
        stacks[stack] = { ...head, inventory };
    }
    return { stacks };
}

interface Options {
    base: string;
    stack: string[];
    state: string[];
    format: string;
    out?: string;
    timeout: number;
}

/** `--state <stack>=<file>` pairs, each file read and checked as that stack's export. */
function statesOf(pairs: readonly string[]): Map<string, DeployedState> {
    const out = new Map<string, DeployedState>();
    for (const pair of pairs) {
        const i = pair.indexOf("=");
        if (i <= 0) throw new UsageError(`--state: "${pair}" is not <stack>=<file of pulumi stack export>`);
        const stack = pair.slice(0, i);
        out.set(stack, readStateFile(pair.slice(i + 1), stack));
    }
    return out;
}

async function review(opts: Options, log: (line: string) => void): Promise<{ text: string; code: 0 | 1 }> {
    const commit = resolveRevision(projectRoot, opts.base);
    const atBase = stacksAt(projectRoot, commit);
    const inTree = stackNames(fs.readdirSync(projectRoot));
    const known = [...new Set([...atBase, ...inTree])].sort();
    const unknown = opts.stack.filter((s) => !known.includes(s));
    if (unknown.length)
        throw new RevisionError(
            `--stack: no stack file Pulumi.${unknown[0]}.yaml at ${opts.base} or in the working tree; stacks: ${known.join(", ")}`,
        );
    const stacks = opts.stack.length ? [...new Set(opts.stack)].sort() : known;
    const base = await checkoutBase(projectRoot, commit, log);
    try {
        const [basePlans, knownPlans] = await Promise.all([
            planSide(base.dir, opts.base, stacks, opts.timeout),
            planSide(projectRoot, "the working tree", stacks, opts.timeout),
        ]);
        const workingPlans = await asPreviewed(basePlans, knownPlans, async (stack, unknown) => {
            const side = await planSide(projectRoot, "the working tree", [stack], opts.timeout, {
                [stack]: [...unknown],
            });
            return side.stacks[stack];
        });
        const reviews = stacks.map((s) =>
            reviewStack(
                s,
                sideOf(basePlans.stacks[s], opts.base, s, fileAt(projectRoot, commit, `Pulumi.${s}.yaml`)),
                sideOf(workingPlans.stacks[s], "the working tree", s, workingStackText(s)),
            ),
        );
        const states = statesOf(opts.state);
        for (const s of reviews) {
            const state = states.get(s.stack);
            // The deployed state is compared with what the working tree declares, every value known.
            const head = knownPlans.stacks[s.stack];
            if (state && head?.present && head.inventory)
                s.deployed = await compareWithState(s.stack, state, Promise.resolve(head.inventory as Inventory));
        }
        const r = assemble({ rev: opts.base, commit }, reviews);
        for (const s of stacks)
            if (workingPlans.stacks[s]?.present)
                cannotApplyWarnings(s, stackConfigOf(workingStackText(s), "the working tree")).forEach(log);
        const text =
            opts.format === "json"
                ? renderJson(r)
                : opts.format === "markdown"
                  ? renderMarkdown(r)
                  : renderText(r) + "\n";
        return { text, code: exitCodeOf(r) };
    } finally {
        base.remove();
    }
}

const program = command(
    "review",
    "Review what the working tree changes in every stack against a base revision (offline plans, diff, policy pack)",
)
    .requiredOption("--base <git-rev>", "the revision to compare with (a branch, tag or commit)")
    .option(
        "--stack <name>",
        "review only this stack; repeatable (default: every stack file at the base or in the working tree)",
        collect,
        [],
    )
    .addOption(
        new Option("--format <format>", "text, markdown (a PR comment) or json")
            .choices(["text", "markdown", "json"])
            .default("text"),
    )
    .option(
        "--state <stack=file>",
        "compare that stack's working tree with its deployed state (pulumi stack export JSON); repeatable",
        collect,
        [],
    )
    .option("--out <file>", "write the review to this file instead of stdout (also when the review fails)")
    .option("--timeout <seconds>", "stop planning a side that takes longer (default 900)", reviewTimeout, 900);

/** What `--out` holds when the review could not be made: the failure, in the asked format. */
function failureText(format: string, base: string, message: string): string {
    if (format === "json")
        return JSON.stringify({ base: { rev: base }, verdict: "failed", error: message }, null, 2) + "\n";
    if (format === "markdown")
        return `### Review of the working tree against \`${base}\`\n\n❌ **The review failed**: no verdict.\n\n\`\`\`text\n${message}\n\`\`\`\n`;
    return `Review of the working tree against ${base}\n\nthe review failed: no verdict\n${message}\n`;
}

runCli("review", program, async (p) => {
    const opts = p.opts<Options>();
    exitCleanlyOnSignals((signal) => `review: interrupted (${signal}); base worktree removed`);
    const outLabel = opts.out !== undefined ? `--out ${escapeControl(opts.out)}` : "";
    // Refused before the plans run: a special file, a directory or a missing parent at --out.
    if (opts.out !== undefined) resolveWriteTarget(opts.out, outLabel);
    let result: { text: string; code: 0 | 1 };
    try {
        result = await review(opts, (l) => process.stderr.write(`review: ${l}\n`));
    } catch (e) {
        // The sticky comment must not keep showing the last verdict: the failure is written too.
        const message = escapeControl((e as Error).message);
        if (opts.out !== undefined)
            writeFileAtomic(opts.out, failureText(opts.format, opts.base, message), { label: outLabel });
        throw e;
    }
    const { text, code } = result;
    // Atomic: a reader (the workflow's comment step) never sees half of it; never over a special file.
    if (opts.out !== undefined) writeFileAtomic(opts.out, text, { label: outLabel });
    else process.stdout.write(text);
    process.exitCode = code;
});
