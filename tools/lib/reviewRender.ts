/**
 * A review as text (the terminal), markdown (one pull-request comment) or JSON (the same data).
 * Values are the plans' own, where secrets are already masked, shown whole (identifiers such as NEG
 * URLs are never cut); only a value longer than a page (a dashboard's JSON) is shown around its
 * first difference. Dangers (what the preview refuses, protected, stateful, replaced) are marked;
 * what a change waits for is a plain wait, not a danger; advisories name their source; a created
 * resource shows its inputs in full. The markdown stays under GitHub's comment limit: the summary,
 * verdicts, toggles and findings always fit; change lines are left out from the end when they do
 * not, and the comment says how many.
 */
import { defined } from "../../core/defined";
import { refusal, showChange } from "./diff";
import { readDependentReason } from "./engine/dependents";
import { providerChangeReason } from "./engine/replaceRules";
import type { Finding, Review, ReviewChange, StackReview } from "./review";

/** GitHub's limit on an issue or pull-request comment body, in characters. */
export const commentLimit = 65536;

const sigil = { create: "+", update: "~", replace: "+-", delete: "-" } as const;

/**
 * Why a change needs a second look, in the diff's own terms. `names` maps the URNs of the other
 * changes of the stack to their names (what a change waits for).
 */
export function dangers(
    change: ReviewChange,
    _names: ReadonlyMap<string, string>,
    quote: (s: string) => string = (s) => s,
): string[] {
    const out: string[] = [];
    const refused = refusal(change);
    if (refused) out.push(`the preview refuses: ${refused}`);
    else if (change.protect) out.push("protected");
    if (change.stateful) out.push("stateful");
    if (change.replaceBecause.length > 0) {
        const why = (r: string) => {
            if (r === providerChangeReason) return "its provider changes or is replaced";
            const d = readDependentReason(r);
            return d ? `${quote(d.input)} becomes unknown while ${quote(d.root)} is replaced` : `${quote(r)} changed`;
        };
        out.push(`replaced because ${change.replaceBecause.map(why).join(", ")}`);
    }
    if (change.deleteBeforeReplace) out.push("deleted before its replacement is created");
    return out;
}

/** What a change waits for (the other changes of the stack that complete first): a wait, not a danger. */
export function waits(
    c: ReviewChange,
    names: ReadonlyMap<string, string>,
    quote: (s: string) => string = (s) => s,
): string | undefined {
    return c.waitsFor.length > 0
        ? `waits for ${c.waitsFor.map((u) => quote(names.get(u) ?? u)).join(", ")}`
        : undefined;
}

/** A value in full; only one longer than a page is shown around its first difference. */
function whole(v: unknown): string {
    return v === undefined ? "(unset)" : JSON.stringify(v);
}

export function fullChange(old: unknown, now: unknown): string {
    const long = (v: unknown) => typeof v === "string" && v.length > 1000;
    return long(old) || long(now) ? showChange(old, now) : `${whole(old)} → ${whole(now)}`;
}

/** The lines under a change: its paths (or a create's inputs), its wait, its advisories. */
function detailLines(
    s: StackReview,
    c: ReviewChange,
    names: ReadonlyMap<string, string>,
    quote: (x: string) => string = (x) => x,
): string[] {
    const out: string[] = [];
    const created = s.created[c.urn];
    if (c.op === "create" && created) for (const i of created) out.push(`${quote(i.path)}: ${quote(whole(i.value))}`);
    else for (const p of c.changes) out.push(`${quote(p.path)}: ${quote(fullChange(p.old, p.new))}`);
    const w = waits(c, names, quote);
    if (w) out.push(w);
    for (const a of s.advice[c.urn] ?? []) out.push(`advisory: ${a}`);
    return out;
}

/** Each change's name, with the last part of its type where two changes share a name (a cluster and its Kubernetes provider). */
function namesOf(s: StackReview): Map<string, string> {
    const count = new Map<string, number>();
    for (const c of s.changes) count.set(c.name, (count.get(c.name) ?? 0) + 1);
    return new Map(
        s.changes.map((c) => [c.urn, count.get(c.name)! > 1 ? `${c.name} (${c.type.split(":").pop()})` : c.name]),
    );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function headline(s: StackReview): string {
    const m = s.summary;
    const parts = [
        m.create && `${m.create} to create`,
        m.update && `${m.update} to update`,
        m.replace && `${m.replace} to replace`,
        m.delete && `${m.delete} to delete`,
    ].filter(Boolean);
    return `${s.status === "changed" || s.status === "unchanged" ? "" : `${s.status}; `}${parts.length ? parts.join(", ") : "no changes"}`;
}

/** New findings, and how many of them are mandatory (those block). */
function newViolations(s: StackReview): string {
    const n = s.findings.new.length;
    const mandatory = s.findings.new.filter((f) => f.enforcementLevel === "mandatory").length;
    return n === 0 ? "0" : `${n} (${mandatory} mandatory)`;
}

function shownValue(v: unknown): string {
    return v === undefined ? "(unset)" : JSON.stringify(v);
}

function findingLine(f: Finding): string {
    return `[${f.enforcementLevel}] ${f.policy}: ${f.urn}: ${f.message}`;
}

// ---------------------------------------------------------------------------------------------
// text

function table(rows: string[][]): string[] {
    const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
    return rows.map((r) =>
        r
            .map((cell, i) =>
                i === 0 || i === r.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
            )
            .join("  ")
            .trimEnd(),
    );
}

/** Line counts per stack and change: a cell of such a grid, which the caller indexes from the grid's own shape. */
function countAt(grid: number[][], i: number, j: number): number {
    return defined(grid[i]?.[j], `line count of change ${j} of stack ${i}`);
}

function setCount(grid: number[][], i: number, j: number, n: number): void {
    defined(grid[i], `line counts of stack ${i}`)[j] = n;
}

const summaryHeader = [
    "stack",
    "create",
    "update",
    "replace",
    "delete",
    "stateful touched",
    "new violations",
    "verdict",
];

function summaryRow(s: StackReview): string[] {
    const m = s.summary;
    return [s.stack, m.create, m.update, m.replace, m.delete, m.statefulTouched, newViolations(s), s.verdict].map(
        String,
    );
}

function title(r: Review): string {
    return `Review of the working tree against ${r.base.rev} (${r.base.commit.slice(0, 12)})`;
}

/** What the review compares: stack files at two revisions, and the deployed state where one was given. */
function baseNote(r: Review): string {
    const withState = r.stacks.filter((s) => s.deployed !== undefined).map((s) => s.stack);
    return withState.length === r.stacks.length && withState.length > 0
        ? "compares stack files at the two revisions, and each stack's working tree with its deployed state (--state)"
        : "compares stack files at the two revisions (offline plans), not what is deployed" +
              (withState.length > 0 ? ` (deployed state given for ${withState.join(", ")})` : "") +
              ": pass --state <stack>=<file> (the JSON of `pulumi stack export`) to compare with it";
}

export function renderText(review: Review): string {
    const lines = [title(review), baseNote(review), "", ...table([summaryHeader, ...review.stacks.map(summaryRow)])];
    for (const stack of review.stacks) {
        lines.push("", `${stack.stack}: ${headline(stack)}`);
        for (const n of stack.notes) lines.push(`  !! ${n}`);
        for (const t of stack.toggles)
            lines.push(`  remediation toggle ${t.key}: ${shownValue(t.old)} → ${shownValue(t.new)}`);
        if (stack.configKeys.added.length) lines.push(`  config keys added: ${stack.configKeys.added.join(", ")}`);
        if (stack.configKeys.removed.length)
            lines.push(`  config keys removed: ${stack.configKeys.removed.join(", ")}`);
        for (const n of stack.deployed ?? []) lines.push(`  ${n}`);
        const names = namesOf(stack);
        for (const c of stack.changes) {
            const why = dangers(c, names);
            lines.push(`  ${sigil[c.op]} ${c.op} ${c.type} ${c.name}${why.length ? `  !! ${why.join("; ")}` : ""}`);
            for (const l of detailLines(stack, c, names)) lines.push(`      ${l}`);
        }
        const f = stack.findings;
        lines.push(
            `  policy findings: ${f.new.length} new, ${f.fixed.length} fixed, ${f.preExisting.length} pre-existing`,
        );
        for (const x of f.new) lines.push(`    new ${findingLine(x)}`);
        for (const x of f.fixed) lines.push(`    fixed ${findingLine(x)}`);
        lines.push(
            `  verdict: ${stack.verdict}${stack.blockedBecause.length ? ` (${stack.blockedBecause.join("; ")})` : ""}`,
        );
    }
    lines.push("", `verdict: ${review.verdict} (exit ${review.verdict === "blocked" ? 1 : 0})`);
    return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// markdown

/** An inline code span holding `s` verbatim (a longer fence when `s` has backticks; one line). */
export function code(s: string): string {
    const flat = s.replace(/\r?\n/g, " ");
    const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
    const fence = "`".repeat(longest + 1);
    const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
    return `${fence}${pad}${flat}${pad}${fence}`;
}

function changeLines(s: StackReview, c: ReviewChange, names: ReadonlyMap<string, string>): string[] {
    const why = dangers(c, names, code);
    const head = `- ${code(`${sigil[c.op]} ${c.op}`)} ${code(c.type)} **${code(c.name)}**${why.length ? ` ⚠️ ${why.join("; ")}` : ""}`;
    return [head, ...detailLines(s, c, names, code).map((l) => `  - ${l}`)];
}

function findingMd(kind: string, f: Finding): string {
    return `- ${kind} **${f.enforcementLevel}** ${code(f.policy)} on ${code(f.urn)}: ${f.message.replace(/\r?\n/g, " ")}`;
}

interface Block {
    /** Lines always shown (summary of the stack, toggles, findings). */
    fixed: string[];
    /** Change entries in order, each a list of lines (the first is the resource, then its paths). */
    entries: string[][];
}

function stackBlock(stack: StackReview): Block {
    const fixed: string[] = [];
    for (const n of stack.notes) fixed.push(`> ⚠️ ${n}`, "");
    if (stack.blockedBecause.length) fixed.push(`**Blocked:** ${stack.blockedBecause.join("; ")}.`, "");
    for (const n of stack.deployed ?? []) fixed.push(`- ${n.replace(/^ +/, "")}`);
    for (const t of stack.toggles)
        fixed.push(`- remediation toggle ${code(t.key)}: ${code(shownValue(t.old))} → ${code(shownValue(t.new))}`);
    if (stack.configKeys.added.length)
        fixed.push(`- config keys added: ${stack.configKeys.added.map(code).join(", ")}`);
    if (stack.configKeys.removed.length)
        fixed.push(`- config keys removed: ${stack.configKeys.removed.map(code).join(", ")}`);
    const f = stack.findings;
    fixed.push(`- policy findings: ${f.new.length} new, ${f.fixed.length} fixed, ${f.preExisting.length} pre-existing`);
    for (const x of f.new) fixed.push(`  ${findingMd("new", x)}`);
    for (const x of f.fixed) fixed.push(`  ${findingMd("fixed", x)}`);
    const names = namesOf(stack);
    return { fixed, entries: stack.changes.map((c) => changeLines(stack, c, names)) };
}

function assembleMarkdown(r: Review, blocks: Block[], shown: number[][], note: string): string {
    const out = [`### ${title(r).replace(r.base.rev, code(r.base.rev))}`, "", baseNote(r), ""];
    out.push(`| ${summaryHeader.join(" | ")} |`, `|${summaryHeader.map(() => " --- ").join("|")}|`);
    for (const s of r.stacks) {
        const row = summaryRow(s);
        row[0] = code(s.stack);
        row[7] = s.verdict === "blocked" ? "❌ blocked" : "✅ reviewable";
        out.push(`| ${row.join(" | ")} |`);
    }
    out.push("", `**Verdict: ${r.verdict}.**`);
    r.stacks.forEach((s, i) => {
        const block = defined(blocks[i], `the block of stack ${s.stack}`);
        out.push("", `<details><summary><b>${s.stack}</b>: ${headline(s)}</summary>`, "", ...block.fixed);
        const entries = block.entries;
        const lines = entries.flatMap((e, j) => e.slice(0, countAt(shown, i, j)));
        if (lines.length) out.push("", ...lines);
        const cut = entries.reduce((n, e, j) => n + (e.length - countAt(shown, i, j)), 0);
        if (cut > 0) out.push("", `_${plural(cut, "line")} of this stack's changes left out (comment limit)._`);
        out.push("", "</details>");
    });
    if (note) out.push("", note);
    return out.join("\n") + "\n";
}

/**
 * The review as one PR comment of at most `limit` characters. When everything does not fit,
 * change lines are left out from the end of each stack's list, paths before resources (a
 * reviewer keeps every changed resource as long as possible), and the comment ends with what was
 * left out and where to see it all.
 */
export function renderMarkdown(review: Review, limit = commentLimit): string {
    const blocks = review.stacks.map(stackBlock);
    const all = blocks.map((b) => b.entries.map((e) => e.length));
    const full = assembleMarkdown(review, blocks, all, "");
    if (full.length <= limit) return full;
    const totalLines = all.flat().reduce((a, b) => a + b, 0);
    const noteFor = (shown: number[][]) => {
        const kept = shown.flat().reduce((a, b) => a + b, 0);
        return `_Left out to stay under GitHub's ${commentLimit.toLocaleString("en-US")}-character comment limit: ${plural(totalLines - kept, "change line")} of ${totalLines}. \`npm run review -- --base ${review.base.rev}\` prints everything._`;
    };
    // Start with one line (the resource) per change, then add path lines while they fit; if even
    // the resources alone do not fit, drop resources from the end.
    const shown = all.map((s) => s.map((n) => Math.min(n, 1)));
    const size = () => assembleMarkdown(review, blocks, shown, noteFor(shown)).length;
    const order: [number, number][] = all.flatMap((s, i) => s.map((_, j) => [i, j] as [number, number]));
    for (const [i, j] of [...order].reverse()) {
        if (size() <= limit) break;
        setCount(shown, i, j, 0);
    }
    // Grow greedily, one change at a time, with a binary search on its path lines.
    let current = size();
    for (const [i, j] of order) {
        if (countAt(shown, i, j) === 0 || countAt(shown, i, j) === countAt(all, i, j)) continue;
        const lineLengths = defined(blocks[i]?.entries[j], `change ${j} of stack ${i}`).map((l) => l.length + 1);
        let add = 0;
        for (const [n, length] of lineLengths.entries()) {
            if (n < countAt(shown, i, j)) continue;
            if (current + add + length + 16 > limit) break;
            add += length;
            setCount(shown, i, j, n + 1);
        }
        current = size();
        while (current > limit && countAt(shown, i, j) > 1) {
            setCount(shown, i, j, countAt(shown, i, j) - 1);
            current = size();
        }
    }
    return assembleMarkdown(review, blocks, shown, noteFor(shown));
}

export function renderJson(r: Review): string {
    return JSON.stringify({ ...r, exitCode: r.verdict === "blocked" ? 1 : 0 }, null, 2) + "\n";
}
