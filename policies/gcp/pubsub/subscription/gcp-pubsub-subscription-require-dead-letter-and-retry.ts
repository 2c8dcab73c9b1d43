import { stackPolicy } from "../../../lib/define";
import { lastSegment, ofType, physicalName } from "../../../lib/resources";

interface Config { minDeliveryAttempts: number }

// PMS sync jobs that keep failing must land in the dead-letter topic (alerted on, replayable)
// instead of being redelivered forever; subscriptions *on* the dead-letter topic are the end of
// that chain and are exempt.
export const policy = stackPolicy<Config>(
    {
        name: "gcp-pubsub-subscription-require-dead-letter-and-retry",
        description: "Pub/Sub subscriptions (except those reading a dead-letter topic) have a dead-letter policy and an exponential retry policy.",
        severity: "high",
        category: "availability",
        remediationSteps: "Set deadLetterPolicy { deadLetterTopic: <pms-sync-dead-letter id>, maxDeliveryAttempts } and retryPolicy { minimumBackoff, maximumBackoff } on the subscription, and grant the Pub/Sub service agent publisher on the dead-letter topic and subscriber on the subscription.",
        anchors: [],
        configSchema: { properties: { minDeliveryAttempts: { type: "integer", minimum: 5, maximum: 100, default: 5 } } },
    },
    (args, report, config) => {
        const subscriptions = ofType(args.resources, "gcp:pubsub/subscription:Subscription");
        const deadLetterTopics = new Set(subscriptions.map((s) => lastSegment(s.props.deadLetterPolicy?.deadLetterTopic)).filter((t) => t));
        for (const sub of subscriptions) {
            if (deadLetterTopics.has(lastSegment(sub.props.topic))) continue;
            const name = physicalName(sub);
            const dlq = sub.props.deadLetterPolicy;
            if (!dlq?.deadLetterTopic) {
                report(`Pub/Sub subscription '${name}' must set deadLetterPolicy.deadLetterTopic.`, sub.urn);
            } else if (typeof dlq.maxDeliveryAttempts === "number" && dlq.maxDeliveryAttempts < config.minDeliveryAttempts) {
                report(`Pub/Sub subscription '${name}' must allow at least ${config.minDeliveryAttempts} delivery attempts before dead-lettering: deadLetterPolicy.maxDeliveryAttempts is ${dlq.maxDeliveryAttempts}.`, sub.urn);
            }
            if (!sub.props.retryPolicy?.minimumBackoff) {
                report(`Pub/Sub subscription '${name}' must set retryPolicy.minimumBackoff (exponential backoff instead of immediate redelivery).`, sub.urn);
            }
        }
    },
);
