import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";

const IAM_TYPES = ["CLOUD_IAM_SERVICE_ACCOUNT", "CLOUD_IAM_USER", "CLOUD_IAM_GROUP"];

// A built-in user's password sits in the Pulumi state and must be rotated by hand; IAM database
// authentication uses the workload's short-lived Workload Identity token instead.
export const policy = resourcePolicy(
    {
        name: "gcp-sql-user-require-iam-authentication",
        description:
            "Cloud SQL users authenticate with IAM (service account, user or group), not with a built-in password.",
        severity: "high",
        category: "security",
        remediationSteps:
            "Declare the user with type CLOUD_IAM_SERVICE_ACCOUNT (name: <sa>@<project>.iam) and no password; keep the cloudsql.iam_authentication flag on.",
        anchors: ["CIS GCP 4.0 6.2 (IAM database authentication)"],
    },
    gcp.sql.User,
    (user, report, { name }) => {
        if (!IAM_TYPES.includes(user.type as string)) {
            report(
                `Cloud SQL user '${name}' must use IAM database authentication: type is ${JSON.stringify(user.type ?? "BUILT_IN")}.`,
            );
        }
        if (user.password !== undefined || user.passwordWo !== undefined) {
            report(`Cloud SQL user '${name}' must not set a password.`);
        }
    },
);
