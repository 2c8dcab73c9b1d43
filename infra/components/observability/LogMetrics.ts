import * as gcp from "../../gcp";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../../../core/naming";
import { logMetricNames } from "./metricTypes";
import { quote } from "./promql";
import { eventFilter } from "./targets";

export interface LogMetricsArgs {
    project: string;
    /** Kubernetes namespace whose container logs feed the metrics (`voice-agent`). */
    namespace: string;
    /** PMS connectors the app ships: the only values the provider label takes. */
    pmsProviders: readonly string[];
}

/** `jsonPayload.<field>="a" OR …`: Logging query language for one of several values. */
function anyOf(field: string, values: readonly string[]): string {
    return `jsonPayload.${field}=(${values.map(quote).join(" OR ")})`;
}

/** Outcomes the app logs for a PMS sync job (docs/observability.md, "Log contract"). */
export const pmsSyncOutcomes = ["success", "failure", "queued"] as const;

/**
 * Counter metrics over the app's structured logs; the log contract they rely on is in
 * docs/observability.md. Label values are bounded by the filters (providers, outcomes) so a
 * misbehaving app cannot explode the metric's cardinality
 * (https://cloud.google.com/logging/docs/logs-based-metrics/labels).
 */
export class LogMetrics extends pulumi.ComponentResource {
    readonly metricNames: pulumi.Output<string>[];

    constructor(name: string, args: LogMetricsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:observability:LogMetrics", name, {}, opts);
        const counter = (labels: { key: string; description: string }[], displayName: string) => ({
            metricKind: "DELTA",
            valueType: "INT64",
            unit: "1",
            displayName,
            labels: labels.map((l) => ({ ...l, valueType: "STRING" })),
        });

        const pmsSync = new gcp.logging.Metric(
            childName(name, "pms-sync-outcomes"),
            {
                project: args.project,
                name: logMetricNames.pmsSyncOutcomes,
                description:
                    "PMS sync jobs by provider and outcome (success, failure, queued), from jsonPayload.event=pms_sync.",
                filter: `${eventFilter(args.namespace, "pms_sync")} AND ${anyOf("provider", args.pmsProviders)} AND ${anyOf("outcome", pmsSyncOutcomes)}`,
                metricDescriptor: counter(
                    [
                        { key: "provider", description: "PMS connector (pmsProviders)" },
                        { key: "outcome", description: "success, failure or queued" },
                    ],
                    "PMS sync outcomes",
                ),
                labelExtractors: { provider: "EXTRACT(jsonPayload.provider)", outcome: "EXTRACT(jsonPayload.outcome)" },
            },
            { parent: this },
        );
        const gemini = new gcp.logging.Metric(
            childName(name, "gemini-live-errors"),
            {
                project: args.project,
                name: logMetricNames.geminiLiveErrors,
                description: "Gemini Live errors by error code, from jsonPayload.event=gemini_live_error.",
                filter: `${eventFilter(args.namespace, "gemini_live_error")} AND jsonPayload.errorCode:*`,
                metricDescriptor: counter(
                    [{ key: "error_code", description: "Gemini Live / gRPC status code" }],
                    "Gemini Live errors",
                ),
                labelExtractors: { error_code: "EXTRACT(jsonPayload.errorCode)" },
            },
            { parent: this },
        );
        const analytics = new gcp.logging.Metric(
            childName(name, "analytics-api-errors"),
            {
                project: args.project,
                name: logMetricNames.analyticsApiErrors,
                description:
                    "Analytics API errors by endpoint and HTTP status, from jsonPayload.event=analytics_api_error.",
                filter: `${eventFilter(args.namespace, "analytics_api_error")} AND jsonPayload.endpoint=~"^/api/analytics/"`,
                metricDescriptor: counter(
                    [
                        { key: "endpoint", description: "API path under /api/analytics/" },
                        { key: "status_code", description: "HTTP status returned" },
                    ],
                    "Analytics API errors",
                ),
                labelExtractors: {
                    endpoint: "EXTRACT(jsonPayload.endpoint)",
                    status_code: "EXTRACT(jsonPayload.statusCode)",
                },
            },
            { parent: this },
        );

        this.metricNames = [pmsSync.name, gemini.name, analytics.name];
        this.registerOutputs({ metricNames: this.metricNames });
    }
}
