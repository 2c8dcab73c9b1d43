import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

// Private nodes have no external IP: without Private Google Access they cannot pull images or
// reach Cloud SQL, Pub/Sub and Secret Manager APIs.
export const policy = resourcePolicy(
    {
        name: "gcp-compute-subnetwork-enable-private-google-access",
        description:
            "Subnetworks enable Private Google Access so private GKE nodes reach Google APIs without public IPs.",
        severity: "medium",
        category: "security",
        remediationSteps: "Set privateIpGoogleAccess to true on each regional subnetwork.",
        anchors: ["CKV_GCP_74", "AVD-GCP-0075"],
    },
    gcp.compute.Subnetwork,
    (subnet, report, { name }) => {
        if (subnet.privateIpGoogleAccess !== true) {
            report(
                `Subnetwork '${name}' must enable Private Google Access: privateIpGoogleAccess ${shown(subnet.privateIpGoogleAccess)} (expected true).`,
            );
        }
    },
);
