import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { isSqlReplica, shown } from "../../../lib/resources";

export const policy = resourcePolicy(
    {
        name: "gcp-sql-databaseinstance-enforce-regional-availability",
        description:
            "The Cloud SQL primary runs with REGIONAL availability (a synchronous standby in a second zone), so a zonal outage fails over in about a minute instead of waiting for a restore.",
        severity: "critical",
        category: "availability",
        remediationSteps:
            "Set settings.availabilityType to REGIONAL on the primary `voice-db`, on a dedicated-core tier.",
        anchors: [],
    },
    gcp.sql.DatabaseInstance,
    (db, report, { name }) => {
        if (isSqlReplica(db)) return;
        // The API default is ZONAL, so a missing value is a violation.
        const availability = db.settings?.availabilityType;
        if (availability !== "REGIONAL") {
            report(
                `Cloud SQL primary '${name}' must be highly available: settings.availabilityType ${shown(availability)} (expected "REGIONAL").`,
            );
        }
        // Shared-core machines carry no SLA and cannot be made highly available.
        const tier = db.settings?.tier;
        if (tier === "db-f1-micro" || tier === "db-g1-small") {
            report(`Cloud SQL primary '${name}' must not use the shared-core tier ${tier}.`);
        }
    },
);
