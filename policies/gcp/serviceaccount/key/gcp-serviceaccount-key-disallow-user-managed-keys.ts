import { multiTypePolicy } from "../../../lib/define";

// Workload Identity gives pods short-lived credentials; a downloadable key is a long-lived
// secret that ends up in state files and laptops.
export const policy = multiTypePolicy(
    {
        name: "gcp-serviceaccount-key-disallow-user-managed-keys",
        description: "No user-managed service account keys; workloads authenticate through Workload Identity.",
        severity: "high",
        category: "security",
        remediationSteps:
            "Delete the gcp.serviceaccount.Key and bind the Kubernetes service account to the Google service account with roles/iam.workloadIdentityUser.",
        anchors: ["CKV2_GCP_3", "CIS GCP 4.0 1.4"],
    },
    ["gcp:serviceaccount/key:Key"],
    (props, report, { args }) => {
        report(
            `Service account key '${args.name}' for ${props.serviceAccountId ?? "a service account"} is a user-managed key; use Workload Identity instead.`,
        );
    },
);
