/**
 * Which Google APIs the cell's project must have enabled, derived from the resource types the
 * program declares: a new project has almost none, and the first resource of a type whose API is
 * off fails. Pure; the Pulumi side is components/project/ProjectApis.ts.
 */
import { featureApis, serviceType } from "../core/featureApis";

/** The API behind each module of the gcp provider (`gcp:<module>/<resource>:<Type>`). */
export const apiOfModule: Readonly<Record<string, string>> = {
    artifactregistry: "artifactregistry.googleapis.com",
    dns: "dns.googleapis.com",
    compute: "compute.googleapis.com",
    container: "container.googleapis.com",
    logging: "logging.googleapis.com",
    monitoring: "monitoring.googleapis.com",
    // IAM policy of the project (projects.IAMMember) and project look-ups (organizations.getProject).
    projects: "cloudresourcemanager.googleapis.com",
    pubsub: "pubsub.googleapis.com",
    redis: "redis.googleapis.com",
    secretmanager: "secretmanager.googleapis.com",
    serviceaccount: "iam.googleapis.com",
    servicenetworking: "servicenetworking.googleapis.com",
    sql: "sqladmin.googleapis.com",
};

/**
 * APIs a type needs besides its module's. Cloud SQL creates the write endpoint (the DNS name the
 * workloads connect to) only when the Cloud DNS API is enabled; a GKE cluster's nodes, routes and
 * NEGs are Compute Engine resources.
 */
const extraApis: Readonly<Record<string, readonly string[]>> = {
    "gcp:sql/databaseInstance:DatabaseInstance": ["dns.googleapis.com"],
    "gcp:container/cluster:Cluster": ["compute.googleapis.com"],
    "gcp:container/nodePool:NodePool": ["compute.googleapis.com"],
};

/** The APIs a resource needs for the features its inputs turn on, beyond its type's. */
export function apisForFeatures(type: string, props: Record<string, unknown>): string[] {
    const apis: string[] = [];
    for (const need of featureApis) {
        if (need.type !== type || !need.uses(props)) continue;
        const api = need.api(props);
        if (api !== undefined) apis.push(api);
    }
    return apis;
}

/** The APIs a resource needs: its type's, then its features'. */
export function apisFor(type: string, props: Record<string, unknown>): string[] {
    const base = apisForType(type);
    if (base.length === 0) return base;
    return [...new Set([...base, ...apisForFeatures(type, props)])];
}

export class UnknownApiError extends Error {}

/**
 * The APIs a resource of this type needs in the project, in a stable order; none for anything
 * that is not a gcp resource (components, Kubernetes objects, providers) and for the API
 * resource itself. A gcp module without a known API is an error, so that a new type cannot slip
 * in without its API.
 */
export function apisForType(type: string): string[] {
    if (!type.startsWith("gcp:") || type === serviceType) return [];
    const module = type.slice("gcp:".length).split("/")[0] ?? "";
    const api = apiOfModule[module];
    if (api === undefined)
        throw new UnknownApiError(
            `no Google API known for resource type ${type} (module "${module}"); add it to apiOfModule in infra/projectApis.ts`,
        );
    return [...new Set([api, ...(extraApis[type] ?? [])])];
}

/** Every API the given types need, sorted (features not included: see apisFor). */
export function requiredApis(types: Iterable<string>): string[] {
    const apis = new Set<string>();
    for (const t of types) for (const a of apisForType(t)) apis.add(a);
    return [...apis].sort();
}
