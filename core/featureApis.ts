/**
 * Features of a resource that need a Google API beyond the one its type needs: the API accepts
 * the setting and then fails (or the feature silently does nothing) until that API is on. One
 * table, read by the program, which makes each such resource wait for the API's Service
 * (infra/projectApis.ts), and by the bring-up check, which finds a plan where it does not
 * (tools/lib/bringUp/rules.ts). Only plain inputs are read: every one of these is a literal in
 * the program. Pure data and the documentation of each need.
 */

/** The resource that enables an API in a project: a Service needs none of its own kind. */
export const serviceType = "gcp:projects/service:Service";

const clusterType = "gcp:container/cluster:Cluster";

/** A feature of a resource type, the API it needs, and where that need is documented. */
export interface FeatureApi {
    type: string;
    /** The feature as a finding names it. */
    feature: string;
    /** Whether the resource's inputs turn the feature on. */
    uses(inputs: Record<string, unknown>): boolean;
    /** The API; a function of the inputs for an input that names it. */
    api(inputs: Record<string, unknown>): string | undefined;
    source: string;
}

/** The value at a dotted path of a resource's inputs, or undefined. */
export function inputAt(inputs: Record<string, unknown>, path: string): unknown {
    let value: unknown = inputs;
    for (const key of path.split("."))
        value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    return value;
}

const listed = (value: unknown): boolean => Array.isArray(value) && value.length > 0;

export const featureApis: readonly FeatureApi[] = [
    {
        type: clusterType,
        feature: "Binary Authorization",
        uses: (i) => {
            const mode = inputAt(i, "binaryAuthorization.evaluationMode");
            return (
                (typeof mode === "string" && mode !== "DISABLED") || inputAt(i, "binaryAuthorization.enabled") === true
            );
        },
        api: () => "binaryauthorization.googleapis.com",
        source: "https://cloud.google.com/binary-authorization/docs/setting-up",
    },
    {
        type: clusterType,
        feature: "Workload Identity",
        uses: (i) => typeof inputAt(i, "workloadIdentityConfig.workloadPool") === "string",
        api: () => "iamcredentials.googleapis.com",
        source: "https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity",
    },
    {
        type: clusterType,
        feature: "system and workload logging",
        uses: (i) => listed(inputAt(i, "loggingConfig.enableComponents")),
        api: () => "logging.googleapis.com",
        source: "https://cloud.google.com/kubernetes-engine/docs/how-to/config-logging-monitoring",
    },
    {
        type: clusterType,
        feature: "metrics and managed Prometheus",
        uses: (i) =>
            listed(inputAt(i, "monitoringConfig.enableComponents")) ||
            inputAt(i, "monitoringConfig.managedPrometheus.enabled") === true,
        api: () => "monitoring.googleapis.com",
        source: "https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed",
    },
    {
        type: "gcp:sql/databaseInstance:DatabaseInstance",
        feature: "the write endpoint (private services access, Enterprise Plus)",
        uses: (i) =>
            inputAt(i, "settings.edition") === "ENTERPRISE_PLUS" &&
            typeof inputAt(i, "settings.ipConfiguration.privateNetwork") === "string",
        api: () => "dns.googleapis.com",
        source: "Cloud SQL docs: Connect to an instance using a write endpoint (needs the Cloud DNS API)",
    },
    {
        type: "gcp:dns/recordSet:RecordSet",
        feature: "a record in a Cloud DNS zone",
        uses: () => true,
        api: () => "dns.googleapis.com",
        source: "https://cloud.google.com/dns/docs/records",
    },
    {
        type: "gcp:projects/serviceIdentity:ServiceIdentity",
        feature: "the service agent of the API it names",
        uses: (i) => typeof i.service === "string",
        api: (i) => (typeof i.service === "string" ? i.service : undefined),
        source: "https://cloud.google.com/iam/docs/service-agents",
    },
];
