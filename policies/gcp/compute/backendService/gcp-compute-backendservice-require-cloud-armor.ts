import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";

// Cloud Armor is where the runbook's "enable rate limiting" remediation lands; a backend
// without a security policy cannot be stabilized that way.
export const policy = resourcePolicy(
    {
        name: "gcp-compute-backendservice-require-cloud-armor",
        description: "Internet-facing backend services attach a Cloud Armor security policy.",
        severity: "high",
        category: "security",
        remediationSteps: "Set securityPolicy to the cell's Cloud Armor policy.",
        anchors: ["Google policy-library (Cloud Armor on external backends)"],
    },
    gcp.compute.BackendService,
    (backend, report, { name }) => {
        if ((backend.loadBalancingScheme ?? "EXTERNAL").startsWith("EXTERNAL") && !backend.securityPolicy) {
            report(`Backend service '${name}' must attach a Cloud Armor policy: securityPolicy is not set.`);
        }
    },
);
