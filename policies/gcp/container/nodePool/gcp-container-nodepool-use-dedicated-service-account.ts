import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

// Without an explicit account nodes run as the Compute Engine default service account, which
// holds Editor on the project in most organizations.
export const policy = resourcePolicy(
    {
        name: "gcp-container-nodepool-use-dedicated-service-account",
        description:
            "GKE node pools run as a dedicated least-privilege service account, never the Compute Engine default one.",
        severity: "high",
        category: "security",
        remediationSteps:
            "Set nodeConfig.serviceAccount to the region's node service account (roles: logging.logWriter, monitoring.metricWriter, monitoring.viewer on the project; artifactregistry.reader on the image repository).",
        anchors: ["AVD-GCP-0050", "CIS GKE 1.4 5.2.1", "CKV2_GCP_1"],
    },
    gcp.container.NodePool,
    (pool, report, { args }) => {
        const account = pool.nodeConfig?.serviceAccount;
        if (!account || account === "default" || /-compute@developer\.gserviceaccount\.com$/.test(account)) {
            report(
                `GKE node pool '${args.name}' must run as a dedicated service account: nodeConfig.serviceAccount ${shown(account)}.`,
            );
        }
    },
);
