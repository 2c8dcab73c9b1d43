/**
 * Config errors that a person reads: every problem names the key path as `pulumi config set
 * --path` spells it (`voice-agent:regions.europe-west1.zones[0]`) and says what is allowed.
 */
import type { z } from "zod";
import { keySchemaAt } from "./keys";
import { configNamespace } from "./schema";

/** A config error that names every offending key; the CLIs print `message` as is. */
export class ConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

/** `voice-agent:regions.europe-west1.zones[0]`: the path as `pulumi config set --path` spells it. */
export function keyPath(path: readonly PropertyKey[]): string {
    let out = `${configNamespace}:`;
    path.forEach((p, i) => {
        if (typeof p === "number") out += `[${p}]`;
        else out += (i === 0 ? "" : ".") + String(p);
    });
    return out;
}

function describe(value: unknown): string {
    if (value === undefined) return "nothing";
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "a map";
    return `${typeof value} ${JSON.stringify(value)}`;
}

const article: Record<string, string> = {
    boolean: "a boolean (true or false)",
    number: "a number",
    int: "a whole number",
    string: "a string",
    array: "a list",
    object: "a map",
    record: "a map",
};

/** One readable line per zod issue, naming the key. */
export function formatIssue(issue: z.core.$ZodIssue): string {
    const where = keyPath(issue.path);
    switch (issue.code) {
        case "invalid_type": {
            const input = (issue as { input?: unknown }).input;
            if (input === undefined) return `${where}: is required but not set`;
            return `${where}: expected ${article[issue.expected] ?? issue.expected}, got ${describe(input)}`;
        }
        case "unrecognized_keys": {
            const allowed = Object.keys(keySchemaAt(issue.path)?.properties ?? {}).join(", ");
            return issue.keys
                .map((k) => `${keyPath([...issue.path, k])}: unknown key; allowed keys here: ${allowed}`)
                .join("\n");
        }
        case "invalid_value":
            return `${where}: got ${describe((issue as { input?: unknown }).input)}; allowed: ${issue.values.map((v) => String(v)).join(", ")}`;
        case "invalid_key":
            // A map key the key schema refuses (a region name): the key schema's own message.
            return `${where}: ${issue.issues.map((i) => i.message).join("; ")}`;
        case "invalid_union":
            return `${where}: got ${describe((issue as { input?: unknown }).input)}; ${issue.message}`;
        case "too_small":
            if (issue.origin === "array") {
                const n = ((issue as { input?: unknown[] }).input ?? []).length;
                return `${where}: lists ${n} ${n === 1 ? "entry" : "entries"}; at least ${String(issue.minimum)} are required`;
            }
            return issue.origin === "string"
                ? `${where}: is empty; a value is required`
                : `${where}: ${describe((issue as { input?: unknown }).input)} is below the minimum ${String(issue.minimum)}`;
        case "too_big":
            return `${where}: ${describe((issue as { input?: unknown }).input)} is above the maximum ${String(issue.maximum)}`;
        default:
            return `${where}: ${issue.message}`;
    }
}
