/**
 * Helpers of the data-tier tests. Plans come from the shared memo in test/support/plans.ts, so
 * each (stack, overrides) pair is planned once per mocha process whichever suite asks first.
 */
import type { Inventory, InventoryResource } from "../../tools/lib/plan";
import * as shared from "../support/plans";

export function planOf(stack: string, sets: readonly string[] = []): Promise<Inventory> {
    return shared.planOf(stack, ...sets);
}

export const prodStacks = [
    { stack: "prod-eu", project: "edentist-voice-prod-eu", regions: ["europe-west1", "europe-west4"], group: "voice-oncall-eu@edentist.ai" },
    { stack: "prod-me", project: "edentist-voice-prod-me", regions: ["me-central1", "me-central2"], group: "voice-oncall-me@edentist.ai" },
] as const;

export function ofType(inv: Inventory, type: string): InventoryResource[] {
    return inv.resources.filter((r) => r.type === type);
}

export function named(inv: Inventory, type: string, name: string): InventoryResource {
    const found = inv.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
}

/** The resource whose physical name (`inputs.name`, else Kubernetes metadata.name) is `physical`. */
export function byPhysicalName(inv: Inventory, type: string, physical: string): InventoryResource {
    const found = inv.resources.filter((r) => r.type === type && (r.inputs.name ?? (r.inputs.metadata as { name?: string } | undefined)?.name) === physical);
    if (found.length !== 1) throw new Error(`expected one ${type} with physical name ${physical}, found ${found.length}`);
    return found[0];
}

export const types = {
    sqlInstance: "gcp:sql/databaseInstance:DatabaseInstance",
    sqlDatabase: "gcp:sql/database:Database",
    sqlUser: "gcp:sql/user:User",
    redis: "gcp:redis/instance:Instance",
    topic: "gcp:pubsub/topic:Topic",
    subscription: "gcp:pubsub/subscription:Subscription",
    topicIam: "gcp:pubsub/topicIAMMember:TopicIAMMember",
    subscriptionIam: "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember",
    secret: "gcp:secretmanager/secret:Secret",
    secretIam: "gcp:secretmanager/secretIamMember:SecretIamMember",
    serviceAccount: "gcp:serviceaccount/account:Account",
    serviceAccountIam: "gcp:serviceaccount/iAMMember:IAMMember",
    projectIam: "gcp:projects/iAMMember:IAMMember",
    configMap: "kubernetes:core/v1:ConfigMap",
    k8sSecret: "kubernetes:core/v1:Secret",
    deployment: "kubernetes:apps/v1:Deployment",
} as const;
