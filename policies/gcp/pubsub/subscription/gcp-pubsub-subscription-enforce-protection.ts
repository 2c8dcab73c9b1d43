import { protectionPolicy } from "../../../lib/protection";

export const policy = protectionPolicy({
    name: "gcp-pubsub-subscription-enforce-protection",
    type: "gcp:pubsub/subscription:Subscription",
    label: "Pub/Sub subscription",
    description:
        "Pub/Sub subscriptions (their backlog is the queue-only mode's only copy of pending jobs) are protected against deletion.",
});
