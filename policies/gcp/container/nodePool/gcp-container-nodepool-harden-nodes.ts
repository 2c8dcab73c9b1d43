import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

export const policy = resourcePolicy(
    {
        name: "gcp-container-nodepool-harden-nodes",
        description:
            "GKE nodes run Container-Optimized OS with containerd, Shielded VM secure boot and integrity monitoring, and the GKE metadata server (which hides node credentials from pods).",
        severity: "high",
        category: "security",
        remediationSteps:
            "Set nodeConfig.imageType COS_CONTAINERD, nodeConfig.shieldedInstanceConfig { enableSecureBoot: true, enableIntegrityMonitoring: true } and nodeConfig.workloadMetadataConfig.mode GKE_METADATA; do not set metadata disable-legacy-endpoints=false.",
        anchors: [
            "CKV_GCP_22",
            "AVD-GCP-0054",
            "CIS GKE 1.4 5.5.1",
            "CKV_GCP_68",
            "CIS GKE 1.4 5.5.7",
            "CKV_GCP_72",
            "CIS GKE 1.4 5.5.6",
            "CKV_GCP_69",
            "AVD-GCP-0057",
            "CIS GKE 1.4 5.4.2",
            "AVD-GCP-0048",
            "CIS GKE 1.4 5.4.1",
        ],
    },
    gcp.container.NodePool,
    (pool, report, { args }) => {
        const name = args.name;
        const node = pool.nodeConfig;
        // COS_CONTAINERD is the default image; anything else explicit is a violation.
        const image = node?.imageType;
        if (image !== undefined && String(image).toUpperCase() !== "COS_CONTAINERD") {
            report(
                `GKE node pool '${name}' must use Container-Optimized OS: nodeConfig.imageType is ${JSON.stringify(image)} (expected "COS_CONTAINERD").`,
            );
        }
        const shielded = node?.shieldedInstanceConfig;
        // Secure boot defaults to off; integrity monitoring defaults to on.
        if (shielded?.enableSecureBoot !== true) {
            report(
                `GKE node pool '${name}' must enable secure boot: nodeConfig.shieldedInstanceConfig.enableSecureBoot ${shown(shielded?.enableSecureBoot)} (expected true).`,
            );
        }
        if (shielded?.enableIntegrityMonitoring === false) {
            report(
                `GKE node pool '${name}' must enable integrity monitoring: nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring is false.`,
            );
        }
        const mode = node?.workloadMetadataConfig?.mode;
        if (mode !== "GKE_METADATA") {
            report(
                `GKE node pool '${name}' must use the GKE metadata server: nodeConfig.workloadMetadataConfig.mode ${shown(mode)} (expected "GKE_METADATA").`,
            );
        }
        if (String(node?.metadata?.["disable-legacy-endpoints"] ?? "true").toLowerCase() === "false") {
            report(
                `GKE node pool '${name}' must keep the legacy metadata endpoints disabled: nodeConfig.metadata["disable-legacy-endpoints"] is "false".`,
            );
        }
    },
);
