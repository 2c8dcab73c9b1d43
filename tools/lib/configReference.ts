/**
 * The config reference of the README, generated from the schema's JSON Schema (infra/config/keys.ts):
 * one row per key path with its type, default and the description the schema carries as zod
 * metadata. `npm run docs:config` rewrites the README section; a test keeps it fresh.
 */
import { configKeySchema, type KeySchema } from "../../infra/config";

export interface ReferenceRow {
    key: string;
    type: string;
    default: string;
    description: string;
}

function typeName(node: KeySchema): string {
    if (node.enum) return node.enum.map(String).join(" \\| ");
    if (node.type === "array") return `list of ${node.items ? (node.items.type === "object" ? "map" : typeName(node.items)) : "any"}`;
    if (node.type === "object") return "map";
    return node.type ?? "any";
}

function defaultCell(node: KeySchema, required: boolean): string {
    if (node.default === undefined) return required ? "required" : "optional";
    const isMap = typeof node.default === "object" && node.default !== null && !Array.isArray(node.default);
    return isMap ? "(see keys below)" : `\`${JSON.stringify(node.default)}\``;
}

function walk(node: KeySchema, path: string, required: boolean, rows: ReferenceRow[]): void {
    if (path) rows.push({ key: `\`${path}\``, type: typeName(node), default: defaultCell(node, required), description: node.description ?? "" });
    if (node.properties) {
        for (const [k, v] of Object.entries(node.properties)) walk(v, path ? `${path}.${k}` : k, (node.required ?? []).includes(k), rows);
    } else if (node.type === "object" && typeof node.additionalProperties === "object") {
        walk(node.additionalProperties, `${path}.<region>`, true, rows);
    }
    if (node.type === "array" && node.items?.properties) {
        for (const [k, v] of Object.entries(node.items.properties)) walk(v, `${path}[].${k}`, (node.items.required ?? []).includes(k), rows);
    }
}

export function referenceRows(): ReferenceRow[] {
    const rows: ReferenceRow[] = [
        { key: "`gcp:project`", type: "string", default: "required", description: "The cell's GCP project (each cell is its own project)." },
    ];
    walk(configKeySchema(), "", true, rows);
    return rows;
}

export const startMarker = "<!-- config-reference:start -->";
export const endMarker = "<!-- config-reference:end -->";

/** The README section for the current schema. */
export function renderReference(): string {
    const lines = ["| key | type | default | what it does |", "| --- | --- | --- | --- |"];
    for (const r of referenceRows()) lines.push(`| ${r.key} | ${r.type} | ${r.default} | ${r.description} |`);
    return `${startMarker}\n${lines.join("\n")}\n${endMarker}`;
}

/** The README section as it stands. */
export function readmeReference(readme: string): string {
    const start = readme.indexOf(startMarker);
    const end = readme.indexOf(endMarker);
    if (start < 0 || end < start) throw new Error(`README.md has no ${startMarker} … ${endMarker} section`);
    return readme.slice(start, end + endMarker.length);
}
