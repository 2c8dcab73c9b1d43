import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";

// Every capacity remediation of the runbook (scale out, failover pre-scaling) goes through the
// HPAs; with the add-on disabled they are ignored and the region stays at its current size.
export const policy = resourcePolicy(
    {
        name: "gcp-container-cluster-keep-horizontal-pod-autoscaling",
        description: "GKE clusters keep the HorizontalPodAutoscaling add-on enabled.",
        severity: "high",
        category: "availability",
        remediationSteps: "Keep addonsConfig.horizontalPodAutoscaling.disabled false (the default).",
        anchors: [],
    },
    gcp.container.Cluster,
    (cluster, report, { name }) => {
        if (cluster.addonsConfig?.horizontalPodAutoscaling?.disabled === true) {
            report(
                `GKE cluster '${name}' must keep the HorizontalPodAutoscaling add-on: addonsConfig.horizontalPodAutoscaling.disabled is true.`,
            );
        }
    },
);
