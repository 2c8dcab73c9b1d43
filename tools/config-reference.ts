/**
 * `npm run docs:config`: the config reference of docs/design.md, generated from the schema's JSON
 * Schema (infra/config/keys.ts): one row per key path with its type, default and the description
 * the schema carries as zod metadata. Running this file rewrites that section; a test keeps it
 * fresh.
 */
import * as fs from "fs";
import * as path from "path";
import { configKeySchema, type KeySchema } from "../infra/config";

export interface ReferenceRow {
    key: string;
    type: string;
    default: string;
    description: string;
}

function typeName(node: KeySchema): string {
    if (node.enum) return node.enum.map(String).join(" \\| ");
    if (node.type === "array")
        return `list of ${node.items ? (node.items.type === "object" ? "map" : typeName(node.items)) : "any"}`;
    if (node.type === "object") return "map";
    return node.type ?? "any";
}

function defaultCell(node: KeySchema, required: boolean): string {
    if (node.default === undefined) return required ? "required" : "optional";
    const isMap = typeof node.default === "object" && node.default !== null && !Array.isArray(node.default);
    return isMap ? "(see keys below)" : `\`${JSON.stringify(node.default)}\``;
}

function walk(node: KeySchema, path: string, required: boolean, rows: ReferenceRow[]): void {
    if (path)
        rows.push({
            key: `\`${path}\``,
            type: typeName(node),
            default: defaultCell(node, required),
            description: node.description ?? "",
        });
    if (node.properties) {
        for (const [k, v] of Object.entries(node.properties))
            walk(v, path ? `${path}.${k}` : k, (node.required ?? []).includes(k), rows);
    } else if (node.type === "object" && typeof node.additionalProperties === "object") {
        walk(node.additionalProperties, `${path}.<region>`, true, rows);
    }
    if (node.type === "array" && node.items?.properties) {
        for (const [k, v] of Object.entries(node.items.properties))
            walk(v, `${path}[].${k}`, (node.items.required ?? []).includes(k), rows);
    }
}

export function referenceRows(): ReferenceRow[] {
    const rows: ReferenceRow[] = [
        {
            key: "`gcp:project`",
            type: "string",
            default: "required",
            description: "The cell's GCP project (each cell is its own project).",
        },
    ];
    walk(configKeySchema(), "", true, rows);
    return rows;
}

export const startMarker = "<!-- config-reference:start -->";
export const endMarker = "<!-- config-reference:end -->";

/** The config reference section for the current schema. */
export function renderReference(): string {
    const lines = ["| key | type | default | what it does |", "| --- | --- | --- | --- |"];
    for (const r of referenceRows()) lines.push(`| ${r.key} | ${r.type} | ${r.default} | ${r.description} |`);
    return `${startMarker}\n${lines.join("\n")}\n${endMarker}`;
}

/** The file that owns the config reference. */
export const referenceFile = path.resolve(__dirname, "..", "docs", "design.md");

/** The generated section of a document: from the start marker to the end marker, both included. */
export function documentedReference(text: string): string {
    const start = text.indexOf(startMarker);
    const end = text.indexOf(endMarker);
    if (start < 0 || end < start)
        throw new Error(`${path.relative(process.cwd(), referenceFile)} has no ${startMarker} … ${endMarker} section`);
    return text.slice(start, end + endMarker.length);
}

if (require.main === module) {
    try {
        const text = fs.readFileSync(referenceFile, "utf8");
        fs.writeFileSync(referenceFile, text.replace(documentedReference(text), renderReference()));
    } catch (e) {
        process.stderr.write(`${(e as Error).message}\n`);
        process.exit(1);
    }
}
