/**
 * Headings of docs/runbook.md that alert documentation points to, spelled exactly as there so the
 * on-call engineer can search for them (test/infra/components/observability/docs.test.ts checks each one exists).
 */
export const runbook = {
    diagnostics: "Diagnostic checklist",
    regionFailure: "Region Failure: shift traffic (`forcedFailover`, `drainRegions`)",
    stabilize: "Stabilize service: rate limiting (`rateLimit.enabled`)",
    podCluster: "Pod/Cluster Issues",
    databaseFailover: "Database Failover (`database.primaryRegion`)",
    redis: "Redis/Cache Outage (`cacheDisabled`, `cacheEpoch`)",
    gemini: "Gemini Provider Outage (`voiceMode`)",
    pms: "PMS Outage (`pmsSyncMode`, `pmsDisabledProviders`)",
    postIncident: "Post-incident",
} as const;

export type RunbookSection = (typeof runbook)[keyof typeof runbook];
