import * as assert from "assert";
import { policy as subProtection } from "../../../policies/gcp/pubsub/subscription/gcp-pubsub-subscription-enforce-protection";
import { policy as deadLetter } from "../../../policies/gcp/pubsub/subscription/gcp-pubsub-subscription-require-dead-letter-and-retry";
import { policy as replay } from "../../../policies/gcp/pubsub/subscription/gcp-pubsub-subscription-retain-for-replay";
import { policy as residency } from "../../../policies/gcp/pubsub/topic/gcp-pubsub-topic-enforce-data-residency";
import { policy as topicProtection } from "../../../policies/gcp/pubsub/topic/gcp-pubsub-topic-enforce-protection";
import { policy as publicIam } from "../../../policies/gcp/pubsub/topicIAMMember/gcp-pubsub-topiciammember-disallow-public-principals";
import { checkResource, REMOVE, resourceCases, stackCases } from "../harness";
import { compliantInventory, replaySubscription, topic, workerSubscription } from "../fixtures";

const SUB = "gcp:pubsub/subscription:Subscription";
const TOPIC = "gcp:pubsub/topic:Topic";

stackCases(residency, compliantInventory, [
    [
        TOPIC,
        "pms-sync-jobs",
        "messageStoragePolicy",
        REMOVE,
        [
            `Pub/Sub topic 'pms-sync-jobs' must restrict messageStoragePolicy.allowedPersistenceRegions to the cell's regions (europe-west1, europe-west4).`,
        ],
    ],
    [
        TOPIC,
        "pms-sync-jobs",
        "messageStoragePolicy.enforceInTransit",
        false,
        [
            `Pub/Sub topic 'pms-sync-jobs' must keep messages in the cell in transit too: messageStoragePolicy.enforceInTransit is not true.`,
        ],
    ],
    [
        TOPIC,
        "pms-sync-jobs",
        "messageStoragePolicy.allowedPersistenceRegions",
        ["europe-west1"],
        [
            `Pub/Sub topic 'pms-sync-jobs' may store messages in europe-west1 only; allow at least two cell regions so publishing survives a region loss.`,
        ],
    ],
    [
        TOPIC,
        "pms-sync-jobs",
        "messageStoragePolicy.allowedPersistenceRegions[1]",
        "us-central1",
        [
            `Pub/Sub topic 'pms-sync-jobs' may store messages outside the cell: us-central1 (cell regions: europe-west1, europe-west4).`,
        ],
    ],
]);

stackCases(deadLetter, compliantInventory, [
    [
        SUB,
        "pms-sync-worker",
        "deadLetterPolicy",
        REMOVE,
        [`Pub/Sub subscription 'pms-sync-worker' must set deadLetterPolicy.deadLetterTopic.`],
    ],
    [
        SUB,
        "pms-sync-worker",
        "deadLetterPolicy.maxDeliveryAttempts",
        2,
        [
            `Pub/Sub subscription 'pms-sync-worker' must allow at least 5 delivery attempts before dead-lettering: deadLetterPolicy.maxDeliveryAttempts is 2.`,
        ],
    ],
    [
        SUB,
        "pms-sync-worker",
        "retryPolicy",
        REMOVE,
        [
            `Pub/Sub subscription 'pms-sync-worker' must set retryPolicy.minimumBackoff (exponential backoff instead of immediate redelivery).`,
        ],
    ],
    [
        "gcp:pubsub/topicIAMMember:TopicIAMMember",
        "dead-letter-publisher",
        "role",
        "roles/pubsub.viewer",
        [
            `Pub/Sub subscription 'pms-sync-worker' dead-letters to 'pms-sync-dead-letter', but the Pub/Sub service agent is not granted roles/pubsub.publisher on that topic.`,
            `Pub/Sub subscription 'pms-sync-replay' dead-letters to 'pms-sync-dead-letter', but the Pub/Sub service agent is not granted roles/pubsub.publisher on that topic.`,
        ],
    ],
    [
        "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember",
        "pms-sync-worker-agent-subscriber",
        "member",
        "serviceAccount:voice-agent@edentist-voice-prod-eu.iam.gserviceaccount.com",
        [
            `Pub/Sub subscription 'pms-sync-worker' dead-letters, but the Pub/Sub service agent is not granted roles/pubsub.subscriber on it.`,
        ],
    ],
    [
        SUB,
        "pms-sync-replay",
        "retryPolicy",
        REMOVE,
        [
            `Pub/Sub subscription 'pms-sync-replay' must set retryPolicy.minimumBackoff (exponential backoff instead of immediate redelivery).`,
        ],
    ],
]);

resourceCases(replay, SUB, replaySubscription, [
    [
        "expirationPolicy",
        REMOVE,
        [`Pub/Sub subscription 'pms-sync-replay' must never expire: expirationPolicy.ttl is not set (expected "").`],
    ],
    [
        "expirationPolicy.ttl",
        "2678400s",
        [`Pub/Sub subscription 'pms-sync-replay' must never expire: expirationPolicy.ttl is "2678400s" (expected "").`],
    ],
    [
        "retainAckedMessages",
        false,
        [
            `Pub/Sub replay subscription 'pms-sync-replay' must keep acknowledged messages for seek: retainAckedMessages is false (expected true).`,
        ],
    ],
    [
        "messageRetentionDuration",
        "3600s",
        [
            `Pub/Sub replay subscription 'pms-sync-replay' must retain messages for at least 604800s: messageRetentionDuration is "3600s".`,
        ],
    ],
    ["messageRetentionDuration", REMOVE, []],
]);

describe(`${replay.name} (non-replay subscriptions)`, () => {
    it("does not require retained acks outside replay", () => {
        assert.deepStrictEqual(checkResource(replay, SUB, workerSubscription), []);
    });
});

resourceCases(
    publicIam,
    "gcp:pubsub/topicIAMMember:TopicIAMMember",
    {
        topic: "pms-sync-jobs",
        role: "roles/pubsub.publisher",
        member: "serviceAccount:voice-agent@p.iam.gserviceaccount.com",
    },
    [
        [
            "member",
            "allUsers",
            [`IAM grant 'test' gives roles/pubsub.publisher to allUsers; public principals are not allowed.`],
        ],
        [
            "member",
            "allAuthenticatedUsers",
            [
                `IAM grant 'test' gives roles/pubsub.publisher to allAuthenticatedUsers; public principals are not allowed.`,
            ],
        ],
    ],
);

resourceCases(
    publicIam,
    "gcp:pubsub/subscriptionIAMBinding:SubscriptionIAMBinding",
    { subscription: "pms-sync-worker", role: "roles/pubsub.subscriber", members: ["group:oncall@edentist.ai"] },
    [
        [
            "members[1]",
            "allUsers",
            [`IAM grant 'test' gives roles/pubsub.subscriber to allUsers; public principals are not allowed.`],
        ],
    ],
);

for (const [policy, type, label, name, inputs] of [
    [topicProtection, TOPIC, "Pub/Sub topic", "pms-sync-jobs", topic("pms-sync-jobs")],
    [subProtection, SUB, "Pub/Sub subscription", "pms-sync-worker", workerSubscription],
] as const) {
    describe(policy.name, () => {
        it("accepts a protected resource", () => assert.deepStrictEqual(checkResource(policy, type, inputs), []));
        it("requires the Pulumi protect option", () => {
            assert.deepStrictEqual(checkResource(policy, type, inputs, { protect: false }), [
                `${label} '${name}' holds state and must be created with the Pulumi resource option protect: true.`,
            ]);
        });
    });
}
