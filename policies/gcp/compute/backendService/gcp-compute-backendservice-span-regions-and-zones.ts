import { stackPolicy } from "../../../lib/define";
import { ofType, physicalName } from "../../../lib/resources";
import { backendsByRegion } from "./backends";

interface Config {
    minRegions: number;
}

export const policy = stackPolicy<Config>(
    {
        name: "gcp-compute-backendservice-span-regions-and-zones",
        description:
            "The load balancer has NEG backends in at least two regions and in every zone where a cluster runs nodes.",
        severity: "critical",
        category: "availability",
        remediationSteps:
            "Add a backend for each zonal NEG that the Service's cloud.google.com/neg annotation creates, for every cluster region and zone.",
        anchors: [],
        configSchema: { properties: { minRegions: { type: "integer", minimum: 2, default: 2 } } },
    },
    (args, report, config) => {
        const services = ofType(args.resources, "gcp:compute/backendService:BackendService");
        const clusters = ofType(args.resources, "gcp:container/cluster:Cluster");
        for (const service of services) {
            const name = physicalName(service);
            if ((service.props.backends ?? []).length === 0) {
                report(`Backend service '${name}' has no backends.`, service.urn);
                continue;
            }
            const regions = backendsByRegion(service);
            if (regions.size < config.minRegions) {
                report(
                    `Backend service '${name}' has backends in ${regions.size} region(s) (${[...regions.keys()].join(", ")}); at least ${config.minRegions} are required.`,
                    service.urn,
                );
            }
            for (const cluster of clusters) {
                for (const zone of cluster.props.nodeLocations ?? []) {
                    if (!regions.get(cluster.props.location)?.zones.has(zone)) {
                        report(
                            `Backend service '${name}' has no backend in zone ${zone} where cluster '${physicalName(cluster)}' runs nodes.`,
                            service.urn,
                        );
                    }
                }
            }
        }
    },
);
