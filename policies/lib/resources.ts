// Small pure helpers shared by the policies: reading names, regions and zones out of resource
// inputs the way GCP spells them, and relating resources to each other inside a stack.
import { PolicyResource } from "@pulumi/policy";

/** "projects/p/topics/jobs" → "jobs"; "p:voice-db-x" → "voice-db-x"; plain names pass through. */
export function lastSegment(ref: unknown): string {
    if (typeof ref !== "string") return "";
    const afterSlash = ref.split("/").pop() ?? "";
    return afterSlash.split(":").pop() ?? "";
}

/** GCP zone → its region ("europe-west1-b" → "europe-west1"). */
export function regionOfZone(zone: string): string {
    return zone.replace(/-[a-z]$/, "");
}

/** True for region names, false for zones ("europe-west1" vs "europe-west1-b"). */
export function isRegionName(location: unknown): location is string {
    return typeof location === "string" && /^[a-z]+-[a-z]+\d+$/.test(location);
}

/** The zone a zonal NEG / instance-group URL points into, if any. */
export function zoneOfGroup(group: unknown): string | undefined {
    if (typeof group !== "string") return undefined;
    return /\/zones\/([a-z0-9-]+)\//.exec(group)?.[1];
}

/**
 * The physical name of a resource where the program sets one (Kubernetes metadata.name, GCP
 * name, Secret Manager secretId), else its Pulumi name.
 */
export function physicalName(r: { name: string; props: Record<string, any> }): string {
    const n = r.props?.metadata?.name ?? r.props?.name ?? r.props?.secretId;
    return typeof n === "string" && n !== "" ? n : r.name;
}

/** Does `ref` (a self link, id, "project:name" or bare name) refer to a resource named `name`? */
export function refersTo(ref: unknown, name: string): boolean {
    return typeof ref === "string" && name !== "" && (ref === name || lastSegment(ref) === name);
}

export function ofType(resources: PolicyResource[], type: string): PolicyResource[] {
    return resources.filter((r) => r.type === type);
}

/** CIDRs that admit the whole Internet. */
export function isWorldCidr(cidr: unknown): boolean {
    return cidr === "0.0.0.0/0" || cidr === "::/0" || cidr === "0.0.0.0";
}

/** Regions of the cell: where its GKE clusters and subnetworks live. */
export function cellRegions(resources: PolicyResource[]): string[] {
    const regions = new Set<string>();
    for (const r of ofType(resources, "gcp:container/cluster:Cluster")) {
        const loc = r.props.location;
        if (typeof loc === "string") regions.add(isRegionName(loc) ? loc : regionOfZone(loc));
    }
    for (const r of ofType(resources, "gcp:compute/subnetwork:Subnetwork")) {
        if (typeof r.props.region === "string") regions.add(r.props.region);
    }
    return [...regions].sort();
}

/**
 * The region a per-cluster resource (Kubernetes objects, node pools) belongs to: the location of
 * the GKE cluster its Kubernetes provider was built from, else the region key in its own or an
 * ancestor's Pulumi name (logical names must be unique per stack while the physical names, like
 * `voice-agent`, repeat in every cluster). "" when neither tells.
 */
export function regionScope(r: PolicyResource, regions: string[], resources: PolicyResource[] = []): string {
    const provider = r.provider ? resources.find((p) => p.urn === r.provider!.urn) : undefined;
    const cluster = provider?.dependencies.find((d) => d.type === "gcp:container/cluster:Cluster");
    const location = cluster?.props.location;
    if (typeof location === "string") return isRegionName(location) ? location : regionOfZone(location);
    const byLength = [...regions].sort((a, b) => b.length - a.length);
    for (let cur: PolicyResource | undefined = r; cur; cur = cur.parent) {
        const found = byLength.find((region) => cur.name.includes(region));
        if (found) return found;
    }
    return "";
}

/** How messages quote a value: `is "ZONAL"`, `is false`, or `is not set`. */
export function shown(value: unknown): string {
    return value === undefined || value === null ? "is not set" : `is ${JSON.stringify(value)}`;
}

/** A Cloud SQL read replica rather than a primary. */
export function isSqlReplica(props: Record<string, any>): boolean {
    return props.instanceType === "READ_REPLICA_INSTANCE" || typeof props.masterInstanceName === "string";
}
