import { protectionPolicy } from "../../../lib/protection";

export const policy = protectionPolicy({
    name: "gcp-pubsub-topic-enforce-protection",
    type: "gcp:pubsub/topic:Topic",
    label: "Pub/Sub topic",
    description: "Pub/Sub topics (PMS sync jobs held for replay during a PMS outage) are protected against deletion.",
});
