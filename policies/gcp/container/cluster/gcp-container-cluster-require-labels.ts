import * as gcp from "@pulumi/gcp";
import { requiredLabelKeys } from "../../../../core/labels";
import { resourcePolicy } from "../../../lib/define";

interface Config {
    requiredLabels: string[];
}

export const policy = resourcePolicy<gcp.container.Cluster, gcp.container.ClusterArgs, Config>(
    {
        name: "gcp-container-cluster-require-labels",
        description: "GKE clusters carry resource labels (billing and incident triage group by them).",
        severity: "low",
        category: "hygiene",
        remediationSteps: "Set resourceLabels, including every configured required key.",
        anchors: ["CKV_GCP_21", "AVD-GCP-0051"],
        configSchema: {
            properties: {
                requiredLabels: { type: "array", items: { type: "string" }, default: [...requiredLabelKeys] },
            },
        },
    },
    gcp.container.Cluster,
    (cluster, report, { name, config }) => {
        const labels = cluster.resourceLabels ?? {};
        if (Object.keys(labels).length === 0) {
            report(`GKE cluster '${name}' must set resourceLabels.`);
            return;
        }
        for (const key of config.requiredLabels.filter((k) => !(k in labels))) {
            report(`GKE cluster '${name}' must set the resource label '${key}'.`);
        }
    },
);
