/**
 * The data tier, on the offline plan of both prod stacks: the data tier's resources, their
 * key inputs, protection, IAM, and what each region's workload is told.
 */
import * as assert from "assert";
import { defined } from "../../core/defined";
import { postgresFlags } from "../../infra/components/database/Database";
import type { Inventory } from "../../tools/lib/plan";
import { byPhysicalName, named, ofType, one, planOf, prodStacks, types } from "../support/plans";

/** The flags every instance declares, with the default slow-query threshold (-1: never log statement text). */
const flags = postgresFlags(-1);

/** Cloud SQL maintenance slot and Redis window per region: the start of the region's GKE window. */
type Windows = { sql: { day: number; hour: number }; redis: { day: string; hours: number } };
const windowsByRegion: Record<string, Windows> = {
    "europe-west1": { sql: { day: 6, hour: 1 }, redis: { day: "SATURDAY", hours: 1 } },
    "europe-west4": { sql: { day: 6, hour: 8 }, redis: { day: "SATURDAY", hours: 8 } },
    "me-central1": { sql: { day: 5, hour: 0 }, redis: { day: "FRIDAY", hours: 0 } },
    "me-central2": { sql: { day: 5, hour: 7 }, redis: { day: "FRIDAY", hours: 7 } },
};

const windowsOf = (region: string): Windows => defined(windowsByRegion[region], `the expected windows of ${region}`);

for (const { stack, project, regions, group } of prodStacks) {
    const [primary, secondary] = regions;
    const cell = stack.slice("prod-".length);
    const network = `projects/${project}/global/networks/voice-${cell}`;
    const labels = { app: "voice-agent", cell, environment: "prod", "managed-by": "pulumi" };
    const sa = `voice-agent@${project}.iam.gserviceaccount.com`;

    describe(`data tier inventory: ${stack}`, () => {
        let inv: Inventory;
        before(async () => {
            inv = await planOf(stack);
        });

        it("has exactly the data tier's resources", () => {
            const counts = (t: string) => ofType(inv, t).length;
            assert.deepStrictEqual(
                Object.fromEntries(
                    Object.entries(types)
                        .filter(
                            ([k]) =>
                                !["configMap", "k8sSecret", "deployment", "projectIam", "serviceAccount"].includes(k),
                        )
                        .map(([k, t]) => [k, counts(t)]),
                ),
                {
                    sqlInstance: 2,
                    sqlDatabase: 1,
                    sqlUser: 1,
                    redis: 2,
                    topic: 3,
                    subscription: 3,
                    topicIam: 3,
                    subscriptionIam: 4,
                    secret: 1,
                    secretIam: 1,
                    serviceAccountIam: 1,
                },
            );
            assert.deepStrictEqual(
                [
                    "database:Database",
                    "cache:Cache",
                    "messaging:Messaging",
                    "secrets:IncidentAccess",
                    "identity:WorkloadIdentity",
                ].map((t) => ofType(inv, `voice-agent:${t}`).map((r) => r.name)),
                [
                    ["voice-db"],
                    regions.map((r) => `voice-cache-${r}`),
                    [`pms-sync-${cell}`],
                    ["incident-access"],
                    ["voice-agent"],
                ],
            );
        });

        it("declares voice-db in the primary region as the design describes", () => {
            const db = byPhysicalName(inv, types.sqlInstance, "voice-db");
            assert.strictEqual(db.name, `voice-db-${primary}`, "the Pulumi name is keyed by region");
            assert.strictEqual(db.protect, true);
            assert.deepStrictEqual(db.inputs, {
                name: "voice-db",
                region: primary,
                databaseVersion: "POSTGRES_16",
                instanceType: "CLOUD_SQL_INSTANCE",
                replicaNames: [`voice-db-${secondary}`],
                replicationCluster: { failoverDrReplicaName: `${project}:voice-db-${secondary}` },
                deletionProtection: true,
                settings: {
                    tier: "db-perf-optimized-N-4",
                    edition: "ENTERPRISE_PLUS",
                    availabilityType: "REGIONAL",
                    deletionProtectionEnabled: true,
                    diskType: "PD_SSD",
                    diskSize: 100,
                    diskAutoresize: true,
                    diskAutoresizeLimit: 0,
                    dataCacheConfig: { dataCacheEnabled: true },
                    backupConfiguration: {
                        enabled: true,
                        pointInTimeRecoveryEnabled: true,
                        startTime: "02:00",
                        location: primary,
                        transactionLogRetentionDays: 7,
                        backupRetentionSettings: { retainedBackups: 30, retentionUnit: "COUNT" },
                    },
                    ipConfiguration: {
                        ipv4Enabled: false,
                        privateNetwork: network,
                        sslMode: "ENCRYPTED_ONLY",
                        serverCaMode: "GOOGLE_MANAGED_CAS_CA",
                    },
                    databaseFlags: flags,
                    insightsConfig: {
                        queryInsightsEnabled: true,
                        queryStringLength: 1024,
                        queryPlansPerMinute: 5,
                        recordApplicationTags: true,
                        recordClientAddress: true,
                    },
                    maintenanceWindow: { ...windowsOf(primary).sql, updateTrack: "stable" },
                    userLabels: { ...labels, component: "database" },
                },
            });
        });

        it("declares one regional replica per other region, following voice-db with the primary's tier, flags and SSL", () => {
            const db = byPhysicalName(inv, types.sqlInstance, "voice-db");
            const replica = byPhysicalName(inv, types.sqlInstance, `voice-db-${secondary}`);
            assert.strictEqual(replica.name, `voice-db-${secondary}`);
            assert.strictEqual(replica.protect, true);
            assert.strictEqual(replica.inputs.instanceType, "READ_REPLICA_INSTANCE");
            assert.strictEqual(replica.inputs.masterInstanceName, "voice-db");
            assert.deepStrictEqual(replica.inputs.replicaNames, []);
            assert.deepStrictEqual(replica.inputs.replicationCluster, { failoverDrReplicaName: "" });
            assert.ok(replica.dependsOn.includes(db.urn), "the replica is created after its primary");
            const s = replica.inputs.settings as Record<string, unknown>;
            const p = db.inputs.settings as Record<string, unknown>;
            for (const key of [
                "tier",
                "edition",
                "availabilityType",
                "databaseFlags",
                "ipConfiguration",
                "deletionProtectionEnabled",
                "insightsConfig",
                "diskType",
                "diskAutoresize",
            ]) {
                assert.deepStrictEqual(s[key], p[key], `settings.${key}`);
            }
            assert.deepStrictEqual(s.backupConfiguration, {
                enabled: false,
                pointInTimeRecoveryEnabled: false,
                startTime: "02:00",
                location: secondary,
                transactionLogRetentionDays: 7,
                backupRetentionSettings: { retainedBackups: 30, retentionUnit: "COUNT" },
            });
            assert.deepStrictEqual(s.maintenanceWindow, { ...windowsOf(secondary).sql, updateTrack: "stable" });
        });

        it("creates every instance after the private-services-access peering", () => {
            const psa = ofType(inv, "gcp:servicenetworking/connection:Connection");
            assert.strictEqual(psa.length, 1);
            for (const r of [...ofType(inv, types.sqlInstance), ...ofType(inv, types.redis)]) {
                assert.ok(
                    r.dependsOn.includes(one(inv, "gcp:servicenetworking/connection:Connection").urn),
                    `${r.name} waits for the peering`,
                );
            }
        });

        it("declares the database voice and the workload's IAM database user on voice-db", () => {
            const db = ofType(inv, types.sqlDatabase)[0];
            assert.deepStrictEqual(db?.inputs, {
                name: "voice",
                instance: "voice-db",
                charset: "UTF8",
                collation: "en_US.UTF8",
                deletionPolicy: "ABANDON",
            });
            assert.strictEqual(db?.protect, true);
            const user = ofType(inv, types.sqlUser)[0];
            assert.deepStrictEqual(user?.inputs, {
                instance: "voice-db",
                name: `voice-agent@${project}.iam`,
                type: "CLOUD_IAM_SERVICE_ACCOUNT",
            });
        });

        for (const region of regions) {
            it(`declares voice-cache-${region} as STANDARD_HA with AUTH, TLS, RDB and its region's window`, () => {
                const redis = byPhysicalName(inv, types.redis, `voice-cache-${region}`);
                assert.strictEqual(redis.protect, true);
                assert.deepStrictEqual(redis.inputs, {
                    name: `voice-cache-${region}`,
                    region,
                    tier: "STANDARD_HA",
                    memorySizeGb: 5,
                    redisVersion: "REDIS_7_2",
                    replicaCount: 2,
                    readReplicasMode: "READ_REPLICAS_ENABLED",
                    authEnabled: true,
                    transitEncryptionMode: "SERVER_AUTHENTICATION",
                    connectMode: "PRIVATE_SERVICE_ACCESS",
                    authorizedNetwork: network,
                    persistenceConfig: { persistenceMode: "RDB", rdbSnapshotPeriod: "ONE_HOUR" },
                    maintenancePolicy: {
                        description: `inside the GKE maintenance window of ${region}`,
                        weeklyMaintenanceWindows: [
                            {
                                day: windowsOf(region).redis.day,
                                startTime: { hours: windowsOf(region).redis.hours, minutes: 0, seconds: 0, nanos: 0 },
                            },
                        ],
                    },
                    deletionProtection: true,
                    labels: { ...labels, component: "cache" },
                });
            });
        }

        it("stores the three PMS topics only in the cell's regions, protected", () => {
            const retention: Record<string, string> = {
                "pms-sync-jobs": "604800s",
                "pms-sync-replay": "604800s",
                "pms-sync-dead-letter": "2678400s",
            };
            assert.deepStrictEqual(
                ofType(inv, types.topic)
                    .map((t) => t.inputs.name)
                    .sort(),
                Object.keys(retention).sort(),
            );
            for (const t of ofType(inv, types.topic)) {
                assert.strictEqual(t.protect, true, t.name);
                assert.deepStrictEqual(t.inputs, {
                    name: t.inputs.name,
                    messageRetentionDuration: retention[t.inputs.name as string],
                    messageStoragePolicy: { allowedPersistenceRegions: regions, enforceInTransit: true },
                    labels: { ...labels, component: "messaging" },
                });
            }
        });

        it("declares the worker subscription with dead letters after 10 attempts, a retry policy, and no expiry", () => {
            const worker = byPhysicalName(inv, types.subscription, "pms-sync-worker");
            assert.strictEqual(worker.protect, true);
            assert.deepStrictEqual(worker.inputs, {
                name: "pms-sync-worker",
                topic: `projects/${project}/topics/pms-sync-jobs`,
                ackDeadlineSeconds: 60,
                messageRetentionDuration: "604800s",
                retryPolicy: { minimumBackoff: "10s", maximumBackoff: "600s" },
                deadLetterPolicy: {
                    deadLetterTopic: `projects/${project}/topics/pms-sync-dead-letter`,
                    maxDeliveryAttempts: 10,
                },
                expirationPolicy: { ttl: "" },
                labels: { ...labels, component: "messaging" },
            });
        });

        it("declares the replay subscription retaining acked messages for 7 days, never expiring, with retries and dead letters, and one on dead letters", () => {
            // Workers pull from the replay subscription during a replay: a poison job backs off and
            // ends in the dead letters there too.
            const replayOnly = {
                retryPolicy: { minimumBackoff: "10s", maximumBackoff: "600s" },
                deadLetterPolicy: {
                    deadLetterTopic: `projects/${project}/topics/pms-sync-dead-letter`,
                    maxDeliveryAttempts: 10,
                },
            };
            for (const [name, topic, extra] of [
                ["pms-sync-replay", "pms-sync-replay", replayOnly],
                ["pms-sync-dead-letter-inspect", "pms-sync-dead-letter", {}],
            ] as const) {
                const sub = byPhysicalName(inv, types.subscription, name);
                assert.strictEqual(sub.protect, true);
                assert.deepStrictEqual(sub.inputs, {
                    name,
                    topic: `projects/${project}/topics/${topic}`,
                    ackDeadlineSeconds: 60,
                    retainAckedMessages: true,
                    messageRetentionDuration: "604800s",
                    ...extra,
                    expirationPolicy: { ttl: "" },
                    labels: { ...labels, component: "messaging" },
                });
            }
        });

        it("lets the Pub/Sub service agent publish dead letters and subscribe on the subscriptions that dead-letter", () => {
            const agent = one(inv, "voice-agent:messaging:Messaging");
            const grants = [...ofType(inv, types.topicIam), ...ofType(inv, types.subscriptionIam)]
                .filter((r) => r.parent === agent.urn)
                .map((r) => r.inputs);
            grants.sort((x, y) => String(x.role).localeCompare(String(y.role)));
            assert.strictEqual(grants.length, 3);
            const member = grants[0]?.member as string;
            assert.match(member, /^serviceAccount:service-\d{12}@gcp-sa-pubsub\.iam\.gserviceaccount\.com$/);
            assert.deepStrictEqual(grants, [
                { topic: "pms-sync-dead-letter", role: "roles/pubsub.publisher", member },
                { subscription: "pms-sync-worker", role: "roles/pubsub.subscriber", member },
                { subscription: "pms-sync-replay", role: "roles/pubsub.subscriber", member },
            ]);
        });

        it("replicates incident-access only in the cell's regions and grants it to the incident responders", () => {
            const secret = ofType(inv, types.secret)[0];
            assert.strictEqual(secret?.protect, true);
            assert.deepStrictEqual(secret?.inputs, {
                secretId: "incident-access",
                replication: { userManaged: { replicas: regions.map((location) => ({ location })) } },
                deletionProtection: true,
                labels: { ...labels, component: "secrets" },
            });
            assert.deepStrictEqual(ofType(inv, types.secretIam)[0]?.inputs, {
                secretId: `projects/${project}/secrets/incident-access`,
                role: "roles/secretmanager.secretAccessor",
                member: `group:${group}`,
            });
        });

        it("grants the voice-agent service account only what the app needs, on resources where GCP allows", () => {
            const account = named(inv, types.serviceAccount, "voice-agent");
            assert.strictEqual(account.inputs.accountId, "voice-agent");
            const member = `serviceAccount:${sa}`;
            const grants = inv.resources
                .filter((r) => /IAMMember|IamMember/.test(r.type) && r.inputs.member === member)
                .map((r) => ({
                    type: r.type.split(":")[1],
                    role: r.inputs.role,
                    on: r.inputs.topic ?? r.inputs.subscription ?? r.inputs.secretId ?? r.inputs.project,
                }))
                // Registrations complete asynchronously: compare in a fixed order.
                .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
            assert.deepStrictEqual(grants, [
                { type: "projects/iAMMember", role: "roles/cloudsql.client", on: project },
                { type: "projects/iAMMember", role: "roles/cloudsql.instanceUser", on: project },
                { type: "projects/iAMMember", role: "roles/logging.logWriter", on: project },
                { type: "projects/iAMMember", role: "roles/monitoring.metricWriter", on: project },
                { type: "pubsub/subscriptionIAMMember", role: "roles/pubsub.subscriber", on: "pms-sync-replay" },
                { type: "pubsub/subscriptionIAMMember", role: "roles/pubsub.subscriber", on: "pms-sync-worker" },
                { type: "pubsub/topicIAMMember", role: "roles/pubsub.publisher", on: "pms-sync-jobs" },
                { type: "pubsub/topicIAMMember", role: "roles/pubsub.publisher", on: "pms-sync-replay" },
            ]);
            const condition = `resource.type == 'sqladmin.googleapis.com/Instance' && (resource.name == 'projects/${project}/instances/voice-db' || resource.name == 'projects/${project}/instances/voice-db-${secondary}')`;
            for (const role of ["roles/cloudsql.client", "roles/cloudsql.instanceUser"]) {
                const r = inv.resources.find((x) => x.type === types.projectIam && x.inputs.role === role)!;
                assert.deepStrictEqual(r.inputs.condition, {
                    title: "voice-db instances",
                    description: "Only the Cloud SQL instances of this cell",
                    expression: condition,
                });
            }
        });

        it("binds voice-agent/voice-agent of every cluster through one Workload Identity member", () => {
            const wi = ofType(inv, types.serviceAccountIam);
            assert.deepStrictEqual(
                wi.map((r) => r.inputs),
                [
                    {
                        serviceAccountId: `projects/${project}/serviceAccounts/${sa}`,
                        role: "roles/iam.workloadIdentityUser",
                        member: `serviceAccount:${project}.svc.id.goog[voice-agent/voice-agent]`,
                    },
                ],
            );
            for (const ksa of ofType(inv, "kubernetes:core/v1:ServiceAccount")) {
                assert.deepStrictEqual((ksa.inputs.metadata as { annotations: unknown }).annotations, {
                    "iam.gke.io/gcp-service-account": sa,
                });
            }
        });

        it("grants no basic role (owner, editor, viewer) anywhere", () => {
            const iam = inv.resources.filter((r) => /iam(member|binding|policy)/i.test(r.type));
            assert.ok(iam.length >= 20, `found ${iam.length} IAM resources`);
            for (const r of iam) {
                assert.ok(
                    !["roles/owner", "roles/editor", "roles/viewer"].includes(r.inputs.role as string),
                    `${r.type} ${r.name} grants ${String(r.inputs.role)}`,
                );
            }
        });

        it("protects every stateful resource: Cloud SQL, Redis, topics, subscriptions, secrets", () => {
            const stateful = [
                types.sqlInstance,
                types.sqlDatabase,
                types.redis,
                types.topic,
                types.subscription,
                types.secret,
            ];
            const found = inv.resources.filter((r) => (stateful as readonly string[]).includes(r.type));
            assert.strictEqual(found.length, 12);
            assert.deepStrictEqual(
                found.filter((r) => !r.protect).map((r) => `${r.type} ${r.name}`),
                [],
            );
        });

        for (const region of regions) {
            it(`tells the ${region} workload the database write endpoint, its own Redis, the Pub/Sub names and its region`, () => {
                const cm = ofType(inv, types.configMap).find((r) => r.urn.includes(`voice-agent-${region}`))!;
                const data = cm.inputs.data as Record<string, string>;
                const outputs = inv.outputs as {
                    database: { writeHost: string };
                    caches: Record<string, { host: string; port: number }>;
                };
                assert.match(outputs.database.writeHost, /^[0-9a-f]{13}\.[0-9a-f]{13}\.global\.sql-psa\.goog$/);
                assert.notStrictEqual(outputs.caches[regions[0]]?.host, outputs.caches[regions[1]]?.host);
                const {
                    CACHE_DISABLED,
                    CACHE_KEY_PREFIX,
                    CELL,
                    PMS_DISABLED_PROVIDERS,
                    PMS_SYNC_MODE,
                    VOICE_MODE,
                    REDIS_CA_CERT,
                    ...data_
                } = data;
                assert.deepStrictEqual(
                    { CACHE_DISABLED, CACHE_KEY_PREFIX, CELL, PMS_DISABLED_PROVIDERS, PMS_SYNC_MODE, VOICE_MODE },
                    {
                        CACHE_DISABLED: "false",
                        CACHE_KEY_PREFIX: `voice:${cell}:e0:`,
                        CELL: cell,
                        PMS_DISABLED_PROVIDERS: "",
                        PMS_SYNC_MODE: "live",
                        VOICE_MODE: "live",
                    },
                );
                // The instance's CA certificate reaches the pods; its text is the mocks', not checked.
                assert.ok(typeof REDIS_CA_CERT === "string" && REDIS_CA_CERT !== "", "REDIS_CA_CERT is set");
                assert.deepStrictEqual(data_, {
                    REGION: region,
                    DATABASE_HOST: outputs.database.writeHost,
                    DATABASE_PORT: "5432",
                    DATABASE_NAME: "voice",
                    DATABASE_USER: `voice-agent@${project}.iam`,
                    REDIS_HOST: outputs.caches[region]?.host,
                    // The instance's own port (the TLS one), whatever number the mocks answer.
                    REDIS_PORT: String(outputs.caches[region]?.port),
                    REDIS_TLS: "true",
                    PUBSUB_PROJECT: project,
                    PMS_JOBS_TOPIC: "pms-sync-jobs",
                    PMS_REPLAY_TOPIC: "pms-sync-replay",
                    PMS_WORKER_SUBSCRIPTION: "pms-sync-worker",
                    PMS_REPLAY_SUBSCRIPTION: "pms-sync-replay",
                });
            });
        }

        it("hands each region's Redis AUTH to the pods as a Kubernetes Secret the Deployment reads", () => {
            const secrets = ofType(inv, types.k8sSecret);
            assert.strictEqual(secrets.length, regions.length);
            for (const s of secrets) assert.strictEqual(s.inputs.stringData, "[secret]");
            for (const d of ofType(inv, types.deployment)) {
                const containers = (d.inputs.spec as any).template.spec.containers as { envFrom?: unknown[] }[];
                assert.ok(
                    containers.some((c) =>
                        JSON.stringify(c.envFrom ?? []).includes(`"secretRef":{"name":"voice-agent-secrets"}`),
                    ),
                    `${d.name} reads the Secret`,
                );
            }
        });
    });
}
