import * as gcp from "../../gcp";
import * as pulumi from "@pulumi/pulumi";
import { childName, fixedNames, serviceAccountId } from "../../../core/naming";

export interface WorkloadIdentityArgs {
    project: string;
    /** Topics the app publishes to, by short role name (`jobs`, `replay`). */
    publishTopics: Record<string, pulumi.Input<string>>;
    /** Subscriptions the app pulls from, by short role name (`worker`, `replay`). */
    subscriptions: Record<string, pulumi.Input<string>>;
    /** Physical names of every Cloud SQL instance of the cell: the app may log in to any primary. */
    databaseInstances: pulumi.Input<string>[];
}

/** Project-level roles the app needs; neither Cloud Logging nor Monitoring has a narrower resource to grant on. */
export const projectRoles = ["roles/logging.logWriter", "roles/monitoring.metricWriter"] as const;

/**
 * The Google service account `voice-agent` of the cell and everything it may do, each grant on
 * the narrowest resource GCP offers:
 *
 * - Pub/Sub: publisher on the jobs and replay topics (the app journals every job on the replay
 *   topic), subscriber on its own subscriptions; never project-wide.
 * - Cloud SQL has no instance-level IAM, so `cloudsql.client` (connect) and
 *   `cloudsql.instanceUser` (IAM login) are project bindings with an IAM condition naming the
 *   cell's instances, as Google's sample `cloud_sql/instance_iam_condition` does. Every instance is
 *   listed, so the grant holds across a switchover.
 * - Logging and Monitoring writers at project level.
 * - No Secret Manager access: the app's only secret, each region's Redis AUTH string, reaches the
 *   pods as a Kubernetes Secret; `incident-access` is for people (IncidentAccess.ts).
 * - Workload Identity: `roles/iam.workloadIdentityUser` on this account for the Kubernetes service
 *   account `voice-agent/voice-agent`. The member names the project's workload pool, which every
 *   GKE cluster of the project shares, so one binding covers the clusters of all regions; it is
 *   declared by `bindWorkloadPool`, after the clusters that make the pool exist.
 *
 * No basic role (owner, editor, viewer) is granted anywhere.
 */
/** A role grant's child name: `roles/cloudsql.client` → `<name>-cloudsql-client`. */
function roleChildName(name: string, role: string): string {
    return childName(
        name,
        role
            .replace(/^roles\//, "")
            .replace(/\./g, "-")
            .toLowerCase(),
    );
}

export class WorkloadIdentity extends pulumi.ComponentResource {
    readonly serviceAccount: gcp.serviceaccount.Account;
    readonly email: pulumi.Output<string>;
    /** `serviceAccount:<project>.svc.id.goog[voice-agent/voice-agent]`. */
    readonly workloadIdentityMember: string;

    constructor(name: string, args: WorkloadIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:identity:WorkloadIdentity", name, {}, opts);
        const parent = { parent: this };

        this.serviceAccount = new gcp.serviceaccount.Account(
            name,
            {
                accountId: serviceAccountId(fixedNames.workloadServiceAccount),
                displayName: "voice-agent workload (Workload Identity)",
                description:
                    "Runs the voice-agent pods of every region of the cell; least privilege, granted on resources.",
            },
            parent,
        );
        this.email = this.serviceAccount.email;
        const member = this.serviceAccount.member;

        for (const role of projectRoles) {
            new gcp.projects.IAMMember(roleChildName(name, role), { project: args.project, role, member }, parent);
        }

        const instanceCondition = pulumi
            .all(args.databaseInstances)
            .apply((names) =>
                names.map((i) => `resource.name == 'projects/${args.project}/instances/${i}'`).join(" || "),
            );
        for (const role of ["roles/cloudsql.client", "roles/cloudsql.instanceUser"]) {
            new gcp.projects.IAMMember(
                roleChildName(name, role),
                {
                    project: args.project,
                    role,
                    member,
                    condition: {
                        title: "voice-db instances",
                        description: "Only the Cloud SQL instances of this cell",
                        expression: pulumi.interpolate`resource.type == 'sqladmin.googleapis.com/Instance' && (${instanceCondition})`,
                    },
                },
                parent,
            );
        }

        for (const [key, topic] of Object.entries(args.publishTopics)) {
            new gcp.pubsub.TopicIAMMember(
                childName(name, key, "publisher"),
                { topic, role: "roles/pubsub.publisher", member },
                parent,
            );
        }
        for (const [key, subscription] of Object.entries(args.subscriptions)) {
            new gcp.pubsub.SubscriptionIAMMember(
                childName(name, key, "subscriber"),
                { subscription, role: "roles/pubsub.subscriber", member },
                parent,
            );
        }

        this.workloadIdentityMember = `serviceAccount:${args.project}.svc.id.goog[${fixedNames.namespace}/${fixedNames.kubernetesServiceAccount}]`;
        this.baseName = name;

        this.registerOutputs({ email: this.email, workloadIdentityMember: this.workloadIdentityMember });
    }

    private readonly baseName: string;

    /**
     * The Workload Identity binding, once the clusters that create the project's workload pool
     * exist: `<project>.svc.id.goog` exists only after the project's first cluster with Workload
     * Identity does, and a grant to a member of a pool that does not exist fails with "Identity
     * Pool does not exist" (terraform-google-kubernetes-engine#916). Called once, by the
     * composition, with every cluster of the cell.
     */
    bindWorkloadPool(clusters: pulumi.Resource[]): gcp.serviceaccount.IAMMember {
        if (clusters.length === 0)
            throw new Error(
                `WorkloadIdentity ${this.baseName}: the binding needs at least one cluster with Workload Identity`,
            );
        return new gcp.serviceaccount.IAMMember(
            childName(this.baseName, "workload-identity"),
            {
                serviceAccountId: this.serviceAccount.name,
                role: "roles/iam.workloadIdentityUser",
                member: this.workloadIdentityMember,
            },
            { parent: this, dependsOn: clusters },
        );
    }
}
