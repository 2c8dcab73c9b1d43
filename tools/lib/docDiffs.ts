/**
 * docs/runbook.md quotes the offline diff of each remediation. A quote is a marker line
 * `<!-- diff: <stack> <key=value> ... -->` followed by a ```text block; `npm run docs:runbook`
 * regenerates every block from the program, and test/docs/runbook.test.ts fails when one is stale.
 */
import { diffInventories, renderDiff } from "./diff";
import { plan } from "./plan";

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
        const start = m.index! + m[0].length;
        const end = doc.indexOf("```", start);
        quotes.push({ stack: m[1], sets: m[2].trim().split(" ").filter(Boolean), start, end, body: doc.slice(start, end) });
    }
    return quotes;
}

/** The diff text a quote should hold: the plan with the overrides against the stack file. */
export async function quoteText(q: Pick<DiffQuote, "stack" | "sets">): Promise<string> {
    const d = diffInventories(await plan({ stack: q.stack }), await plan({ stack: q.stack, sets: q.sets }));
    return renderDiff(d) + "\n";
}

export async function refreshQuotes(doc: string): Promise<string> {
    let out = doc;
    for (const q of findQuotes(doc).reverse()) out = out.slice(0, q.start) + (await quoteText(q)) + out.slice(q.end);
    return out;
}
