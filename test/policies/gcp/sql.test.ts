import * as assert from "assert";
import { policy as backups } from "../../../policies/gcp/sql/databaseInstance/gcp-sql-databaseinstance-enable-backups-and-pitr";
import { policy as maintenance } from "../../../policies/gcp/sql/databaseInstance/gcp-sql-databaseinstance-configure-maintenance-and-insights";
import { policy as publicAccess } from "../../../policies/gcp/sql/databaseInstance/gcp-sql-databaseinstance-disallow-public-access";
import { policy as deletion } from "../../../policies/gcp/sql/databaseInstance/gcp-sql-databaseinstance-enforce-deletion-protection";
import { policy as flags } from "../../../policies/gcp/sql/databaseInstance/gcp-sql-databaseinstance-enforce-postgres-logging-flags";
import { policy as regional } from "../../../policies/gcp/sql/databaseInstance/gcp-sql-databaseinstance-enforce-regional-availability";
import { policy as replica } from "../../../policies/gcp/sql/databaseInstance/gcp-sql-databaseinstance-require-matching-cross-region-replica";
import { policy as tls } from "../../../policies/gcp/sql/databaseInstance/gcp-sql-databaseinstance-require-tls";
import { policy as switchover } from "../../../policies/gcp/sql/databaseInstance/gcp-sql-databaseinstance-validate-switchover-target";
import { policy as sqlResidency } from "../../../policies/gcp/sql/databaseInstance/gcp-sql-databaseinstance-enforce-data-residency";
import { policy as majorVersion } from "../../../policies/gcp/sql/databaseInstance/gcp-sql-databaseinstance-use-supported-major-version";
import { policy as psa } from "../../../policies/gcp/servicenetworking/connection/gcp-servicenetworking-connection-require-private-services-access";
import { policy as userIam } from "../../../policies/gcp/sql/user/gcp-sql-user-require-iam-authentication";
import { policy as dbProtection } from "../../../policies/gcp/sql/database/gcp-sql-database-enforce-protection";
import { postgresFlags } from "../../../infra/components/database/Database";
import { checkPlanned, prodEu, REMOVE, resourceCases, setInputs, stackCases, unprotect } from "../harness";

const TYPE = "gcp:sql/databaseInstance:DatabaseInstance";
/** Where the program's flag list puts a flag, so that a case breaks the flag it names. */
const flagIndex = (name: string): number => postgresFlags(-1).findIndex((f) => f.name === name);
const PRIMARY = "voice-db-europe-west1";
const REPLICA = "voice-db-europe-west4";
const SQL_PRIMARY = prodEu(TYPE, PRIMARY);
const SQL_REPLICA = prodEu(TYPE, REPLICA);
const DATABASE = prodEu("gcp:sql/database:Database", "voice-db-voice");
const IAM_USER = prodEu("gcp:sql/user:User", "voice-db-iam-voice-agent");

resourceCases(tls, SQL_PRIMARY, [
    [
        "settings.ipConfiguration.sslMode",
        "ALLOW_UNENCRYPTED_AND_ENCRYPTED",
        [
            `Cloud SQL instance 'voice-db' must require TLS: settings.ipConfiguration.sslMode is "ALLOW_UNENCRYPTED_AND_ENCRYPTED" (expected ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED).`,
        ],
    ],
    [
        "settings.ipConfiguration.sslMode",
        REMOVE,
        [
            `Cloud SQL instance 'voice-db' must require TLS: settings.ipConfiguration.sslMode is not set (expected ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED).`,
        ],
    ],
]);

resourceCases(publicAccess, SQL_PRIMARY, [
    [
        "settings.ipConfiguration.ipv4Enabled",
        true,
        [
            `Cloud SQL instance 'voice-db' must not have a public IP: settings.ipConfiguration.ipv4Enabled is true (expected false).`,
        ],
    ],
    [
        "settings.ipConfiguration.ipv4Enabled",
        REMOVE,
        [
            `Cloud SQL instance 'voice-db' must not have a public IP: settings.ipConfiguration.ipv4Enabled is not set (expected false).`,
        ],
    ],
    [
        "settings.ipConfiguration.privateNetwork",
        REMOVE,
        [
            `Cloud SQL instance 'voice-db' must be attached to the VPC: settings.ipConfiguration.privateNetwork is not set.`,
        ],
    ],
    [
        "settings.ipConfiguration.authorizedNetworks",
        [{ name: "all", value: "0.0.0.0/0" }],
        [`Cloud SQL instance 'voice-db' must not authorize the whole Internet: authorizedNetworks contains 0.0.0.0/0.`],
    ],
]);

resourceCases(backups, SQL_PRIMARY, [
    [
        "settings.backupConfiguration.enabled",
        false,
        [
            `Cloud SQL primary 'voice-db' must take automated backups: settings.backupConfiguration.enabled is false (expected true).`,
        ],
    ],
    [
        "settings.backupConfiguration.pointInTimeRecoveryEnabled",
        REMOVE,
        [
            `Cloud SQL primary 'voice-db' must enable point-in-time recovery: settings.backupConfiguration.pointInTimeRecoveryEnabled is not set (expected true).`,
        ],
    ],
    [
        "settings.backupConfiguration.backupRetentionSettings.retainedBackups",
        3,
        [
            `Cloud SQL primary 'voice-db' must keep at least 7 backups: settings.backupConfiguration.backupRetentionSettings.retainedBackups is 3.`,
        ],
    ],
    [
        "settings.backupConfiguration.transactionLogRetentionDays",
        REMOVE,
        [
            `Cloud SQL primary 'voice-db' must keep at least 7 days of transaction logs: settings.backupConfiguration.transactionLogRetentionDays is not set.`,
        ],
    ],
]);

describe(`${backups.name} (replicas and thresholds)`, () => {
    it("skips read replicas, which cannot hold backups", async () => {
        const backupsOff = setInputs({ "settings.backupConfiguration.enabled": false });
        assert.deepStrictEqual(await checkPlanned(backups, SQL_REPLICA, backupsOff), []);
    });
    it("reads the minimum from the pack config", async () => {
        assert.deepStrictEqual(
            await checkPlanned(backups, SQL_PRIMARY, undefined, { [backups.name]: { minRetainedBackups: 40 } }),
            [
                `Cloud SQL primary 'voice-db' must keep at least 40 backups: settings.backupConfiguration.backupRetentionSettings.retainedBackups is 30.`,
            ],
        );
    });
});

resourceCases(regional, SQL_PRIMARY, [
    ["settings.tier", "db-f1-micro", [`Cloud SQL primary 'voice-db' must not use the shared-core tier db-f1-micro.`]],
    [
        "settings.availabilityType",
        "ZONAL",
        [
            `Cloud SQL primary 'voice-db' must be highly available: settings.availabilityType is "ZONAL" (expected "REGIONAL").`,
        ],
    ],
    [
        "settings.availabilityType",
        REMOVE,
        [
            `Cloud SQL primary 'voice-db' must be highly available: settings.availabilityType is not set (expected "REGIONAL").`,
        ],
    ],
]);

resourceCases(deletion, SQL_PRIMARY, [
    ["deletionProtection", false, [`Cloud SQL instance 'voice-db' must keep deletionProtection: it is false.`]],
    ["deletionProtection", REMOVE, []],
    [
        "settings.deletionProtectionEnabled",
        REMOVE,
        [
            `Cloud SQL instance 'voice-db' must enable API deletion protection: settings.deletionProtectionEnabled is not set (expected true).`,
        ],
    ],
]);

describe(`${deletion.name} (protect option)`, () => {
    it("requires the Pulumi protect option", async () => {
        assert.deepStrictEqual(await checkPlanned(deletion, SQL_PRIMARY, unprotect), [
            `Cloud SQL instance 'voice-db' must be created with the Pulumi resource option protect: true.`,
        ]);
    });
});

resourceCases(flags, SQL_PRIMARY, [
    [
        `settings.databaseFlags[${flagIndex("log_connections")}].value`,
        "off",
        [`Cloud SQL instance 'voice-db' must set database flag log_connections to on; it is "off".`],
    ],
    [
        `settings.databaseFlags[${flagIndex("log_min_messages")}].value`,
        "info",
        [`Cloud SQL instance 'voice-db' must set database flag log_min_messages to warning or error; it is "info".`],
    ],
    [
        `settings.databaseFlags[${flagIndex("cloudsql.enable_pgaudit")}]`,
        REMOVE,
        [`Cloud SQL instance 'voice-db' must set database flag cloudsql.enable_pgaudit to on; it is not set.`],
    ],
    ["databaseVersion", "MYSQL_8_0", []],
]);

resourceCases(maintenance, SQL_PRIMARY, [
    [
        "settings.maintenanceWindow",
        REMOVE,
        [`Cloud SQL instance 'voice-db' must declare settings.maintenanceWindow with day and hour.`],
    ],
    [
        "settings.insightsConfig.queryInsightsEnabled",
        false,
        [
            `Cloud SQL instance 'voice-db' must enable Query Insights: settings.insightsConfig.queryInsightsEnabled is not true.`,
        ],
    ],
]);

stackCases(replica, "prod-eu", [
    [
        TYPE,
        REPLICA,
        "region",
        "europe-west1",
        [`Cloud SQL primary 'voice-db' in europe-west1 has no read replica in another region.`],
    ],
    [
        TYPE,
        REPLICA,
        "masterInstanceName",
        "other-db",
        [`Cloud SQL primary 'voice-db' in europe-west1 has no read replica in another region.`],
    ],
    [
        TYPE,
        REPLICA,
        "settings.tier",
        "db-perf-optimized-N-2",
        [
            `Cloud SQL replica 'voice-db-europe-west4' must match its primary 'voice-db': settings.tier is "db-perf-optimized-N-2" on the replica and "db-perf-optimized-N-4" on the primary.`,
        ],
    ],
    [
        TYPE,
        REPLICA,
        "settings.diskSize",
        50,
        [
            `Cloud SQL replica 'voice-db-europe-west4' must match its primary 'voice-db': settings.diskSize is 50 on the replica and 100 on the primary.`,
        ],
    ],
    [
        TYPE,
        REPLICA,
        "settings.ipConfiguration.sslMode",
        "ALLOW_UNENCRYPTED_AND_ENCRYPTED",
        [
            `Cloud SQL replica 'voice-db-europe-west4' must match its primary 'voice-db': settings.ipConfiguration.sslMode is "ALLOW_UNENCRYPTED_AND_ENCRYPTED" on the replica and "ENCRYPTED_ONLY" on the primary.`,
        ],
    ],
    [
        TYPE,
        REPLICA,
        "settings.databaseFlags",
        [],
        [
            `Cloud SQL replica 'voice-db-europe-west4' must match its primary 'voice-db': settings.databaseFlags is "[]" on the replica and "[\\"cloudsql.enable_pgaudit=on\\",\\"cloudsql.iam_authentication=on\\",\\"log_checkpoints=on\\",\\"log_connections=on\\",\\"log_disconnections=on\\",\\"log_error_verbosity=default\\",\\"log_lock_waits=on\\",\\"log_min_duration_statement=-1\\",\\"log_min_error_statement=error\\",\\"log_min_messages=warning\\",\\"log_statement=ddl\\",\\"log_temp_files=0\\"]" on the primary.`,
        ],
    ],
    [
        TYPE,
        REPLICA,
        "settings.edition",
        REMOVE,
        [
            `Cloud SQL replica 'voice-db-europe-west4' must match its primary 'voice-db': settings.edition is not set on the replica and "ENTERPRISE_PLUS" on the primary.`,
        ],
    ],
]);

stackCases(switchover, "prod-eu", [
    [
        TYPE,
        PRIMARY,
        "replicationCluster",
        REMOVE,
        [`Cloud SQL primary 'voice-db' must name its switchover target in replicationCluster.failoverDrReplicaName.`],
    ],
    [
        TYPE,
        PRIMARY,
        "replicationCluster.failoverDrReplicaName",
        "edentist-voice-prod-eu:voice-db-europe-west9",
        [
            `Cloud SQL primary 'voice-db' names switchover target 'edentist-voice-prod-eu:voice-db-europe-west9', which is not a replica of it in this stack.`,
        ],
    ],
    [
        TYPE,
        PRIMARY,
        "settings.edition",
        "ENTERPRISE",
        [`Cloud SQL primary 'voice-db' must use edition ENTERPRISE_PLUS to allow switchover; it is ENTERPRISE.`],
    ],
    [
        TYPE,
        REPLICA,
        "settings.edition",
        "ENTERPRISE",
        [`Cloud SQL switchover target 'voice-db-europe-west4' must use edition ENTERPRISE_PLUS; it is ENTERPRISE.`],
    ],
    [
        TYPE,
        REPLICA,
        "region",
        "europe-west1",
        [
            `Cloud SQL switchover target 'voice-db-europe-west4' must be in another region than its primary (europe-west1).`,
        ],
    ],
    [TYPE, PRIMARY, "databaseVersion", "POSTGRES_15", []],
]);

describe(`${switchover.name} (edition default)`, () => {
    it("treats an unset edition on PostgreSQL 15 as ENTERPRISE", async () => {
        const postgres15 = setInputs({ "settings.edition": REMOVE, databaseVersion: "POSTGRES_15" });
        assert.deepStrictEqual(await checkPlanned(switchover, SQL_PRIMARY, postgres15), [
            `Cloud SQL primary 'voice-db' must use edition ENTERPRISE_PLUS to allow switchover; it is ENTERPRISE.`,
        ]);
    });
});

resourceCases(dbProtection, DATABASE, []);

describe(`${dbProtection.name} (protect option)`, () => {
    it("requires the Pulumi protect option", async () => {
        assert.deepStrictEqual(await checkPlanned(dbProtection, DATABASE, unprotect), [
            `Cloud SQL database 'voice' holds state and must be created with the Pulumi resource option protect: true.`,
        ]);
    });
});

resourceCases(userIam, IAM_USER, [
    [
        "type",
        "BUILT_IN",
        [
            `Cloud SQL user 'voice-agent@edentist-voice-prod-eu.iam' must use IAM database authentication: type is "BUILT_IN".`,
        ],
    ],
    [
        "type",
        REMOVE,
        [
            `Cloud SQL user 'voice-agent@edentist-voice-prod-eu.iam' must use IAM database authentication: type is "BUILT_IN".`,
        ],
    ],
    ["password", "hunter2", [`Cloud SQL user 'voice-agent@edentist-voice-prod-eu.iam' must not set a password.`]],
]);

stackCases(sqlResidency, "prod-eu", [
    [
        TYPE,
        REPLICA,
        "region",
        "us-central1",
        [
            `Cloud SQL instance 'voice-db-europe-west4' is in us-central1, outside the cell (europe-west1, europe-west4).`,
        ],
    ],
    [
        TYPE,
        PRIMARY,
        "settings.backupConfiguration.location",
        REMOVE,
        [`Cloud SQL instance 'voice-db' must pin settings.backupConfiguration.location to a cell region.`],
    ],
    [
        TYPE,
        PRIMARY,
        "settings.backupConfiguration.location",
        "us",
        [`Cloud SQL instance 'voice-db' stores backups in us, outside the cell (europe-west1, europe-west4).`],
    ],
    [
        "gcp:redis/instance:Instance",
        "voice-cache-europe-west4",
        "region",
        "us-east1",
        [
            `Memorystore instance 'voice-cache-europe-west4' is in us-east1, outside the cell (europe-west1, europe-west4).`,
        ],
    ],
]);

resourceCases(majorVersion, SQL_PRIMARY, [
    ["databaseVersion", "POSTGRES_13", [`Cloud SQL instance 'voice-db' runs POSTGRES_13; use PostgreSQL 15 or later.`]],
]);

stackCases(psa, "prod-eu", [
    [
        "gcp:servicenetworking/connection:Connection",
        "voice-eu-private-services",
        "reservedPeeringRanges",
        ["other-range"],
        [
            `voice-db, voice-db-europe-west4, voice-cache-europe-west1, voice-cache-europe-west4 use private services access, but the stack declares no servicenetworking connection over a VPC_PEERING range.`,
        ],
    ],
    [
        "gcp:compute/globalAddress:GlobalAddress",
        "voice-eu-private-services",
        "purpose",
        REMOVE,
        [
            `voice-db, voice-db-europe-west4, voice-cache-europe-west1, voice-cache-europe-west4 use private services access, but the stack declares no servicenetworking connection over a VPC_PEERING range.`,
        ],
    ],
]);
