import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

interface Config {
    replayPattern: string;
    minReplayRetentionSeconds: number;
}

function seconds(duration: unknown): number {
    const m = /^(\d+(?:\.\d+)?)s$/.exec(String(duration ?? ""));
    return m ? Number(m[1]) : 0;
}

// Runbook "PMS outage": jobs stay in Pub/Sub for replay. A subscription that expires after 31
// idle days (the API default) silently drops that backlog; replay subscriptions must also keep
// acknowledged messages so `gcloud pubsub subscriptions seek` can replay them.
export const policy = resourcePolicy<gcp.pubsub.Subscription, gcp.pubsub.SubscriptionArgs, Config>(
    {
        name: "gcp-pubsub-subscription-retain-for-replay",
        description:
            "Pub/Sub subscriptions never expire, and replay subscriptions retain acknowledged messages long enough to seek back over an outage.",
        severity: "high",
        category: "availability",
        remediationSteps:
            'Set expirationPolicy { ttl: "" } on every subscription; on replay subscriptions also set retainAckedMessages true and messageRetentionDuration to at least the configured minimum.',
        anchors: [],
        configSchema: {
            properties: {
                replayPattern: {
                    type: "string",
                    default: "replay",
                    description: "Regular expression matching replay subscription or topic names.",
                },
                minReplayRetentionSeconds: { type: "integer", minimum: 600, maximum: 604800, default: 604800 },
            },
        },
    },
    gcp.pubsub.Subscription,
    (sub, report, { name, config }) => {
        const ttl = sub.expirationPolicy?.ttl;
        if (ttl !== "") {
            report(
                `Pub/Sub subscription '${name}' must never expire: expirationPolicy.ttl ${shown(ttl)} (expected "").`,
            );
        }
        const replay = new RegExp(config.replayPattern);
        if (!replay.test(name) && !replay.test(String(sub.topic ?? ""))) return;
        if (sub.retainAckedMessages !== true) {
            report(
                `Pub/Sub replay subscription '${name}' must keep acknowledged messages for seek: retainAckedMessages ${shown(sub.retainAckedMessages)} (expected true).`,
            );
        }
        // Unset means the API default of 7 days.
        const retention = sub.messageRetentionDuration === undefined ? 604800 : seconds(sub.messageRetentionDuration);
        if (retention < config.minReplayRetentionSeconds) {
            report(
                `Pub/Sub replay subscription '${name}' must retain messages for at least ${config.minReplayRetentionSeconds}s: messageRetentionDuration ${shown(sub.messageRetentionDuration)}.`,
            );
        }
    },
);
