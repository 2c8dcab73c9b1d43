import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../../../lib/define";
import { ofType, physicalName, refersTo } from "../../../lib/resources";

/** Whether the firewall rule applies to `network`, by its `network` input or a declared dependency. */
function guards(rule: PolicyResource, network: PolicyResource): boolean {
    const ref = rule.props.network;
    return refersTo(ref, physicalName(network)) || refersTo(ref, network.name) || rule.dependencies.includes(network);
}

// A VPC with no firewall rule of its own runs on GCP's implied rules alone: all egress allowed, and
// none of the ingress the cell needs (Google's health-check ranges to the NEGs), so every backend
// turns unhealthy. The cell's traffic rules are declared, reviewed and logged with the network.
export const policy = stackPolicy(
    {
        name: "gcp-compute-network-require-firewall-rules",
        description: "Every VPC the stack declares has at least one firewall rule of its own declared in the stack.",
        severity: "medium",
        category: "security",
        remediationSteps:
            "Declare the network's firewall rules beside it (the health-check allow rule at least), with network set to the VPC.",
        anchors: ["CKV2_GCP_18"],
    },
    (args, report) => {
        const firewalls = ofType(args.resources, "gcp:compute/firewall:Firewall");
        for (const network of ofType(args.resources, "gcp:compute/network:Network")) {
            if (!firewalls.some((rule) => guards(rule, network))) {
                report(`VPC '${physicalName(network)}' has no firewall rule declared in this stack.`, network.urn);
            }
        }
    },
);
