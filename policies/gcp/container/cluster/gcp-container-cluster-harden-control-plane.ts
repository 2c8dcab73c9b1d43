import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

interface Config {
    allowedReleaseChannels: string[];
}

export const policy = resourcePolicy<gcp.container.Cluster, gcp.container.ClusterArgs, Config>(
    {
        name: "gcp-container-cluster-harden-control-plane",
        description:
            "GKE clusters use shielded nodes, a release channel, RBAC only (no legacy ABAC), no client certificates, and Binary Authorization.",
        severity: "high",
        category: "security",
        remediationSteps:
            "Keep enableShieldedNodes true, set releaseChannel.channel (REGULAR or STABLE), enableLegacyAbac false, masterAuth.clientCertificateConfig.issueClientCertificate false and binaryAuthorization.evaluationMode PROJECT_SINGLETON_POLICY_ENFORCE.",
        anchors: [
            "CKV_GCP_71",
            "AVD-GCP-0055",
            "CIS GKE 1.4 5.5.5",
            "CKV_GCP_70",
            "CIS GKE 1.4 5.5.4",
            "CKV_GCP_7",
            "AVD-GCP-0062",
            "CIS GKE 1.4 5.8.4",
            "CKV_GCP_13",
            "CKV_GCP_19",
            "AVD-GCP-0064",
            "CIS GKE 1.4 5.8.1",
            "CIS GKE 1.4 5.8.2",
            "CKV_GCP_66",
            "CIS GKE 1.4 5.10.5",
        ],
        configSchema: {
            properties: {
                allowedReleaseChannels: { type: "array", items: { type: "string" }, default: ["REGULAR", "STABLE"] },
            },
        },
    },
    gcp.container.Cluster,
    (cluster, report, { name, config }) => {
        // The provider defaults enableShieldedNodes to true; only an explicit false is a violation.
        if (cluster.enableShieldedNodes === false) {
            report(`GKE cluster '${name}' must use shielded nodes: enableShieldedNodes is false.`);
        }
        const channel = cluster.releaseChannel?.channel;
        if (!config.allowedReleaseChannels.includes(channel as string)) {
            report(
                `GKE cluster '${name}' must be enrolled in a release channel (${config.allowedReleaseChannels.join(" or ")}): releaseChannel.channel ${shown(channel)}.`,
            );
        }
        if (cluster.enableLegacyAbac === true) {
            report(`GKE cluster '${name}' must not enable legacy ABAC: enableLegacyAbac is true.`);
        }
        if (cluster.masterAuth?.clientCertificateConfig?.issueClientCertificate === true) {
            report(
                `GKE cluster '${name}' must not issue client certificates: masterAuth.clientCertificateConfig.issueClientCertificate is true.`,
            );
        }
        // Binary Authorization is off unless asked for.
        const binauthz = cluster.binaryAuthorization;
        const enforced =
            binauthz?.evaluationMode === "PROJECT_SINGLETON_POLICY_ENFORCE" ||
            (binauthz?.evaluationMode === undefined && binauthz?.enabled === true);
        if (!enforced) {
            report(
                `GKE cluster '${name}' must enforce Binary Authorization: binaryAuthorization.evaluationMode ${shown(binauthz?.evaluationMode)} (expected "PROJECT_SINGLETON_POLICY_ENFORCE").`,
            );
        }
    },
);
