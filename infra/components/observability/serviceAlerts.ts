/**
 * Alerts on the voice service itself: the runbook's Detection triggers (availability, latency,
 * region health), the uptime check, crash-looping pods, Gemini Live and analytics API errors.
 */
import { fixedNames } from "../../../core/naming";
import { remediateLine, type AlertSpec } from "./alertSpec";
import { runbook } from "./runbook";
import { gcpMetrics, logMetrics, metricFilter } from "./metricTypes";
import { oneOf, quote, selector } from "./promql";
import { dashboardNames, inRegionOrder, type AlertThresholds, type ObservedNames } from "./targets";

/** `2000` → `2s`, `1500` → `1500ms`: display names keep the runbook's spelling at the default. */
export function formatMs(ms: number): string {
    return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** A ratio of two PromQL rates, as a fraction. */
function ratio(numerator: string, denominator: string, window: string, by = ""): string {
    const agg = by ? `sum by (${by})` : "sum";
    return `(${agg} (rate(${numerator}[${window}])) / ${agg} (rate(${denominator}[${window}])))`;
}

export function serviceAlerts(names: ObservedNames, alertThresholds: AlertThresholds): AlertSpec[] {
    const lb = { backend_target_name: names.backendService };
    const requests = selector(gcpMetrics.lbRequestCount, lb);
    const failedRequests = selector(gcpMetrics.lbRequestCount, { ...lb, response_code_class: "500" });
    const serve = (region: string) => (region === names.primaryRegion ? "forcedFailover" : "drainRegions");
    const drainLine = (region: string) =>
        region === names.primaryRegion
            ? remediateLine(
                  names.stack,
                  "region-failover",
                  {},
                  `drains the primary region ${region}; the other regions take all traffic`,
              )
            : remediateLine(
                  names.stack,
                  "drain-region",
                  { region },
                  `drains ${region}; the other regions take all traffic`,
              );
    const scaleLine = `\`regions.<region>.workload.maxReplicas\` / \`regions.<region>.nodePool.maxPerZone\` (pulumi config set --path): scale capacity`;
    const rateLimitLine = remediateLine(
        names.stack,
        "rate-limit",
        { value: "on" },
        "Cloud Armor rate limiting on voice-lb to stabilize",
    );
    const rollbackLine = remediateLine(
        names.stack,
        "rollback",
        { tag: "<last good tag>" },
        "roll back a bad release (or --digest)",
    );

    const specs: AlertSpec[] = [
        {
            key: "availability",
            displayName: `VoiceAgent Availability < ${alertThresholds.availabilityPercent}%`,
            severity: "SEV-2",
            summary: `fewer than ${alertThresholds.availabilityPercent}% of requests to ${names.backendService} succeeded (non-5xx) over 5 minutes.`,
            runbookSections: [runbook.diagnostics, runbook.regionFailure],
            remediation: [...names.regions.map(drainLine), rateLimitLine, rollbackLine],
            dashboard: dashboardNames.overview,
            combiner: "OR",
            conditions: [
                {
                    displayName: `Non-5xx ratio of ${names.backendService} < ${alertThresholds.availabilityPercent / 100}`,
                    promql: {
                        query: `(1 - ${ratio(failedRequests, requests, "5m")}) < ${alertThresholds.availabilityPercent / 100}`,
                        duration: "300s",
                    },
                },
            ],
        },
        {
            key: "request-failures-sev1",
            displayName: `VoiceAgent request failures > ${alertThresholds.sev1FailurePercent}%`,
            severity: "SEV-1",
            summary: `more than ${alertThresholds.sev1FailurePercent}% of requests to ${names.backendService} fail with 5xx: customers cannot start or continue voice sessions.`,
            runbookSections: [runbook.regionFailure, runbook.stabilize],
            remediation: [
                ...names.regions.map(drainLine),
                rateLimitLine,
                rollbackLine,
                remediateLine(names.stack, "hold-mode", {}, "if Gemini Live is the cause, play the holding prompt"),
            ],
            dashboard: dashboardNames.overview,
            combiner: "OR",
            conditions: [
                {
                    displayName: `5xx ratio of ${names.backendService} > ${alertThresholds.sev1FailurePercent / 100}`,
                    promql: {
                        query: `${ratio(failedRequests, requests, "5m")} > ${alertThresholds.sev1FailurePercent / 100}`,
                        duration: "60s",
                    },
                },
            ],
        },
        {
            key: "latency-p95",
            displayName: `Latency P95 > ${formatMs(alertThresholds.latencyP95Ms)}`,
            severity: "SEV-2",
            summary: `the 95th percentile of HTTP request latency on ${names.backendService} is above ${alertThresholds.latencyP95Ms} ms over 5 minutes.`,
            runbookSections: [runbook.podCluster, runbook.stabilize],
            remediation: [scaleLine, rateLimitLine, ...names.regions.map(drainLine)],
            dashboard: dashboardNames.overview,
            combiner: "OR",
            conditions: [
                {
                    displayName: `P95 of total_latencies (HTTP requests, not WebSocket sessions) > ${alertThresholds.latencyP95Ms} ms`,
                    promql: {
                        // HTTP request latency only. The LB reports a WebSocket upgrade (status 101) when
                        // the connection closes, and its latency then spans the whole call (up to the
                        // backend timeoutSec, an hour: https://cloud.google.com/load-balancing/docs/backend-service#timeout-setting).
                        // Counting those would put P95 at call length and page on every busy hour.
                        query: `histogram_quantile(0.95, sum by (le) (rate(${selector(gcpMetrics.lbTotalLatencies, { ...lb, response_code: { ne: "101" } }, "bucket")}[5m]))) > ${alertThresholds.latencyP95Ms}`,
                        duration: "300s",
                    },
                },
            ],
        },
    ];

    for (const region of names.regions) {
        // NEG backends report their zone in backend_scope; a region's zones are <region>-<letter>.
        const inRegion = { ...lb, backend_scope: { re: `${region}-[a-z]` } };
        const regionRequests = selector(gcpMetrics.lbBackendRequestCount, inRegion);
        const regionFailures = selector(gcpMetrics.lbBackendRequestCount, { ...inRegion, response_code_class: "500" });
        const allBackendRequests = selector(gcpMetrics.lbBackendRequestCount, lb);
        specs.push({
            key: `region-${region}`,
            displayName: `Region ${region} unhealthy`,
            severity: "SEV-2",
            summary:
                `the backends of ${names.backendService} in ${region} fail more than ${alertThresholds.regionErrorPercent}% of requests, or receive none while the cell serves traffic ` +
                `(health checks failing, or the region drained on purpose with ${serve(region)}).`,
            runbookSections: [runbook.regionFailure],
            remediation: [
                drainLine(region),
                `check: \`gcloud compute backend-services get-health ${names.backendService} --global\``,
            ],
            dashboard: dashboardNames.overview,
            combiner: "OR",
            conditions: [
                {
                    displayName: `5xx ratio of ${region} backends > ${alertThresholds.regionErrorPercent / 100}`,
                    promql: {
                        query: `${ratio(regionFailures, regionRequests, "5m")} > ${alertThresholds.regionErrorPercent / 100}`,
                        duration: "300s",
                    },
                },
                {
                    displayName: `${region} backends receive no requests while the cell serves traffic`,
                    promql: {
                        query: `(sum(rate(${allBackendRequests}[10m])) > 0.1) unless on() (sum(rate(${regionRequests}[10m])) > 0)`,
                        duration: "300s",
                    },
                },
            ],
        });
    }

    const clusters = inRegionOrder(names, names.clusters).map(({ name }) => name);
    specs.push(
        {
            key: "uptime",
            displayName: `Uptime check failing: https://${names.domain}${names.healthCheckPath}`,
            severity: "SEV-1",
            summary: `the HTTPS uptime check of ${names.domain}${names.healthCheckPath} fails from more than one checker region: the cell is unreachable from the internet.`,
            runbookSections: [runbook.diagnostics, runbook.regionFailure],
            remediation: [...names.regions.map(drainLine), rollbackLine],
            dashboard: dashboardNames.overview,
            combiner: "OR",
            conditions: [
                {
                    displayName: `More than one checker region fails ${names.domain}`,
                    threshold: {
                        filter: `${metricFilter(gcpMetrics.uptimeCheckPassed)} AND resource.label.host=${quote(names.domain)}`,
                        comparison: "COMPARISON_GT",
                        thresholdValue: 1,
                        duration: "60s",
                        // Google's recommended uptime condition: count failing checker locations.
                        // https://cloud.google.com/monitoring/uptime-checks/uptime-alerting-policies
                        aggregations: [
                            {
                                alignmentPeriod: "1200s",
                                perSeriesAligner: "ALIGN_NEXT_OLDER",
                                crossSeriesReducer: "REDUCE_COUNT_FALSE",
                                groupByFields: ["resource.label.host"],
                            },
                        ],
                    },
                },
            ],
        },
        {
            key: "crash-loop",
            displayName: `voice-agent pods crash-looping`,
            severity: "SEV-2",
            summary: `a ${names.deployment} or ${fixedNames.pmsWorkerDeployment} pod restarted more than ${alertThresholds.crashLoopRestarts} times in 15 minutes (CrashLoopBackOff).`,
            runbookSections: [runbook.podCluster],
            remediation: [
                rollbackLine,
                `restart: \`kubectl rollout restart deployment ${names.deployment} -n ${names.namespace}\``,
                remediateLine(names.stack, "cache-off", {}, "if the pods crash on Redis, run stateless"),
            ],
            dashboard: dashboardNames.overview,
            combiner: "OR",
            conditions: [
                {
                    displayName: `${names.deployment} or ${fixedNames.pmsWorkerDeployment} container restarts in 15 min > ${alertThresholds.crashLoopRestarts}`,
                    promql: {
                        query: `sum by (cluster_name, pod_name) (increase(${selector(gcpMetrics.containerRestarts, {
                            cluster_name: { re: oneOf(clusters) },
                            namespace_name: names.namespace,
                            // Pods of the two Deployments: <deployment>-<replicaset hash>-<pod hash>; not the purge Jobs.
                            pod_name: {
                                re: `(${names.deployment}|${fixedNames.pmsWorkerDeployment})-[a-z0-9]+-[a-z0-9]+`,
                            },
                        })}[15m])) > ${alertThresholds.crashLoopRestarts}`,
                        duration: "0s",
                    },
                },
            ],
        },
        {
            key: "gemini-live-errors",
            displayName: `Gemini Live error rate > ${alertThresholds.geminiErrorsPerMinute}/min`,
            severity: "SEV-2",
            summary: `the voice agent logs more than ${alertThresholds.geminiErrorsPerMinute} Gemini Live errors a minute (log-based metric ${logMetrics.geminiLiveErrors.type}, by error_code on the dashboard).`,
            runbookSections: [runbook.gemini],
            remediation: [
                remediateLine(
                    names.stack,
                    "hold-mode",
                    {},
                    "callers hear the holding prompt while Gemini Live is down (ConfigMap VOICE_MODE=hold)",
                ),
                remediateLine(
                    names.stack,
                    "live-mode",
                    {},
                    "once the vendor status page is green: the live agent again",
                ),
            ],
            dashboard: dashboardNames.overview,
            combiner: "OR",
            conditions: [
                {
                    displayName: `Gemini Live errors per minute > ${alertThresholds.geminiErrorsPerMinute}`,
                    promql: {
                        query: `sum(rate(${selector(logMetrics.geminiLiveErrors, { namespace_name: names.namespace })}[5m])) * 60 > ${alertThresholds.geminiErrorsPerMinute}`,
                        duration: "120s",
                    },
                },
            ],
        },
        {
            key: "analytics-api-errors",
            displayName: `Analytics API errors > ${alertThresholds.analyticsErrorsPerMinute}/min`,
            severity: "SEV-3",
            summary: `the analytics API (/api/analytics/report and friends) logs more than ${alertThresholds.analyticsErrorsPerMinute} errors a minute; not customer-facing.`,
            runbookSections: [runbook.diagnostics],
            remediation: [rollbackLine, "no remediation toggle: SEV-3, fix forward within the hour"],
            dashboard: dashboardNames.overview,
            combiner: "OR",
            conditions: [
                {
                    displayName: `Analytics API errors per minute > ${alertThresholds.analyticsErrorsPerMinute}`,
                    promql: {
                        query: `sum(rate(${selector(logMetrics.analyticsApiErrors, { namespace_name: names.namespace })}[10m])) * 60 > ${alertThresholds.analyticsErrorsPerMinute}`,
                        duration: "300s",
                    },
                },
            ],
        },
    );
    return specs;
}
