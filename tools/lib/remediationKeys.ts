/**
 * The config keys that express a runbook remediation, read from the remediation-action table
 * (infra/config/remediations.ts). The plan lists those not at their default; the review and the
 * runbook docs read the full list.
 */
import { configSchema } from "../../infra/config";
import { remediationToggleKeys } from "../../infra/config/remediations";

type TopKey = keyof typeof configSchema.shape;

/** The top-level remediation toggles. */
export const remediationKeys: readonly TopKey[] = remediationToggleKeys.filter(
    (k): k is TopKey => k in configSchema.shape,
);

/** Every config key a remediation changes: the toggles, the database switchover, the release, and each region's capacity. */
export const remediationKeyPaths: readonly string[] = [
    ...remediationKeys,
    "database.primaryRegion",
    "release.tag",
    "release.digest",
    "regions.<region>.workload",
    "regions.<region>.nodePool",
];

/** The schema's default of a top-level key. */
export function defaultOf(key: TopKey): unknown {
    const parsed = configSchema.shape[key].safeParse(undefined);
    return parsed.success ? parsed.data : undefined;
}
