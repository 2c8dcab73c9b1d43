import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { maxAuthorizedPublicAddresses, publicAddressCount } from "../../../../core/addresses";
import { isWorldCidr, shown } from "../../../lib/resources";

interface Config {
    requirePrivateEndpoint: boolean;
}

export const policy = resourcePolicy<gcp.container.Cluster, gcp.container.ClusterArgs, Config>(
    {
        name: "gcp-container-cluster-enforce-private-cluster",
        description:
            "GKE clusters have private nodes, and their control plane is reachable only from authorized networks that do not include the Internet (or only privately).",
        severity: "critical",
        category: "security",
        remediationSteps:
            "Set privateClusterConfig.enablePrivateNodes true (and enablePrivateEndpoint when required), masterAuthorizedNetworksConfig.cidrBlocks to the operators' and CI ranges, and gcpPublicCidrsAccessEnabled false.",
        anchors: [
            "CKV_GCP_25",
            "CKV_GCP_64",
            "CKV_GCP_18",
            "CKV_GCP_20",
            "AVD-GCP-0059",
            "AVD-GCP-0053",
            "AVD-GCP-0061",
            "CIS GKE 1.4 5.6.3",
            "CIS GKE 1.4 5.6.4",
            "CIS GKE 1.4 5.6.5",
        ],
        configSchema: {
            properties: {
                requirePrivateEndpoint: {
                    type: "boolean",
                    default: false,
                    description:
                        "Also require privateClusterConfig.enablePrivateEndpoint (no public control-plane IP at all).",
                },
            },
        },
    },
    gcp.container.Cluster,
    (cluster, report, { name, config }) => {
        const pcc = cluster.privateClusterConfig;
        if (pcc?.enablePrivateNodes !== true) {
            report(
                `GKE cluster '${name}' must use private nodes: privateClusterConfig.enablePrivateNodes ${shown(pcc?.enablePrivateNodes)} (expected true).`,
            );
        }
        if (config.requirePrivateEndpoint && pcc?.enablePrivateEndpoint !== true) {
            report(
                `GKE cluster '${name}' must expose only a private control-plane endpoint: privateClusterConfig.enablePrivateEndpoint ${shown(pcc?.enablePrivateEndpoint)} (expected true).`,
            );
        }
        const man = cluster.masterAuthorizedNetworksConfig;
        // Without this block the public endpoint accepts any source address.
        if (!man) {
            report(`GKE cluster '${name}' must restrict control-plane access with masterAuthorizedNetworksConfig.`);
            return;
        }
        const blocks = Array.isArray(man.cidrBlocks) ? man.cidrBlocks : [];
        const world = blocks.filter((b) => isWorldCidr(b?.cidrBlock));
        for (const block of world)
            report(`GKE cluster '${name}' must not authorize ${block.cidrBlock} to reach the control plane.`);
        // Measured in addresses, whatever the split: 0.0.0.0/1 + 128.0.0.0/1 is the whole internet too.
        const cidrs = blocks.map((b) => b?.cidrBlock).filter((c): c is string => typeof c === "string");
        const open = publicAddressCount(cidrs);
        if (world.length === 0 && open > maxAuthorizedPublicAddresses) {
            report(
                `GKE cluster '${name}' must not open the control plane to ${open} public addresses (at most ${maxAuthorizedPublicAddresses}, one /16): masterAuthorizedNetworksConfig.cidrBlocks ${cidrs.join(", ")}.`,
            );
        }
        if (man.gcpPublicCidrsAccessEnabled === true) {
            report(
                `GKE cluster '${name}' must not open the control plane to all Google Cloud public IPs: masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled is true.`,
            );
        }
    },
);
