import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";

interface Config {
    requiredFlags: Record<string, string[]>;
}

// CIS GCP 4.0 section 6.2 (PostgreSQL): the logging an incident review needs, and nothing that
// would log statement text (log_min_duration_statement -1 keeps query parameters out of logs).
const CIS_FLAGS: Record<string, string[]> = {
    log_error_verbosity: ["default", "terse"],
    log_connections: ["on"],
    log_disconnections: ["on"],
    log_statement: ["ddl"],
    log_min_messages: ["warning", "error"],
    log_min_error_statement: ["error"],
    log_min_duration_statement: ["-1"],
    "cloudsql.enable_pgaudit": ["on"],
    log_checkpoints: ["on"],
    log_lock_waits: ["on"],
    log_temp_files: ["0"],
};

export const policy = resourcePolicy<gcp.sql.DatabaseInstance, gcp.sql.DatabaseInstanceArgs, Config>(
    {
        name: "gcp-sql-databaseinstance-enforce-postgres-logging-flags",
        description: "Cloud SQL for PostgreSQL instances set the logging database flags of CIS GCP 4.0 section 6.2.",
        severity: "medium",
        category: "hygiene",
        remediationSteps:
            "Add each missing flag to settings.databaseFlags with one of the accepted values, on the primary and every replica (replica flags must match the primary).",
        anchors: [
            "CIS GCP 4.0 6.2.1",
            "CIS GCP 4.0 6.2.2",
            "CIS GCP 4.0 6.2.3",
            "CIS GCP 4.0 6.2.4",
            "CIS GCP 4.0 6.2.5",
            "CIS GCP 4.0 6.2.6",
            "CIS GCP 4.0 6.2.7",
            "CIS GCP 4.0 6.2.8",
            "CKV_GCP_51",
            "CKV_GCP_52",
            "CKV_GCP_53",
            "CKV_GCP_54",
            "CKV_GCP_55",
            "CKV_GCP_56",
            "CKV_GCP_57",
            "CKV_GCP_109",
            "CKV_GCP_110",
            "CKV_GCP_111",
            "AVD-GCP-0014",
            "AVD-GCP-0016",
            "AVD-GCP-0018",
            "AVD-GCP-0020",
            "AVD-GCP-0021",
            "AVD-GCP-0022",
            "AVD-GCP-0025",
        ],
        configSchema: {
            properties: {
                requiredFlags: {
                    type: "object",
                    additionalProperties: { type: "array", items: { type: "string" } },
                    default: CIS_FLAGS,
                    description: "Flag name → accepted values (compared case-insensitively).",
                },
            },
        },
    },
    gcp.sql.DatabaseInstance,
    (db, report, { name, config }) => {
        if (!String(db.databaseVersion ?? "").startsWith("POSTGRES")) return;
        const set = new Map<string, string>();
        for (const flag of db.settings?.databaseFlags ?? []) set.set(flag.name, String(flag.value));
        for (const [flag, accepted] of Object.entries(config.requiredFlags)) {
            const value = set.get(flag);
            if (value === undefined) {
                report(
                    `Cloud SQL instance '${name}' must set database flag ${flag} to ${accepted.join(" or ")}; it is not set.`,
                );
            } else if (!accepted.map((a) => a.toLowerCase()).includes(value.toLowerCase())) {
                report(
                    `Cloud SQL instance '${name}' must set database flag ${flag} to ${accepted.join(" or ")}; it is "${value}".`,
                );
            }
        }
    },
);
