/**
 * Reads a stack's config file (`Pulumi.<stack>.yaml`) the way the Pulumi CLI hands it to the
 * program: a flat map of `<namespace>:<key>` to strings (structured values as JSON), plus the list
 * of keys that hold secrets. `--set` overrides apply on top, with YAML values and dotted paths.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { configNamespace } from "../../infra/config";

export const projectRoot = path.resolve(__dirname, "..", "..");
/** The program's config namespace (infra/config/schema.ts owns it). */
export const namespace = configNamespace;

export interface StackConfig {
    /** `voice-agent:forcedFailover` → "true", `voice-agent:regions` → JSON text, … */
    raw: Record<string, string>;
    /** Full keys whose values are secure (encrypted) in the stack file. */
    secretKeys: string[];
}

export class StackConfigError extends Error {}

export function stackFile(stack: string): string {
    return path.join(projectRoot, `Pulumi.${stack}.yaml`);
}

/** The parsed YAML `config:` map of a stack file, values as YAML gives them. */
export function readStackConfig(stack: string): Record<string, unknown> {
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new StackConfigError(`--stack: "${stack}" is not a stack name`);
    const file = stackFile(stack);
    if (!fs.existsSync(file)) {
        const known = fs
            .readdirSync(projectRoot)
            .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
            .map((f) => f.slice("Pulumi.".length, -".yaml".length));
        throw new StackConfigError(`--stack: no stack file Pulumi.${stack}.yaml; known stacks: ${known.join(", ")}`);
    }
    const doc = YAML.parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
    return { ...(doc?.config ?? {}) };
}

/**
 * Applies `key=value` overrides. `key` is a config key without namespace (`forcedFailover`) or a
 * provider key with one (`gcp:project`); dots address nested fields
 * (`regions.europe-west1.workload.minReplicas=9`); `value` is parsed as YAML (`[a, b]`, `true`, `4`).
 */
export function applyOverrides(config: Record<string, unknown>, sets: readonly string[]): Record<string, unknown> {
    const out = structuredClone(config);
    for (const set of sets) {
        const eq = set.indexOf("=");
        if (eq <= 0) throw new StackConfigError(`--set: "${set}" is not key=value`);
        const key = set.slice(0, eq);
        const valueText = set.slice(eq + 1);
        let value: unknown;
        try {
            value = YAML.parse(valueText);
        } catch (e) {
            throw new StackConfigError(`--set ${key}: value ${JSON.stringify(valueText)} is not valid YAML (${(e as Error).message.split("\n")[0]})`);
        }
        if (value === null && valueText.trim() === "") value = "";
        const [head, ...rest] = key.split(".");
        const fullKey = head.includes(":") ? head : `${namespace}:${head}`;
        if (rest.length === 0) {
            out[fullKey] = value;
            continue;
        }
        if (out[fullKey] === undefined) out[fullKey] = {};
        let node = out[fullKey] as Record<string, unknown>;
        for (let i = 0; i < rest.length - 1; i++) {
            if (node[rest[i]] === undefined) node[rest[i]] = {};
            if (typeof node[rest[i]] !== "object" || node[rest[i]] === null) {
                throw new StackConfigError(`--set ${key}: ${[head, ...rest.slice(0, i + 1)].join(".")} is not a map`);
            }
            node = node[rest[i]] as Record<string, unknown>;
        }
        node[rest[rest.length - 1]] = value;
    }
    return out;
}

function isSecure(v: unknown): v is { secure: string } {
    return typeof v === "object" && v !== null && Object.keys(v).length === 1 && typeof (v as { secure?: unknown }).secure === "string";
}

/**
 * Flattens to what the Pulumi language host passes the program (`PULUMI_CONFIG`). Secure values
 * cannot be decrypted offline: the program gets the ciphertext, marked secret, so it flows as a
 * secret and the inventory masks it.
 */
export function toRuntimeConfig(config: Record<string, unknown>): StackConfig {
    const raw: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(config)) {
        if (isSecure(value)) {
            raw[key] = value.secure;
            secretKeys.push(key);
        } else if (typeof value === "string") {
            raw[key] = value;
        } else {
            raw[key] = JSON.stringify(value);
        }
    }
    return { raw, secretKeys };
}
