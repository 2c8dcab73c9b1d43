/**
 * What the program's config schema says about a key, for the tools: the known keys and the secret
 * keys (infra/config/knownKeys.ts owns both), and the JSON type at a `--set` path (a string key
 * takes the raw text).
 */
import {
    keySchemaAt,
    knownConfigKeys,
    providerConfigKeys,
    secretConfigKeyNames,
    unknownKeyProblem,
} from "../../infra/config";

export const knownKeys = knownConfigKeys;
export const providerKeys = providerConfigKeys;
export const secretKeys = secretConfigKeyNames;
export { unknownKeyProblem };

/** The schema's JSON type (`string`, `number`, `object`, ...) at a key path below the namespace, if known. */
export function schemaTypeAt(path: readonly string[]): string | undefined {
    return keySchemaAt(path)?.type;
}
