/**
 * The rehearsal quoted in a doc: `<!-- rehearsal: <stack> up|destroy -->` followed by a ```text
 * block holding what `npm run bringup -- --stack <stack> --rehearse` prints for that part.
 * `npm run docs:runbook` rewrites the blocks; a test fails when one is stale.
 */
import { plan } from "../plan";
import { rehearse, renderDestroy, renderUp } from "./rehearse";

export interface RehearsalQuote {
    stack: string;
    part: "up" | "destroy";
    /** Offsets of the block's text, between the fences. */
    start: number;
    end: number;
    text: string;
}

const marker = /<!-- rehearsal: (\S+) (up|destroy) -->\n```text\n/g;

export function findRehearsalQuotes(doc: string): RehearsalQuote[] {
    const out: RehearsalQuote[] = [];
    for (const m of doc.matchAll(marker)) {
        const start = (m.index ?? 0) + m[0].length;
        const end = doc.indexOf("```\n", start);
        if (end < 0 || m[1] === undefined || (m[2] !== "up" && m[2] !== "destroy")) continue;
        out.push({ stack: m[1], part: m[2], start, end, text: doc.slice(start, end) });
    }
    return out;
}

/** What the block of a quote should hold. */
export async function rehearsalQuoteText(q: Pick<RehearsalQuote, "stack" | "part">): Promise<string> {
    const r = rehearse(await plan({ stack: q.stack }));
    return (q.part === "up" ? renderUp(r) : renderDestroy(r)) + "\n";
}

export async function refreshRehearsalQuotes(doc: string): Promise<string> {
    let out = doc;
    for (const q of findRehearsalQuotes(doc).sort((a, b) => b.start - a.start))
        out = out.slice(0, q.start) + (await rehearsalQuoteText(q)) + out.slice(q.end);
    return out;
}
