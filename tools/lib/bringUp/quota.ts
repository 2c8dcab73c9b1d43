/**
 * The Compute Engine CPU quota a plan needs per region at its peak, against what the stack says the
 * project was granted (`quota.<region>.cpus` and `.familyCpus`; 24 where unset, what a new project
 * commonly starts with). The peak of a node pool is its autoscaler maximum in every zone plus the
 * surge nodes an upgrade adds in every zone, each node as many vCPUs as its machine type has.
 */
import type { InventoryResource } from "../plan";
import { at, type InventoryIndex } from "./inventory";
import { finding, type Finding, type Rule } from "./rules";

/** The quota assumed where a stack states none (docs/bring-up.md, "Quota"). */
export const defaultCpuQuota = 24;

export interface MachineShape {
    /** Quota metric of the family, e.g. `N2_CPUS`. */
    familyMetric: string;
    vcpus: number;
}

/** `n2-standard-8` → N2_CPUS, 8. Predefined types only: shared-core and custom types give undefined. */
export function machineShape(machineType: string): MachineShape | undefined {
    const m = /^([a-z][a-z0-9]*)-(standard|highmem|highcpu)-(\d+)$/.exec(machineType);
    if (!m || m[1] === undefined || m[3] === undefined) return undefined;
    return { familyMetric: `${m[1].toUpperCase()}_CPUS`, vcpus: Number(m[3]) };
}

export interface PoolPeak {
    pool: InventoryResource;
    region: string;
    zones: number;
    nodesPerZone: number;
    shape: MachineShape;
    vcpus: number;
}

/** A node pool's peak vCPUs, or a reason it cannot be computed. */
export function poolPeak(pool: InventoryResource): PoolPeak | string {
    const region = pool.inputs.location;
    if (typeof region !== "string") return "has no location";
    const zones = Array.isArray(pool.inputs.nodeLocations) ? pool.inputs.nodeLocations.length : 0;
    if (zones === 0) return "names no node locations";
    const max = at(pool.inputs, "autoscaling.maxNodeCount");
    if (typeof max !== "number") return "has no per-zone autoscaler maximum";
    const surge = at(pool.inputs, "upgradeSettings.maxSurge");
    const machineType = at(pool.inputs, "nodeConfig.machineType");
    const shape = typeof machineType === "string" ? machineShape(machineType) : undefined;
    if (!shape) return `machine type ${String(machineType)} has no known vCPU count`;
    // Surge settings apply per zone of a regional node pool.
    const nodesPerZone = max + (typeof surge === "number" ? surge : 1);
    return { pool, region, zones, nodesPerZone, shape, vcpus: zones * nodesPerZone * shape.vcpus };
}

function granted(index: InventoryIndex, region: string, key: "cpus" | "familyCpus"): number {
    const quota = index.inventory.config.quota as Record<string, Record<string, unknown> | undefined> | undefined;
    const value = quota?.[region]?.[key];
    return typeof value === "number" ? value : defaultCpuQuota;
}

export const quotaRule: Rule = {
    id: "quota",
    summary:
        `the node pools' peak vCPUs per region (maximum nodes plus surge, per zone) fit the ` +
        `quota the stack states (${defaultCpuQuota} where unset), CPUS and the family's`,
    source:
        "https://cloud.google.com/compute/resource-usage; surge per zone: " +
        "https://cloud.google.com/kubernetes-engine/docs/concepts/node-pool-upgrade-strategies",
    check(index) {
        const out: Finding[] = [];
        const byRegion = new Map<string, PoolPeak[]>();
        for (const pool of index.ofType("gcp:container/nodePool:NodePool")) {
            const peak = poolPeak(pool);
            if (typeof peak === "string") {
                out.push(finding(this, pool, `${peak}: its CPU quota cannot be computed`));
                continue;
            }
            byRegion.set(peak.region, [...(byRegion.get(peak.region) ?? []), peak]);
        }
        for (const [region, peaks] of byRegion) {
            const first = peaks[0];
            if (!first) continue;
            const total = peaks.reduce((n, p) => n + p.vcpus, 0);
            const cpus = granted(index, region, "cpus");
            if (total > cpus)
                out.push(
                    finding(
                        this,
                        first.pool,
                        `${region} needs ${total} vCPUs at its peak (${describe(peaks)}); quota CPUS is ${cpus}`,
                    ),
                );
            for (const metric of [...new Set(peaks.map((p) => p.shape.familyMetric))]) {
                const family = peaks.filter((p) => p.shape.familyMetric === metric);
                const need = family.reduce((n, p) => n + p.vcpus, 0);
                const have = granted(index, region, "familyCpus");
                if (need > have)
                    out.push(
                        finding(
                            this,
                            (family[0] ?? first).pool,
                            `${region} needs ${need} vCPUs of ${metric} at its peak (${describe(family)}); quota ` +
                                `${metric} is ${have}`,
                        ),
                    );
            }
        }
        return out;
    },
};

function describe(peaks: PoolPeak[]): string {
    return peaks
        .map((p) => `${p.pool.name}: ${p.zones} zones × ${p.nodesPerZone} nodes × ${p.shape.vcpus} vCPUs`)
        .join(", ");
}

/** Each region's peak and quota, for the report. */
export function quotaLines(index: InventoryIndex): string[] {
    const lines: string[] = [];
    const regions = new Map<string, number>();
    for (const pool of index.ofType("gcp:container/nodePool:NodePool")) {
        const peak = poolPeak(pool);
        if (typeof peak !== "string") regions.set(peak.region, (regions.get(peak.region) ?? 0) + peak.vcpus);
    }
    for (const [region, vcpus] of [...regions].sort(([a], [b]) => a.localeCompare(b))) {
        lines.push(
            `${region}: ${vcpus} vCPUs at the peak; quota CPUS ${granted(index, region, "cpus")}, ` +
                `family ${granted(index, region, "familyCpus")}`,
        );
    }
    return lines;
}
