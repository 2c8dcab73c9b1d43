/**
 * What the remediation toggles mean to the app: the runtime flags of each region's ConfigMap.
 * Pure, so each toggle's effect is table-tested (test/infra/runtimeFlags.test.ts).
 */

export interface RuntimeFlagsInput {
    cell: string;
    cacheDisabled: boolean;
    cacheEpoch: number;
    voiceMode: "live" | "hold";
    pmsSyncMode: "live" | "queued";
    pmsDisabledProviders: readonly string[];
}

/**
 * Cache key prefix of an epoch. Bumping `cacheEpoch` after a cache restore makes every key the
 * app writes new, so sessions cached before the outage are never read again.
 */
export function cacheKeyPrefix(cell: string, epoch: number): string {
    return `voice:${cell}:e${epoch}:`;
}

/** The ConfigMap data every region's voice-agent reads (runbook: CACHE_DISABLED, PMS_SYNC_MODE, …). */
export function runtimeFlags(config: RuntimeFlagsInput, region: string): Record<string, string> {
    return {
        REGION: region,
        CELL: config.cell,
        CACHE_DISABLED: String(config.cacheDisabled),
        CACHE_KEY_PREFIX: cacheKeyPrefix(config.cell, config.cacheEpoch),
        VOICE_MODE: config.voiceMode,
        PMS_SYNC_MODE: config.pmsSyncMode,
        PMS_DISABLED_PROVIDERS: [...config.pmsDisabledProviders].sort().join(","),
    };
}

/** The image reference of a release: tag or digest, never `latest` (config refuses it). */
export function imageRef(release: { image: string; tag?: string; digest?: string }): string {
    return release.digest ? `${release.image}@${release.digest}` : `${release.image}:${release.tag}`;
}

/** Runbook "PMS Outage": queue-only mode stops the workers, so jobs stay in Pub/Sub for replay. */
export function pmsWorkerReplicas(c: { pmsSyncMode: "live" | "queued"; pmsWorker: { replicas: number } }): number {
    return c.pmsSyncMode === "queued" ? 0 : c.pmsWorker.replicas;
}

/**
 * The epoch whose purge Job exists, if any. Epoch 0 has nothing older to purge; while the cache is
 * disabled Redis may be down, so the Job waits until `cacheDisabled` is false again
 * (`remediate cache-restore` does both at once).
 */
export function purgeEpoch(c: { cacheDisabled: boolean; cacheEpoch: number }): number | undefined {
    return c.cacheEpoch > 0 && !c.cacheDisabled ? c.cacheEpoch : undefined;
}
