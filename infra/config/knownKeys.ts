/**
 * Which config keys a stack may set: the `voice-agent` namespace's keys per the schema, plus the
 * provider keys the program reads. Any other key (a namespace typo such as `voice_agent:`, a key
 * without namespace, `gcp:projcet`) would be ignored by the program, so a remediation typed with
 * it would silently do nothing: it is refused, with the closest known key. `secure:` values belong
 * to the keys declared secret only, and those keys never come in plain text.
 */
import { closest, distance } from "fastest-levenshtein";
import { configNamespace, configSchema, secretConfigKeys } from "./schema";

/** Provider keys the program reads (load.ts: `new pulumi.Config("gcp").get("project")`). */
export const providerConfigKeys: readonly string[] = ["gcp:project"];

export const knownConfigKeys: readonly string[] = [
    ...providerConfigKeys,
    ...Object.keys(configSchema.shape).map((k) => `${configNamespace}:${k}`),
];

/** The secret keys with their namespace. */
export const secretConfigKeyNames: readonly string[] = secretConfigKeys.map((k) => `${configNamespace}:${k}`);

const bareOf = (key: string) => (key.includes(":") ? key.slice(key.indexOf(":") + 1) : key);

/**
 * The known key a typo most likely meant: the same name in another namespace or without one, or a
 * name (namespace aside) within a third of its length in edits. Undefined when nothing is near: a far-fetched guess
 * misleads more than none.
 */
export function closestConfigKey(key: string, candidates: readonly string[] = knownConfigKeys): string | undefined {
    if (candidates.length === 0) return undefined;
    const bare = bareOf(key);
    const sameName = candidates.find((c) => bareOf(c) === bare);
    if (sameName) return sameName;
    const near = (a: string, b: string, len: number) => distance(a, b) <= Math.max(2, Math.ceil(len / 3));
    const bestBare = closest(bare, candidates.map(bareOf));
    return near(bare, bestBare, bare.length) ? candidates.find((c) => bareOf(c) === bestBare) : undefined;
}

/** `voice_agent:x: is in an unknown namespace (known: ...) (did you mean ...?)`, or undefined for a known key. */
export function unknownKeyProblem(key: string): string | undefined {
    if (knownConfigKeys.includes(key)) return undefined;
    const ns = key.includes(":") ? key.slice(0, key.indexOf(":")) : undefined;
    const namespaces = [configNamespace, ...new Set(providerConfigKeys.map((p) => p.split(":")[0]))];
    const why =
        ns === undefined
            ? "has no namespace"
            : namespaces.includes(ns)
              ? "is not a known key"
              : `is in an unknown namespace (known: ${namespaces.join(", ")})`;
    const near = closestConfigKey(key);
    return `${why}${near ? ` (did you mean ${near}?)` : ""}`;
}

/**
 * Every problem with the keys of Pulumi's flat config: unknown keys, `secure:` on a key not
 * declared secret, a secret key in plain text. Never prints a value.
 */
export function configKeyProblems(raw: Record<string, string>, isSecret: (key: string) => boolean): string[] {
    const problems: string[] = [];
    for (const key of Object.keys(raw)) {
        const unknown = unknownKeyProblem(key);
        if (unknown) {
            problems.push(`${key}: ${unknown}`);
            continue;
        }
        const declared = secretConfigKeyNames.includes(key);
        if (isSecret(key) && !declared) {
            problems.push(
                `${key}: is not a secret key, so a secure value is not allowed (it would be printed in resources and outputs); secret keys: ${secretConfigKeyNames.join(", ")}`,
            );
        }
        if (declared && !isSecret(key)) {
            problems.push(
                `${key}: is a secret key in plain text; set it with pulumi config set --secret ${key} (the value is not shown)`,
            );
        }
    }
    return problems;
}
