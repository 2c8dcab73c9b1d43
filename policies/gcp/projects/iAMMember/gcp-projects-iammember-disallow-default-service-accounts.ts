import { multiTypePolicy } from "../../../lib/define";
import { principals, PROJECT_IAM_TYPES } from "./iam";

// The Compute Engine and App Engine default service accounts are shared by anything created
// without an explicit identity; granting them roles widens every such workload.
const DEFAULT_SA = /(-compute@developer\.gserviceaccount\.com|@appspot\.gserviceaccount\.com)$/;

export const policy = multiTypePolicy(
    {
        name: "gcp-projects-iammember-disallow-default-service-accounts",
        description: "Default Compute Engine and App Engine service accounts receive no project-level roles.",
        severity: "medium",
        category: "security",
        remediationSteps:
            "Create a dedicated service account (one per workload or node pool) and grant the role to it.",
        anchors: ["CKV_GCP_46", "CKV2_GCP_1"],
    },
    PROJECT_IAM_TYPES,
    (props, report, { args }) => {
        for (const member of principals(props).filter((m) => DEFAULT_SA.test(m))) {
            report(
                `Project IAM grant '${args.name}' gives ${props.role} to the default service account ${member}; use a dedicated service account.`,
            );
        }
    },
);
