/**
 * docs/runbook.md quotes the offline diff of each remediation. A quote is a marker line
 * `<!-- diff: <stack> <key=value> ... -->` followed by a ```text block; a remediation applied in
 * phases is quoted with `<!-- phases: <stack> <action> [--to|--region <region>] [set <key>=<value> ...] -->`
 * (the `set`s edit the stack file first, e.g. to quote a failback from a drained cell) and its
 * block holds every phase with its commands and diff. The block after `<!-- procedures: <stack> -->`
 * is the remediation-action table itself: each action's keys, what it does and its phases.
 * `npm run docs:runbook` regenerates every block from the program, and test/docs/runbook.test.ts
 * fails when one is stale.
 */
import * as fs from "fs";
import * as YAML from "yaml";
import { phaseOutline, remediationActions } from "../../infra/config/remediations";
import { diffInventories, previewPlan, renderDiff } from "./diff";
import { labelBackends } from "./pathLabels";
import { phasesWith, renderPhases } from "./phases";
import { plan, resolveConfig } from "./plan";
import { actionNamed, asUserError, yamlEdits, type Edit } from "./remediate";
import { stackFile } from "./stackConfig";
import { editYamlText } from "./yamlEdit";

export interface DiffQuote {
    stack: string;
    sets: string[];
    /** Offsets of the block's body (between the fences) in the document. */
    start: number;
    end: number;
    body: string;
}

const marker = /<!-- diff: (\S+)((?: \S+)*) -->\n```text\n/g;

export function findQuotes(doc: string): DiffQuote[] {
    const quotes: DiffQuote[] = [];
    for (const m of doc.matchAll(marker)) {
        const [opening, stack = "", sets = ""] = m;
        const start = m.index + opening.length;
        const end = doc.indexOf("```", start);
        quotes.push({ stack, sets: sets.trim().split(" ").filter(Boolean), start, end, body: doc.slice(start, end) });
    }
    return quotes;
}

/** The diff text a quote should hold: the plan with the overrides against the stack file. */
export async function quoteText(q: Pick<DiffQuote, "stack" | "sets">): Promise<string> {
    const before = await plan({ stack: q.stack });
    const after = await previewPlan(before, (unknownAtPreview) =>
        plan({ stack: q.stack, sets: q.sets, ...(unknownAtPreview ? { unknownAtPreview } : {}) }),
    );
    return renderDiff(labelBackends(diffInventories(before, after), after, before)) + "\n";
}

export interface PhaseQuote {
    stack: string;
    action: string;
    to?: string;
    region?: string;
    /** `key=value` edits of the stack file before the action (YAML values). */
    sets: string[];
    start: number;
    end: number;
    body: string;
}

const phaseMarker = /<!-- phases: (\S+) (\S+)(?: --to (\S+))?(?: --region (\S+))?((?: set \S+)*) -->\n```text\n/g;

export function findPhaseQuotes(doc: string): PhaseQuote[] {
    const quotes: PhaseQuote[] = [];
    for (const m of doc.matchAll(phaseMarker)) {
        const [opening, stack = "", action = "", to, region, setList] = m;
        const start = m.index + opening.length;
        const end = doc.indexOf("```", start);
        const sets = (setList ?? "")
            .split(" set ")
            .map((x) => x.trim())
            .filter(Boolean);
        quotes.push({
            stack,
            action,
            ...(to ? { to } : {}),
            ...(region ? { region } : {}),
            sets,
            start,
            end,
            body: doc.slice(start, end),
        });
    }
    return quotes;
}

/** The phases text a phase quote should hold. */
export async function phaseQuoteText(
    quote: Pick<PhaseQuote, "stack" | "action" | "to" | "region" | "sets">,
): Promise<string> {
    const edits: Edit[] = quote.sets.map((kv) => {
        const i = kv.indexOf("=");
        return { path: kv.slice(0, i).split("."), value: YAML.parse(kv.slice(i + 1)) as unknown };
    });
    const stackText = editYamlText(fs.readFileSync(stackFile(quote.stack), "utf8"), yamlEdits(edits));
    const stackConfig = (YAML.parse(stackText) as { config?: Record<string, unknown> }).config ?? {};
    const config = resolveConfig({ stack: quote.stack, stackConfig }).config;
    const args = { ...(quote.to ? { to: quote.to } : {}), ...(quote.region ? { region: quote.region } : {}) };
    const phases = await phasesWith(quote.action, args, quote.stack, {
        config,
        stackText,
        planOf: (c, unknownAtPreview) =>
            plan({ stack: quote.stack, stackConfig: c, ...(unknownAtPreview ? { unknownAtPreview } : {}) }),
    });
    return renderPhases(phases) + "\n";
}

const proceduresMarker = /<!-- procedures: (\S+) -->\n/g;

/** The remediation-action table as the runbook quotes it: action, keys, what it does, phases. */
export function proceduresText(stack: string): string {
    const { config } = resolveConfig({ stack });
    const sample: Record<string, { value?: string; to?: string; region?: string; tag?: string }> = {
        "drain-region": { region: "<region>" },
        "db-switchover": { to: "<region>" },
        "db-promote-replica": { to: "<region>" },
        "pms-disable": { value: "<provider>" },
        "pms-enable": { value: "<provider>" },
        "rate-limit": { value: "on" },
        rollback: { tag: "<tag>" },
    };
    const cell = (t: string) => t.replace(/\|/g, "\\|");
    const rows = remediationActions.map((a) => {
        const does = asUserError(() => actionNamed(a.name).does(config, sample[a.name] ?? {}));
        return `| \`${cell(a.usage)}\` | ${a.keys.map((k) => `\`${k}\``).join(", ") || "none"} | ${cell(does)} | ${cell(phaseOutline(a))} |`;
    });
    return [
        "| action | keys | what it does (on " + stack + ") | phases |",
        "| --- | --- | --- | --- |",
        ...rows,
        "",
    ].join("\n");
}

export async function refreshQuotes(doc: string): Promise<string> {
    const blocks = [
        ...findQuotes(doc).map((q) => ({ start: q.start, end: q.end, text: () => quoteText(q) })),
        ...findPhaseQuotes(doc).map((q) => ({ start: q.start, end: q.end, text: () => phaseQuoteText(q) })),
        ...findProcedures(doc).map((q) => ({
            start: q.start,
            end: q.end,
            text: () => Promise.resolve(proceduresText(q.stack)),
        })),
    ].sort((a, b) => b.start - a.start);
    let out = doc;
    for (const b of blocks) out = out.slice(0, b.start) + (await b.text()) + out.slice(b.end);
    return out;
}

/** The table block after each `<!-- procedures: <stack> -->` marker (up to the first blank line). */
export function findProcedures(doc: string): { stack: string; start: number; end: number; body: string }[] {
    return [...doc.matchAll(proceduresMarker)].map((m) => {
        const start = (m.index ?? 0) + m[0].length;
        const blank = doc.indexOf("\n\n", start);
        const end = blank < 0 ? doc.length : blank + 1;
        return { stack: m[1] ?? "", start, end, body: doc.slice(start, end) };
    });
}
