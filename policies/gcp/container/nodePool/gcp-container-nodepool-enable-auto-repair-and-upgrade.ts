import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";

export const policy = resourcePolicy(
    {
        name: "gcp-container-nodepool-enable-auto-repair-and-upgrade",
        description: "GKE node pools repair unhealthy nodes and follow the release channel's upgrades automatically.",
        severity: "high",
        category: "security",
        remediationSteps: "Keep management.autoRepair and management.autoUpgrade true (their defaults).",
        anchors: ["CKV_GCP_9", "CKV_GCP_10", "AVD-GCP-0063", "AVD-GCP-0058", "CIS GKE 1.4 5.5.2", "CIS GKE 1.4 5.5.3"],
    },
    gcp.container.NodePool,
    (pool, report, { args }) => {
        // Both default to true for node pools, so only an explicit false is a violation.
        if (pool.management?.autoRepair === false) {
            report(`GKE node pool '${args.name}' must enable auto-repair: management.autoRepair is false.`);
        }
        if (pool.management?.autoUpgrade === false) {
            report(`GKE node pool '${args.name}' must enable auto-upgrade: management.autoUpgrade is false.`);
        }
    },
);
