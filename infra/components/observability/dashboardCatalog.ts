/**
 * The runbook's three dashboards (docs/runbook.md, Appendices: "HA Voice Overview", "PMS
 * Integrations", "Database Health") as typed objects. Pure: Dashboards.ts serializes them, tests
 * validate them against Google's Dashboard proto.
 */
import type { Dashboard, Threshold } from "./dashboardTypes";
import { chart, dashboard, full, half, header, logs, quarter, scorecard, text } from "./dashboardWidgets";
import { gcpMetrics, logMetrics, metricFilter } from "./metricTypes";
import { anyOf, oneOf, quote, selector } from "./promql";
import {
    dashboardNames,
    inRegionOrder,
    eventFilter,
    redisInstanceId,
    sqlDatabaseIdPattern,
    sqlInstanceShown,
    type AlertThresholds,
    type ObservedNames,
} from "./targets";

const above = (value: number, label: string, color: "YELLOW" | "RED" = "RED"): Threshold => ({
    label,
    value,
    color,
    direction: "ABOVE",
});
const below = (value: number, label: string, color: "YELLOW" | "RED" = "RED"): Threshold => ({
    label,
    value,
    color,
    direction: "BELOW",
});

/** `rate(<sel>[5m])` with the NEG zone in backend_scope rewritten to its region as `backend_region`. */
function byRegion(sel: string): string {
    return `label_replace(rate(${sel}[5m]), "backend_region", "$1", "backend_scope", "(.+)-[a-z]")`;
}

export function overviewDashboard(
    names: ObservedNames,
    alertThresholds: AlertThresholds,
    sloName: string,
    slo: { availabilityPercent: number; rollingPeriodDays: number },
): Dashboard {
    const lb = { backend_target_name: names.backendService };
    const backend = selector(gcpMetrics.lbBackendRequestCount, lb);
    const backendFailed = selector(gcpMetrics.lbBackendRequestCount, { ...lb, response_code_class: "500" });
    const requests = selector(gcpMetrics.lbRequestCount, lb);
    const failed = selector(gcpMetrics.lbRequestCount, { ...lb, response_code_class: "500" });
    const httpLatency = selector(gcpMetrics.lbTotalLatencies, { ...lb, response_code: { ne: "101" } }, "bucket");
    const uptimeFilter = `${metricFilter(gcpMetrics.uptimeCheckPassed)} AND resource.label.host=${quote(names.domain)}`;
    const clusters = inRegionOrder(names, names.clusters).map(({ name }) => name);

    return dashboard(dashboardNames.overview, names.cell, [
        full(
            text(
                `Cell ${names.cell}: ${names.domain}`,
                [
                    `Regions: ${names.regions.map((r) => (r === names.primaryRegion ? `**${r}** (primary)` : r)).join(", ")}. Backend service \`${names.backendService}\`.`,
                    `Runbook: docs/runbook.md. Remediations are config keys (docs/observability.md): \`forcedFailover\`, \`drainRegions\`, \`rateLimit.enabled\`, \`voiceMode\`, \`release.tag\`.`,
                    `Latency here is HTTP request latency; WebSocket upgrades (101) are excluded because their latency is the whole call.`,
                ].join("\n\n"),
            ),
            6,
        ),
        quarter(
            scorecard(
                `Error budget left (${slo.availabilityPercent}% over ${slo.rollingPeriodDays} d)`,
                { filter: { filter: `select_slo_budget_fraction(${quote(sloName)})` }, unit: "10^2.%" },
                [below(0.25, "under a quarter left", "YELLOW"), below(0, "budget spent")],
            ),
        ),
        quarter(
            scorecard(
                "Availability, 1 h (non-5xx)",
                // `or vector(0)`: an hour without a single 5xx has no failure series, and should read 100 %, not "no data".
                { promql: `1 - (sum(rate(${failed}[1h])) or vector(0)) / sum(rate(${requests}[1h]))`, unit: "10^2.%" },
                [
                    below(
                        alertThresholds.availabilityPercent / 100,
                        `runbook: < ${alertThresholds.availabilityPercent}%`,
                    ),
                ],
            ),
        ),
        quarter(
            scorecard("SLO burn rate, 1 h", { filter: { filter: `select_slo_burn_rate(${quote(sloName)}, "60m")` } }, [
                above(6, "slow burn", "YELLOW"),
                above(14.4, "fast burn"),
            ]),
        ),
        quarter(
            scorecard("Uptime check passing", {
                filter: {
                    filter: uptimeFilter,
                    aggregation: {
                        alignmentPeriod: "300s",
                        perSeriesAligner: "ALIGN_FRACTION_TRUE",
                        crossSeriesReducer: "REDUCE_MEAN",
                    },
                },
                unit: "10^2.%",
            }),
        ),
        full(
            header(
                "Traffic by backend region",
                "A drained region (forcedFailover, drainRegions: capacityScaler 0) gets no new requests",
            ),
            3,
        ),
        half(
            chart(
                "Requests/s by backend region",
                [
                    {
                        promql: `sum by (backend_region) (${byRegion(backend)})`,
                        legend: "${backend_region}",
                        plotType: "STACKED_AREA",
                    },
                ],
                { yLabel: "requests/s" },
            ),
        ),
        half(
            chart(
                "Backend capacity: share of traffic by region",
                [
                    {
                        promql: `sum by (backend_region) (${byRegion(backend)}) / scalar(sum(rate(${backend}[5m])))`,
                        legend: "${backend_region}",
                        unit: "10^2.%",
                    },
                ],
                {
                    yLabel: "share",
                },
            ),
        ),
        half(
            chart(
                "5xx ratio by backend region",
                [
                    {
                        promql: `sum by (backend_region) (${byRegion(backendFailed)}) / sum by (backend_region) (${byRegion(backend)})`,
                        legend: "${backend_region}",
                        unit: "10^2.%",
                    },
                ],
                { thresholds: [above(alertThresholds.regionErrorPercent / 100, "region unhealthy")], yLabel: "ratio" },
            ),
        ),
        half(
            chart(
                "HTTP latency P95 by backend region (ms)",
                [
                    {
                        promql: `histogram_quantile(0.95, sum by (le, backend_region) (${byRegion(httpLatency)}))`,
                        legend: "${backend_region}",
                        unit: "ms",
                    },
                ],
                {
                    thresholds: [
                        above(alertThresholds.latencyP95Ms, `runbook: P95 > ${alertThresholds.latencyP95Ms} ms`),
                    ],
                    yLabel: "ms",
                },
            ),
        ),
        half(
            logs(
                "Backend service changes (capacity scaler, drains)",
                `resource.type="gce_backend_service" AND protoPayload.methodName=~"backendServices\\.(patch|update)$" AND protoPayload.resourceName=~"backendServices/${names.backendService}$"`,
                names.project,
            ),
        ),
        half(
            chart(
                "SLO burn rate (1 h and 6 h)",
                [
                    { filter: { filter: `select_slo_burn_rate(${quote(sloName)}, "60m")` }, legend: "1 h" },
                    { filter: { filter: `select_slo_burn_rate(${quote(sloName)}, "360m")` }, legend: "6 h" },
                ],
                { thresholds: [above(14.4, "fast burn"), above(6, "slow burn", "YELLOW")] },
            ),
        ),
        full(header("Dependencies and pods", "Gemini Live (voiceMode: hold), crash loops (release.tag)"), 3),
        half(
            chart(
                "Gemini Live errors/min by error code",
                [
                    {
                        promql: `sum by (error_code) (rate(${selector(logMetrics.geminiLiveErrors, { namespace_name: names.namespace })}[5m])) * 60`,
                        legend: "${error_code}",
                        plotType: "STACKED_BAR",
                    },
                ],
                { thresholds: [above(alertThresholds.geminiErrorsPerMinute, "voiceMode: hold?")] },
            ),
        ),
        half(
            chart("voice-agent container restarts (15 min) by cluster", [
                {
                    promql: `sum by (cluster_name) (increase(${selector(gcpMetrics.containerRestarts, { cluster_name: { re: oneOf(clusters) }, namespace_name: names.namespace })}[15m]))`,
                    legend: "${cluster_name}",
                },
            ]),
        ),
        half(
            chart("Analytics API errors/min by endpoint", [
                {
                    promql: `sum by (endpoint) (rate(${selector(logMetrics.analyticsApiErrors, { namespace_name: names.namespace })}[10m])) * 60`,
                    legend: "${endpoint}",
                },
            ]),
        ),
        half(
            chart("Uptime check passing by checker region", [
                {
                    filter: {
                        filter: uptimeFilter,
                        aggregation: {
                            alignmentPeriod: "300s",
                            perSeriesAligner: "ALIGN_FRACTION_TRUE",
                            crossSeriesReducer: "REDUCE_MEAN",
                            groupByFields: ["metric.label.checker_location"],
                        },
                    },
                    unit: "10^2.%",
                },
            ]),
        ),
    ]);
}

export function pmsDashboard(names: ObservedNames, alertThresholds: AlertThresholds): Dashboard {
    const sync = (m: Record<string, string | { re: string }> = {}) =>
        selector(logMetrics.pmsSyncOutcomes, { namespace_name: names.namespace, ...m });
    const sub = (s: string) => ({ subscription_id: s });
    return dashboard(dashboardNames.pms, names.cell, [
        full(
            text(
                `PMS sync, cell ${names.cell}`,
                [
                    `Jobs flow \`${names.pubsub.jobsTopic}\` → \`${names.pubsub.workerSubscription}\`; failures after the last attempt go to \`${names.pubsub.deadLetterTopic}\`; \`${names.pubsub.replaySubscription}\` on \`${names.pubsub.replayTopic}\` keeps acked jobs for a seek-based replay.`,
                    `Runbook: PMS Outage. Isolate a provider with \`pmsDisabledProviders\`, go queue-only with \`pmsSyncMode: queued\`. Log contract: docs/observability.md.`,
                ].join("\n\n"),
            ),
            6,
        ),
        half(
            chart("Sync outcomes/min by provider", [
                {
                    promql: `sum by (provider, outcome) (rate(${sync()}[5m])) * 60`,
                    legend: "${provider} ${outcome}",
                    plotType: "STACKED_BAR",
                },
            ]),
        ),
        half(
            chart(
                "Failure ratio by provider",
                [
                    {
                        promql: `sum by (provider) (rate(${sync({ outcome: "failure" })}[10m])) / sum by (provider) (rate(${sync({ outcome: { re: "success|failure" } })}[10m]))`,
                        legend: "${provider}",
                        unit: "10^2.%",
                    },
                ],
                {
                    thresholds: [
                        above(
                            alertThresholds.pmsSyncFailurePercent / 100,
                            `runbook: > ${alertThresholds.pmsSyncFailurePercent}%`,
                        ),
                    ],
                },
            ),
        ),
        half(
            chart(
                `Backlog: oldest unacked job on ${names.pubsub.workerSubscription} (s)`,
                [
                    {
                        promql: `max(${selector(gcpMetrics.pubsubOldestUnackedAge, sub(names.pubsub.workerSubscription))})`,
                        legend: names.pubsub.workerSubscription,
                        unit: "s",
                    },
                ],
                { thresholds: [above(alertThresholds.pubsubOldestUnackedSeconds, "backlog alert")] },
            ),
        ),
        half(
            chart(`Backlog: undelivered jobs`, [
                {
                    promql: `sum by (subscription_id) (${selector(gcpMetrics.pubsubUndelivered, { subscription_id: { re: oneOf([names.pubsub.workerSubscription, names.pubsub.replaySubscription]) } })})`,
                    legend: "${subscription_id}",
                },
            ]),
        ),
        half(
            chart(`Dead letters from ${names.pubsub.workerSubscription} (per 10 min)`, [
                {
                    promql: `sum(increase(${selector(gcpMetrics.pubsubDeadLetters, sub(names.pubsub.workerSubscription))}[10m]))`,
                    legend: names.pubsub.deadLetterTopic,
                    plotType: "STACKED_BAR",
                },
            ]),
        ),
        half(
            chart(`Replay subscription ${names.pubsub.replaySubscription}: retained acked jobs`, [
                {
                    promql: `sum(${selector(gcpMetrics.pubsubRetainedAcked, sub(names.pubsub.replaySubscription))})`,
                    legend: "retained for replay",
                },
            ]),
        ),
        full(
            logs(
                "PMS sync failures (log entries)",
                `${eventFilter(names.namespace, "pms_sync")} AND jsonPayload.outcome="failure"`,
                names.project,
            ),
            12,
        ),
    ]);
}

export function databaseDashboard(names: ObservedNames, alertThresholds: AlertThresholds): Dashboard {
    const replicas = inRegionOrder(names, names.databaseReplicas).map(({ name }) => sqlDatabaseIdPattern(names, name));
    const primary = sqlDatabaseIdPattern(names, names.databasePrimary);
    const sql = { database_id: { re: anyOf([primary, ...replicas]) } };
    const redis = {
        instance_id: {
            re: oneOf(
                inRegionOrder(names, names.caches).map(({ region, name }) =>
                    redisInstanceId(names.project, region, name),
                ),
            ),
        },
    };
    const perDb = (title: string, metric: typeof gcpMetrics.sqlUp, unit?: string, thresholds?: Threshold[]) =>
        half(
            chart(
                title,
                [
                    {
                        promql: `max by (database_id) (${selector(metric, sql)})`,
                        legend: "${database_id}",
                        ...(unit ? { unit } : {}),
                    },
                ],
                thresholds ? { thresholds } : {},
            ),
        );
    const perCache = (title: string, m: typeof gcpMetrics.redisRole, thresholds?: Threshold[], by = "instance_id") =>
        half(
            chart(
                title,
                [{ promql: `max by (${by}) (${selector(m, redis)})`, legend: `\${${by.split(", ").pop()}}` }],
                thresholds ? { thresholds } : {},
            ),
        );

    return dashboard(dashboardNames.database, names.cell, [
        full(
            text(
                `Data tier, cell ${names.cell}`,
                [
                    `Cloud SQL primary \`${sqlInstanceShown(names, names.databasePrimary)}\` (${names.regions.find((r) => !names.databaseReplicas[r])}), replicas ${
                        replicas.length
                            ? inRegionOrder(names, names.databaseReplicas)
                                  .map(({ name }) => `\`${sqlInstanceShown(names, name)}\``)
                                  .join(", ")
                            : "none"
                    }. Memorystore ${inRegionOrder(names, names.caches)
                        .map(({ name }) => `\`${name}\``)
                        .join(", ")}.`,
                    "Runbook: Database Failover, Redis/Cache Outage (`cacheDisabled`, `cacheEpoch`).",
                ].join("\n\n"),
            ),
            6,
        ),
        full(header("Cloud SQL", "CPU, memory, connections, replica lag, failover readiness and events"), 3),
        perDb("CPU utilization", gcpMetrics.sqlCpuUtilization, "10^2.%"),
        perDb("Memory utilization", gcpMetrics.sqlMemoryUtilization, "10^2.%"),
        perDb("Connections (num_backends)", gcpMetrics.sqlConnections),
        half(
            chart(
                "Replica lag (s)",
                [
                    {
                        promql: `max by (database_id) (${selector(gcpMetrics.sqlReplicaLag, { database_id: { re: anyOf(replicas.length ? replicas : [primary]) } })})`,
                        legend: "${database_id}",
                        unit: "s",
                    },
                ],
                {
                    thresholds: [above(alertThresholds.replicaLagSeconds, "replica lag alert")],
                },
            ),
        ),
        perDb("Instance up", gcpMetrics.sqlUp, undefined, [below(1, "down")]),
        perDb("Available for failover (standby ready)", gcpMetrics.sqlAvailableForFailover),
        full(
            logs(
                "Failover events (Cloud SQL failover, promotion, switchover; Memorystore failover)",
                `(resource.type="cloudsql_database" AND protoPayload.methodName=("cloudsql.instances.failover" OR "cloudsql.instances.promoteReplica" OR "cloudsql.instances.switchover")) OR ` +
                    `(resource.type="redis_instance" AND protoPayload.methodName="google.cloud.redis.v1.CloudRedis.FailoverInstance")`,
                names.project,
            ),
            10,
        ),
        full(header("Memorystore (Redis)", "Memory, primary node, clients"), 3),
        perCache("Memory usage ratio", gcpMetrics.redisMemoryUsageRatio, [
            above(alertThresholds.redisMemoryPercent / 100, "Redis memory alert"),
        ]),
        perCache(
            "Primary node (role 1 = primary; a change is a failover)",
            gcpMetrics.redisRole,
            undefined,
            "instance_id, node_id",
        ),
        perCache("Connected clients", gcpMetrics.redisConnectedClients),
    ]);
}
