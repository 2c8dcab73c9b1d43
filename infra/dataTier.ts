/**
 * The data tier of a cell: Cloud SQL, one Memorystore per region, Pub/Sub for PMS sync,
 * the incident secret and the workload's Google service account, composed from the typed config,
 * plus what each region's workload must know about them.
 */
import * as pulumi from "@pulumi/pulumi";
import { regionConfigOf, type Config } from "./config";
import { databaseInstanceName, databaseLayout, voiceDbRegion } from "../core/databaseLayout";
import { lifecycleOf } from "./lifecycle";
import { defined } from "../core/defined";
import { redisMaintenanceWindow, sqlMaintenanceWindow } from "../core/maintenanceWindows";
import { cacheName, childName, fixedNames } from "../core/naming";
import { Cache } from "./components/cache/Cache";
import { Database } from "./components/database/Database";
import { InstanceNameSuffix, suffixed } from "./components/database/InstanceNameSuffix";
import { WorkloadIdentity } from "./components/identity/WorkloadIdentity";
import { Messaging } from "./components/messaging/Messaging";
import { IncidentAccess } from "./components/secrets/IncidentAccess";

/** PostgreSQL's port on a Cloud SQL private IP and on the write endpoint. */
const postgresPort = "5432";

export interface DataTierNetwork {
    /** VPC id. */
    network: pulumi.Input<string>;
    privateServicesConnection: pulumi.Resource;
}

export interface DataTier {
    identity: WorkloadIdentity;
    database: Database;
    caches: Record<string, Cache>;
    messaging: Messaging;
    incidentAccess: IncidentAccess;
    /** ConfigMap entries of a region's workload: endpoints and names, nothing secret. */
    configData(region: string): Record<string, pulumi.Input<string>>;
    /** Kubernetes Secret entries of a region's workload: that region's Redis AUTH string. */
    secretData(region: string): Record<string, pulumi.Input<string>>;
}

export function buildDataTier(config: Config, net: DataTierNetwork, labels: Record<string, string>): DataTier {
    const regions = Object.keys(config.regions);
    const layout = databaseLayout(config, config.project);
    const lifecycle = lifecycleOf(config);
    // Drill cells: instance names that a cell created again can use at once (infra/lifecycle.ts).
    const nameSuffix =
        lifecycle.nameSuffixBytes > 0
            ? new InstanceNameSuffix(childName(fixedNames.databasePrimary, "suffix"), {
                  byteLength: lifecycle.nameSuffixBytes,
              }).hex
            : undefined;

    const messaging = new Messaging(childName("pms-sync", config.cell), {
        regions,
        project: config.project,
        ...config.messaging,
        labels,
        protect: lifecycle.protect,
    });

    const incidentAccess = new IncidentAccess(fixedNames.incidentSecret, {
        regions,
        incidentResponders: config.incidentResponders,
        labels,
        protect: lifecycle.protect,
        deletionProtection: lifecycle.deletionProtection,
    });

    const identity = new WorkloadIdentity(fixedNames.workloadServiceAccount, {
        project: config.project,
        publishTopics: { jobs: messaging.jobsTopic.name, replay: messaging.replayTopic.name },
        subscriptions: { worker: messaging.workerSubscription.name, replay: messaging.replaySubscription.name },
        databaseInstances: regions.map((r) => suffixed(databaseInstanceName(config, r), nameSuffix)),
    });

    const database = new Database(fixedNames.databasePrimary, {
        instances: layout,
        voiceDbRegion: voiceDbRegion(config),
        settings: config.database,
        maintenance: Object.fromEntries(
            regions.map((r) => [r, sqlMaintenanceWindow(regionConfigOf(config, r).maintenance)]),
        ),
        network: net.network,
        privateServicesConnection: net.privateServicesConnection,
        workloadServiceAccountEmail: identity.email,
        labels,
        protect: lifecycle.protect,
        deletionProtection: lifecycle.deletionProtection,
        abandonOnDelete: lifecycle.abandonOnDelete,
        nameSuffix,
    });

    const caches: Record<string, Cache> = {};
    const cacheIn = (region: string): Cache => defined(caches[region], `cache of region ${region}`);
    for (const region of regions) {
        caches[region] = new Cache(cacheName(region), {
            region,
            ...config.cache,
            maintenanceWindow: redisMaintenanceWindow(regionConfigOf(config, region).maintenance),
            network: net.network,
            privateServicesConnection: net.privateServicesConnection,
            labels,
            protect: lifecycle.protect,
            deletionProtection: lifecycle.deletionProtection,
        });
    }

    return {
        identity,
        database,
        caches,
        messaging,
        incidentAccess,
        configData: (region) => ({
            // The write endpoint follows the primary by itself (Database.writeHost), so a switchover
            // changes nothing here and rolls no pods; only the Enterprise-edition IP fallback moves.
            DATABASE_HOST: database.writeHost,
            DATABASE_PORT: postgresPort,
            DATABASE_NAME: fixedNames.database,
            // IAM database authentication: the user is the service account without its domain suffix.
            DATABASE_USER: database.iamUser.name,
            REDIS_HOST: cacheIn(region).host,
            REDIS_PORT: cacheIn(region).port.apply(String),
            REDIS_TLS: "true",
            REDIS_CA_CERT: cacheIn(region).serverCaCert,
            PUBSUB_PROJECT: config.project,
            PMS_JOBS_TOPIC: messaging.jobsTopic.name,
            PMS_REPLAY_TOPIC: messaging.replayTopic.name,
            PMS_WORKER_SUBSCRIPTION: messaging.workerSubscription.name,
            PMS_REPLAY_SUBSCRIPTION: messaging.replaySubscription.name,
        }),
        secretData: (region) => ({ REDIS_AUTH: cacheIn(region).authString }),
    };
}
