import { multiTypePolicy } from "../../../lib/define";
import { principals, PROJECT_IAM_TYPES } from "./iam";

// Owner/Editor/Viewer predate IAM and grant thousands of permissions across every service.
const BASIC_ROLES = ["roles/owner", "roles/editor", "roles/viewer"];

export const policy = multiTypePolicy(
    {
        name: "gcp-projects-iammember-disallow-basic-roles",
        description: "Project IAM grants never use the basic roles Owner, Editor or Viewer.",
        severity: "critical",
        category: "security",
        remediationSteps:
            "Replace the basic role with the predefined roles the principal needs (e.g. roles/cloudsql.client, roles/pubsub.subscriber).",
        anchors: ["CKV_GCP_117", "AVD-GCP-0007", "CIS GCP 4.0 1.5"],
    },
    PROJECT_IAM_TYPES,
    (props, report, { args }) => {
        if (BASIC_ROLES.includes(props.role)) {
            report(
                `Project IAM grant '${args.name}' uses the basic role ${props.role} for ${principals(props).join(", ")}; use predefined least-privilege roles.`,
            );
        }
    },
);
