import * as gcp from "../../gcp";
import * as pulumi from "@pulumi/pulumi";
import type { DatabaseInstancePlan } from "../../../core/databaseLayout";
import { childName, fixedNames } from "../../../core/naming";
import { defined } from "../../../core/defined";
import { suffixed } from "./InstanceNameSuffix";

/** The database settings of the config (`database.*`) the instances are built from. */
export interface DatabaseSettings {
    version: string;
    edition: "ENTERPRISE_PLUS" | "ENTERPRISE";
    tier: string;
    diskSizeGb: number;
    backupRetainedCount: number;
    transactionLogRetentionDays: number;
    backupStartTime: string;
    logMinDurationStatementMs: number;
    maintenanceUpdateTrack: string;
}

export interface DatabaseArgs {
    /** One plan per region (core/databaseLayout.ts): physical name, role and replication fields. */
    instances: DatabaseInstancePlan[];
    /** Region whose instance is named `voice-db`: the database and the IAM user are declared on it. */
    voiceDbRegion: string;
    settings: DatabaseSettings;
    /** Cloud SQL maintenance slot of each region (core/maintenanceWindows.ts). */
    maintenance: Record<string, { day: number; hour: number }>;
    /** VPC the instances get their private IP in, through private services access. */
    network: pulumi.Input<string>;
    /** The private-services-access peering; instances are created after it. */
    privateServicesConnection: pulumi.Resource;
    /** Google service account that logs in with IAM database authentication (the workload's). */
    workloadServiceAccountEmail: pulumi.Input<string>;
    labels: Record<string, string>;
    /** Appended to every instance's physical name (infra/lifecycle.ts `nameSuffixBytes`); none in production. */
    nameSuffix?: pulumi.Input<string>;
    /** Pulumi's `protect` on the stateful resources (infra/lifecycle.ts: off in drill cells). */
    protect: boolean;
    /** The provider's deletion protection (infra/lifecycle.ts: off in drill cells). */
    deletionProtection: boolean;
    /** Leave the IAM user to its instance's deletion (infra/lifecycle.ts `abandonOnDelete`). */
    abandonOnDelete: boolean;
}

/**
 * The CIS Google Cloud benchmark's PostgreSQL flags (section 6.2), plus IAM database
 * authentication, which the workload's login needs. The same list on every instance: a replica
 * promoted by a switchover must log like the primary did.
 */
export function postgresFlags(logMinDurationStatementMs: number): { name: string; value: string }[] {
    return [
        { name: "cloudsql.iam_authentication", value: "on" },
        { name: "cloudsql.enable_pgaudit", value: "on" },
        { name: "log_checkpoints", value: "on" },
        { name: "log_connections", value: "on" },
        { name: "log_disconnections", value: "on" },
        { name: "log_lock_waits", value: "on" },
        { name: "log_temp_files", value: "0" },
        { name: "log_error_verbosity", value: "default" },
        { name: "log_min_messages", value: "warning" },
        { name: "log_min_error_statement", value: "error" },
        { name: "log_statement", value: "ddl" },
        { name: "log_min_duration_statement", value: String(logMinDurationStatementMs) },
    ];
}

/**
 * Cloud SQL for PostgreSQL of the cell: an instance in every region, one of them the primary with
 * regional HA, the others cross-region read replicas that are regional themselves, so that a
 * promoted replica is highly available at once. Which instance is primary comes from the plans;
 * Pulumi names are keyed by region, so a switchover updates instances in place.
 */
export class Database extends pulumi.ComponentResource {
    /** Instances by region. */
    readonly instances: Record<string, gcp.sql.DatabaseInstance>;
    /** The instance that holds the primary role now. */
    readonly primary: gcp.sql.DatabaseInstance;
    readonly database: gcp.sql.Database;
    readonly iamUser: gcp.sql.User;
    /**
     * Host the workloads connect to for writes: the primary's write endpoint, a DNS name Cloud SQL
     * keeps pointed at whichever instance is primary, across switchover and replica failover
     * (docs: "Connect to an instance using a write endpoint"; provider:
     * `replicationCluster.psaWriteEndpoint`). Cloud SQL generates it for Enterprise Plus instances
     * on private services access when the Cloud DNS API is enabled. Where there is none (Enterprise
     * edition), the primary's private IP, which follows the primary role through this program.
     */
    readonly writeHost: pulumi.Output<string>;
    /** `project:region:instance` of the primary, for the Cloud SQL connectors. */
    readonly connectionName: pulumi.Output<string>;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:database:Database", name, {}, opts);
        const settings = args.settings;
        const plus = settings.edition === "ENTERPRISE_PLUS";
        const primaryPlan = args.instances.find((i) => i.role === "primary");
        if (!primaryPlan || args.instances.filter((i) => i.role === "primary").length !== 1) {
            throw new Error(`Database ${name}: exactly one instance must hold the primary role`);
        }

        const instanceOf = (plan: DatabaseInstancePlan, master?: gcp.sql.DatabaseInstance): gcp.sql.DatabaseInstance =>
            new gcp.sql.DatabaseInstance(
                childName(name, plan.region),
                {
                    name: suffixed(plan.name, args.nameSuffix),
                    region: plan.region,
                    databaseVersion: settings.version,
                    instanceType: plan.instanceType,
                    // An output, so a replica waits for its primary; after a switchover the
                    // dependency flips, and the new primary is updated (switched over) first.
                    masterInstanceName: master ? master.name : undefined,
                    replicaNames: plan.replicaNames.map((n) => suffixed(n, args.nameSuffix)),
                    replicationCluster:
                        plan.failoverDrReplicaName === undefined
                            ? undefined
                            : {
                                  failoverDrReplicaName:
                                      plan.failoverDrReplicaName === ""
                                          ? ""
                                          : suffixed(plan.failoverDrReplicaName, args.nameSuffix),
                              },
                    // Refuses a delete from Pulumi; settings.deletionProtectionEnabled refuses it from
                    // every other client (console, gcloud, API).
                    deletionProtection: args.deletionProtection,
                    settings: {
                        tier: settings.tier,
                        edition: settings.edition,
                        availabilityType: "REGIONAL",
                        deletionProtectionEnabled: args.deletionProtection,
                        diskType: "PD_SSD",
                        diskSize: settings.diskSizeGb,
                        diskAutoresize: true,
                        diskAutoresizeLimit: 0,
                        // Enterprise Plus' SSD-backed data cache; Enterprise has none.
                        dataCacheConfig: plus ? { dataCacheEnabled: true } : undefined,
                        backupConfiguration: {
                            enabled: plan.backupsEnabled,
                            pointInTimeRecoveryEnabled: plan.backupsEnabled,
                            startTime: settings.backupStartTime,
                            // Backups stay in the instance's region: patient data stays in the
                            // cell's jurisdiction (the default is the nearest multi-region).
                            location: plan.region,
                            transactionLogRetentionDays: settings.transactionLogRetentionDays,
                            backupRetentionSettings: {
                                retainedBackups: settings.backupRetainedCount,
                                retentionUnit: "COUNT",
                            },
                        },
                        ipConfiguration: {
                            ipv4Enabled: false,
                            privateNetwork: args.network,
                            sslMode: "ENCRYPTED_ONLY",
                            // CAS-issued server certificates carry the instance's DNS names, so a
                            // client can verify the write endpoint's host name; primary and DR
                            // replica need the same SSL configuration for the write endpoint.
                            serverCaMode: "GOOGLE_MANAGED_CAS_CA",
                        },
                        databaseFlags: postgresFlags(settings.logMinDurationStatementMs),
                        insightsConfig: {
                            queryInsightsEnabled: true,
                            queryStringLength: 1024,
                            queryPlansPerMinute: 5,
                            recordApplicationTags: true,
                            recordClientAddress: true,
                        },
                        maintenanceWindow: {
                            ...args.maintenance[plan.region],
                            updateTrack: settings.maintenanceUpdateTrack,
                        },
                        userLabels: { ...args.labels, component: "database" },
                    },
                },
                { parent: this, protect: args.protect, dependsOn: [args.privateServicesConnection] },
            );

        this.primary = instanceOf(primaryPlan);
        const primary = this.primary;
        // In config order for readers; the primary first among the registrations, as replicas
        // name it.
        const replicas = new Map(
            args.instances.filter((p) => p.role === "replica").map((p) => [p.region, instanceOf(p, primary)]),
        );
        this.instances = Object.fromEntries(args.instances.map((p) => [p.region, replicas.get(p.region) ?? primary]));
        const instanceIn = (region: string) =>
            defined(this.instances[region], `Cloud SQL instance of region ${region}`);

        // The database and the IAM user live on the instance named voice-db, whatever its role:
        // users and databases replicate to every instance, and binding them to a fixed instance
        // keeps a switchover from replacing them.
        const owner = instanceIn(args.voiceDbRegion);
        this.database = new gcp.sql.Database(
            childName(name, fixedNames.database),
            {
                name: fixedNames.database,
                instance: owner.name,
                charset: "UTF8",
                collation: "en_US.UTF8",
                // Dropping the schema of a live cell is never a side effect of a Pulumi delete.
                deletionPolicy: "ABANDON",
            },
            { parent: this, protect: args.protect },
        );
        // IAM database authentication: the user is the service account's e-mail without the
        // ".gserviceaccount.com" suffix (Cloud SQL docs, "Add an IAM user or service account").
        this.iamUser = new gcp.sql.User(
            childName(name, "iam", fixedNames.workloadServiceAccount),
            {
                instance: owner.name,
                name: pulumi
                    .output(args.workloadServiceAccountEmail)
                    .apply((e) => e.replace(/\.gserviceaccount\.com$/, "")),
                type: "CLOUD_IAM_SERVICE_ACCOUNT",
                // PostgreSQL refuses to drop a role that owns objects; the instance takes it along.
                ...(args.abandonOnDelete ? { deletionPolicy: "ABANDON" } : {}),
            },
            { parent: this, dependsOn: [this.database] },
        );

        // Read from every instance, not from whichever is primary: the endpoint is one per
        // replication cluster, and depending on all instances keeps the workloads' dependencies
        // the same across a switchover, so a switchover touches the two instances and nothing else.
        const regions = args.instances.map((p) => p.region);
        this.writeHost = pulumi
            .all(regions.map((r) => pulumi.all([instanceIn(r).replicationCluster, instanceIn(r).privateIpAddress])))
            .apply((perRegion) => {
                const endpoint = perRegion.map(([cluster]) => cluster?.psaWriteEndpoint).find((e) => e);
                return endpoint
                    ? endpoint.replace(/\.$/, "")
                    : defined(perRegion[regions.indexOf(primaryPlan.region)], "the primary's address")[1];
            });
        this.connectionName = this.primary.connectionName;

        this.registerOutputs({
            primary: this.primary.name,
            instances: Object.fromEntries(Object.entries(this.instances).map(([r, i]) => [r, i.name])),
            writeHost: this.writeHost,
            connectionName: this.connectionName,
        });
    }
}
