import { multiTypePolicy } from "../../../lib/define";
import { principals, PROJECT_IAM_TYPES } from "./iam";

// At project level these roles let the holder act as *every* service account of the cell,
// including the node and workload identities; grant them on one service account instead.
const IMPERSONATION_ROLES = ["roles/iam.serviceAccountUser", "roles/iam.serviceAccountTokenCreator"];

export const policy = multiTypePolicy(
    {
        name: "gcp-projects-iammember-disallow-service-account-impersonation",
        description: "Service Account User and Service Account Token Creator are never granted at project level.",
        severity: "high",
        category: "security",
        remediationSteps:
            "Grant the role on the one service account that must be impersonated (gcp.serviceaccount.IAMMember), not on the project.",
        anchors: ["CKV_GCP_41", "CKV_GCP_49", "AVD-GCP-0011", "CIS GCP 4.0 1.6"],
    },
    PROJECT_IAM_TYPES,
    (props, report, { args }) => {
        if (IMPERSONATION_ROLES.includes(props.role)) {
            report(
                `Project IAM grant '${args.name}' gives ${props.role} at project level to ${principals(props).join(", ")}; grant it on the specific service account.`,
            );
        }
    },
);
