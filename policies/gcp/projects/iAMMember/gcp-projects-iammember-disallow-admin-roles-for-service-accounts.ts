import { multiTypePolicy } from "../../../lib/define";
import { principals, PROJECT_IAM_TYPES } from "./iam";

// A workload or node identity with an admin role turns one compromised pod into control of the
// service; the voice agent only needs client, subscriber and writer roles.
function isAdminRole(role: unknown): boolean {
    return typeof role === "string" && /admin$/i.test(role);
}

export const policy = multiTypePolicy(
    {
        name: "gcp-projects-iammember-disallow-admin-roles-for-service-accounts",
        description: "Service accounts hold no *Admin roles at project level.",
        severity: "high",
        category: "security",
        remediationSteps:
            "Replace the admin role with the narrower role the workload uses (e.g. roles/pubsub.publisher instead of roles/pubsub.admin).",
        anchors: ["CKV_GCP_42", "AVD-GCP-0007", "CIS GCP 4.0 1.5"],
    },
    PROJECT_IAM_TYPES,
    (props, report, { args }) => {
        if (!isAdminRole(props.role)) return;
        for (const member of principals(props).filter((m) => m.startsWith("serviceAccount:"))) {
            report(
                `Project IAM grant '${args.name}' gives the admin role ${props.role} to ${member}; service accounts get least-privilege roles.`,
            );
        }
    },
);
