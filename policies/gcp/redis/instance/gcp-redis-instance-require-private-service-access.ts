import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

export const policy = resourcePolicy(
    {
        name: "gcp-redis-instance-require-private-service-access",
        description:
            "Memorystore instances connect through the cell's private services access range (the same peering as Cloud SQL) and declare a maintenance window.",
        severity: "medium",
        category: "security",
        remediationSteps:
            "Set connectMode PRIVATE_SERVICE_ACCESS, authorizedNetwork to the cell's VPC and maintenancePolicy.weeklyMaintenanceWindows to the region's off-peak hours.",
        anchors: [],
    },
    gcp.redis.Instance,
    (redis, report, { name }) => {
        // The API default is DIRECT_PEERING, a separate peering outside the reviewed range.
        if (redis.connectMode !== "PRIVATE_SERVICE_ACCESS") {
            report(
                `Memorystore instance '${name}' must connect through private services access: connectMode ${shown(redis.connectMode)}.`,
            );
        }
        if (!redis.authorizedNetwork) {
            report(`Memorystore instance '${name}' must name the cell's VPC in authorizedNetwork.`);
        }
        if ((redis.maintenancePolicy?.weeklyMaintenanceWindows ?? []).length === 0) {
            report(`Memorystore instance '${name}' must declare maintenancePolicy.weeklyMaintenanceWindows.`);
        }
    },
);
