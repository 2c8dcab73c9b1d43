/**
 * Just enough of Go's lexical structure to read a provider's schema literals: where each `{ ... }`
 * opens and closes, with string literals, rune literals and comments skipped (a description may
 * hold braces). The provider rules generator (tools/generate-provider-rules.ts) uses it to read a
 * field's own schema literal around its `ForceNew: true` line.
 */

export interface Braces {
    /** Offset of each `{` → offset of its matching `}`. */
    close: Map<number, number>;
    /** Offsets of every `{`, in order. */
    opens: number[];
    /** Offsets that lie in a string, rune literal or comment. */
    inert: (offset: number) => boolean;
}

export function scanBraces(src: string): Braces {
    const close = new Map<number, number>();
    const opens: number[] = [];
    const stack: number[] = [];
    const inertRanges: [number, number][] = [];
    let i = 0;
    while (i < src.length) {
        const c = src.charAt(i);
        const start = i;
        if (c === "/" && src.charAt(i + 1) === "/") {
            const end = src.indexOf("\n", i);
            i = end < 0 ? src.length : end;
            inertRanges.push([start, i]);
            continue;
        }
        if (c === "/" && src.charAt(i + 1) === "*") {
            const end = src.indexOf("*/", i + 2);
            i = end < 0 ? src.length : end + 2;
            inertRanges.push([start, i]);
            continue;
        }
        if (c === "`") {
            const end = src.indexOf("`", i + 1);
            i = end < 0 ? src.length : end + 1;
            inertRanges.push([start, i]);
            continue;
        }
        if (c === '"' || c === "'") {
            i++;
            while (i < src.length && src.charAt(i) !== c && src.charAt(i) !== "\n") i += src.charAt(i) === "\\" ? 2 : 1;
            i++;
            inertRanges.push([start, i]);
            continue;
        }
        if (c === "{") {
            stack.push(i);
            opens.push(i);
        } else if (c === "}") {
            const open = stack.pop();
            if (open !== undefined) close.set(open, i);
        }
        i++;
    }
    const inert = (offset: number) => inertRanges.some(([a, b]) => offset >= a && offset < b);
    return { close, opens, inert };
}

/** Offset where 1-based `line` begins. */
export function lineOffset(src: string, line: number): number {
    let offset = 0;
    for (let l = 1; l < line; l++) {
        const next = src.indexOf("\n", offset);
        if (next < 0) return src.length;
        offset = next + 1;
    }
    return offset;
}

/** 1-based line of an offset. */
export function lineOf(src: string, offset: number): number {
    let line = 1;
    for (let i = src.indexOf("\n"); i >= 0 && i < offset; i = src.indexOf("\n", i + 1)) line++;
    return line;
}

/** The innermost `{ ... }` around an offset: [open, close]. */
export function enclosing(braces: Braces, offset: number): [number, number] | undefined {
    let best: [number, number] | undefined;
    for (const open of braces.opens) {
        if (open >= offset) break;
        const end = braces.close.get(open);
        if (end !== undefined && end > offset && (!best || open > best[0])) best = [open, end];
    }
    return best;
}

/** The text of a literal with every nested `{ ... }` cut out: what belongs to the literal itself. */
export function ownText(src: string, braces: Braces, open: number, end: number): string {
    let out = "";
    let i = open + 1;
    while (i < end) {
        if (src.charAt(i) === "{" && !braces.inert(i)) {
            out += "{}";
            i = (braces.close.get(i) ?? end) + 1;
            continue;
        }
        out += src.charAt(i);
        i++;
    }
    return out;
}

/**
 * The schema keys around an offset, outermost first: each enclosing literal opened as
 * `"key": {` or `"key": &schema.Schema{`. Literals opened otherwise (`Elem: &schema.Resource{`,
 * `map[string]*schema.Schema{`) add no key; a function's `return &schema.Schema{` ends the chain,
 * so a field of a shared schema function (node_config.go) has the keys below its mount point.
 */
export function keyChain(src: string, braces: Braces, offset: number): string[] {
    const keys: string[] = [];
    for (const open of braces.opens) {
        if (open >= offset) break;
        const end = braces.close.get(open);
        if (end === undefined || end < offset) continue;
        const before = src.slice(Math.max(0, open - 200), open);
        if (/\breturn\s+&schema\.Schema\s*$/.test(before)) keys.length = 0;
        const key = /"([\w-]+)"\s*:\s*(?:&schema\.Schema\s*)?$/.exec(before)?.[1];
        if (key !== undefined) keys.push(key);
    }
    return keys;
}
