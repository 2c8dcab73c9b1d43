/**
 * Alerts on the data tier and the PMS pipeline: PMS sync failures per provider, Cloud SQL replica
 * lag and instance down, Memorystore memory and failover, the PMS Pub/Sub backlog and dead letters.
 */
import { remediateLine, type AlertSpec } from "./alertSpec";
import { runbook } from "./runbook";
import { gcpMetrics, logMetrics } from "./metricTypes";
import { anyOf, oneOf, selector } from "./promql";
import {
    dashboardNames,
    inRegionOrder,
    redisInstanceId,
    sqlDatabaseIdPattern,
    sqlInstanceShown,
    type AlertThresholds,
    type ObservedNames,
} from "./targets";

export function dataAlerts(names: ObservedNames, alertThresholds: AlertThresholds): AlertSpec[] {
    const replicas = inRegionOrder(names, names.databaseReplicas).map(({ name }) => sqlDatabaseIdPattern(names, name));
    const allDatabases = [sqlDatabaseIdPattern(names, names.databasePrimary), ...replicas];
    const primary = sqlInstanceShown(names, names.databasePrimary);
    const caches = inRegionOrder(names, names.caches).map(({ region, name }) =>
        redisInstanceId(names.project, region, name),
    );
    const sync = (m: Record<string, string | { re: string }>) =>
        selector(logMetrics.pmsSyncOutcomes, { namespace_name: names.namespace, ...m });
    const worker = { subscription_id: names.pubsub.workerSubscription };
    const replay = `replay after the fix: \`gcloud pubsub subscriptions seek ${names.pubsub.replaySubscription} --time=<start of the outage>\` (docs/runbook.md, PMS Outage)`;

    const specs: AlertSpec[] = [
        {
            key: "pms-sync-failures",
            displayName: `PMS sync failures > ${alertThresholds.pmsSyncFailurePercent}%`,
            severity: "SEV-2",
            summary: `more than ${alertThresholds.pmsSyncFailurePercent}% of PMS sync attempts of one provider failed over 10 minutes (the incident names the provider).`,
            runbookSections: [runbook.pms],
            remediation: [
                remediateLine(
                    names.stack,
                    "pms-disable",
                    { value: "<provider>" },
                    "isolate the failing connector (provider isolation)",
                ),
                remediateLine(
                    names.stack,
                    "pms-queue",
                    {},
                    "queue-only mode for a PMS-wide outage; jobs stay in Pub/Sub for replay",
                ),
            ],
            dashboard: dashboardNames.pms,
            combiner: "OR",
            conditions: [
                {
                    displayName: `PMS sync failure ratio per provider > ${alertThresholds.pmsSyncFailurePercent / 100}`,
                    promql: {
                        // Queued jobs (pmsSyncMode: queued, disabled providers) are not attempts: only
                        // success and failure count, so queue-only mode never looks like a failure.
                        query:
                            `(sum by (provider) (rate(${sync({ outcome: "failure" })}[10m])) / ` +
                            `sum by (provider) (rate(${sync({ outcome: { re: "success|failure" } })}[10m]))) > ${alertThresholds.pmsSyncFailurePercent / 100}`,
                        duration: "300s",
                    },
                },
            ],
        },
        {
            key: "sql-replica-lag",
            displayName: `Cloud SQL replica lag > ${alertThresholds.replicaLagSeconds}s`,
            severity: "SEV-3",
            summary: `a cross-region replica of ${primary} is more than ${alertThresholds.replicaLagSeconds} s behind: a regional failover now would lose that much data.`,
            runbookSections: [runbook.databaseFailover],
            remediation: [
                "do not switch `database.primaryRegion` to a lagging replica; wait for it to catch up",
                `check: \`gcloud sql instances describe ${primary}\` (replication state, load on the primary)`,
            ],
            dashboard: dashboardNames.database,
            combiner: "OR",
            conditions: [
                {
                    displayName: `Replica lag > ${alertThresholds.replicaLagSeconds} s`,
                    promql: {
                        query: `max by (database_id) (${selector(gcpMetrics.sqlReplicaLag, { database_id: { re: anyOf(replicas) } })}) > ${alertThresholds.replicaLagSeconds}`,
                        duration: "300s",
                    },
                },
            ],
        },
        {
            key: "sql-instance-down",
            displayName: "Cloud SQL instance down",
            severity: "SEV-2",
            summary: `Cloud SQL reports ${primary} or one of its replicas as down for 3 minutes.`,
            runbookSections: [runbook.databaseFailover],
            remediation: [
                `the primary's standby takes over by itself (REGIONAL availability); if it does not: \`gcloud sql instances failover ${primary}\``,
                "region lost: switch the primary with `database.primaryRegion` (see docs/runbook.md), then validate connectivity",
            ],
            dashboard: dashboardNames.database,
            combiner: "OR",
            conditions: [
                {
                    displayName: "database/up < 1",
                    promql: {
                        query: `max by (database_id) (${selector(gcpMetrics.sqlUp, { database_id: { re: anyOf(allDatabases) } })}) < 1`,
                        duration: "180s",
                    },
                },
            ],
        },
        {
            key: "redis-memory",
            displayName: `Redis memory > ${alertThresholds.redisMemoryPercent}%`,
            severity: "SEV-3",
            summary: `a Memorystore instance (${inRegionOrder(names, names.caches)
                .map(({ name }) => name)
                .join(
                    ", ",
                )}) uses more than ${alertThresholds.redisMemoryPercent}% of its memory: evictions and session loss are near.`,
            runbookSections: [runbook.redis],
            remediation: [
                remediateLine(names.stack, "cache-restore", {}, "new key prefix and a purge Job: drops stale sessions"),
                remediateLine(names.stack, "cache-off", {}, "if the instance becomes unavailable, run stateless"),
            ],
            dashboard: dashboardNames.database,
            combiner: "OR",
            conditions: [
                {
                    displayName: `stats/memory/usage_ratio > ${alertThresholds.redisMemoryPercent / 100}`,
                    promql: {
                        query: `max by (instance_id) (${selector(gcpMetrics.redisMemoryUsageRatio, { instance_id: { re: oneOf(caches) } })}) > ${alertThresholds.redisMemoryPercent / 100}`,
                        duration: "300s",
                    },
                },
            ],
        },
        {
            key: "redis-failover",
            displayName: "Redis failover",
            severity: "SEV-3",
            summary:
                "a Memorystore instance changed its primary node (automatic or manual failover) in the last 10 minutes; clients reconnect.",
            runbookSections: [runbook.redis],
            remediation: [
                remediateLine(names.stack, "cache-off", {}, "if the instance stays unavailable after the failover"),
                remediateLine(names.stack, "cache-restore", {}, "after the cache is restored, purge stale sessions"),
            ],
            dashboard: dashboardNames.database,
            combiner: "OR",
            conditions: [
                {
                    displayName: "replication/role changed",
                    promql: {
                        query: `max by (instance_id) (changes(${selector(gcpMetrics.redisRole, { instance_id: { re: oneOf(caches) } })}[10m])) > 0`,
                        duration: "0s",
                    },
                },
            ],
        },
        {
            key: "pms-backlog",
            displayName: `PMS sync backlog: oldest unacked job > ${Math.round(alertThresholds.pubsubOldestUnackedSeconds / 60)} min`,
            severity: "SEV-2",
            summary: `the oldest unacknowledged job on ${names.pubsub.workerSubscription} is older than ${alertThresholds.pubsubOldestUnackedSeconds} s: PMS sync is not keeping up or not running.`,
            runbookSections: [runbook.pms],
            remediation: [
                remediateLine(
                    names.stack,
                    "pms-queue",
                    {},
                    "if the PMS side is down: stop attempting, keep jobs for replay",
                ),
                remediateLine(names.stack, "pms-disable", { value: "<provider>" }, "if one provider blocks the worker"),
            ],
            dashboard: dashboardNames.pms,
            combiner: "OR",
            conditions: [
                {
                    displayName: `oldest_unacked_message_age > ${alertThresholds.pubsubOldestUnackedSeconds} s`,
                    promql: {
                        query: `max(${selector(gcpMetrics.pubsubOldestUnackedAge, worker)}) > ${alertThresholds.pubsubOldestUnackedSeconds}`,
                        duration: "300s",
                    },
                },
            ],
        },
        {
            key: "pms-dead-letters",
            displayName: "PMS sync dead letters",
            severity: "SEV-3",
            summary: `PMS sync jobs exhausted their delivery attempts on ${names.pubsub.workerSubscription} and went to ${names.pubsub.deadLetterTopic}: those bookings are not in the PMS.`,
            runbookSections: [runbook.pms],
            remediation: [
                replay,
                remediateLine(
                    names.stack,
                    "pms-disable",
                    { value: "<provider>" },
                    "if one provider's jobs keep dead-lettering",
                ),
            ],
            dashboard: dashboardNames.pms,
            combiner: "OR",
            conditions: [
                {
                    displayName: "dead-lettered jobs in 10 min > 0",
                    promql: {
                        query: `sum(increase(${selector(gcpMetrics.pubsubDeadLetters, worker)}[10m])) > 0`,
                        duration: "0s",
                    },
                },
            ],
        },
    ];
    return specs;
}
