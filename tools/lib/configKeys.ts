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

const bareOf = (key: string) => (key.includes(":") ? key.slice(key.indexOf(":") + 1) : key);

/**
 * ` (did you mean voice-agent:forcedFailover?)` when a known key is near: the same name in another
 * namespace or without one, or a name within a third of its length in edits (a typo, a
 * transposition). Empty when nothing is near: a far-fetched guess misleads more than none.
 */
export function suggestion(key: string, candidates: readonly string[] = knownKeys): string {
    const bare = bareOf(key);
    const sameName = candidates.find((c) => bareOf(c) === bare);
    if (sameName) return ` (did you mean ${sameName}?)`;
    if (candidates.length === 0) return "";
    const best = closest(key, candidates as string[]);
    const bestBare = closest(bare, candidates.map(bareOf));
    const near = (a: string, b: string, len: number) => distance(a, b) <= Math.max(2, Math.ceil(len / 3));
    if (near(bare, bestBare, bare.length)) return ` (did you mean ${candidates.find((c) => bareOf(c) === bestBare)}?)`;
    return near(key, best, key.length) ? ` (did you mean ${best}?)` : "";
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
