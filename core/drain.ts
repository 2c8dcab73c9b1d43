/**
 * Which regions of a cell are drained: the one rule the program (its backends' capacity scalers),
 * the pack and the incident tools (a status update's scope, read from a stack file's config at any
 * commit) must agree on.
 */

export interface DrainInput {
    regions: Record<string, unknown>;
    primaryRegion: string;
    forcedFailover: boolean;
    drainRegions: readonly string[];
    /** Regions being restored in stages, with their backends' capacityScaler. */
    restoreCapacity?: Readonly<Record<string, number>>;
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
