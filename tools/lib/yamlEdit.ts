/**
 * Minimal edits of a YAML file: an edit changes only the text of the edited key. The `yaml`
 * library's document gives each node's source range; the edit replaces the value's range, removes
 * the key's own lines, or inserts one entry after the map's last one, in the file's own line
 * ending and indentation. Everything else (other keys, comments, flow style, number spellings
 * such as 010, long values, CRLF) stays byte for byte. The result is parsed again and must equal
 * the original data with the edits applied, or nothing is returned.
 */
import { defined } from "../../core/defined";
import { isDeepStrictEqual } from "util";
import * as YAML from "yaml";
import { limits } from "./limits";
import { escapeControl, UserInputError } from "./userError";

export interface YamlEdit {
    /** Key path from the document's root: ["config", "voice-agent:release", "tag"]. */
    path: string[];
    /** The new value; `undefined` removes the key. */
    value: unknown;
}

export class YamlEditError extends UserInputError {}

type Pair = YAML.Pair<YAML.Node, YAML.Node | null>;

/** Line (1-based) of an offset, for messages. */
function lineOf(text: string, offset: number): number {
    let n = 1;
    for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
    return n;
}

function lineStart(text: string, offset: number): number {
    const i = text.lastIndexOf("\n", offset - 1);
    return i + 1;
}

/** The offset just after the line break that ends the line holding `offset` (or the text's end). */
function afterLineBreak(text: string, offset: number): number {
    if (offset > 0 && text[offset - 1] === "\n") return offset;
    const i = text.indexOf("\n", offset);
    return i < 0 ? text.length : i + 1;
}

function keyText(p: Pair): string | undefined {
    return YAML.isScalar(p.key) ? String(p.key.value) : undefined;
}

/** One scalar or flow collection, on one line, never folded. */
function render(value: unknown, like?: YAML.Node | null): string {
    const doc = new YAML.Document();
    const node = doc.createNode(value) as YAML.Node;
    if (YAML.isCollection(node)) node.flow = true;
    if (
        YAML.isScalar(node) &&
        YAML.isScalar(like) &&
        typeof value === "string" &&
        (like.type === "QUOTE_DOUBLE" || like.type === "QUOTE_SINGLE")
    ) {
        node.type = like.type;
    }
    doc.contents = node;
    return doc.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, "");
}

interface Located {
    /** The deepest existing map on the path. */
    map: YAML.YAMLMap<YAML.Node, YAML.Node | null>;
    /** Path segments below `map` that do not exist yet (empty: the key exists). */
    missing: string[];
    pair?: Pair;
}

function locate(doc: YAML.Document, text: string, path: string[]): Located {
    let node: unknown = doc.contents;
    const shown = (i: number) => path.slice(0, i + 1).join(".");
    for (let i = 0; i < path.length; i++) {
        if (YAML.isAlias(node)) {
            throw new YamlEditError(
                `${shown(i - 1)} (line ${lineOf(text, node.range?.[0] ?? 0)}): is an alias (*${node.source}); edit the anchored value itself`,
            );
        }
        if (!YAML.isMap(node)) {
            const where = YAML.isNode(node) && node.range ? ` (line ${lineOf(text, node.range[0])})` : "";
            throw new YamlEditError(`${shown(i - 1)}${where}: is not a map, so ${path[i]} cannot be set in it`);
        }
        const map = node as YAML.YAMLMap<YAML.Node, YAML.Node | null>;
        const pair = map.items.find((p) => keyText(p) === path[i]);
        if (!pair) return { map, missing: path.slice(i) };
        if (i === path.length - 1) return { map, missing: [], pair };
        node = pair.value;
    }
    throw new Error("unreachable: an empty edit path");
}

/** Indentation of a block map's entries, and the indentation step of the file. */
function indentOf(text: string, map: YAML.YAMLMap, parentColumn: number): { column: number; step: number } {
    const first = map.items[0] as Pair | undefined;
    if (first?.key?.range) {
        const column = first.key.range[0] - lineStart(text, first.key.range[0]);
        return { column, step: Math.max(1, column - parentColumn) };
    }
    return { column: parentColumn + 2, step: 2 };
}

function columnOfMap(text: string, doc: YAML.Document, path: string[]): number {
    // The column of the key that holds the map (-step for the root).
    if (path.length === 0) return -2;
    const { pair } = locate(doc, text, path);
    return pair?.key?.range ? pair.key.range[0] - lineStart(text, pair.key.range[0]) : 0;
}

function block(key: string, rest: string[], value: unknown, column: number, step: number, eol: string): string {
    const pad = " ".repeat(column);
    const [next, ...after] = rest;
    if (next === undefined) return `${pad}${render(key)}: ${render(value)}${eol}`;
    return `${pad}${render(key)}:${eol}${block(next, after, value, column + step, step, eol)}`;
}

function nested(rest: string[], value: unknown): unknown {
    return rest.reduceRight<unknown>((v, k) => ({ [k]: v }), value);
}

/** Applies one edit to the text; `replaces` names a sibling being removed whose place the new key takes. */
function applyOne(text: string, edit: YamlEdit, replaces: string | undefined): string {
    const doc = YAML.parseDocument(text);
    const eol = text.includes("\r\n") ? "\r\n" : "\n";
    const { map, missing, pair } = locate(doc, text, edit.path);
    const where = (n: YAML.Node | null | undefined) => (n?.range ? ` (line ${lineOf(text, n.range[0])})` : "");
    const shown = edit.path.join(".");

    if (pair) {
        const value = pair.value;
        if (YAML.isAlias(value))
            throw new YamlEditError(
                `${shown}${where(value)}: is an alias (*${value.source}); edit the anchored value itself`,
            );
        if (value && (value as { anchor?: string }).anchor) {
            throw new YamlEditError(
                `${shown}${where(value)}: carries the anchor &${(value as { anchor?: string }).anchor}, which aliases elsewhere repeat; edit it by hand`,
            );
        }
        const tag = value && (YAML.isScalar(value) || YAML.isCollection(value)) ? value.tag : undefined;
        if (tag !== undefined) {
            throw new YamlEditError(
                `${shown}${where(value)}: carries the explicit tag ${escapeControl(shortTag(tag))}; edit it by hand`,
            );
        }
        if (map.flow && edit.value === undefined) return removeFromFlowMap(text, map, pair);
        if (edit.value === undefined) {
            const start = lineStart(text, pair.key.range![0]);
            const end = afterLineBreak(text, value?.range ? value.range[2] : pair.key.range![2]);
            return text.slice(0, start) + text.slice(end);
        }
        if (!value || YAML.isScalar(value) || (YAML.isCollection(value) && value.flow)) {
            if (!value) {
                const at = pair.key.range![2];
                const colon = text.indexOf(":", at);
                return `${text.slice(0, colon + 1)} ${render(edit.value)}${text.slice(colon + 1)}`;
            }
            return text.slice(0, value.range![0]) + render(edit.value, value) + text.slice(value.range![1]);
        }
        if (YAML.isSeq(value) && Array.isArray(edit.value)) {
            const kept = editBlockList(text, value, edit.value, eol);
            if (kept !== undefined) return kept;
        }
        // A block collection becomes a flow one on the key's line.
        const colon = text.indexOf(":", pair.key.range![2]);
        return `${text.slice(0, colon + 1)} ${render(edit.value)}${eol}${text.slice(value.range![1])}`;
    }

    if (edit.value === undefined) return text;
    if (map.flow) return addToFlowMap(text, map, missing[0] ?? "", nested(missing.slice(1), edit.value));

    // A sibling being removed in the same edit gives its place (and the comments above it).
    const gone =
        replaces !== undefined && missing.length === 1 ? map.items.find((p) => keyText(p) === replaces) : undefined;
    if (gone && !YAML.isAlias(gone.value) && (!gone.value || YAML.isScalar(gone.value))) {
        const end = gone.value?.range ? gone.value.range[1] : gone.key.range![1];
        return `${text.slice(0, gone.key.range![0])}${render(missing[0])}: ${render(edit.value)}${text.slice(end)}`;
    }

    const parentPath = edit.path.slice(0, edit.path.length - missing.length);
    const { column, step } = indentOf(text, map, columnOfMap(text, doc, parentPath));
    const last = map.items[map.items.length - 1];
    let at: number;
    if (last) {
        at = afterLineBreak(text, last.value?.range ? last.value.range[2] : last.key.range![2]);
    } else if (map.range) {
        at = afterLineBreak(text, map.range[0]);
    } else {
        at = text.length;
    }
    const prefix = at > 0 && text[at - 1] !== "\n" ? eol : "";
    return (
        text.slice(0, at) +
        prefix +
        block(defined(missing[0], "the first missing key"), missing.slice(1), edit.value, column, step, eol) +
        text.slice(at)
    );
}

/** `tag:yaml.org,2002:str` as the file spells it (`!!str`). */
function shortTag(tag: string): string {
    return tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice("tag:yaml.org,2002:".length)}` : tag;
}

/** Removes one entry of a flow map, with the comma that separated it; the other entries keep their text. */
function removeFromFlowMap(text: string, map: YAML.YAMLMap, pair: Pair): string {
    const items = map.items as Pair[];
    const i = items.indexOf(pair);
    const endOf = (p: Pair) => (p.value?.range ? p.value.range[1] : p.key.range![1]);
    const next = items[i + 1];
    const prev = items[i - 1];
    if (next) return text.slice(0, pair.key.range![0]) + text.slice(next.key.range![0]);
    if (prev) return text.slice(0, endOf(prev)) + text.slice(endOf(pair));
    return `${text.slice(0, map.range![0])}{}${text.slice(map.range![1])}`;
}

/** Adds one entry at the end of a flow map; the other entries (and comments) keep their text. */
function addToFlowMap(text: string, map: YAML.YAMLMap, key: string, value: unknown): string {
    const items = map.items as Pair[];
    const last = items[items.length - 1];
    const entry = `${render(key)}: ${render(value)}`;
    if (!last) {
        const open = text.indexOf("{", map.range![0]);
        return `${text.slice(0, open + 1)}${entry}${text.slice(open + 1)}`;
    }
    const end = last.value?.range ? last.value.range[1] : last.key.range![1];
    return `${text.slice(0, end)}, ${entry}${text.slice(end)}`;
}

/**
 * A block list of scalars given a new list of scalars: each existing entry's value text is
 * replaced in place (comments between entries stay), extra entries are added as lines in the
 * list's indentation, and entries beyond the new length lose their lines. Undefined when either
 * list holds a collection (then the list is written as a flow list).
 */
function editBlockList(text: string, seq: YAML.YAMLSeq, values: unknown[], eol: string): string | undefined {
    const items = seq.items as (YAML.Node | null)[];
    if (items.length === 0 || !items.every((n) => YAML.isScalar(n) && n.range && n.tag === undefined && !n.anchor))
        return undefined;
    if (!values.every((v) => v === null || ["string", "number", "boolean"].includes(typeof v))) return undefined;
    const scalars = items as YAML.Scalar[];
    let out = text;
    const firstItem = scalars[0]!;
    const dash = text.lastIndexOf("-", firstItem.range![0]);
    const indent = " ".repeat(dash - lineStart(text, dash));
    const gap = text.slice(dash + 1, firstItem.range![0]);
    // From the end backwards, so earlier offsets stay valid.
    if (values.length > scalars.length) {
        const lastItem = scalars[scalars.length - 1]!;
        const at = afterLineBreak(text, lastItem.range![1]);
        const prefix = at > 0 && text[at - 1] !== "\n" ? eol : "";
        const added = values
            .slice(scalars.length)
            .map((v) => `${indent}-${gap}${render(v)}${eol}`)
            .join("");
        out = out.slice(0, at) + prefix + added + out.slice(at);
    }
    if (values.length < scalars.length) {
        const firstGone = scalars[values.length]!;
        const from = values.length === 0 ? undefined : lineStart(text, text.lastIndexOf("-", firstGone.range![0]));
        if (from === undefined) return undefined;
        const to = afterLineBreak(text, scalars[scalars.length - 1]!.range![2]);
        out = out.slice(0, from) + out.slice(to);
    }
    for (let i = Math.min(values.length, scalars.length) - 1; i >= 0; i--) {
        const node = scalars[i]!;
        out = out.slice(0, node.range![0]) + render(values[i], node) + out.slice(node.range![1]);
    }
    return out;
}

function setIn(obj: unknown, path: string[], value: unknown): unknown {
    const [head, ...rest] = path;
    if (head === undefined) return value;
    const base = obj && typeof obj === "object" && !Array.isArray(obj) ? { ...(obj as Record<string, unknown>) } : {};
    if (rest.length === 0) {
        if (value === undefined) delete base[head];
        else base[head] = value;
        return base;
    }
    if (value === undefined && !(head in base)) return base;
    base[head] = setIn(base[head], rest, value);
    return base;
}

/**
 * The text with every edit applied, changing only the edited keys' text. Throws YamlEditError (a
 * refusal naming the key and line) when a key on the path is an alias, anchored, or not a map.
 */
export function editYamlText(text: string, edits: readonly YamlEdit[]): string {
    const shown = edits.map((e) => e.path.join(".")).join(", ");
    const parsed = YAML.parseDocument(text, { logLevel: "silent" });
    if (parsed.errors.length > 0)
        throw new YamlEditError(`the file is not valid YAML; ${escapeControl(shown)} not edited`);
    const original = parsed.toJS({ maxAliasCount: limits.aliasCount }) as unknown;
    let out = text;
    let expected = original;
    for (const edit of edits) {
        const removedSibling = edits.find(
            (o) =>
                o !== edit &&
                o.value === undefined &&
                o.path.length === edit.path.length &&
                o.path.slice(0, -1).join("\u0000") === edit.path.slice(0, -1).join("\u0000"),
        );
        out = applyOne(
            out,
            edit,
            edit.value === undefined ? undefined : removedSibling?.path[removedSibling.path.length - 1],
        );
        expected = setIn(expected, edit.path, edit.value);
    }
    const reparsed = YAML.parseDocument(out, { logLevel: "silent" });
    if (
        reparsed.errors.length > 0 ||
        !isDeepStrictEqual(reparsed.toJS({ maxAliasCount: limits.aliasCount }), expected)
    ) {
        // A tag, a custom type or a spelling the minimal edit cannot keep: refused, never guessed.
        throw new YamlEditError(
            `${escapeControl(shown)}: the edit cannot be made without changing what else the file says (a tag or an unusual spelling nearby); edit it by hand`,
        );
    }
    return out;
}
