import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";

export const policy = resourcePolicy(
    {
        name: "gcp-sql-databaseinstance-configure-maintenance-and-insights",
        description:
            "Cloud SQL instances have a declared maintenance window (so Google's restarts land off-peak) and Query Insights for incident diagnosis.",
        severity: "low",
        category: "hygiene",
        remediationSteps:
            "Set settings.maintenanceWindow {day, hour} to the cell's off-peak hour and settings.insightsConfig.queryInsightsEnabled to true.",
        anchors: [],
    },
    gcp.sql.DatabaseInstance,
    (db, report, { name }) => {
        const window = db.settings?.maintenanceWindow;
        if (typeof window?.day !== "number" || typeof window?.hour !== "number") {
            report(`Cloud SQL instance '${name}' must declare settings.maintenanceWindow with day and hour.`);
        }
        if (db.settings?.insightsConfig?.queryInsightsEnabled !== true) {
            report(
                `Cloud SQL instance '${name}' must enable Query Insights: settings.insightsConfig.queryInsightsEnabled is not true.`,
            );
        }
    },
);
