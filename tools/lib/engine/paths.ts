/**
 * Input paths as segment lists, so a changed path (`spec.template.spec.containers[0].image`,
 * `data["flags.json"]`) can be matched against a rule's path (`spec.template`, `rules[].action`):
 * a list index is the segment `[]`, a quoted key is its plain name.
 */
export type Segments = string[];

/** A microdiff path as people read it: `spec.template.metadata.annotations["x"]`, `ports[0]`. */
export function formatPath(path: readonly (string | number)[]): string {
    return path
        .map((p, i) =>
            typeof p === "number"
                ? `[${p}]`
                : /^[A-Za-z_$][\w$]*$/.test(p)
                  ? i === 0
                      ? p
                      : `.${p}`
                  : `[${JSON.stringify(p)}]`,
        )
        .join("");
}

/** A microdiff path as segments: numbers become `[]`. */
export function fromRaw(path: readonly (string | number)[]): Segments {
    return path.map((p) => (typeof p === "number" ? "[]" : p));
}

/** A rule path (`a.b[].c`; pulumi-kubernetes spells lists `[*]` and starts with `.`) as segments. */
export function parseRulePath(path: string): Segments {
    const out: Segments = [];
    for (const part of path.replace(/^\./, "").split(".")) {
        const m = /^([^[]*)((?:\[\*?\])*)$/.exec(part);
        if (!m) throw new Error(`bad rule path ${path}`);
        if (m[1]) out.push(m[1]);
        for (const _ of (m[2] ?? "").matchAll(/\[\*?\]/g)) out.push("[]");
    }
    return out;
}

export function isPrefix(prefix: Segments, of: Segments): boolean {
    return prefix.length <= of.length && prefix.every((s, i) => s === of[i]);
}

/** Every value at a rule path in an inputs object (lists fan out), in order. */
export function valuesAt(obj: unknown, path: Segments): unknown[] {
    let current: unknown[] = [obj];
    for (const seg of path) {
        const next: unknown[] = [];
        for (const v of current) {
            if (seg === "[]") {
                // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- walks untyped inputs; each element is checked where it is used
                if (Array.isArray(v)) next.push(...v);
            } else if (v && typeof v === "object" && !Array.isArray(v) && seg in v) {
                next.push((v as Record<string, unknown>)[seg]);
            }
        }
        current = next;
    }
    return current;
}

/** Value at a plain dotted path (no lists), or undefined. */
export function get(obj: unknown, dotted: string): unknown {
    return valuesAt(obj, dotted.split("."))[0];
}

/** The top-level property of a formatted input path: `nodeConfig` of `nodeConfig.machineType`. */
export function topLevel(path: string): string {
    return path.split(/[.[]/)[0] ?? path;
}
