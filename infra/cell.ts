/**
 * The cell: every component of one stack, composed from the typed config. Components get typed
 * slices of the config through their Args; pure decisions come from decisions.ts and
 * runtimeFlags.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Config } from "./config";
import { capacityScaler, drainedRegions, minimumCapacity, negUrl } from "./decisions";
import { childName, clusterName, negName } from "./naming";
import { imageRef, pmsWorkerReplicas, purgeEpoch, runtimeFlags } from "./runtimeFlags";
import { Cluster } from "./components/cluster/Cluster";
import { LoadBalancer } from "./components/loadBalancer/LoadBalancer";
import { Network } from "./components/network/Network";
import { CachePurgeJob } from "./components/workload/CachePurgeJob";
import { PmsSyncWorker } from "./components/workload/PmsSyncWorker";
import { Workload } from "./components/workload/Workload";
import { buildDataTier } from "./dataTier";
import { databasePrimaryRegion } from "./databaseLayout";

/** The port the voice-agent container serves HTTP and WebSocket on. */
const servingPort = 8080;
/** Network tag of GKE nodes; the health-check firewall targets it. */
const nodeTag = "voice-agent-node";

function labelsOf(c: Config): Record<string, string> {
    return { app: "voice-agent", cell: c.cell, environment: c.environment, "managed-by": "pulumi" };
}

export function buildCell(c: Config): Record<string, pulumi.Input<unknown>> {
    const labels = labelsOf(c);
    const regions = Object.keys(c.regions);

    const network = new Network(childName("voice", c.cell), {
        regions: Object.fromEntries(regions.map((r) => [r, c.regions[r].subnet])),
        privateServicesRange: c.network.privateServicesRange,
        nodeTag,
        servingPort,
    });

    // Cloud SQL, Memorystore, Pub/Sub, the incident secret, and the Google service account the
    // pods' Kubernetes service account acts as through Workload Identity.
    const data = buildDataTier(c, { network: network.network.id, privateServicesConnection: network.privateServicesConnection }, labels);

    const clusters: Record<string, Cluster> = {};
    const workloads: Record<string, Workload> = {};
    for (const region of regions) {
        const rc = c.regions[region];
        const capacity = minimumCapacity(c, region);
        clusters[region] = new Cluster(clusterName(region), {
            project: c.project,
            region,
            zones: rc.zones,
            network: network.network.id,
            subnetwork: network.subnets[region].id,
            podsRangeName: network.podsRangeName,
            servicesRangeName: network.servicesRangeName,
            controlPlaneCidr: rc.subnet.controlPlane,
            masterAuthorizedNetworks: c.masterAuthorizedNetworks,
            maintenance: rc.maintenance,
            nodePool: { ...rc.nodePool, minPerZone: capacity.minPerZone, initialPerZone: rc.nodePool.minPerZone },
            nodeTag,
            labels,
        });
        workloads[region] = new Workload(childName("voice-agent", region), {
            provider: clusters[region].provider,
            region,
            image: imageRef(c.release),
            replicas: { ...rc.workload, minReplicas: capacity.minReplicas },
            configData: { ...runtimeFlags(c, region), ...data.configData(region) },
            secretData: data.secretData(region),
            googleServiceAccountEmail: data.identity.email,
            negName: negName(region),
            servingPort,
            healthCheckPath: c.loadBalancer.healthCheckPath,
            maxCallSeconds: c.loadBalancer.timeoutSec,
            labels,
        });
        const workload = workloads[region];
        new PmsSyncWorker(childName("pms-sync-worker", region), {
            provider: clusters[region].provider,
            image: imageRef(c.release),
            replicas: pmsWorkerReplicas(c),
            configMapName: workload.configMap.metadata.name,
            secretName: workload.secret?.metadata.name,
            configChecksum: workload.configChecksum,
            secretChecksum: workload.secretChecksum,
            serviceAccountName: workload.serviceAccount.metadata.name,
            namespace: workload.namespace,
            servingPort,
            healthCheckPath: c.loadBalancer.healthCheckPath,
            labels,
        });
        const epoch = purgeEpoch(c);
        if (epoch !== undefined && workload.secret) {
            // The epoch is part of the name: a bump creates the new Job and deletes the old one.
            new CachePurgeJob(childName("cache-purge", region, String(epoch)), {
                provider: clusters[region].provider,
                epoch,
                image: c.cachePurge.image,
                configMapName: workload.configMap.metadata.name,
                secretName: workload.secret.metadata.name,
                serviceAccountName: workload.serviceAccount.metadata.name,
                namespace: workload.namespace,
                labels,
            });
        }
    }

    const loadBalancer = new LoadBalancer(childName("voice", c.cell, "lb"), {
        domain: c.domain,
        backends: regions.flatMap((region) =>
            c.regions[region].zones.map((zone) => ({ group: negUrl(c.project, zone, negName(region)), capacityScaler: capacityScaler(c, region) })),
        ),
        negSources: regions.map((r) => workloads[r].service),
        maxRatePerEndpoint: c.loadBalancer.maxRatePerEndpoint,
        timeoutSec: c.loadBalancer.timeoutSec,
        drainingTimeoutSec: c.loadBalancer.drainingTimeoutSec,
        healthCheckPath: c.loadBalancer.healthCheckPath,
        servingPort,
        rateLimit: c.rateLimit,
        labels,
    });

    return {
        cell: c.cell,
        domain: c.domain,
        loadBalancerIp: loadBalancer.address.address,
        backendService: loadBalancer.backendService.name,
        primaryRegion: c.primaryRegion,
        drainedRegions: drainedRegions(c),
        clusters: Object.fromEntries(regions.map((r) => [r, clusters[r].cluster.name])),
        database: {
            primaryRegion: databasePrimaryRegion(c),
            primary: data.database.primary.name,
            instances: Object.fromEntries(regions.map((r) => [r, data.database.instances[r].name])),
            writeHost: data.database.writeHost,
        },
        caches: Object.fromEntries(regions.map((r) => [r, { name: data.caches[r].instance.name, host: data.caches[r].host, port: data.caches[r].port }])),
        pubsub: {
            topics: [data.messaging.jobsTopic.name, data.messaging.replayTopic.name, data.messaging.deadLetterTopic.name],
            subscriptions: [data.messaging.workerSubscription.name, data.messaging.replaySubscription.name, data.messaging.deadLetterSubscription.name],
        },
        incidentSecret: data.incidentAccess.secret.secretId,
        workloadServiceAccount: data.identity.email,
    };
}
