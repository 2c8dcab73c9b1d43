import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";

export const policy = resourcePolicy(
    {
        name: "gcp-compute-subnetwork-enable-flow-logs",
        description: "Subnetworks record VPC flow logs (network forensics after an incident).",
        severity: "low",
        category: "hygiene",
        remediationSteps: "Set logConfig { aggregationInterval, flowSampling, metadata } on each subnetwork.",
        anchors: ["CKV_GCP_26", "AVD-GCP-0029", "AVD-GCP-0076", "CIS GCP 4.0 3.8"],
    },
    gcp.compute.Subnetwork,
    (subnet, report, { name }) => {
        // Flow logs are off unless logConfig is present (proxy-only subnets cannot have them).
        if (
            !subnet.logConfig &&
            subnet.purpose !== "REGIONAL_MANAGED_PROXY" &&
            subnet.purpose !== "GLOBAL_MANAGED_PROXY"
        ) {
            report(`Subnetwork '${name}' must enable VPC flow logs: logConfig is not set.`);
        }
    },
);
