import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";

export const policy = resourcePolicy(
    {
        name: "gcp-compute-firewall-enable-logging",
        description: "Firewall rules log their matches (which sources reached the nodes, for incident forensics).",
        severity: "low",
        category: "hygiene",
        remediationSteps: 'Set logConfig { metadata: "INCLUDE_ALL_METADATA" } on the rule.',
        anchors: ["Google policy-library (firewall logging)"],
    },
    gcp.compute.Firewall,
    (rule, report, { name }) => {
        if (!rule.logConfig) {
            report(`Firewall rule '${name}' must log matches: logConfig is not set.`);
        }
    },
);
