/**
 * How Cloud Monitoring names a Cloud SQL instance's replication lag: the metric the program's
 * `Cloud SQL replica lag` alert and Database Health dashboard watch, and the label that picks one
 * instance. Here in core/ because the drill tool measures a failover's RPO from the same series
 * the alert reads, and the tools may not import the observability components.
 *
 * Google documents the metric (GAUGE, DOUBLE, seconds the replica is behind its primary, sampled
 * every 60 s, on the monitored resource `cloudsql_database`) and the label in "Google Cloud
 * metrics", Cloud SQL: https://cloud.google.com/monitoring/api/metrics_gcp#gcp-cloudsql; how the
 * lag arises and is watched: https://cloud.google.com/sql/docs/postgres/replication/replication-lag.
 */

/** Cloud SQL's replica lag, in the shape of the program's metric catalog. */
export const sqlReplicaLagMetric = Object.freeze({
    type: "cloudsql.googleapis.com/database/replication/replica_lag",
    kind: "GAUGE",
    valueType: "DOUBLE",
    resourceType: "cloudsql_database",
    doc: "https://cloud.google.com/monitoring/api/metrics_gcp#gcp-cloudsql",
} as const);

/** Cloud SQL's `database_id` resource label: `<project>:<instance>`. */
export function sqlDatabaseId(project: string, instance: string): string {
    return `${project}:${instance}`;
}
