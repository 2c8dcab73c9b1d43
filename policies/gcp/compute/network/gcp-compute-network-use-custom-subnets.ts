import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

// An auto-mode VPC creates a subnet with a fixed range in every Google region, outside the cell's
// jurisdiction and overlapping ranges other cells use; the cell declares its own subnets.
export const policy = resourcePolicy(
    {
        name: "gcp-compute-network-use-custom-subnets",
        description:
            "The cell's VPC is custom-mode (autoCreateSubnetworks false) with one declared subnet per cell region.",
        severity: "medium",
        category: "security",
        remediationSteps: "Set autoCreateSubnetworks false on the network and declare a Subnetwork per region.",
        anchors: ["CIS GCP 4.0 3.1"],
    },
    gcp.compute.Network,
    (network, report, { name }) => {
        // The provider defaults to an auto-mode network.
        if (network.autoCreateSubnetworks !== false) {
            report(
                `VPC '${name}' must be custom-mode: autoCreateSubnetworks ${shown(network.autoCreateSubnetworks)} (expected false).`,
            );
        }
    },
);
