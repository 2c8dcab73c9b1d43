import { stackPolicy } from "../../../lib/define";
import { clusterKey, describeObject } from "../../../lib/kubernetes";
import { cellRegions, ofType, regionScope } from "../../../lib/resources";

interface Config {
    defaultZones: number;
}

// Fewer replicas than zones leaves a zone's NEG empty, and a zonal outage then takes a share
// of capacity the HPA needs minutes to replace.
export const policy = stackPolicy<Config>(
    {
        name: "kubernetes-autoscaling-horizontalpodautoscaler-cover-zones",
        description:
            "Every HPA targets a Deployment declared in the same cluster, with minReplicas at least the number of zones of that cluster and maxReplicas above minReplicas.",
        severity: "high",
        category: "availability",
        remediationSteps:
            "Set regions.<region>.workload.minReplicas ≥ the region's zone count and maxReplicas > minReplicas.",
        anchors: ["kube-linter hpa-minimum-three-replicas", "kube-score horizontalpodautoscaler-has-target"],
        configSchema: {
            properties: {
                defaultZones: {
                    type: "integer",
                    minimum: 1,
                    default: 3,
                    description: "Zone count assumed when the HPA's cluster is not found.",
                },
            },
        },
    },
    (args, report, config) => {
        const regions = cellRegions(args.resources);
        const clusters = ofType(args.resources, "gcp:container/cluster:Cluster");
        const deployments = ofType(args.resources, "kubernetes:apps/v1:Deployment");
        for (const hpa of ofType(args.resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")) {
            const what = describeObject(hpa.props, hpa.name);
            const spec = hpa.props.spec ?? {};
            const target = spec.scaleTargetRef ?? {};
            const found = deployments.some(
                (d) =>
                    clusterKey(d, regions) === clusterKey(hpa, regions) &&
                    d.props.metadata?.namespace === hpa.props.metadata?.namespace &&
                    d.props.metadata?.name === target.name,
            );
            if (target.kind !== "Deployment" || !found) {
                report(
                    `${what} targets ${target.kind ?? "?"} ${target.name ?? "?"}, which is not a Deployment in the same cluster and namespace.`,
                    hpa.urn,
                );
            }
            const region = regionScope(hpa, regions, args.resources);
            const cluster = clusters.find((c) => c.props.location === region);
            const zones = cluster
                ? new Set(cluster.props.nodeLocations ?? []).size || config.defaultZones
                : config.defaultZones;
            // minReplicas defaults to 1.
            const min = spec.minReplicas ?? 1;
            if (min < zones) {
                report(
                    `${what} must keep at least one replica per zone: minReplicas is ${min}, the cluster has ${zones} zones.`,
                    hpa.urn,
                );
            }
            if (typeof spec.maxReplicas !== "number" || spec.maxReplicas <= min) {
                report(
                    `${what} must be able to scale out: maxReplicas is ${spec.maxReplicas ?? "not set"} with minReplicas ${min}.`,
                    hpa.urn,
                );
            }
        }
    },
);
