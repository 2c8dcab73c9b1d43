import { stackPolicy } from "../../../lib/define";
import { PolicyResource } from "@pulumi/policy";
import { lastSegment, ofType, physicalName } from "../../../lib/resources";

/** The Pub/Sub service agent forwards dead letters: service-<number>@gcp-sa-pubsub.iam.gserviceaccount.com. */
const SERVICE_AGENT = /@gcp-sa-pubsub\.iam\.gserviceaccount\.com$/;

/** Is the service agent granted `role` on the topic/subscription `target` (or on the whole project)? */
function agentGranted(
    resources: PolicyResource[],
    role: string,
    kind: "topic" | "subscription",
    target: string,
): boolean {
    const types =
        kind === "topic"
            ? ["gcp:pubsub/topicIAMMember:TopicIAMMember", "gcp:pubsub/topicIAMBinding:TopicIAMBinding"]
            : [
                  "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember",
                  "gcp:pubsub/subscriptionIAMBinding:SubscriptionIAMBinding",
              ];
    return resources.some((r) => {
        const project =
            r.type === "gcp:projects/iAMMember:IAMMember" || r.type === "gcp:projects/iAMBinding:IAMBinding";
        if (!project && !(types.includes(r.type) && lastSegment(r.props[kind]) === target)) return false;
        const members: unknown[] = r.props.members ?? [r.props.member];
        return r.props.role === role && members.some((m) => typeof m === "string" && SERVICE_AGENT.test(m));
    });
}

interface Config {
    minDeliveryAttempts: number;
}

// PMS sync jobs that keep failing must land in the dead-letter topic (alerted on, replayable)
// instead of being redelivered forever; subscriptions *on* the dead-letter topic are the end of
// that chain and are exempt.
export const policy = stackPolicy<Config>(
    {
        name: "gcp-pubsub-subscription-require-dead-letter-and-retry",
        description:
            "Pub/Sub subscriptions (except those reading a dead-letter topic) have a dead-letter policy, an exponential retry policy, and the IAM grants the Pub/Sub service agent needs to forward dead letters.",
        severity: "high",
        category: "availability",
        remediationSteps:
            "Set deadLetterPolicy { deadLetterTopic: <pms-sync-dead-letter id>, maxDeliveryAttempts } and retryPolicy { minimumBackoff, maximumBackoff } on the subscription, and grant the Pub/Sub service agent publisher on the dead-letter topic and subscriber on the subscription.",
        anchors: [],
        configSchema: {
            properties: { minDeliveryAttempts: { type: "integer", minimum: 5, maximum: 100, default: 5 } },
        },
    },
    (args, report, config) => {
        const subscriptions = ofType(args.resources, "gcp:pubsub/subscription:Subscription");
        const deadLetterTopics = new Set(
            subscriptions.map((s) => lastSegment(s.props.deadLetterPolicy?.deadLetterTopic)).filter((t) => t),
        );
        for (const sub of subscriptions) {
            if (deadLetterTopics.has(lastSegment(sub.props.topic))) continue;
            const name = physicalName(sub);
            const dlq = sub.props.deadLetterPolicy;
            if (!dlq?.deadLetterTopic) {
                report(`Pub/Sub subscription '${name}' must set deadLetterPolicy.deadLetterTopic.`, sub.urn);
            } else if (
                typeof dlq.maxDeliveryAttempts === "number" &&
                dlq.maxDeliveryAttempts < config.minDeliveryAttempts
            ) {
                report(
                    `Pub/Sub subscription '${name}' must allow at least ${config.minDeliveryAttempts} delivery attempts before dead-lettering: deadLetterPolicy.maxDeliveryAttempts is ${dlq.maxDeliveryAttempts}.`,
                    sub.urn,
                );
            }
            if (dlq?.deadLetterTopic) {
                const topic = lastSegment(dlq.deadLetterTopic);
                if (!agentGranted(args.resources, "roles/pubsub.publisher", "topic", topic)) {
                    report(
                        `Pub/Sub subscription '${name}' dead-letters to '${topic}', but the Pub/Sub service agent is not granted roles/pubsub.publisher on that topic.`,
                        sub.urn,
                    );
                }
                if (!agentGranted(args.resources, "roles/pubsub.subscriber", "subscription", name)) {
                    report(
                        `Pub/Sub subscription '${name}' dead-letters, but the Pub/Sub service agent is not granted roles/pubsub.subscriber on it.`,
                        sub.urn,
                    );
                }
            }
            if (!sub.props.retryPolicy?.minimumBackoff) {
                report(
                    `Pub/Sub subscription '${name}' must set retryPolicy.minimumBackoff (exponential backoff instead of immediate redelivery).`,
                    sub.urn,
                );
            }
        }
    },
);
