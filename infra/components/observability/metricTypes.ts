/**
 * Every metric type the observability components query, with the page that documents it. Filters
 * and PromQL queries take their metric names from here only (test/infra/components/observability/metricTypes.test.ts
 * scans every filter and query of the cell and fails on any other), so a typo in a metric type
 * fails in CI instead of producing an alert that never fires.
 */
import { sqlReplicaLagMetric } from "../../../core/cloudSqlMonitoring";
import { logMetricName } from "../../../core/naming";

export type MetricKind = "GAUGE" | "DELTA" | "CUMULATIVE";
export type ValueType = "BOOL" | "INT64" | "DOUBLE" | "DISTRIBUTION";

export interface KnownMetric {
    /** Cloud Monitoring metric type, e.g. `loadbalancing.googleapis.com/https/request_count`. */
    readonly type: string;
    readonly kind: MetricKind;
    readonly valueType: ValueType;
    /** The monitored resource type the program queries it on (PromQL's `monitored_resource`). */
    readonly resourceType: string;
    /** Where Google (or this repository, for log-based metrics) documents the metric and its labels. */
    readonly doc: string;
}

const lbDoc = "https://cloud.google.com/load-balancing/docs/metrics";
const sqlDoc = "https://cloud.google.com/monitoring/api/metrics_gcp#gcp-cloudsql";
const redisDoc = "https://cloud.google.com/monitoring/api/metrics_gcp_p_z#gcp-redis";
const pubsubDoc = "https://cloud.google.com/monitoring/api/metrics_gcp_p_z#gcp-pubsub";
const k8sDoc = "https://cloud.google.com/monitoring/api/metrics_kubernetes";
const uptimeDoc = "https://cloud.google.com/monitoring/api/metrics_gcp#gcp-monitoring";
const logContractDoc = "docs/observability.md#log-contract (https://cloud.google.com/logging/docs/logs-based-metrics)";

function metric(type: string, kind: MetricKind, valueType: ValueType, resourceType: string, doc: string): KnownMetric {
    return Object.freeze({ type, kind, valueType, resourceType, doc });
}

/** Google Cloud system metrics. */
export const gcpMetrics = {
    /** Requests served by the external Application LB; labels response_code, response_code_class; resource labels backend_target_name, backend_scope. */
    lbRequestCount: metric(
        "loadbalancing.googleapis.com/https/request_count",
        "DELTA",
        "INT64",
        "https_lb_rule",
        lbDoc,
    ),
    /** Client-to-last-response-byte latency (ms). For a WebSocket upgrade it spans the connection's whole life. */
    lbTotalLatencies: metric(
        "loadbalancing.googleapis.com/https/total_latencies",
        "DELTA",
        "DISTRIBUTION",
        "https_lb_rule",
        lbDoc,
    ),
    /** Requests sent to backends; resource label backend_scope is the NEG's zone. */
    lbBackendRequestCount: metric(
        "loadbalancing.googleapis.com/https/backend_request_count",
        "DELTA",
        "INT64",
        "https_lb_rule",
        lbDoc,
    ),
    /** Proxy-to-backend latency (ms). */
    lbBackendLatencies: metric(
        "loadbalancing.googleapis.com/https/backend_latencies",
        "DELTA",
        "DISTRIBUTION",
        "https_lb_rule",
        lbDoc,
    ),

    sqlUp: metric("cloudsql.googleapis.com/database/up", "GAUGE", "INT64", "cloudsql_database", sqlDoc),
    /** Defined in core/: the drill tool measures a failover's RPO from the same series. */
    sqlReplicaLag: metric(
        sqlReplicaLagMetric.type,
        sqlReplicaLagMetric.kind,
        sqlReplicaLagMetric.valueType,
        sqlReplicaLagMetric.resourceType,
        sqlReplicaLagMetric.doc,
    ),
    sqlCpuUtilization: metric(
        "cloudsql.googleapis.com/database/cpu/utilization",
        "GAUGE",
        "DOUBLE",
        "cloudsql_database",
        sqlDoc,
    ),
    sqlMemoryUtilization: metric(
        "cloudsql.googleapis.com/database/memory/utilization",
        "GAUGE",
        "DOUBLE",
        "cloudsql_database",
        sqlDoc,
    ),
    sqlConnections: metric(
        "cloudsql.googleapis.com/database/postgresql/num_backends",
        "GAUGE",
        "INT64",
        "cloudsql_database",
        sqlDoc,
    ),
    /** > 0 while a REGIONAL instance can fail over to its standby. */
    sqlAvailableForFailover: metric(
        "cloudsql.googleapis.com/database/available_for_failover",
        "GAUGE",
        "INT64",
        "cloudsql_database",
        sqlDoc,
    ),

    redisMemoryUsageRatio: metric(
        "redis.googleapis.com/stats/memory/usage_ratio",
        "GAUGE",
        "DOUBLE",
        "redis_instance",
        redisDoc,
    ),
    /** 1 on the node that is primary, 0 on the replica: a change is a failover. */
    redisRole: metric("redis.googleapis.com/replication/role", "GAUGE", "INT64", "redis_instance", redisDoc),
    redisConnectedClients: metric(
        "redis.googleapis.com/clients/connected",
        "GAUGE",
        "INT64",
        "redis_instance",
        redisDoc,
    ),

    pubsubOldestUnackedAge: metric(
        "pubsub.googleapis.com/subscription/oldest_unacked_message_age",
        "GAUGE",
        "INT64",
        "pubsub_subscription",
        pubsubDoc,
    ),
    pubsubUndelivered: metric(
        "pubsub.googleapis.com/subscription/num_undelivered_messages",
        "GAUGE",
        "INT64",
        "pubsub_subscription",
        pubsubDoc,
    ),
    pubsubDeadLetters: metric(
        "pubsub.googleapis.com/subscription/dead_letter_message_count",
        "DELTA",
        "INT64",
        "pubsub_subscription",
        pubsubDoc,
    ),
    pubsubRetainedAcked: metric(
        "pubsub.googleapis.com/subscription/num_retained_acked_messages",
        "GAUGE",
        "INT64",
        "pubsub_subscription",
        pubsubDoc,
    ),

    containerRestarts: metric("kubernetes.io/container/restart_count", "CUMULATIVE", "INT64", "k8s_container", k8sDoc),

    uptimeCheckPassed: metric(
        "monitoring.googleapis.com/uptime_check/check_passed",
        "GAUGE",
        "BOOL",
        "uptime_url",
        uptimeDoc,
    ),
} as const;

/** This program's log-based metrics (infra/components/observability/LogMetrics.ts declares them). */
export const logMetricNames = {
    /** Counter; labels provider, outcome. */
    pmsSyncOutcomes: logMetricName("pms_sync_outcomes"),
    /** Counter; label error_code. */
    geminiLiveErrors: logMetricName("gemini_live_errors"),
    /** Counter; labels endpoint, status_code. */
    analyticsApiErrors: logMetricName("analytics_api_errors"),
} as const;

export const logMetrics = {
    pmsSyncOutcomes: metric(
        `logging.googleapis.com/user/${logMetricNames.pmsSyncOutcomes}`,
        "DELTA",
        "INT64",
        "k8s_container",
        logContractDoc,
    ),
    geminiLiveErrors: metric(
        `logging.googleapis.com/user/${logMetricNames.geminiLiveErrors}`,
        "DELTA",
        "INT64",
        "k8s_container",
        logContractDoc,
    ),
    analyticsApiErrors: metric(
        `logging.googleapis.com/user/${logMetricNames.analyticsApiErrors}`,
        "DELTA",
        "INT64",
        "k8s_container",
        logContractDoc,
    ),
} as const;

export const knownMetrics: readonly KnownMetric[] = [...Object.values(gcpMetrics), ...Object.values(logMetrics)];

/**
 * The PromQL name of a metric type: the first `/` becomes `:`, every other character that is not a
 * letter, digit or `_` becomes `_` (https://cloud.google.com/monitoring/promql/promql-mapping).
 * Distribution metrics are queried as histograms with a `_bucket`, `_count` or `_sum` suffix.
 */
export function promqlName(m: KnownMetric, suffix?: "bucket" | "count" | "sum"): string {
    if (suffix && m.valueType !== "DISTRIBUTION")
        throw new Error(`${m.type} is not a distribution; it has no _${suffix} series`);
    const slash = m.type.indexOf("/");
    const name = `${m.type.slice(0, slash).replace(/[^A-Za-z0-9_]/g, "_")}:${m.type.slice(slash + 1).replace(/[^A-Za-z0-9_]/g, "_")}`;
    return suffix ? `${name}_${suffix}` : name;
}

/** A Monitoring filter's `metric.type = "…" AND resource.type = "…"` head for a known metric. */
export function metricFilter(m: KnownMetric): string {
    return `metric.type="${m.type}" AND resource.type="${m.resourceType}"`;
}
