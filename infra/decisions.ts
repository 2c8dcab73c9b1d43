/**
 * Pure decisions of the cell, outside the components so that they are table-tested: which regions
 * are drained, what each backend's capacity scaler is, which NEGs exist.
 */

export interface DrainInput {
    regions: Record<string, unknown>;
    primaryRegion: string;
    forcedFailover: boolean;
    drainRegions: readonly string[];
}

/**
 * Regions whose load-balancer backends are drained, in config order: `drainRegions`, plus the
 * primary region when `forcedFailover` is set.
 */
export function drainedRegions(c: DrainInput): string[] {
    const drained = new Set(c.drainRegions);
    if (c.forcedFailover) drained.add(c.primaryRegion);
    return Object.keys(c.regions).filter((r) => drained.has(r));
}

/** `capacityScaler` of a region's backends: 0 drains them (the LB stops sending new requests), 1 serves. */
export function capacityScaler(c: DrainInput, region: string): 0 | 1 {
    return drainedRegions(c).includes(region) ? 0 : 1;
}

/**
 * URL of the standalone NEG that GKE's NEG controller creates in a zone. The backend service
 * names NEGs by URL because Pulumi does not create them (see LoadBalancer.ts on the wait).
 */
export function negUrl(project: string, zone: string, negName: string): string {
    return `https://www.googleapis.com/compute/v1/projects/${project}/zones/${zone}/networkEndpointGroups/${negName}`;
}
