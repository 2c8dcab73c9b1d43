/**
 * The one naming helper of the program.
 *
 * Physical names that the runbook's commands type during an incident are fixed here
 * (`voice-lb`, `voice-db`, `voice-cache-<region>`, `voice-cluster-<region>`, namespace and
 * Deployment `voice-agent`, node pool `default`). Every other name is derived from a parent name
 * and a role, so that Pulumi names, GCP names and Kubernetes names stay predictable and are never
 * random (the one exception: the Cloud SQL suffix of a drill cell,
 * infra/components/database/InstanceNameSuffix.ts). Each function checks the name against the
 * target's rules and throws with the rule it broke, so a bad region key fails at plan time
 * instead of at `pulumi up`.
 *
 * Pure: the program, the policy pack and the tools all derive the same names from it.
 */

/** Names the runbook types by hand. Changing one breaks the runbook: see docs/runbook.md. */
export const fixedNames = {
    backendService: "voice-lb",
    databasePrimary: "voice-db",
    database: "voice",
    namespace: "voice-agent",
    deployment: "voice-agent",
    /** Deployment of the PMS sync worker (runbook: PMS Outage, queue-only mode scales it to 0). */
    pmsWorkerDeployment: "pms-sync-worker",
    kubernetesServiceAccount: "voice-agent",
    workloadServiceAccount: "voice-agent",
    nodePool: "default",
    incidentSecret: "incident-access",
} as const;

/** RFC 1035 label: what GCP (and Kubernetes DNS labels) accept for most resource names. */
const rfc1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Checks a GCP resource name (RFC 1035, at most `max` characters; 63 for most resources).
 * Returns the name so it can wrap an expression.
 */
export function gcpName(name: string, max = 63): string {
    if (name.length > max) {
        throw new Error(`name "${name}" is ${name.length} characters long; at most ${max} are allowed`);
    }
    if (!rfc1035.test(name)) {
        throw new Error(
            `name "${name}" is not a valid resource name: use lowercase letters, digits and hyphens, ` +
                `starting with a letter and not ending with a hyphen`,
        );
    }
    return name;
}

/** `<base>-<part>-<part>…`, checked as a GCP name. The way every derived child name is built. */
export function childName(base: string, ...parts: string[]): string {
    return gcpName([base, ...parts].join("-"));
}

/** GKE cluster of a region: `voice-cluster-<region>` (runbook: `gcloud container clusters …`). */
export function clusterName(region: string): string {
    return childName("voice-cluster", region);
}

/** Cross-region Cloud SQL replica of a region: `voice-db-<region>`. */
export function databaseReplicaName(region: string): string {
    return childName(fixedNames.databasePrimary, region);
}

/** Memorystore instance of a region: `voice-cache-<region>` (runbook: `gcloud redis instances …`). */
export function cacheName(region: string): string {
    return childName("voice-cache", region);
}

/**
 * Name of the standalone NEG that GKE's NEG controller creates in every zone of a region's
 * cluster from the Service annotation. Zonal names may repeat across regions, but a per-region
 * name keeps `gcloud compute network-endpoint-groups list` readable during an incident.
 */
export function negName(region: string): string {
    return childName("voice-agent-neg", region);
}

/**
 * Service account id (6 to 30 characters, RFC 1035). GCP's limit is tighter than other names', so
 * long regions are rejected here rather than truncated: a truncated id could collide.
 */
export function serviceAccountId(base: string, ...parts: string[]): string {
    const id = [base, ...parts].join("-");
    if (id.length < 6) {
        throw new Error(`service account id "${id}" is ${id.length} characters long; at least 6 are required`);
    }
    return gcpName(id, 30);
}

/**
 * Pub/Sub of the PMS sync (the runbook's "Capture pending jobs in Pub/Sub topic for
 * replay"). The app and the runbook's `gcloud pubsub subscriptions seek` name these.
 */
export const pubsubNames = {
    jobsTopic: "pms-sync-jobs",
    replayTopic: "pms-sync-replay",
    deadLetterTopic: "pms-sync-dead-letter",
    workerSubscription: "pms-sync-worker",
    replaySubscription: "pms-sync-replay",
    deadLetterSubscription: "pms-sync-dead-letter-inspect",
} as const;

/**
 * Name of a log-based metric: `voice_agent_<role>`. Cloud Logging allows more characters, but
 * PromQL maps every character other than letters, digits, `_` and `:` to `_`
 * (https://cloud.google.com/monitoring/promql/promql-mapping), so an underscore-only name reads
 * the same in filters, PromQL and the docs.
 */
export function logMetricName(role: string): string {
    const name = `voice_agent_${role}`;
    if (!/^[a-z][a-z0-9_]*[a-z0-9]$/.test(name) || name.length > 100) {
        throw new Error(
            `log metric name "${name}" must be lowercase letters, digits and underscores, at most 100 characters`,
        );
    }
    return name;
}

/** Cloud Monitoring custom service of the cell (SLOs hang off it): `voice-agent-<cell>`. */
export function monitoringServiceId(cell: string): string {
    return childName("voice-agent", cell);
}
