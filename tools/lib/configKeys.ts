/**
 * What the program's config schema says about a key, for the tools: the known keys (the
 * `voice-agent` namespace per the schema plus the provider keys the program reads), the closest
 * known key to a typo, the secret keys, and the type at a `--set` path (a string key takes the
 * raw text).
 */
import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";
import { configNamespace, configSchema, secretConfigKeys } from "../../infra/config";

/** Provider keys the program reads (infra/config.ts: `new pulumi.Config("gcp").get("project")`). */
export const providerKeys: readonly string[] = ["gcp:project"];

export const namespacedKeys: readonly string[] = Object.keys(configSchema.shape).map((k) => `${configNamespace}:${k}`);
export const knownKeys: readonly string[] = [...providerKeys, ...namespacedKeys];
export const secretKeys: readonly string[] = secretConfigKeys.map((k) => `${configNamespace}:${k}`);

/** ` (did you mean voice-agent:forcedFailover?)` when a known key is near, else a hint at the list. */
export function suggestion(key: string, candidates: readonly string[] = knownKeys): string {
    if (candidates.length === 0) return "";
    const best = closest(key, candidates as string[]);
    // Near: within a third of the key's length (a namespace typo, a transposition, a missing prefix).
    const bare = key.includes(":") ? key.slice(key.indexOf(":") + 1) : key;
    const near = distance(key, best) <= Math.max(2, Math.ceil(key.length / 3)) || best.endsWith(`:${bare}`);
    return near ? ` (did you mean ${best}?)` : "";
}

type ZodNode = z.core.$ZodType;

function unwrap(node: ZodNode | undefined): ZodNode | undefined {
    while (node) {
        const def = node._zod.def as unknown as { type: string; innerType?: ZodNode };
        if (!["default", "prefault", "optional", "nullable"].includes(def.type) || !def.innerType) return node;
        node = def.innerType;
    }
    return node;
}

/** The schema's type name (`string`, `enum`, `number`, `object`, ...) at a key path below the namespace, if known. */
export function schemaTypeAt(path: readonly string[]): string | undefined {
    let node: ZodNode | undefined = configSchema;
    for (const p of path) {
        node = unwrap(node);
        if (!node) return undefined;
        const def = node._zod.def as unknown as Record<string, unknown> & { type: string };
        if (def.type === "object") {
            const shape = def.shape as Record<string, ZodNode>;
            node = Object.hasOwn(shape, p) ? shape[p] : undefined;
        } else if (def.type === "record") node = def.valueType as ZodNode;
        else if (def.type === "array") node = def.element as ZodNode;
        else return undefined;
    }
    return (unwrap(node)?._zod.def as unknown as { type: string } | undefined)?.type;
}
