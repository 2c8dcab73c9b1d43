/**
 * Reads a stack's config file (`Pulumi.<stack>.yaml`) the way the Pulumi CLI hands it to the
 * program: a flat map of `<namespace>:<key>` to strings (structured values as JSON), plus the list
 * of keys that hold secrets. `--set` overrides apply on top, with dotted paths, each value parsed
 * by the type the schema gives its key.
 *
 * Everything here is input from a person: every refusal is a StackConfigError (exit 1) naming the
 * key, and the file and line where there is one; no input reaches the program unchecked for its
 * size, depth, aliases, key names and secret handling. A secret's value is never quoted back.
 */
import * as path from "path";
import * as YAML from "yaml";
import { configNamespace } from "../../infra/config";
import { schemaTypeAt, secretKeys as declaredSecretKeys, unknownKeyProblem } from "./configKeys";
import { limits } from "./limits";
import { readStackText, StackFileError } from "./stackFile";
import { escapeControl, UserInputError } from "./userError";

export const projectRoot = path.resolve(__dirname, "..", "..");
/** The program's config namespace (infra/config/schema.ts owns it). */
export const namespace = configNamespace;

export interface StackConfig {
    /** `voice-agent:forcedFailover` → "true", `voice-agent:regions` → JSON text, … */
    raw: Record<string, string>;
    /** Full keys whose values are secure (encrypted) in the stack file. */
    secretKeys: string[];
}

export class StackConfigError extends UserInputError {}

/** Path segments that would reach an object's prototype chain; never a config key. */
export const forbiddenSegments: readonly string[] = ["__proto__", "constructor", "prototype"];

export function stackFile(stack: string): string {
    return path.join(projectRoot, `Pulumi.${stack}.yaml`);
}

export function knownStacks(): string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: this module is imported by the program too
    return (require("fs") as typeof import("fs"))
        .readdirSync(projectRoot)
        .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
        .map((f) => f.slice("Pulumi.".length, -".yaml".length));
}

export function checkStackName(stack: string): void {
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(stack) || stack.startsWith("."))
        throw new StackConfigError(`--stack: ${JSON.stringify(stack)} is not a stack name`);
}

/** Reads the stack file's text (bounded, regular files only); a missing one names the known stacks. */
export function readStackFileText(stack: string): ReturnType<typeof readStackText> {
    checkStackName(stack);
    return readStackText(stackFile(stack), {
        limit: limits.stackFileBytes,
        missing: () =>
            new StackFileError(
                `--stack: no stack file Pulumi.${stack}.yaml; known stacks: ${knownStacks().join(", ")}`,
            ),
    });
}

const isSecretKey = (fullKey: string) => declaredSecretKeys.includes(fullKey);

/**
 * Parses YAML text under the limits: syntax errors, duplicate keys, aliases that do not resolve,
 * alias bombs, circular values, nesting deeper than the limit and prototype key names are all
 * refused with `<label>:<line>:<col>`. `secret` keeps the text itself out of every message.
 */
export function parseYaml(text: string, label: string, opts: { secret?: boolean; stackFile?: boolean } = {}): unknown {
    const lineCounter = new YAML.LineCounter();
    const doc = YAML.parseDocument(text, {
        uniqueKeys: true,
        prettyErrors: false,
        lineCounter,
        strict: true,
        stringKeys: false,
    });
    const at = (offset: number | undefined) => {
        if (offset === undefined) return label;
        const { line, col } = lineCounter.linePos(offset);
        return `${label}:${line}:${col}`;
    };
    const err = doc.errors[0];
    if (err) {
        const what =
            err.code === "RESOURCE_EXHAUSTION"
                ? `nesting deeper than the limit (${limits.depth})`
                : err.message.split("\n")[0];
        throw new StackConfigError(
            `${at(err.pos[0])}: ${opts.secret ? `not valid YAML (${err.code})` : `not valid YAML: ${what}`}`,
        );
    }
    // Walk the document: depth, key names, aliases (resolvable, not into their own anchor).
    const walk = (node: unknown, depth: number, trail: string[], ancestors: Set<unknown>) => {
        if (depth > limits.depth)
            throw new StackConfigError(
                `${at((node as YAML.Node)?.range?.[0])}: ${trail.join(".")}: nested deeper than the limit (${limits.depth})`,
            );
        if (YAML.isAlias(node)) {
            const target = node.resolve(doc);
            if (!target)
                throw new StackConfigError(
                    `${at(node.range?.[0])}: ${trail.join(".") || "value"}: alias *${escapeControl(node.source)} names no anchor defined before it`,
                );
            if (ancestors.has(target))
                throw new StackConfigError(
                    `${at(node.range?.[0])}: ${trail.join(".") || "value"}: is a circular value (alias *${escapeControl(node.source)} inside its own anchor)`,
                );
            return;
        }
        if (YAML.isMap(node)) {
            const inner = new Set(ancestors).add(node);
            for (const pair of node.items) {
                const key = pair.key;
                if (
                    !YAML.isScalar(key) ||
                    (typeof key.value !== "string" && typeof key.value !== "number" && typeof key.value !== "boolean")
                ) {
                    throw new StackConfigError(
                        `${at((key as YAML.Node | null)?.range?.[0])}: ${trail.join(".") || "top level"}: a key must be a plain name`,
                    );
                }
                const name = String(key.value);
                const shown = escapeControl(
                    name.length > limits.keyLength ? `${name.slice(0, limits.keyLength)}…` : name,
                );
                if (name.length > limits.keyLength)
                    throw new StackConfigError(
                        `${at(key.range?.[0])}: key ${shown} is longer than ${limits.keyLength} characters`,
                    );
                if (forbiddenSegments.includes(name))
                    throw new StackConfigError(
                        `${at(key.range?.[0])}: ${[...trail, name].join(".")}: ${name} is not allowed as a key`,
                    );
                walk(pair.value, depth + 1, [...trail, name], inner);
            }
        } else if (YAML.isSeq(node)) {
            const inner = new Set(ancestors).add(node);
            node.items.forEach((item, i) => walk(item, depth + 1, [...trail, String(i)], inner));
        } else if (opts.stackFile && YAML.isScalar(node) && node.type === "PLAIN" && node.range) {
            const source = text.slice(node.range[0], node.range[1]);
            if (ambiguousNumber(source, node.value)) {
                const key = trail.join(".");
                const shownValue =
                    opts.secret || (trail[1] !== undefined && isSecretKey(trail[1]))
                        ? "the value"
                        : escapeControl(source);
                throw new StackConfigError(
                    `${at(node.range[0])}: ${key}: ${shownValue} is a number written in a form pulumi up reads differently (it follows yaml.v3's int and float rules: 010 is octal, 1_000 drops its underscores, 0b1 is binary, and a top-level key gets the text as written); write it in plain decimal such as 300, or quote it to mean text`,
                );
            }
        }
    };
    walk(doc.contents, 0, [], new Set());
    try {
        return doc.toJS({ maxAliasCount: limits.aliasCount });
    } catch (e) {
        throw new StackConfigError(
            `${label}: ${/alias/i.test((e as Error).message) ? `aliases expand beyond the limit (${limits.aliasCount})` : "cannot be read as data"}`,
        );
    }
}

/** Numbers as both readers agree on them: plain decimal, optionally with a fraction. */
const plainDecimal = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
/** yaml.v3 v3.0.1's plain-scalar numbers (resolve.go `resolve`; the version github.com/pulumi/pulumi/sdk/v3 v3.248.0 requires): Go's strconv base-0 ints after dropping "_", its float pattern, 0b/0o, .inf/.nan. */
const v3Int = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/;
const v3Float = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const v3Special = /^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;

/**
 * A plain scalar that either reader takes for a number but not in plain decimal: `0x10`, `010`,
 * `+5`, `1_000`, `0b11`, `1e3`, `.5`, `.inf`. The offline plan (YAML 1.2 core schema) and
 * `pulumi up` (yaml.v3, which also passes a top-level value on as the text written) can read
 * these differently, so the stack file must spell them unambiguously.
 */
export function ambiguousNumber(source: string, parsed: unknown): boolean {
    if (plainDecimal.test(source)) return false;
    const stripped = source.replace(/_/g, "");
    return typeof parsed === "number" || v3Int.test(stripped) || v3Float.test(stripped) || v3Special.test(source);
}

/** The `config:` map of a stack file's text, every key known. */
export function parseStackText(text: string, label: string): Record<string, unknown> {
    const doc = parseYaml(text, label, { stackFile: true });
    if (doc === null || doc === undefined) return {};
    if (typeof doc !== "object" || Array.isArray(doc))
        throw new StackConfigError(`${label}: is not a map of settings (it should start with config:)`);
    const config = (doc as Record<string, unknown>).config;
    if (config === undefined || config === null) return {};
    if (typeof config !== "object" || Array.isArray(config))
        throw new StackConfigError(`${label}: config: is not a map of keys`);
    const out: Record<string, unknown> = {};
    const lines = keyLines(text);
    for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
        const where = lines.has(key) ? `${label}:${lines.get(key)}:` : `${label}:`;
        checkKnownKey(key, where);
        if (value === null) throw new StackConfigError(`${where} ${key}: is null; give it a value or remove the key`);
        if (isSecretKey(key) && !isSecure(value)) {
            throw new StackConfigError(
                `${where} ${key}: is a secret key in plain text; set it with pulumi config set --secret ${key} (the value is not shown)`,
            );
        }
        if (!isSecretKey(key) && isSecureShaped(value)) {
            throw new StackConfigError(
                `${where} ${key}: is not a secret key, so secure: is not allowed; secret keys: ${declaredSecretKeys.join(", ")}`,
            );
        }
        out[key] = value;
    }
    return out;
}

/** Line of each top-level key under `config:` in the text, for messages. */
function keyLines(text: string): Map<string, number> {
    const lineCounter = new YAML.LineCounter();
    const doc = YAML.parseDocument(text, { lineCounter });
    const out = new Map<string, number>();
    const config = YAML.isMap(doc.contents) ? doc.contents.get("config", true) : undefined;
    if (YAML.isMap(config)) {
        for (const pair of config.items) {
            if (YAML.isScalar(pair.key) && pair.key.range)
                out.set(String(pair.key.value), lineCounter.linePos(pair.key.range[0]).line);
        }
    }
    return out;
}

/** Refuses a key outside the known namespace and keys, with the closest known key. */
export function checkKnownKey(key: string, where: string): void {
    const problem = unknownKeyProblem(key);
    if (problem === undefined) return;
    const shown = escapeControl(key.length > limits.keyLength ? `${key.slice(0, limits.keyLength)}…` : key);
    throw new StackConfigError(`${where} ${shown}: ${escapeControl(problem)}`);
}

/** The parsed YAML `config:` map of a stack file, values as YAML gives them. */
export function readStackConfig(stack: string): Record<string, unknown> {
    return parseStackText(readStackFileText(stack).text, `Pulumi.${stack}.yaml`);
}

/** `pagerDutyServiceKey=…` with a secret key's value replaced by [secret], for anything printed. */
export function maskSet(set: string): string {
    const eq = set.indexOf("=");
    if (eq <= 0) return set;
    const [head = ""] = set.slice(0, eq).split(".");
    const full = head.includes(":") ? head : `${namespace}:${head}`;
    return isSecretKey(full) ? `${set.slice(0, eq)}=[secret]` : set;
}

function parseSetPath(set: string): { key: string; fullKey: string; rest: string[]; valueText: string } {
    if (set.length > limits.setLength)
        throw new StackConfigError(`--set: an override longer than ${limits.setLength} characters`);
    const eq = set.indexOf("=");
    if (eq <= 0) {
        // Never echoed: `pagerDutyServiceKey:VALUE` or `pagerDutyServiceKey VALUE` holds a secret
        // where a key=value would. Only the leading name, up to the first character a key name
        // has no use for, is shown.
        const lead = /^[A-Za-z0-9_-]{1,64}/.exec(set)?.[0];
        throw new StackConfigError(
            `--set: ${lead ? `an override starting with ${JSON.stringify(lead)}` : "an override"} is not key=value (its text is not shown: it may hold a secret)`,
        );
    }
    const key = set.slice(0, eq);
    const shownKey = escapeControl(key.length > 200 ? `${key.slice(0, 200)}…` : key);
    const segments = key.split(".");
    if (segments.length > limits.pathSegments)
        throw new StackConfigError(
            `--set ${shownKey}: the path has ${segments.length} segments; at most ${limits.pathSegments}`,
        );
    for (const s of segments) {
        if (s === "") throw new StackConfigError(`--set ${shownKey}: an empty path segment`);
        if (s.length > limits.keyLength)
            throw new StackConfigError(
                `--set ${shownKey}: a path segment is longer than ${limits.keyLength} characters`,
            );
        if (forbiddenSegments.includes(s))
            throw new StackConfigError(`--set ${shownKey}: ${s} is not allowed in a key path`);
    }
    const [head = "", ...rest] = segments;
    const fullKey = head.includes(":") ? head : `${namespace}:${head}`;
    checkKnownKey(fullKey, "--set");
    return { key: shownKey, fullKey, rest, valueText: set.slice(eq + 1) };
}

/**
 * The value of `--set key=text` by the key's type: a string (or enum) key and a secret key take
 * the raw text (`0123` keeps its zero, `a #b` its ` #b`); any other key is YAML (`[a, b]`, `true`,
 * `4`), under the same limits as a stack file. A secret's text is never quoted back.
 */
function parseSetValue(fullKey: string, rest: string[], key: string, text: string): unknown {
    const secret = isSecretKey(fullKey);
    const type =
        fullKey === "gcp:project"
            ? "string"
            : fullKey.startsWith(`${namespace}:`)
              ? schemaTypeAt([fullKey.slice(namespace.length + 1), ...rest])
              : undefined;
    if (secret || type === "string" || type === "enum") return text;
    const value = parseYaml(text, `--set ${key}`, { secret });
    return value === null && text.trim() === "" ? "" : value;
}

const isIndex = (s: string) => /^(0|[1-9][0-9]{0,6})$/.test(s);

/**
 * Applies `key=value` overrides. `key` is a config key without namespace (`forcedFailover`) or a
 * provider key with one (`gcp:project`); dots address nested fields
 * (`regions.europe-west1.workload.minReplicas=9`) and list entries by index
 * (`masterAuthorizedNetworks.0.cidr`, at most the list's length, which appends).
 */
export function applyOverrides(config: Record<string, unknown>, sets: readonly string[]): Record<string, unknown> {
    const out = structuredClone(config);
    for (const set of sets) {
        const { key, fullKey, rest, valueText } = parseSetPath(set);
        const value = parseSetValue(fullKey, rest, key, valueText);
        if (rest.length === 0) {
            out[fullKey] = value;
            continue;
        }
        if (isSecretKey(fullKey) || isSecure(out[fullKey]))
            throw new StackConfigError(`--set ${key}: ${fullKey} is a secret; set it whole`);
        if (!Object.hasOwn(out, fullKey) || out[fullKey] === undefined || out[fullKey] === null) out[fullKey] = {};
        const trail = [fullKey];
        let node = out[fullKey];
        const segments = rest;
        for (const [i, segment] of segments.entries()) {
            const last = i === segments.length - 1;
            if (typeof node !== "object" || node === null) {
                throw new StackConfigError(
                    `--set ${key}: ${trail.join(".")} is ${JSON.stringify(node)}, not a map or list, so ${segment} cannot be set in it`,
                );
            }
            if (Array.isArray(node)) {
                if (!isIndex(segment) || Number(segment) > Math.min(node.length, limits.arrayIndex)) {
                    throw new StackConfigError(
                        `--set ${key}: ${trail.join(".")} is a list of ${node.length}; ${escapeControl(segment)} is not an index from 0 to ${Math.min(node.length, limits.arrayIndex)}`,
                    );
                }
                const idx = Number(segment);
                if (last) node[idx] = value;
                else {
                    if (node[idx] === undefined || node[idx] === null) node[idx] = {};
                    node = node[idx];
                }
            } else {
                const map = node as Record<string, unknown>;
                if (last) map[segment] = value;
                else {
                    if (!Object.hasOwn(map, segment) || map[segment] === undefined || map[segment] === null)
                        map[segment] = {};
                    node = map[segment];
                }
            }
            trail.push(segment);
        }
    }
    return out;
}

function isSecure(v: unknown): v is { secure: string } {
    return (
        typeof v === "object" &&
        v !== null &&
        !Array.isArray(v) &&
        Object.keys(v).length === 1 &&
        typeof (v as { secure?: unknown }).secure === "string"
    );
}

function isSecureShaped(v: unknown): boolean {
    return typeof v === "object" && v !== null && !Array.isArray(v) && Object.hasOwn(v, "secure");
}

/**
 * Flattens to what the Pulumi language host passes the program (`PULUMI_CONFIG`). Secure values
 * cannot be decrypted offline: the program gets the ciphertext, marked secret, so it flows as a
 * secret and the inventory masks it. A secret key given in plain text (an override included) is
 * passed marked secret too, so it is masked the same way.
 */
export function toRuntimeConfig(config: Record<string, unknown>): StackConfig {
    const raw: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(config)) {
        if (value === null || value === undefined) {
            throw new StackConfigError(`${key}: is null; give it a value or remove the key`);
        }
        if (isSecure(value)) {
            if (!isSecretKey(key))
                throw new StackConfigError(
                    `${key}: is not a secret key, so secure: is not allowed; secret keys: ${declaredSecretKeys.join(", ")}`,
                );
            raw[key] = value.secure;
            secretKeys.push(key);
        } else if (isSecretKey(key)) {
            if (typeof value !== "string")
                throw new StackConfigError(`${key}: a secret must be a string (the value is not shown)`);
            raw[key] = value;
            secretKeys.push(key);
        } else if (typeof value === "string") {
            raw[key] = value;
        } else {
            raw[key] = JSON.stringify(value);
        }
    }
    return { raw, secretKeys };
}
