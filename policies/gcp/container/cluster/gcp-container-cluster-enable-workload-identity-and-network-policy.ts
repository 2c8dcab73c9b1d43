import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

export const policy = resourcePolicy(
    {
        name: "gcp-container-cluster-enable-workload-identity-and-network-policy",
        description:
            "GKE clusters use Workload Identity (no node credentials in pods) and enforce Kubernetes network policy (Dataplane V2 or Calico).",
        severity: "high",
        category: "security",
        remediationSteps:
            'Set workloadIdentityConfig.workloadPool to "<project>.svc.id.goog" and datapathProvider ADVANCED_DATAPATH (Dataplane V2 enforces NetworkPolicy).',
        anchors: [
            "CIS GKE 1.4 5.2.2",
            "CKV_GCP_12",
            "AVD-GCP-0056",
            "CIS GKE 1.4 5.6.7",
            "KICS Network Policy Disabled",
        ],
    },
    gcp.container.Cluster,
    (cluster, report, { name }) => {
        if (!cluster.workloadIdentityConfig?.workloadPool) {
            report(
                `GKE cluster '${name}' must enable Workload Identity: workloadIdentityConfig.workloadPool is not set.`,
            );
        }
        const dataplaneV2 = cluster.datapathProvider === "ADVANCED_DATAPATH";
        if (!dataplaneV2 && cluster.networkPolicy?.enabled !== true) {
            report(
                `GKE cluster '${name}' must enforce network policy: datapathProvider ${shown(cluster.datapathProvider)} and networkPolicy.enabled is not true.`,
            );
        }
    },
);
