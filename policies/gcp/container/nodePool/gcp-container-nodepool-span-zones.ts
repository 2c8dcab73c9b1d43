import { stackPolicy } from "../../../lib/define";
import { ofType, physicalName, refersTo } from "../../../lib/resources";

interface Config {
    minZones: number;
}

// A node pool without its own nodeLocations inherits the cluster's; either way the pods behind
// the load balancer must survive the loss of a zone.
export const policy = stackPolicy<Config>(
    {
        name: "gcp-container-nodepool-span-zones",
        description:
            "Every GKE node pool belongs to a declared cluster and runs nodes in at least three zones (its own nodeLocations or the cluster's).",
        severity: "high",
        category: "availability",
        remediationSteps:
            "Leave nodeLocations unset on the node pool (inherit the cluster's three zones) or list at least three zones.",
        anchors: ["Google gke-policy-library: Ensure redundancy of the node pools"],
        configSchema: { properties: { minZones: { type: "integer", minimum: 2, default: 3 } } },
    },
    (args, report, config) => {
        const clusters = ofType(args.resources, "gcp:container/cluster:Cluster");
        for (const pool of ofType(args.resources, "gcp:container/nodePool:NodePool")) {
            const cluster = clusters.find(
                (c) => refersTo(pool.props.cluster, physicalName(c)) || pool.dependencies.includes(c),
            );
            const zones: unknown[] = pool.props.nodeLocations ?? cluster?.props.nodeLocations ?? [];
            if (!cluster && !pool.props.nodeLocations) {
                report(
                    `GKE node pool '${pool.name}' refers to cluster ${JSON.stringify(pool.props.cluster ?? "")}, which is not declared in this stack.`,
                    pool.urn,
                );
            } else if (new Set(zones).size < config.minZones) {
                report(
                    `GKE node pool '${pool.name}' runs in ${new Set(zones).size} zone(s); at least ${config.minZones} are required.`,
                    pool.urn,
                );
            }
            const region = cluster?.props.location;
            for (const zone of zones.filter(
                (z) => typeof region === "string" && typeof z === "string" && !z.startsWith(`${region}-`),
            )) {
                report(
                    `GKE node pool '${pool.name}' lists zone ${zone} outside its cluster's region ${region}.`,
                    pool.urn,
                );
            }
        }
    },
);
