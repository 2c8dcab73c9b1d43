import { PolicyResource } from "@pulumi/policy";
import { fixedNames } from "../../../../core/naming";
import { stackPolicy } from "../../../lib/define";
import { clusterKey } from "../../../lib/kubernetes";
import {
    cellRegions,
    isRegionName,
    ofType,
    physicalName,
    refersTo,
    regionOfZone,
    regionScope,
} from "../../../lib/resources";

interface Config {
    deployment: string;
    allocatableFraction: number;
}

/** vCPUs of a machine type: "n2-standard-8" → 8, "custom-6-23040" → 6; undefined when unknown. */
export function machineCpus(machineType: unknown): number | undefined {
    const text = String(machineType ?? "");
    const custom = /(?:^|-)custom-(\d+)-\d+/.exec(text);
    if (custom) return Number(custom[1]);
    const standard = /^[a-z0-9]+-(?:standard|highmem|highcpu)-(\d+)$/.exec(text);
    return standard ? Number(standard[1]) : undefined;
}

/** Kubernetes CPU quantity in cores: "1" → 1, "500m" → 0.5. */
export function cpuCores(quantity: unknown): number | undefined {
    const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(String(quantity ?? ""));
    return m ? Number(m[1]) / (m[2] ? 1000 : 1) : undefined;
}

function poolRegion(pool: PolicyResource, clusters: PolicyResource[]): string {
    const cluster = clusters.find(
        (c) => refersTo(pool.props.cluster, physicalName(c)) || pool.dependencies.includes(c),
    );
    const loc = String(pool.props.location ?? cluster?.props.location ?? "");
    return isRegionName(loc) ? loc : regionOfZone(loc);
}

// The HPA's maximum is only real if the node pool can grow to hold it: a failover that scales
// the surviving region to its HPA maximum stalls with Pending pods otherwise.
export const policy = stackPolicy<Config>(
    {
        name: "gcp-container-nodepool-fit-workload-maximum",
        description:
            "In every region the node pools' maximum size can schedule the served Deployment at its HPA maximum (by CPU requests).",
        severity: "high",
        category: "remediation-safety",
        remediationSteps:
            "Raise regions.<region>.nodePool.maxPerZone (or a larger machineType), or lower regions.<region>.workload.maxReplicas.",
        anchors: [],
        configSchema: {
            properties: {
                deployment: { type: "string", default: fixedNames.deployment },
                allocatableFraction: {
                    type: "number",
                    minimum: 0.1,
                    maximum: 1,
                    default: 0.9,
                    description: "Share of a node's vCPUs left for pods after system reservations.",
                },
            },
        },
    },
    (args, report, config) => {
        const regions = cellRegions(args.resources);
        const clusters = ofType(args.resources, "gcp:container/cluster:Cluster");
        const pools = ofType(args.resources, "gcp:container/nodePool:NodePool");
        const deployments = ofType(args.resources, "kubernetes:apps/v1:Deployment").filter(
            (d) => d.props.metadata?.name === config.deployment,
        );
        for (const hpa of ofType(args.resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")) {
            if (hpa.props.spec?.scaleTargetRef?.name !== config.deployment) continue;
            const region = regionScope(hpa, regions, args.resources);
            const deployment = deployments.find((d) => clusterKey(d, regions) === clusterKey(hpa, regions));
            const containers: any[] = deployment?.props.spec?.template?.spec?.containers ?? [];
            const podCpu = containers.reduce((sum, c) => sum + (cpuCores(c.resources?.requests?.cpu) ?? 0), 0);
            const regionPools = pools.filter((p) => poolRegion(p, clusters) === region);
            if (!region || podCpu <= 0 || regionPools.length === 0) continue;
            let podsAtMax = 0;
            for (const pool of regionPools) {
                const cpus = machineCpus(pool.props.nodeConfig?.machineType);
                if (cpus === undefined) return; // unknown machine shape: cannot judge
                const cluster = clusters.find(
                    (c) => refersTo(pool.props.cluster, physicalName(c)) || pool.dependencies.includes(c),
                );
                const zones = new Set(pool.props.nodeLocations ?? cluster?.props.nodeLocations ?? []).size || 1;
                const scaling = pool.props.autoscaling ?? {};
                const maxNodes =
                    scaling.totalMaxNodeCount ?? (scaling.maxNodeCount ?? pool.props.nodeCount ?? 0) * zones;
                podsAtMax += maxNodes * Math.floor((cpus * config.allocatableFraction) / podCpu);
            }
            const max = hpa.props.spec?.maxReplicas ?? 0;
            if (podsAtMax < max) {
                report(
                    `Node pools of ${region} can hold ${podsAtMax} ${config.deployment} pods at their maximum size, fewer than the HPA maximum of ${max}.`,
                    hpa.urn,
                );
            }
        }
    },
);
