import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";

// The load balancer reaches pods through standalone zonal NEGs, which need a VPC-native cluster
// (alias IPs) and the HTTP load balancing add-on (the NEG controller).
export const policy = resourcePolicy(
    {
        name: "gcp-container-cluster-enable-container-native-load-balancing",
        description:
            "GKE clusters run in the cell's VPC and subnetwork (not the project's default network), are VPC-native, and keep the HTTP load balancing add-on, which runs the NEG controller the load balancer's backends depend on.",
        severity: "high",
        category: "availability",
        remediationSteps:
            "Set network and subnetwork to the cell's VPC and regional subnetwork, networkingMode VPC_NATIVE with ipAllocationPolicy (pods and services secondary ranges), and keep addonsConfig.httpLoadBalancing.disabled false.",
        anchors: ["CKV_GCP_23", "AVD-GCP-0049", "CIS GKE 1.4 5.6.2", "KICS IP Aliasing Disabled"],
    },
    gcp.container.Cluster,
    (cluster, report, { name }) => {
        // Unset, GKE places the cluster in the project's "default" auto-mode network.
        if (!cluster.network || !cluster.subnetwork) {
            report(
                `GKE cluster '${name}' must name the cell's VPC and subnetwork: network is ${JSON.stringify(cluster.network ?? null)} and subnetwork is ${JSON.stringify(cluster.subnetwork ?? null)}.`,
            );
        }
        if (cluster.networkingMode === "ROUTES" || !cluster.ipAllocationPolicy) {
            report(
                `GKE cluster '${name}' must be VPC-native: networkingMode is ${JSON.stringify(cluster.networkingMode ?? null)} and ipAllocationPolicy is ${cluster.ipAllocationPolicy ? "set" : "not set"}.`,
            );
        }
        if (cluster.addonsConfig?.httpLoadBalancing?.disabled === true) {
            report(
                `GKE cluster '${name}' must keep the HTTP load balancing add-on (NEG controller): addonsConfig.httpLoadBalancing.disabled is true.`,
            );
        }
    },
);
