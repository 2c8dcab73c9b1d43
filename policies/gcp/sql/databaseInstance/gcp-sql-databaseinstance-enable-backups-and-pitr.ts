import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { isSqlReplica, shown } from "../../../lib/resources";

interface Config {
    minRetainedBackups: number;
    minTransactionLogRetentionDays: number;
}

export const policy = resourcePolicy<gcp.sql.DatabaseInstance, gcp.sql.DatabaseInstanceArgs, Config>(
    {
        name: "gcp-sql-databaseinstance-enable-backups-and-pitr",
        description:
            "Cloud SQL primaries take automated backups with point-in-time recovery and keep enough of them to restore after a bad release or a regional loss.",
        severity: "critical",
        category: "availability",
        remediationSteps:
            "In settings.backupConfiguration set enabled and pointInTimeRecoveryEnabled to true, backupRetentionSettings.retainedBackups and transactionLogRetentionDays to at least the configured minimums.",
        anchors: [
            "CKV_GCP_14",
            "AVD-GCP-0024",
            "CIS GCP 4.0 6.7",
            "CKV2_GCP_20",
            "KICS SQL DB Instance Backup Disabled",
        ],
        configSchema: {
            properties: {
                minRetainedBackups: {
                    type: "integer",
                    minimum: 1,
                    default: 7,
                    description: "Fewest daily backups to keep.",
                },
                minTransactionLogRetentionDays: {
                    type: "integer",
                    minimum: 1,
                    maximum: 35,
                    default: 7,
                    description: "Fewest days of write-ahead log for point-in-time recovery.",
                },
            },
        },
    },
    gcp.sql.DatabaseInstance,
    (db, report, { name, config }) => {
        // Replicas cannot hold backups of their own; the primary's protect the whole set.
        if (isSqlReplica(db)) return;
        const backup = db.settings?.backupConfiguration;
        if (backup?.enabled !== true) {
            report(
                `Cloud SQL primary '${name}' must take automated backups: settings.backupConfiguration.enabled ${shown(backup?.enabled)} (expected true).`,
            );
        }
        if (backup?.pointInTimeRecoveryEnabled !== true) {
            report(
                `Cloud SQL primary '${name}' must enable point-in-time recovery: settings.backupConfiguration.pointInTimeRecoveryEnabled ${shown(backup?.pointInTimeRecoveryEnabled)} (expected true).`,
            );
        }
        const retained = backup?.backupRetentionSettings?.retainedBackups;
        if (typeof retained !== "number" || retained < config.minRetainedBackups) {
            report(
                `Cloud SQL primary '${name}' must keep at least ${config.minRetainedBackups} backups: settings.backupConfiguration.backupRetentionSettings.retainedBackups ${shown(retained)}.`,
            );
        }
        const logDays = backup?.transactionLogRetentionDays;
        if (typeof logDays !== "number" || logDays < config.minTransactionLogRetentionDays) {
            report(
                `Cloud SQL primary '${name}' must keep at least ${config.minTransactionLogRetentionDays} days of transaction logs: settings.backupConfiguration.transactionLogRetentionDays ${shown(logDays)}.`,
            );
        }
    },
);
