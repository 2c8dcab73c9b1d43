/**
 * Pure decisions of the database tier: which Cloud SQL instance of a cell is named what, which one
 * holds the primary role, and the replication fields each instance declares.
 *
 * Two things that look alike are kept apart on purpose:
 *
 * - The *physical name* of a region's instance. Cloud SQL cannot rename an instance, so the name a
 *   region's instance was created with is its name for life. The region whose instance is called
 *   `voice-db` is `database.voiceDbRegion` (unset: the top-level `primaryRegion`), fixed when the
 *   cell is created; every other region's instance is `voice-db-<region>`. The Pulumi resource
 *   name is keyed by region too, so neither the URN nor the physical name depends on any role.
 * - The *primary role*: `database.primaryRegion` (unset: `voiceDbRegion`, the layout the cell was
 *   created with). Changing it is a planned switchover in the shape the Google provider documents
 *   for Enterprise Plus (provider docs, google_sql_database_instance "Switchover"; Google's sample
 *   cloud_sql/postgres_instance_switchover/switchover_finish): the new primary becomes
 *   `CLOUD_SQL_INSTANCE` without `masterInstanceName`, lists the old primary in `replicaNames` and
 *   designates it in `replicationCluster.failoverDrReplicaName`; the old primary becomes
 *   `READ_REPLICA_INSTANCE` following the new one, with `replicaNames: []` and an empty DR
 *   designation; backups and PITR move with the role (Cloud SQL replicas take no backups). Only
 *   these fields depend on the role, so a switchover updates the instances in place and never
 *   creates, deletes or replaces one.
 *
 * After a switchover the runbook's `gcloud sql instances describe voice-db` shows a replica: the
 * name says where the cell started, `database.primaryRegion` says where the primary is now.
 */
import { databaseReplicaName, fixedNames } from "./naming";

export interface DatabaseLayoutInput {
    /** Regions of the cell in config order. */
    regions: Record<string, unknown>;
    /** Top-level `primaryRegion`: the default home of `voice-db`. */
    primaryRegion: string;
    database: {
        edition: "ENTERPRISE_PLUS" | "ENTERPRISE";
        voiceDbRegion?: string;
        primaryRegion?: string;
        drReplicaRegion?: string;
    };
}

export type DatabaseRole = "primary" | "replica";

/** What one region's instance declares; everything else about the instance is role-independent. */
export interface DatabaseInstancePlan {
    region: string;
    /** Physical Cloud SQL instance name: never changes for a region. */
    name: string;
    role: DatabaseRole;
    instanceType: "CLOUD_SQL_INSTANCE" | "READ_REPLICA_INSTANCE";
    /** Physical name of the primary this replica follows; undefined on the primary. */
    masterInstanceName: string | undefined;
    /** Physical names of the primary's replicas; `[]` on a replica (the provider's switchover steps). */
    replicaNames: string[];
    /**
     * `replicationCluster.failoverDrReplicaName`: `<project>:<instance>` of the DR replica on an
     * Enterprise Plus primary (the form the API normalises to, so no perpetual diff), "" on a
     * replica (the provider's switchover steps), undefined with Enterprise (no advanced DR).
     */
    failoverDrReplicaName: string | undefined;
    /** Automated backups and PITR run on the primary only; Cloud SQL replicas take none. */
    backupsEnabled: boolean;
}

/** The region whose instance is physically named `voice-db`. */
export function voiceDbRegion(c: DatabaseLayoutInput): string {
    return c.database.voiceDbRegion ?? c.primaryRegion;
}

/** The region whose instance holds the primary role. */
export function databasePrimaryRegion(c: DatabaseLayoutInput): string {
    return c.database.primaryRegion ?? voiceDbRegion(c);
}

/**
 * The primary's designated DR replica: `database.drReplicaRegion`, or with exactly two regions the
 * one that is not primary (so a switchover to it keeps the pair designated both ways). Undefined
 * with Enterprise edition, or with three or more regions and nothing named (a config rule refuses
 * that for Enterprise Plus).
 */
export function drReplicaRegion(c: DatabaseLayoutInput): string | undefined {
    if (c.database.edition !== "ENTERPRISE_PLUS") return undefined;
    if (c.database.drReplicaRegion !== undefined) return c.database.drReplicaRegion;
    const others = Object.keys(c.regions).filter((r) => r !== databasePrimaryRegion(c));
    return others.length === 1 ? others[0] : undefined;
}

/**
 * Physical instance name of a region: `voice-db` in `voiceDbRegion` (fixed when the cell was
 * created), else `voice-db-<region>`. Not the region holding the primary *role*: Cloud SQL cannot
 * rename an instance, so a name that followed the role would replace instances on every switchover.
 */
export function databaseInstanceName(c: DatabaseLayoutInput, region: string): string {
    return region === voiceDbRegion(c) ? fixedNames.databasePrimary : databaseReplicaName(region);
}

/** One plan per region, in config order. */
export function databaseLayout(c: DatabaseLayoutInput, project: string): DatabaseInstancePlan[] {
    const regions = Object.keys(c.regions);
    const primary = databasePrimaryRegion(c);
    const primaryName = databaseInstanceName(c, primary);
    const dr = drReplicaRegion(c);
    return regions.map((region) => {
        const name = databaseInstanceName(c, region);
        if (region === primary) {
            return {
                region,
                name,
                role: "primary",
                instanceType: "CLOUD_SQL_INSTANCE",
                masterInstanceName: undefined,
                replicaNames: regions.filter((r) => r !== primary).map((r) => databaseInstanceName(c, r)),
                failoverDrReplicaName: dr === undefined ? undefined : `${project}:${databaseInstanceName(c, dr)}`,
                backupsEnabled: true,
            };
        }
        return {
            region,
            name,
            role: "replica",
            instanceType: "READ_REPLICA_INSTANCE",
            masterInstanceName: primaryName,
            replicaNames: [],
            failoverDrReplicaName: c.database.edition === "ENTERPRISE_PLUS" ? "" : undefined,
            backupsEnabled: false,
        };
    });
}
