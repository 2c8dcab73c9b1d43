/**
 * Which resource types hold the cell's data or are its foundation. The diff and the review make a
 * change to one of them loud; the lifecycle protects them with Pulumi's `protect` in production
 * cells. One list, so that what a reviewer is warned about and what a mistaken destroy cannot
 * delete are decided together.
 */

/** Types whose resources hold data or serve as the cell's foundation: touching one is loud. */
export const statefulTypes: readonly string[] = [
    "gcp:sql/databaseInstance:DatabaseInstance",
    "gcp:sql/database:Database",
    "gcp:sql/user:User",
    "gcp:redis/instance:Instance",
    "gcp:pubsub/topic:Topic",
    "gcp:pubsub/subscription:Subscription",
    "gcp:secretmanager/secret:Secret",
    "gcp:secretmanager/secretVersion:SecretVersion",
    "gcp:container/cluster:Cluster",
];

/**
 * Stateful types a production cell still leaves unprotected: the Cloud SQL IAM user holds no data
 * (it maps the workload's service account to a database role and is recreated from it), and the
 * secret's versions are added by hand during an incident, never declared by the program.
 */
const statefulButUnprotected: readonly string[] = [
    "gcp:sql/user:User",
    "gcp:secretmanager/secretVersion:SecretVersion",
];

/**
 * Foundational types that hold no data but are protected too: a global address is the load
 * balancer's IP that DNS points at, or the private services range Cloud SQL and Memorystore live in;
 * a new one means a DNS change or a new peering under the data tier.
 */
const foundationalTypes: readonly string[] = ["gcp:compute/globalAddress:GlobalAddress"];

/** The types a production cell declares with Pulumi's `protect`. */
export const protectedTypes: readonly string[] = [
    ...statefulTypes.filter((t) => !statefulButUnprotected.includes(t)),
    ...foundationalTypes,
];
