/**
 * One region of the cell: its GKE cluster and node pool, and through that cluster's provider the
 * voice agent, the PMS sync worker and, after a cache restore, the purge Job.
 */
import type * as pulumi from "@pulumi/pulumi";
import { regionConfigOf, type Config } from "./config";
import type { DataTier } from "./dataTier";
import { lifecycleOf } from "./lifecycle";
import { artifactRepositoryOf, type ArtifactRepository } from "./imageRepository";
import { childName, clusterName, negName } from "../core/naming";
import { imageRef, pmsWorkerReplicas, purgeEpoch, runtimeFlags } from "./runtimeFlags";
import { minimumCapacity } from "./traffic";
import { Cluster } from "./components/cluster/Cluster";
import { CachePurgeJob } from "./components/workload/CachePurgeJob";
import { PmsSyncWorker } from "./components/workload/PmsSyncWorker";
import { Workload } from "./components/workload/Workload";

/** What the cell shares with every region. */
export interface RegionContext {
    network: {
        network: pulumi.Input<string>;
        subnetwork: pulumi.Input<string>;
        podsRangeName: string;
        servicesRangeName: string;
    };
    data: DataTier;
    /** The port the voice-agent container serves HTTP and WebSocket on. */
    servingPort: number;
    /** Network tag of GKE nodes; the health-check firewall targets it. */
    nodeTag: string;
    labels: Record<string, string>;
}

export interface Region {
    cluster: Cluster;
    workload: Workload;
}

export function buildRegion(config: Config, region: string, ctx: RegionContext): Region {
    const regionConfig = regionConfigOf(config, region);
    const lifecycle = lifecycleOf(config);
    const capacity = minimumCapacity(config, region);
    const cluster = new Cluster(clusterName(region), {
        project: config.project,
        region,
        zones: regionConfig.zones,
        network: ctx.network.network,
        subnetwork: ctx.network.subnetwork,
        podsRangeName: ctx.network.podsRangeName,
        servicesRangeName: ctx.network.servicesRangeName,
        controlPlaneCidr: regionConfig.subnet.controlPlane,
        masterAuthorizedNetworks: config.masterAuthorizedNetworks,
        maintenance: regionConfig.maintenance,
        nodePool: {
            ...regionConfig.nodePool,
            minPerZone: capacity.minPerZone,
            initialPerZone: regionConfig.nodePool.minPerZone,
        },
        nodeTag: ctx.nodeTag,
        imageRepositories: imageRepositoriesOf([config.release.image, config.cachePurge.image]),
        labels: ctx.labels,
        protect: lifecycle.protect,
        deletionProtection: lifecycle.deletionProtection,
    });
    const workload = new Workload(childName("voice-agent", region), {
        provider: cluster.provider,
        nodes: cluster.nodePool,
        region,
        image: imageRef(config.release),
        replicas: { ...regionConfig.workload, minReplicas: capacity.minReplicas },
        configData: { ...runtimeFlags(config, region), ...ctx.data.configData(region) },
        secretData: ctx.data.secretData(region),
        googleServiceAccountEmail: ctx.data.identity.email,
        negName: negName(region),
        zones: regionConfig.zones,
        servingPort: ctx.servingPort,
        healthCheckPath: config.loadBalancer.healthCheckPath,
        maxCallSeconds: config.loadBalancer.timeoutSec,
        labels: ctx.labels,
    });
    new PmsSyncWorker(childName("pms-sync-worker", region), {
        provider: cluster.provider,
        environment: workload.podEnvironment,
        image: imageRef(config.release),
        replicas: pmsWorkerReplicas(config),
        servingPort: ctx.servingPort,
        healthCheckPath: config.loadBalancer.healthCheckPath,
        labels: ctx.labels,
    });
    const epoch = purgeEpoch(config);
    const secretName = workload.podEnvironment.secretName;
    if (epoch !== undefined && secretName !== undefined) {
        // The epoch is part of the name: a bump creates the new Job and deletes the old one.
        new CachePurgeJob(childName("cache-purge", region, String(epoch)), {
            provider: cluster.provider,
            environment: { ...workload.podEnvironment, secretName },
            epoch,
            image: config.cachePurge.image,
            labels: ctx.labels,
        });
    }
    return { cluster, workload };
}

/** The distinct Artifact Registry repositories of the images the region's pods run. */
export function imageRepositoriesOf(images: readonly string[]): ArtifactRepository[] {
    const byKey = new Map<string, ArtifactRepository>();
    for (const image of images) {
        const repo = artifactRepositoryOf(image);
        if (repo) byKey.set(`${repo.location}/${repo.project}/${repo.repository}`, repo);
    }
    return [...byKey.values()];
}
