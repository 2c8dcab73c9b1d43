/**
 * docs/runbook.md quotes the offline diff of each remediation. A quote is a marker line
 * `<!-- diff: <stack> <key=value> ... -->` followed by a ```text block; a remediation applied in
 * phases is quoted with `<!-- phases: <stack> <action> [--to <region>] -->` and its block holds
 * every phase with its commands and diff. `npm run docs:runbook` regenerates every block from the
 * program, and test/docs/runbook.test.ts fails when one is stale.
 */
import { diffInventories, renderDiff } from "./diff";
import { phasesFor, renderPhases } from "./phases";
import { plan, resolveConfig } from "./plan";

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
    const d = diffInventories(await plan({ stack: q.stack }), await plan({ stack: q.stack, sets: q.sets }));
    return renderDiff(d) + "\n";
}

export interface PhaseQuote {
    stack: string;
    action: string;
    to?: string;
    start: number;
    end: number;
    body: string;
}

const phaseMarker = /<!-- phases: (\S+) (\S+)(?: --to (\S+))? -->\n```text\n/g;

export function findPhaseQuotes(doc: string): PhaseQuote[] {
    const quotes: PhaseQuote[] = [];
    for (const m of doc.matchAll(phaseMarker)) {
        const [opening, stack = "", action = "", to] = m;
        const start = m.index + opening.length;
        const end = doc.indexOf("```", start);
        quotes.push({ stack, action, ...(to ? { to } : {}), start, end, body: doc.slice(start, end) });
    }
    return quotes;
}

/** The phases text a phase quote should hold. */
export async function phaseQuoteText(q: Pick<PhaseQuote, "stack" | "action" | "to">): Promise<string> {
    const phases = await phasesFor(q.action, { to: q.to }, q.stack);
    return renderPhases(resolveConfig({ stack: q.stack }).config, phases) + "\n";
}

export async function refreshQuotes(doc: string): Promise<string> {
    const blocks = [
        ...findQuotes(doc).map((q) => ({ start: q.start, end: q.end, text: () => quoteText(q) })),
        ...findPhaseQuotes(doc).map((q) => ({ start: q.start, end: q.end, text: () => phaseQuoteText(q) })),
    ].sort((a, b) => b.start - a.start);
    let out = doc;
    for (const b of blocks) out = out.slice(0, b.start) + (await b.text()) + out.slice(b.end);
    return out;
}
