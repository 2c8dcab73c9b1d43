import { stackPolicy } from "../../../lib/define";
import { cellRegions, ofType, physicalName } from "../../../lib/resources";

// Patient data of a cell stays in its jurisdiction (docs/design.md, "Stacks are cells"): the database,
// its backups and the caches live in the cell's regions only.
export const policy = stackPolicy(
    {
        name: "gcp-sql-databaseinstance-enforce-data-residency",
        description: "Cloud SQL instances, their backups, and Memorystore instances are located in the cell's regions.",
        severity: "high",
        category: "security",
        remediationSteps:
            "Use a cell region for region, settings.backupConfiguration.location and the Memorystore region.",
        anchors: ["Google policy-library (resource locations)"],
    },
    (args, report) => {
        const regions = cellRegions(args.resources);
        if (regions.length === 0) return;
        const outside = (location: unknown) => typeof location === "string" && !regions.includes(location);
        for (const db of ofType(args.resources, "gcp:sql/databaseInstance:DatabaseInstance")) {
            if (outside(db.props.region))
                report(
                    `Cloud SQL instance '${physicalName(db)}' is in ${db.props.region}, outside the cell (${regions.join(", ")}).`,
                    db.urn,
                );
            const backups = db.props.settings?.backupConfiguration?.location;
            // Unset, Cloud SQL stores backups in the multi-region nearest the instance, which may
            // lie outside the cell's jurisdiction.
            if (db.props.settings?.backupConfiguration?.enabled === true && backups === undefined) {
                report(
                    `Cloud SQL instance '${physicalName(db)}' must pin settings.backupConfiguration.location to a cell region.`,
                    db.urn,
                );
            }
            if (outside(backups))
                report(
                    `Cloud SQL instance '${physicalName(db)}' stores backups in ${backups}, outside the cell (${regions.join(", ")}).`,
                    db.urn,
                );
        }
        for (const redis of ofType(args.resources, "gcp:redis/instance:Instance")) {
            if (outside(redis.props.region))
                report(
                    `Memorystore instance '${physicalName(redis)}' is in ${redis.props.region}, outside the cell (${regions.join(", ")}).`,
                    redis.urn,
                );
        }
    },
);
