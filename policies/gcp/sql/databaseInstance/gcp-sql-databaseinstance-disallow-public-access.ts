import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { isWorldCidr, shown } from "../../../lib/resources";

export const policy = resourcePolicy(
    {
        name: "gcp-sql-databaseinstance-disallow-public-access",
        description:
            "Cloud SQL instances have no public IPv4 address and are reachable only over the VPC's private services access.",
        severity: "critical",
        category: "security",
        remediationSteps:
            "Set settings.ipConfiguration.ipv4Enabled to false, set privateNetwork to the cell's VPC and remove authorizedNetworks; clients connect through private IP.",
        anchors: [
            "CKV_GCP_60",
            "CKV_GCP_11",
            "AVD-GCP-0017",
            "CIS GCP 4.0 6.5",
            "CIS GCP 4.0 6.6",
            "KICS SQL DB Instance Is Publicly Accessible",
        ],
    },
    gcp.sql.DatabaseInstance,
    (db, report, { name }) => {
        const ip = db.settings?.ipConfiguration;
        // The API default is a public IPv4 address, so a missing value is as bad as true.
        if (ip?.ipv4Enabled !== false) {
            report(
                `Cloud SQL instance '${name}' must not have a public IP: settings.ipConfiguration.ipv4Enabled ${shown(ip?.ipv4Enabled)} (expected false).`,
            );
        }
        if (!ip?.privateNetwork) {
            report(
                `Cloud SQL instance '${name}' must be attached to the VPC: settings.ipConfiguration.privateNetwork is not set.`,
            );
        }
        for (const network of ip?.authorizedNetworks ?? []) {
            if (isWorldCidr(network.value)) {
                report(
                    `Cloud SQL instance '${name}' must not authorize the whole Internet: authorizedNetworks contains ${network.value}.`,
                );
            }
        }
    },
);
