/**
 * The config reference of the README, derived from the zod schema: one row per key path with its
 * type and default. Descriptions are the README's own words; test/readme.test.ts keeps the key,
 * type and default columns equal to the schema, and `npm run docs:config` rewrites the table.
 */
import type { z } from "zod";
import { configSchema } from "../../infra/config";

export interface ReferenceRow {
    key: string;
    type: string;
    default: string;
}

type Def = { type: string; innerType?: z.core.$ZodType; defaultValue?: unknown; shape?: Record<string, z.core.$ZodType>; valueType?: z.core.$ZodType; element?: z.core.$ZodType; entries?: Record<string, string> };

function defOf(node: z.core.$ZodType): Def {
    return node._zod.def as unknown as Def;
}

/** Unwraps default/prefault/optional, remembering the default and whether the key may be left out. */
function unwrap(node: z.core.$ZodType): { node: z.core.$ZodType; default?: unknown; optional: boolean } {
    let dflt: unknown;
    let optional = false;
    for (;;) {
        const def = defOf(node);
        if ((def.type === "default" || def.type === "prefault") && def.innerType) {
            if (dflt === undefined) dflt = typeof def.defaultValue === "function" ? (def.defaultValue as () => unknown)() : def.defaultValue;
            node = def.innerType;
        } else if (def.type === "optional" && def.innerType) {
            optional = true;
            node = def.innerType;
        } else return { node, default: dflt, optional };
    }
}

function typeName(node: z.core.$ZodType): string {
    const def = defOf(node);
    switch (def.type) {
        case "string":
            return "string";
        case "boolean":
            return "boolean";
        case "number":
            return (node as unknown as { isInt?: boolean }).isInt || (node._zod as unknown as { bag?: { format?: string } }).bag?.format === "safeint" ? "integer" : "number";
        case "enum":
            return Object.values(def.entries ?? {}).join(" \\| ");
        case "array":
            return `list of ${typeName(unwrap(def.element!).node)}`;
        case "record":
            return "map";
        case "object":
            return "map";
        default:
            return def.type;
    }
}

function walk(node: z.core.$ZodType, path: string, rows: ReferenceRow[]): void {
    const { node: inner, default: dflt, optional } = unwrap(node);
    const def = defOf(inner);
    const shown = dflt !== undefined && !(typeof dflt === "object" && dflt !== null && !Array.isArray(dflt)) ? `\`${JSON.stringify(dflt)}\`` : dflt !== undefined ? "(see keys below)" : optional ? "optional" : "required";
    if (path) rows.push({ key: `\`${path}\``, type: typeName(inner), default: shown });
    if (def.type === "object") for (const [k, v] of Object.entries(def.shape ?? {})) walk(v, path ? `${path}.${k}` : k, rows);
    if (def.type === "record") walk(def.valueType!, `${path}.<region>`, rows);
    if (def.type === "array") {
        const el = unwrap(def.element!).node;
        if (defOf(el).type === "object") for (const [k, v] of Object.entries(defOf(el).shape ?? {})) walk(v, `${path}[].${k}`, rows);
    }
}

export function referenceRows(): ReferenceRow[] {
    const rows: ReferenceRow[] = [{ key: "`gcp:project`", type: "string", default: "required" }];
    walk(configSchema, "", rows);
    return rows;
}

export const startMarker = "<!-- config-reference:start -->";
export const endMarker = "<!-- config-reference:end -->";

/** Parses the README table into rows with descriptions. */
export function readmeRows(readme: string): (ReferenceRow & { description: string })[] {
    const start = readme.indexOf(startMarker);
    const end = readme.indexOf(endMarker);
    if (start < 0 || end < start) throw new Error(`README.md has no ${startMarker} … ${endMarker} section`);
    return readme
        .slice(start + startMarker.length, end)
        .split("\n")
        .filter((l) => l.startsWith("| `"))
        .map((l) => {
            const cells = l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
            return { key: cells[0], type: cells[1], default: cells[2], description: cells.slice(3).join("|").trim() };
        });
}

/** The README section for the current schema, keeping the descriptions already written. */
export function renderReference(readme: string): string {
    const descriptions = new Map(readmeRows(readme).map((r) => [r.key, r.description]));
    const lines = ["| key | type | default | what it does |", "| --- | --- | --- | --- |"];
    for (const r of referenceRows()) lines.push(`| ${r.key} | ${r.type} | ${r.default} | ${descriptions.get(r.key) ?? ""} |`);
    return `${startMarker}\n${lines.join("\n")}\n${endMarker}`;
}
