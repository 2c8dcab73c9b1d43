/**
 * What the program's config schema says about a key, for the tools: the known keys (the
 * `voice-agent` namespace per the schema plus the provider keys the program reads), the closest
 * known key to a typo, the secret keys, and the type at a `--set` path (a string key takes the
 * raw text).
 */
import { closest, distance } from "fastest-levenshtein";
import { configNamespace, configSchema, keySchemaAt, secretConfigKeys } from "../../infra/config";

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

/** The schema's JSON type (`string`, `number`, `object`, ...) at a key path below the namespace, if known. */
export function schemaTypeAt(path: readonly string[]): string | undefined {
    return keySchemaAt(path)?.type;
}
