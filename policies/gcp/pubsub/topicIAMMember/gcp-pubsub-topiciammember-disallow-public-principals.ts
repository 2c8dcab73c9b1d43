import { multiTypePolicy } from "../../../lib/define";

const PUBLIC = ["allUsers", "allAuthenticatedUsers"];

// Every IAM member/binding type this program can declare; a public principal on any of them
// exposes PMS jobs, secrets or the project itself.
const IAM_TYPES = [
    "gcp:pubsub/topicIAMMember:TopicIAMMember",
    "gcp:pubsub/topicIAMBinding:TopicIAMBinding",
    "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember",
    "gcp:pubsub/subscriptionIAMBinding:SubscriptionIAMBinding",
    "gcp:secretmanager/secretIamMember:SecretIamMember",
    "gcp:secretmanager/secretIamBinding:SecretIamBinding",
    "gcp:projects/iAMMember:IAMMember",
    "gcp:projects/iAMBinding:IAMBinding",
    "gcp:serviceaccount/iAMMember:IAMMember",
    "gcp:serviceaccount/iAMBinding:IAMBinding",
];

export const policy = multiTypePolicy(
    {
        name: "gcp-pubsub-topiciammember-disallow-public-principals",
        description:
            "No IAM grant (Pub/Sub topics and subscriptions, secrets, service accounts, the project) names allUsers or allAuthenticatedUsers.",
        severity: "critical",
        category: "security",
        remediationSteps:
            "Grant the role to the specific service account that needs it instead of allUsers/allAuthenticatedUsers.",
        anchors: ["CKV_GCP_99", "CKV_GCP_113", "AVD-GCP-0046"],
    },
    IAM_TYPES,
    (props, report, { args }) => {
        const members: unknown[] = props.members ?? (props.member !== undefined ? [props.member] : []);
        for (const member of members) {
            if (PUBLIC.includes(member as string)) {
                report(`IAM grant '${args.name}' gives ${props.role} to ${member}; public principals are not allowed.`);
            }
        }
    },
);
