/**
 * Cross-field rules of the config: the ones a per-key schema cannot say. Pure functions over the
 * schema's output, each returning the key path and a message that says what is wrong and what is
 * allowed. load.ts turns them into a ConfigError.
 */
import * as ipaddr from "ipaddr.js";
import { cidrsOverlap, maxAuthorizedPublicAddresses, publicAddressCount } from "../../core/addresses";
import { databasePrimaryRegion, voiceDbRegion } from "../../core/databaseLayout";
import { weeklyIntervals, weeklyOverlap } from "../../core/maintenanceWindows";
import { drainedRegions } from "../../core/drain";
import { failoverCapacity } from "../traffic";
import type { ParsedConfig as Parsed } from "./schema";

export interface ConfigProblem {
    path: (string | number)[];
    message: string;
}

/** The backend service's longest connection draining (compute API: 0 to 3600 s). */
export const maxDrainingSec = 3600;

/** Draining that covers the longest call the LB lets live (its backend timeout). */
export function minimumDrainingSec(timeoutSec: number): number {
    return Math.min(timeoutSec, maxDrainingSec);
}

/** GKE requires 48 hours of maintenance availability in any 32 days: 10.5 hours a week. */
/** The widest special-purpose block an authorized network may be (a /28 of documentation space is fine). */
const maxSpecialPrefix = 24;

/**
 * The ipaddr.js range name (`carrierGradeNat`, `reserved`, `multicast`, …) of a block broader
 * than a /24 that starts in special-purpose space; undefined for unicast and private space (an
 * internal corporate range is a real egress) and for narrow blocks.
 */
export function broadSpecialRange(cidr: string): string | undefined {
    if (!ipaddr.IPv4.isValidCIDR(cidr)) return undefined;
    const [, bits] = ipaddr.IPv4.parseCIDR(cidr);
    if (bits >= maxSpecialPrefix) return undefined;
    const range = ipaddr.IPv4.networkAddressFromCIDR(cidr).range();
    // 0.0.0.0/8 starts every block of the low half (0.0.0.0/1): the public-address bound judges those.
    return ["unicast", "private", "unspecified"].includes(range) ? undefined : range;
}

const minWeeklyMaintenanceHours = (48 * 7) / 32;

export function crossFieldIssues(config: Parsed): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const regionNames = Object.keys(config.regions);
    const add = (path: (string | number)[], message: string) => problems.push({ path, message });

    if (regionNames.length < 2) {
        add(
            ["regions"],
            `names ${regionNames.length} region${regionNames.length === 1 ? "" : "s"}; at least 2 are required (a cell survives the loss of one)`,
        );
    }
    if (!regionNames.includes(config.primaryRegion)) {
        add(
            ["primaryRegion"],
            `"${config.primaryRegion}" is not a configured region; allowed: ${regionNames.join(", ") || "(no regions configured)"}`,
        );
    }

    // Zones belong to their region and are not repeated.
    for (const [region, regionConfig] of Object.entries(config.regions)) {
        regionConfig.zones.forEach((zone, i) => {
            // Names are checked against GCP's patterns by the schema; compared as text, never as a pattern.
            if (!(zone.startsWith(`${region}-`) && zone.length === region.length + 2))
                add(
                    ["regions", region, "zones", i],
                    `zone "${zone}" is not in region ${region}; allowed: zones named ${region}-<letter>`,
                );
        });
        const dup = regionConfig.zones.find((z, i) => regionConfig.zones.indexOf(z) !== i);
        if (dup) add(["regions", region, "zones"], `zone "${dup}" is listed twice`);
        if (regionConfig.workload.minReplicas > regionConfig.workload.maxReplicas) {
            add(
                ["regions", region, "workload", "minReplicas"],
                `${regionConfig.workload.minReplicas} is above maxReplicas ${regionConfig.workload.maxReplicas}`,
            );
        }
        if (regionConfig.nodePool.minPerZone > regionConfig.nodePool.maxPerZone) {
            add(
                ["regions", region, "nodePool", "minPerZone"],
                `${regionConfig.nodePool.minPerZone} is above maxPerZone ${regionConfig.nodePool.maxPerZone}`,
            );
        }
        if (!regionConfig.subnet.controlPlane.endsWith("/28")) {
            add(
                ["regions", region, "subnet", "controlPlane"],
                `"${regionConfig.subnet.controlPlane}" must be a /28 range (GKE's private control plane)`,
            );
        }
        const weekly = regionConfig.maintenance.days.length * regionConfig.maintenance.hours;
        const dupDay = regionConfig.maintenance.days.find((d, i) => regionConfig.maintenance.days.indexOf(d) !== i);
        if (dupDay) add(["regions", region, "maintenance", "days"], `day ${dupDay} is listed twice`);
        else if (weekly < minWeeklyMaintenanceHours) {
            add(
                ["regions", region, "maintenance"],
                `allows ${weekly} hours a week; GKE requires 48 hours in any 32 days, so at least 10.5 hours a week`,
            );
        }
    }

    // No two ranges of the cell overlap: every subnet range of every region and the PSA range.
    const ranges: { path: (string | number)[]; cidr: string }[] = [];
    for (const [r, rc] of Object.entries(config.regions)) {
        for (const [k, cidr] of Object.entries(rc.subnet)) ranges.push({ path: ["regions", r, "subnet", k], cidr });
    }
    ranges.push({ path: ["network", "privateServicesRange"], cidr: config.network.privateServicesRange });
    ranges.forEach((earlier, i) => {
        for (const later of ranges.slice(i + 1)) {
            if (cidrsOverlap(earlier.cidr, later.cidr)) {
                add(
                    later.path,
                    `${later.cidr} overlaps ${earlier.cidr} of voice-agent:${earlier.path.join(".")}; ranges of a cell must not overlap`,
                );
            }
        }
    });

    // Maintenance windows of different regions never overlap, so one region always serves.
    const windows = Object.entries(config.regions).map(([region, rc]) => ({
        region,
        intervals: weeklyIntervals(rc.maintenance),
    }));
    windows.forEach((earlier, i) => {
        for (const later of windows.slice(i + 1)) {
            if (weeklyOverlap(earlier.intervals, later.intervals)) {
                add(
                    ["regions", later.region, "maintenance"],
                    `overlaps the maintenance window of ${earlier.region}; windows of different regions must not overlap`,
                );
            }
        }
    });

    // Release: exactly one of tag and digest.
    if ((config.release.tag === undefined) === (config.release.digest === undefined)) {
        add(
            ["release"],
            `give exactly one of release.tag and release.digest (got ${config.release.tag === undefined ? "neither" : "both"})`,
        );
    }

    // A special-purpose block (carrier-grade NAT, benchmarking, multicast, …) names no on-call or
    // CI egress: as ipaddr.js classifies its first address, beyond a /24 it is refused.
    config.masterAuthorizedNetworks.forEach((network, i) => {
        const special = broadSpecialRange(network.cidr);
        if (special !== undefined) {
            add(
                ["masterAuthorizedNetworks", String(i), "cidr"],
                `${network.cidr} is a ${special} block broader than a /24; name the on-call and CI egress ranges`,
            );
        }
    });

    // Measured in addresses, whatever the split: 0.0.0.0/1 + 128.0.0.0/1 is the whole internet too.
    const publicCount = publicAddressCount(config.masterAuthorizedNetworks.map((n) => n.cidr));
    if (publicCount > maxAuthorizedPublicAddresses) {
        add(
            ["masterAuthorizedNetworks"],
            `${config.masterAuthorizedNetworks.map((n) => n.cidr).join(", ")} ${config.masterAuthorizedNetworks.length > 1 ? "together open" : "opens"} the GKE control plane to ${publicCount} public addresses; at most ${maxAuthorizedPublicAddresses} (one /16): name the on-call and CI egress ranges`,
        );
    }

    // A pod being replaced (every flag toggle rolls the pods) keeps its calls only while the LB
    // drains its endpoint; the LB closes what is left after connectionDrainingTimeoutSec, so
    // draining must cover a whole call, up to the LB's maximum of an hour.
    const callDrain = minimumDrainingSec(config.loadBalancer.timeoutSec);
    if (config.loadBalancer.drainingTimeoutSec < callDrain) {
        add(
            ["loadBalancer", "drainingTimeoutSec"],
            `${config.loadBalancer.drainingTimeoutSec} s cuts calls short: connection draining must cover a call, at least min(loadBalancer.timeoutSec, 3600) = ${callDrain} s`,
        );
    }

    // Remediation toggles.
    config.drainRegions.forEach((r, i) => {
        if (!regionNames.includes(r))
            add(["drainRegions", i], `"${r}" is not a configured region; allowed: ${regionNames.join(", ")}`);
    });
    if (regionNames.length >= 2 && config.drainRegions.every((r) => regionNames.includes(r))) {
        const drained = drainedRegions(config);
        if (drained.length >= regionNames.length) {
            add(
                ["drainRegions"],
                `drains every region (${drained.join(", ")}${config.forcedFailover ? ", with forcedFailover draining the primary" : ""}); at least one region must keep serving`,
            );
        }
    }
    for (const r of Object.keys(config.restoreCapacity)) {
        if (!regionNames.includes(r))
            add(["restoreCapacity", r], `"${r}" is not a configured region; allowed: ${regionNames.join(", ")}`);
        else if (drainedRegions(config).includes(r))
            add(["restoreCapacity", r], `${r} is drained: undrain it before restoring its capacity in stages`);
    }
    // Failover capacity must fit under the maximums, or a failover would be refused mid-incident.
    for (const [region, regionConfig] of Object.entries(config.regions)) {
        const failover = failoverCapacity(config, region);
        if (failover.minReplicas > regionConfig.workload.maxReplicas) {
            add(
                ["regions", region, "workload", failover.defaulted.minReplicas ? "maxReplicas" : "failoverMinReplicas"],
                `failover capacity ${failover.minReplicas} replicas${failover.defaulted.minReplicas ? " (the sum of all regions' minReplicas)" : ""} is above maxReplicas ${regionConfig.workload.maxReplicas}; raise maxReplicas or set a lower failoverMinReplicas`,
            );
        }
        if (failover.minPerZone > regionConfig.nodePool.maxPerZone) {
            add(
                ["regions", region, "nodePool", failover.defaulted.minPerZone ? "maxPerZone" : "failoverMinPerZone"],
                `failover capacity ${failover.minPerZone} nodes per zone${failover.defaulted.minPerZone ? " (the sum of all regions' minPerZone)" : ""} is above maxPerZone ${regionConfig.nodePool.maxPerZone}; raise maxPerZone or set a lower failoverMinPerZone`,
            );
        }
    }

    config.pmsDisabledProviders.forEach((p, i) => {
        if (!config.pmsProviders.includes(p))
            add(
                ["pmsDisabledProviders", i],
                `"${p}" is not a known PMS provider; allowed: ${config.pmsProviders.join(", ")}`,
            );
    });
    problems.push(...dataTierIssues(config));
    return problems;
}

/** Enterprise Plus runs on the performance-optimized machine series only. */
const enterprisePlusTier = /^db-perf-optimized-N-(2|4|8|16|32|48|64|80|96|128)$/;

/** Rules of the data tier: edition and tier, the database roles, and the switchover guards. */
export function dataTierIssues(config: Parsed): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const add = (path: (string | number)[], message: string) => problems.push({ path, message });
    const regionNames = Object.keys(config.regions);
    const database = config.database;
    const plus = database.edition === "ENTERPRISE_PLUS";

    for (const key of ["voiceDbRegion", "primaryRegion", "drReplicaRegion"] as const) {
        const r = database[key];
        if (r !== undefined && !regionNames.includes(r))
            add(["database", key], `"${r}" is not a configured region; allowed: ${regionNames.join(", ")}`);
    }
    const home = voiceDbRegion(config);
    const primary = databasePrimaryRegion(config);
    if (plus && database.tier.match(enterprisePlusTier) === null) {
        add(
            ["database", "tier"],
            `"${database.tier}" is not an Enterprise Plus tier; use db-perf-optimized-N-<2|4|8|16|32|48|64|80|96|128> or set database.edition to ENTERPRISE`,
        );
    }
    if (!plus && database.tier.startsWith("db-perf-optimized-")) {
        add(
            ["database", "tier"],
            `"${database.tier}" is an Enterprise Plus tier; with database.edition ENTERPRISE use a db-custom-<vCPUs>-<MB> tier`,
        );
    }
    if (!plus && database.transactionLogRetentionDays > 7) {
        add(
            ["database", "transactionLogRetentionDays"],
            `${database.transactionLogRetentionDays} days needs ENTERPRISE_PLUS; database.edition ENTERPRISE keeps at most 7`,
        );
    }
    if (!plus && database.drReplicaRegion !== undefined) {
        add(
            ["database", "drReplicaRegion"],
            `a designated DR replica needs database.edition ENTERPRISE_PLUS (got ENTERPRISE)`,
        );
    }
    if (!plus && regionNames.includes(primary) && primary !== home) {
        add(
            ["database", "primaryRegion"],
            `a switchover to ${primary} needs database.edition ENTERPRISE_PLUS (got ENTERPRISE)`,
        );
    }
    if (plus && database.drReplicaRegion !== undefined && database.drReplicaRegion === primary) {
        add(
            ["database", "drReplicaRegion"],
            `"${database.drReplicaRegion}" holds the primary role; the DR replica must be another region: ${regionNames.filter((r) => r !== primary).join(", ")}`,
        );
    }
    if (plus && database.drReplicaRegion === undefined && regionNames.length > 2) {
        add(
            ["database", "drReplicaRegion"],
            `is required with ${regionNames.length} regions: name the primary's DR replica, one of ${regionNames.filter((r) => r !== primary).join(", ")}`,
        );
    }

    const messaging = config.messaging;
    if (messaging.minimumBackoffSeconds > messaging.maximumBackoffSeconds) {
        add(
            ["messaging", "minimumBackoffSeconds"],
            `${messaging.minimumBackoffSeconds} is above maximumBackoffSeconds ${messaging.maximumBackoffSeconds}`,
        );
    }
    return problems;
}
