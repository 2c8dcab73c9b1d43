import * as gcp from "../../gcp";
import * as pulumi from "@pulumi/pulumi";
import { childName, pubsubNames } from "../../../core/naming";

export interface MessagingArgs {
    /** The cell's regions: messages are stored only there (patient data stays in the cell's jurisdiction). */
    regions: string[];
    /** The cell's project, whose Pub/Sub service agent forwards dead letters. */
    project: string;
    topicRetentionDays: number;
    deadLetterRetentionDays: number;
    ackDeadlineSeconds: number;
    maxDeliveryAttempts: number;
    minimumBackoffSeconds: number;
    maximumBackoffSeconds: number;
    labels: Record<string, string>;
    /** Pulumi's `protect` on the stateful resources (infra/lifecycle.ts: off in drill cells). */
    protect: boolean;
}

const day = 24 * 60 * 60;
/** A subscription keeps messages at most 7 days (Pub/Sub quota), which is also the shortest window a replay after a week-long PMS outage needs. */
const subscriptionRetention = `${7 * day}s`;
/** `ttl: ""` is the provider's way of saying "never expires" (google_pubsub_subscription `expiration_policy`). */
const neverExpires = { ttl: "" };

/**
 * PMS sync over Pub/Sub: jobs, a replay journal and dead letters.
 *
 * - `pms-sync-jobs` feeds `pms-sync-worker`; in queue-only mode (runbook "PMS Outage") jobs wait
 *   there. After `maxDeliveryAttempts` a job goes to `pms-sync-dead-letter`.
 * - `pms-sync-replay` receives every job as well; its subscription keeps acked messages for seven
 *   days, so `gcloud pubsub subscriptions seek pms-sync-replay --time=…` replays a window.
 * - `pms-sync-dead-letter-inspect` lets on-call read dead letters.
 *
 * Pub/Sub forwards to a dead-letter topic as its service agent, which therefore publishes on the
 * dead-letter topic and subscribes on the source subscription (provider docs,
 * google_pubsub_subscription `dead_letter_policy`). That agent is created some time after the
 * API is enabled, so a grant to it by its e-mail alone can fail with "Service account ... does not
 * exist" on a new project; the grants take the agent's member from a `ServiceIdentity`, whose
 * create returns only once the agent exists (google_project_service_identity docs; IAM docs,
 * "Service agents": some are created on demand).
 */
export class Messaging extends pulumi.ComponentResource {
    readonly jobsTopic: gcp.pubsub.Topic;
    readonly replayTopic: gcp.pubsub.Topic;
    readonly deadLetterTopic: gcp.pubsub.Topic;
    readonly workerSubscription: gcp.pubsub.Subscription;
    readonly replaySubscription: gcp.pubsub.Subscription;
    readonly deadLetterSubscription: gcp.pubsub.Subscription;

    constructor(name: string, args: MessagingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:messaging:Messaging", name, {}, opts);
        const labels = { ...args.labels, component: "messaging" };
        const stateful = { parent: this, protect: args.protect };

        const topic = (physical: string, retentionDays: number) =>
            new gcp.pubsub.Topic(
                physical,
                {
                    name: physical,
                    messageRetentionDuration: `${retentionDays * day}s`,
                    // enforceInTransit also refuses publish and subscribe calls from outside the cell's regions.
                    messageStoragePolicy: { allowedPersistenceRegions: args.regions, enforceInTransit: true },
                    labels,
                },
                stateful,
            );
        this.jobsTopic = topic(pubsubNames.jobsTopic, args.topicRetentionDays);
        this.replayTopic = topic(pubsubNames.replayTopic, args.topicRetentionDays);
        this.deadLetterTopic = topic(pubsubNames.deadLetterTopic, args.deadLetterRetentionDays);

        // Backoff between redeliveries, then the dead-letter topic after maxDeliveryAttempts.
        const retriesAndDeadLetters = {
            retryPolicy: {
                minimumBackoff: `${args.minimumBackoffSeconds}s`,
                maximumBackoff: `${args.maximumBackoffSeconds}s`,
            },
            deadLetterPolicy: {
                deadLetterTopic: this.deadLetterTopic.id,
                maxDeliveryAttempts: args.maxDeliveryAttempts,
            },
        };
        this.workerSubscription = new gcp.pubsub.Subscription(
            pubsubNames.workerSubscription,
            {
                name: pubsubNames.workerSubscription,
                topic: this.jobsTopic.id,
                ackDeadlineSeconds: args.ackDeadlineSeconds,
                messageRetentionDuration: subscriptionRetention,
                ...retriesAndDeadLetters,
                expirationPolicy: neverExpires,
                labels,
            },
            stateful,
        );
        this.replaySubscription = new gcp.pubsub.Subscription(
            pubsubNames.replaySubscription,
            {
                name: pubsubNames.replaySubscription,
                topic: this.replayTopic.id,
                ackDeadlineSeconds: args.ackDeadlineSeconds,
                retainAckedMessages: true,
                // Workers pull from it during a replay: a poison job must back off and end in the
                // dead letters like on the worker subscription, not be redelivered forever.
                ...retriesAndDeadLetters,
                messageRetentionDuration: subscriptionRetention,
                expirationPolicy: neverExpires,
                labels,
            },
            stateful,
        );
        this.deadLetterSubscription = new gcp.pubsub.Subscription(
            pubsubNames.deadLetterSubscription,
            {
                name: pubsubNames.deadLetterSubscription,
                topic: this.deadLetterTopic.id,
                ackDeadlineSeconds: args.ackDeadlineSeconds,
                retainAckedMessages: true,
                messageRetentionDuration: subscriptionRetention,
                expirationPolicy: neverExpires,
                labels,
            },
            stateful,
        );

        // Creating it is idempotent and deleting it a no-op: the agent belongs to the project.
        const agent = new gcp.projects.ServiceIdentity(
            childName(name, "pubsub-agent"),
            { project: args.project, service: "pubsub.googleapis.com" },
            { parent: this },
        );
        const serviceAgent = agent.member;
        new gcp.pubsub.TopicIAMMember(
            childName(name, "dead-letter", "publisher"),
            { topic: this.deadLetterTopic.name, role: "roles/pubsub.publisher", member: serviceAgent },
            { parent: this },
        );
        // The service agent acks a message it forwards to the dead letters: subscriber on every
        // subscription with a dead-letter policy.
        for (const [role, subscription] of [
            ["worker", this.workerSubscription],
            ["replay", this.replaySubscription],
        ] as const) {
            new gcp.pubsub.SubscriptionIAMMember(
                childName(name, role, "subscriber"),
                { subscription: subscription.name, role: "roles/pubsub.subscriber", member: serviceAgent },
                { parent: this },
            );
        }

        this.registerOutputs({
            topics: [this.jobsTopic.name, this.replayTopic.name, this.deadLetterTopic.name],
            subscriptions: [
                this.workerSubscription.name,
                this.replaySubscription.name,
                this.deadLetterSubscription.name,
            ],
        });
    }
}
