/**
 * Reading the stack's config: Pulumi's raw strings decoded into values, validated by the schema
 * and the cross-field rules, frozen; and the secret keys read as secret Outputs. The only module
 * of the program that reads `pulumi.Config`. Components never read config: they receive slices of
 * `Config` through their Args.
 */
import * as pulumi from "@pulumi/pulumi";
import { isConfigSecret as sdkIsConfigSecret } from "../../core/pulumiInternals";
import { ConfigError, formatIssue, keyPath } from "./errors";
import { keySchemaAt } from "./keys";
import { configKeyProblems } from "./knownKeys";
import { crossFieldIssues } from "./rules";
import { configNamespace, configSchema, secretConfigKeys, type Config, type SecretConfigKey } from "./schema";
import { resolveSecret } from "./secrets";

/** Top-level keys whose Pulumi config value is a plain string (all others are YAML/JSON values). */
function isStringKey(key: string): boolean {
    return keySchemaAt([key])?.type === "string";
}

/**
 * Turns Pulumi's raw config strings (`voice-agent:<key>` → string) into values: strings stay
 * strings for string keys, everything else is parsed as JSON (the form Pulumi stores structured
 * and boolean values in).
 */
export function decodeRawConfig(raw: Record<string, string>): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const [fullKey, text] of Object.entries(raw)) {
        if (!fullKey.startsWith(`${configNamespace}:`)) continue;
        const key = fullKey.slice(configNamespace.length + 1);
        if (isStringKey(key)) {
            values[key] = text;
            continue;
        }
        try {
            values[key] = JSON.parse(text);
        } catch {
            // Not JSON: hand the text to the schema, whose type error names the key and the type.
            values[key] = text;
        }
    }
    return values;
}

/**
 * Project ids of serving cells (`edentist-voice-prod-eu`, also spelled `-prd-` or `-production-`,
 * in any case: GCP project ids are lower case, but the check must not depend on that); drill
 * stacks must not use one.
 */
export const productionProject = /(^|-)(prod|prd|production)(-|$)/i;

/** Pure: validates decoded values for a project. Throws ConfigError listing every problem. */
export function parseConfig(values: Record<string, unknown>, project: string): Config {
    if (!project) throw new ConfigError(["gcp:project: is required but not set (the cell's GCP project)"]);
    const result = configSchema.safeParse(values, { reportInput: true });
    if (!result.success) throw new ConfigError(result.error.issues.flatMap((i) => formatIssue(i).split("\n")));
    const problems = crossFieldIssues(result.data).map((p) => `${keyPath(p.path)}: ${p.message}`);
    // A rehearsal drains regions and switches the database over: never in a production project.
    if (result.data.environment === "drill" && productionProject.test(project)) {
        problems.push(
            `gcp:project: "${project}" is a production project; a drill stack (environment: drill) runs in a sandbox project`,
        );
    }
    if (problems.length > 0) throw new ConfigError(problems);
    const data: Record<string, unknown> = { ...result.data };
    for (const key of secretConfigKeys) delete data[key];
    return deepFreeze({ ...(data as Omit<typeof result.data, SecretConfigKey>), project });
}

function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object" && !Object.isFrozen(value)) {
        Object.values(value as Record<string, unknown>).forEach(deepFreeze);
        Object.freeze(value);
    }
    return value;
}

/**
 * Whether the stack holds a key as a secret. The SDK keeps this in PULUMI_CONFIG_SECRET_KEYS and
 * answers it with `isConfigSecret` (runtime/config.js of @pulumi/pulumi 3.248.0, internal: not in
 * its typings), the function `Config.get` uses to warn about a secret read as plain text.
 */
function isConfigSecret(key: string): boolean {
    return sdkIsConfigSecret(key);
}

/** Reads the stack's config once. Called by infra/index.ts only. */
export function loadConfig(): Config {
    const raw = pulumi.runtime.allConfig();
    const keyProblems = configKeyProblems(raw, isConfigSecret);
    if (keyProblems.length > 0) throw new ConfigError(keyProblems);
    const values = decodeRawConfig(raw);
    const project = new pulumi.Config("gcp").get("project") ?? "";
    return parseConfig(values, project);
}

/** The secret keys as secret Outputs; never plaintext. */
export type Secrets = Readonly<Record<SecretConfigKey, pulumi.Output<string>>>;

/**
 * Reads the secret keys with `getSecret`. A missing key is an empty secret in a preview and a
 * MissingSecretError (naming the key) in `pulumi up` (secrets.ts).
 */
export function loadSecrets(): Secrets {
    const cfg = new pulumi.Config(configNamespace);
    const dryRun = pulumi.runtime.isDryRun();
    const out = {} as Record<SecretConfigKey, pulumi.Output<string>>;
    for (const key of secretConfigKeys) {
        const value = cfg.getSecret(key);
        out[key] =
            resolveSecret(`${configNamespace}:${key}`, { present: value !== undefined, dryRun }) === "use"
                ? value!
                : pulumi.secret("");
    }
    return Object.freeze(out);
}
