import * as assert from "assert";
import { policy as subProtection } from "../../../policies/gcp/pubsub/subscription/gcp-pubsub-subscription-enforce-protection";
import { policy as deadLetter } from "../../../policies/gcp/pubsub/subscription/gcp-pubsub-subscription-require-dead-letter-and-retry";
import { policy as replay } from "../../../policies/gcp/pubsub/subscription/gcp-pubsub-subscription-retain-for-replay";
import { policy as residency } from "../../../policies/gcp/pubsub/topic/gcp-pubsub-topic-enforce-data-residency";
import { policy as topicProtection } from "../../../policies/gcp/pubsub/topic/gcp-pubsub-topic-enforce-protection";
import { policy as publicIam } from "../../../policies/gcp/pubsub/topicIAMMember/gcp-pubsub-topiciammember-disallow-public-principals";
import {
    addCopy,
    checkPlanned,
    checkStack,
    messages,
    prodEu,
    realPlan,
    REMOVE,
    resourceCases,
    stackCases,
    unprotect,
} from "../harness";

const SUB = "gcp:pubsub/subscription:Subscription";
const TOPIC = "gcp:pubsub/topic:Topic";
const REPLAY = prodEu(SUB, "pms-sync-replay");
const WORKER = prodEu(SUB, "pms-sync-worker");
const JOBS_PUBLISHER = prodEu("gcp:pubsub/topicIAMMember:TopicIAMMember", "voice-agent-jobs-publisher");
const WORKER_SUBSCRIBER = prodEu(
    "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember",
    "voice-agent-worker-subscriber",
);

stackCases(residency, "prod-eu", [
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

stackCases(deadLetter, "prod-eu", [
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
        "pms-sync-eu-dead-letter-publisher",
        "role",
        "roles/pubsub.viewer",
        [
            `Pub/Sub subscription 'pms-sync-worker' dead-letters to 'pms-sync-dead-letter', but the Pub/Sub service agent is not granted roles/pubsub.publisher on that topic.`,
            `Pub/Sub subscription 'pms-sync-replay' dead-letters to 'pms-sync-dead-letter', but the Pub/Sub service agent is not granted roles/pubsub.publisher on that topic.`,
        ],
    ],
    [
        "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember",
        "pms-sync-eu-worker-subscriber",
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

resourceCases(replay, REPLAY, [
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
    it("does not require retained acks outside replay", async () => {
        const worker = (await realPlan("prod-eu")).resources.find((r) => r.type === SUB && r.name === WORKER.name);
        assert.strictEqual(worker?.inputs?.retainAckedMessages, undefined);
        assert.deepStrictEqual(await checkPlanned(replay, WORKER), []);
    });
});

resourceCases(publicIam, JOBS_PUBLISHER, [
    [
        "member",
        "allUsers",
        [
            `IAM grant 'voice-agent-jobs-publisher' gives roles/pubsub.publisher to allUsers; public principals are not allowed.`,
        ],
    ],
    [
        "member",
        "allAuthenticatedUsers",
        [
            `IAM grant 'voice-agent-jobs-publisher' gives roles/pubsub.publisher to allAuthenticatedUsers; public principals are not allowed.`,
        ],
    ],
]);

describe(`${publicIam.name} (bindings)`, () => {
    /** The prod-eu plan with the worker's subscriber grant copied into a binding of `members`. */
    async function withBinding(members: string[]) {
        const inventory = await realPlan("prod-eu");
        const binding = "gcp:pubsub/subscriptionIAMBinding:SubscriptionIAMBinding";
        addCopy(inventory, WORKER_SUBSCRIBER, binding, "oncall-subscribers", ({ member: _member, ...grant }) => ({
            ...grant,
            members,
        }));
        return inventory;
    }
    it("accepts a binding of named principals", async () => {
        assert.deepStrictEqual(messages(checkStack(publicIam, await withBinding(["group:oncall@edentist.ai"]))), []);
    });
    it("names a public principal among the members", async () => {
        const inventory = await withBinding(["group:oncall@edentist.ai", "allUsers"]);
        assert.deepStrictEqual(messages(checkStack(publicIam, inventory)), [
            `IAM grant 'oncall-subscribers' gives roles/pubsub.subscriber to allUsers; public principals are not allowed.`,
        ]);
    });
});

for (const [policy, label, ref] of [
    [topicProtection, "Pub/Sub topic", prodEu(TOPIC, "pms-sync-jobs")],
    [subProtection, "Pub/Sub subscription", WORKER],
] as const) {
    describe(policy.name, () => {
        it("accepts the prod-eu plan", async () => assert.deepStrictEqual(await checkPlanned(policy, ref), []));
        it("requires the Pulumi protect option", async () => {
            assert.deepStrictEqual(await checkPlanned(policy, ref, unprotect), [
                `${label} '${ref.name}' holds state and must be created with the Pulumi resource option protect: true.`,
            ]);
        });
    });
}
