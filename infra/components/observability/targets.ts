/**
 * What the observability catalogs (alerts, dashboards, SLO, log metrics) share: the names of what
 * they watch, as plain strings from core/naming.ts (the runbook's fixed names), so this area needs
 * no reference to the resources of other components; the monitored-resource ids those names become;
 * and the thresholds type. No catalog imports another.
 */
import type { ObservabilityConfig } from "../../config";
import { sqlDatabaseId } from "../../../core/cloudSqlMonitoring";
import { literal, quote } from "./promql";

/** The alert thresholds of the config (`observability.alerts`). */
export type AlertThresholds = ObservabilityConfig["alerts"];

export interface ObservedNames {
    /** GCP project of the cell (alert filters and SLO resource names are project-scoped). */
    project: string;
    /** Pulumi stack, quoted in alert documentation so `pulumi config set … -s <stack>` is copy-paste ready. */
    stack: string;
    cell: string;
    /** The cell's public host name (uptime check). */
    domain: string;
    /** Path the load balancer's health check and the uptime check request. */
    healthCheckPath: string;
    /** Region keys of the cell, in config order. */
    regions: readonly string[];
    primaryRegion: string;
    /** Backend service of the global LB (`voice-lb`). */
    backendService: string;
    /** GKE cluster per region (`voice-cluster-<region>`). */
    clusters: Readonly<Record<string, string>>;
    /** Kubernetes namespace and Deployment (`voice-agent`). */
    namespace: string;
    deployment: string;
    /** Cloud SQL primary (`voice-db`) and replica per non-primary region (`voice-db-<region>`). */
    databasePrimary: string;
    databaseReplicas: Readonly<Record<string, string>>;
    /**
     * Hex digits of the random suffix a drill cell's Cloud SQL names carry (`<name>-<hex>`,
     * infra/lifecycle.ts), 0 where names are the fixed ones. Its value exists only once the cell
     * is created, so the catalogs match any suffix of that length.
     */
    databaseNameSuffixDigits: number;
    /** Memorystore instance per region (`voice-cache-<region>`). */
    caches: Readonly<Record<string, string>>;
    pubsub: {
        jobsTopic: string;
        replayTopic: string;
        deadLetterTopic: string;
        /** The worker's subscription on the jobs topic; its dead letters go to the dead-letter topic. */
        workerSubscription: string;
        /** Keeps acked messages for seek-based replay. */
        replaySubscription: string;
    };
    /** PMS connectors the app ships (`pmsProviders`): bounds the provider label's values. */
    pmsProviders: readonly string[];
}

export const dashboardNames = {
    overview: "HA Voice Overview",
    pms: "PMS Integrations",
    database: "Database Health",
} as const;

/**
 * A per-region map of names (clusters, caches, replicas) as `{ region, name }` in the cell's region
 * order; a region the map has no entry for (the primary, among the replicas) is left out.
 */
export function inRegionOrder(
    n: Pick<ObservedNames, "regions">,
    byRegion: Readonly<Record<string, string>>,
): { region: string; name: string }[] {
    return n.regions.flatMap((region) => {
        const name = byRegion[region];
        return name === undefined ? [] : [{ region, name }];
    });
}

/** An RE2 pattern of Cloud SQL's `database_id` of `instance`, with the cell's name suffix if it has one. */
export function sqlDatabaseIdPattern(
    n: Pick<ObservedNames, "project" | "databaseNameSuffixDigits">,
    instance: string,
): string {
    const id = literal(sqlDatabaseId(n.project, instance));
    return n.databaseNameSuffixDigits > 0 ? `${id}-[0-9a-f]{${n.databaseNameSuffixDigits}}` : id;
}

/** A Cloud SQL instance's name as the docs and alerts show it: `<name>-<suffix>` where names carry one. */
export function sqlInstanceShown(n: Pick<ObservedNames, "databaseNameSuffixDigits">, instance: string): string {
    return n.databaseNameSuffixDigits > 0 ? `${instance}-<suffix>` : instance;
}

/** Memorystore's `instance_id` label: the instance's full resource name. */
export function redisInstanceId(project: string, region: string, instance: string): string {
    return `projects/${project}/locations/${region}/instances/${instance}`;
}

/** Full resource name of an SLO, as `select_slo_burn_rate` takes it. */
export function sloResourceName(project: string, serviceId: string, sloId: string): string {
    return `projects/${project}/services/${serviceId}/serviceLevelObjectives/${sloId}`;
}

/** The log entries of the voice-agent containers with a given `jsonPayload.event`. */
export function eventFilter(namespace: string, event: string): string {
    return `resource.type="k8s_container" AND resource.labels.namespace_name=${quote(namespace)} AND jsonPayload.event=${quote(event)}`;
}
