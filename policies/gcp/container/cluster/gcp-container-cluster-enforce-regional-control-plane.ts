import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { isRegionName, regionOfZone, shown } from "../../../lib/resources";

interface Config {
    minZones: number;
}

export const policy = resourcePolicy<gcp.container.Cluster, gcp.container.ClusterArgs, Config>(
    {
        name: "gcp-container-cluster-enforce-regional-control-plane",
        description:
            "GKE clusters are regional (replicated control plane) with nodes in at least three zones of that region.",
        severity: "critical",
        category: "availability",
        remediationSteps: "Set location to the region (not a zone) and nodeLocations to at least three of its zones.",
        anchors: ["Google gke-policy-library: Ensure redundancy of the Control Plane"],
        configSchema: { properties: { minZones: { type: "integer", minimum: 2, default: 3 } } },
    },
    gcp.container.Cluster,
    (cluster, report, { name, config }) => {
        const location = cluster.location;
        if (!isRegionName(location)) {
            report(`GKE cluster '${name}' must be regional: location ${shown(location)}.`);
            return;
        }
        const zones = new Set(cluster.nodeLocations ?? []);
        if (zones.size < config.minZones) {
            report(
                `GKE cluster '${name}' must spread nodes over at least ${config.minZones} zones: nodeLocations has ${zones.size}.`,
            );
        }
        for (const zone of [...zones].filter((z) => regionOfZone(z) !== location)) {
            report(`GKE cluster '${name}' lists zone ${zone} outside its region ${location}.`);
        }
    },
);
