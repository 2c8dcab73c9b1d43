/**
 * The config keys that express a runbook remediation (docs/runbook.md names each one). The plan
 * lists those not at their default; the review and the runbook docs read the full list.
 */
import { configSchema } from "../../infra/config";

/** The top-level remediation toggles. */
export const remediationKeys = [
    "forcedFailover",
    "drainRegions",
    "cacheDisabled",
    "cacheEpoch",
    "voiceMode",
    "pmsSyncMode",
    "pmsDisabledProviders",
    "rateLimit",
] as const;

/** Every config key a remediation changes: the toggles, the database switchover, the release, and each region's capacity. */
export const remediationKeyPaths = [
    ...remediationKeys,
    "database.primaryRegion",
    "release.tag",
    "release.digest",
    "regions.<region>.workload",
    "regions.<region>.nodePool",
] as const;

/** The schema's default of a top-level key. */
export function defaultOf(key: keyof typeof configSchema.shape): unknown {
    const parsed = configSchema.shape[key].safeParse(undefined);
    return parsed.success ? parsed.data : undefined;
}
