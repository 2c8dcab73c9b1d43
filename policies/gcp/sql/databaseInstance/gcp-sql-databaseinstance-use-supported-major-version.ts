import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";

interface Config {
    minPostgresMajor: number;
}

export const policy = resourcePolicy<gcp.sql.DatabaseInstance, gcp.sql.DatabaseInstanceArgs, Config>(
    {
        name: "gcp-sql-databaseinstance-use-supported-major-version",
        description:
            "Cloud SQL for PostgreSQL runs a recent major version (security fixes, and ENTERPRISE_PLUS features such as near-zero-downtime maintenance).",
        severity: "low",
        category: "hygiene",
        remediationSteps:
            "Plan a major-version upgrade of the primary and replicas to at least the configured version.",
        anchors: ["CKV_GCP_79"],
        configSchema: { properties: { minPostgresMajor: { type: "integer", minimum: 12, default: 15 } } },
    },
    gcp.sql.DatabaseInstance,
    (db, report, { name, config }) => {
        const major = /^POSTGRES_(\d+)/.exec(String(db.databaseVersion ?? ""))?.[1];
        if (major !== undefined && Number(major) < config.minPostgresMajor) {
            report(
                `Cloud SQL instance '${name}' runs ${db.databaseVersion}; use PostgreSQL ${config.minPostgresMajor} or later.`,
            );
        }
    },
);
