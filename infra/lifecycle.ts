/**
 * How long a cell's resources are meant to live, from its `environment`: a production cell keeps
 * its stateful and foundational resources under Pulumi's `protect` and the providers' deletion
 * protection, so neither a mistaken `pulumi destroy` nor a console click can delete them; a drill
 * cell is created and destroyed for each rehearsal, so neither applies. One pure function decides;
 * the composition passes its answer to the components through their Args, and they set it on the
 * resources of core/resourceKinds.ts's `protectedTypes` (test/infra/lifecycle.test.ts holds the
 * plans to that list).
 */
export interface Lifecycle {
    /** Pulumi's `protect` option on the resources of `protectedTypes` (core/resourceKinds.ts). */
    protect: boolean;
    /**
     * The providers' own deletion protection: Cloud SQL `deletionProtection` (Pulumi side) and
     * `settings.deletionProtectionEnabled` (API side), GKE `deletionProtection`, Memorystore
     * `deletionProtection`, Secret Manager `deletionProtection`.
     */
    deletionProtection: boolean;
    /**
     * Random bytes of the suffix Cloud SQL instance names carry, held in the stack's state (stable
     * across updates, new when the cell is created again), twice as many lowercase hex digits: Cloud
     * SQL may keep a deleted instance's name reserved for up to a week (the provider's
     * google_sql_database_instance docs), so a drill cell torn down and created again could not
     * reuse its names. 0 in production, whose names are the runbook's fixed ones (voice-db,
     * voice-db-<region>).
     */
    nameSuffixBytes: number;
    /**
     * The stack exports each region's cluster endpoint and CA certificate (`clusterAccess`), which
     * the drill runner's Kubernetes client needs for the pod-crash drill; they carry no credential
     * (authentication goes through gke-gcloud-auth-plugin). Production outputs stay as they are.
     */
    clusterAccessOutput: boolean;
    /**
     * `deletionPolicy: "ABANDON"` on what the API refuses to delete while something outside Pulumi's
     * graph still holds it, so that a drill cell's `pulumi destroy` finishes: the private services
     * access connection (Cloud SQL keeps its producer resources on the peering for a while after
     * the instances are gone, so DeleteConnection fails: terraform-provider-google#16275, #19908;
     * the provider's docs advise ABANDON for Cloud SQL) and the Cloud SQL IAM user (PostgreSQL
     * refuses to drop a role that owns objects; the pinned schema's `sql.User.deletionPolicy` docs
     * advise ABANDON for Postgres). Both go with their parent: the peering with the VPC (after
     * `gcloud compute networks peerings delete`, docs/bring-up.md), the user with its instance.
     * Production cells keep the API's refusals as one more guard against deleting the data tier.
     */
    abandonOnDelete: boolean;
}

export function lifecycleOf(c: { environment: "prod" | "drill" }): Lifecycle {
    const keep = c.environment !== "drill";
    return {
        protect: keep,
        deletionProtection: keep,
        nameSuffixBytes: keep ? 0 : 4,
        clusterAccessOutput: !keep,
        abandonOnDelete: !keep,
    };
}
