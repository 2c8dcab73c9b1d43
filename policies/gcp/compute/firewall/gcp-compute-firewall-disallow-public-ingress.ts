import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { isWorldCidr } from "../../../lib/resources";

// The load balancer reaches pods from Google's front-end ranges (35.191.0.0/16, 130.211.0.0/22);
// nothing in the cell needs an ingress rule open to the whole Internet.
export const policy = resourcePolicy(
    {
        name: "gcp-compute-firewall-disallow-public-ingress",
        description: "No ingress firewall rule allows traffic from 0.0.0.0/0 or ::/0.",
        severity: "critical",
        category: "security",
        remediationSteps:
            "Restrict sourceRanges to the Google health-check/proxy ranges or internal CIDRs; reach nodes through IAP or the private control plane.",
        anchors: [
            "CKV_GCP_2",
            "CKV_GCP_3",
            "CKV_GCP_88",
            "CKV_GCP_106",
            "CKV2_GCP_12",
            "AVD-GCP-0027",
            "AVD-GCP-0070",
            "AVD-GCP-0071",
            "CIS GCP 4.0 3.6",
            "CIS GCP 4.0 3.7",
        ],
    },
    gcp.compute.Firewall,
    (rule, report, { name }) => {
        if ((rule.direction ?? "INGRESS") !== "INGRESS" || !rule.allows?.length || rule.disabled === true) return;
        for (const cidr of (rule.sourceRanges ?? []).filter(isWorldCidr)) {
            report(`Firewall rule '${name}' allows ingress from ${cidr}; restrict sourceRanges.`);
        }
    },
);
