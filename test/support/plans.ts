/**
 * Offline plans and stacks for tests. Plans are memoized per (stack, overrides): a plan takes about
 * a second and many tests read the same one. Plans run one at a time (Pulumi's runtime state is process-global),
 * which mocha's serial execution guarantees.
 */
import { readdirSync } from "fs";
import { stackNames } from "../../tools/lib/baseCheckout";
import { diffInventories, previewPlan, type PlanDiff } from "../../tools/lib/diff";
import { plan, type Inventory, type InventoryResource } from "../../tools/lib/plan";
import { projectRoot } from "./paths";

const cache = new Map<string, Promise<Inventory>>();

export function planOf(stack: string, ...sets: string[]): Promise<Inventory> {
    const key = JSON.stringify([stack, sets]);
    let p = cache.get(key);
    if (!p) {
        p = plan({ stack, sets });
        cache.set(key, p);
    }
    return p;
}

/** What `npm run diff -- --stack S --set …` computes: the preview's plan against the stack file's. */
export async function diffOf(stack: string, ...sets: string[]): Promise<PlanDiff> {
    const before = await planOf(stack);
    const after = await previewPlan(before, (unknownAtPreview) =>
        unknownAtPreview ? plan({ stack, sets, unknownAtPreview }) : planOf(stack, ...sets),
    );
    return diffInventories(before, after);
}

/** Every committed stack: one Pulumi.<stack>.yaml at the root each. */
export const committedStacks: readonly string[] = stackNames(readdirSync(projectRoot));

/** The production cells, with what their stack files say about them. */
export const prodStacks = [
    {
        stack: "prod-eu",
        project: "edentist-voice-prod-eu",
        regions: ["europe-west1", "europe-west4"],
        group: "voice-oncall-eu@edentist.ai",
    },
    {
        stack: "prod-me",
        project: "edentist-voice-prod-me",
        regions: ["me-central1", "me-central2"],
        group: "voice-oncall-me@edentist.ai",
    },
] as const;

export function ofType(inv: Inventory, type: string): InventoryResource[] {
    return inv.resources.filter((r) => r.type === type);
}

/** The one element of a list, or an error with the message when it has none or more. */
export function single<T>(found: readonly T[], message: string): T {
    const [first, ...others] = found;
    if (first === undefined || others.length > 0) throw new Error(message);
    return first;
}

export function one(
    inv: Inventory,
    type: string,
    predicate: (r: InventoryResource) => boolean = () => true,
): InventoryResource {
    const found = ofType(inv, type).filter(predicate);
    return single(found, `expected exactly one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
}

/** Inputs as a loosely typed tree, for reading nested fields in assertions. */

export function inputs(r: InventoryResource): any {
    return r.inputs;
}

export function countsByType(inv: Inventory): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of inv.resources) if (r.custom) out[r.type] = (out[r.type] ?? 0) + 1;
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export function named(inv: Inventory, type: string, name: string): InventoryResource {
    const found = inv.resources.filter((r) => r.type === type && r.name === name);
    return single(found, `expected one ${type} named ${name}, found ${found.length}`);
}

/** The resource whose physical name (`inputs.name`, else Kubernetes metadata.name) is `physical`. */
export function byPhysicalName(inv: Inventory, type: string, physical: string): InventoryResource {
    const found = inv.resources.filter(
        (r) =>
            r.type === type &&
            (r.inputs.name ?? (r.inputs.metadata as { name?: string } | undefined)?.name) === physical,
    );
    return single(found, `expected one ${type} with physical name ${physical}, found ${found.length}`);
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
