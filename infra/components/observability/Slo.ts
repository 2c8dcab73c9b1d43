import * as gcp from "../../gcp";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../../../core/naming";
import { gcpMetrics, metricFilter } from "./metricTypes";
import { quote } from "./promql";
import { sloResourceName } from "./targets";

export interface SloArgs {
    project: string;
    cell: string;
    /** Custom service id (`voice-agent-<cell>`). */
    serviceId: string;
    /** Backend service whose requests the SLI counts (`voice-lb`). */
    backendService: string;
    /** Percent of good requests, e.g. 99.5. */
    availabilityPercent: number;
    rollingPeriodDays: number;
}

/** `voice-lb` requests and their 5xx subset, as the SLI's filters. */
export function sliFilters(backendService: string): { total: string; bad: string } {
    const total = `${metricFilter(gcpMetrics.lbRequestCount)} AND resource.label.backend_target_name=${quote(backendService)}`;
    return { total, bad: `${total} AND metric.label.response_code_class="500"` };
}

/**
 * A custom Cloud Monitoring service for the cell and a request-based availability SLO on the global
 * load balancer: good = not 5xx. Request-based rather than windows-based so the burn rate follows
 * traffic: a quiet night with two errors does not burn like a busy morning
 * (https://cloud.google.com/stackdriver/docs/solutions/slo-monitoring/sli-metrics/overview).
 * The LB sees every request, including those no backend answered, which an app metric would miss.
 */
export class Slo extends pulumi.ComponentResource {
    /** `projects/<p>/services/<id>/serviceLevelObjectives/<id>`, for select_slo_* selectors. */
    readonly sloName: string;
    readonly slo: gcp.monitoring.Slo;

    constructor(name: string, args: SloArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:observability:Slo", name, {}, opts);
        const sloId = "availability";
        const service = new gcp.monitoring.CustomService(
            childName(name, "service"),
            {
                project: args.project,
                serviceId: args.serviceId,
                displayName: `voice-agent ${args.cell}`,
                userLabels: { cell: args.cell },
            },
            { parent: this },
        );
        const filters = sliFilters(args.backendService);
        this.slo = new gcp.monitoring.Slo(
            childName(name, "availability"),
            {
                project: args.project,
                service: service.serviceId,
                sloId,
                displayName: `${args.availabilityPercent}% of ${args.backendService} requests not 5xx, rolling ${args.rollingPeriodDays} days`,
                goal: Math.round(args.availabilityPercent * 1000) / 100000,
                rollingPeriodDays: args.rollingPeriodDays,
                requestBasedSli: {
                    goodTotalRatio: { totalServiceFilter: filters.total, badServiceFilter: filters.bad },
                },
                userLabels: { cell: args.cell },
            },
            { parent: this },
        );
        this.sloName = sloResourceName(args.project, args.serviceId, sloId);
        this.registerOutputs({ sloName: this.sloName, slo: this.slo.id });
    }
}
