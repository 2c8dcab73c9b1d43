/**
 * How long a cell's resources are meant to live, from its `environment`: a production cell keeps
 * its stateful and foundational resources under Pulumi's `protect` and the providers' deletion
 * protection, so neither a mistaken `pulumi destroy` nor a console click can delete them; a drill
 * cell is created and destroyed for each rehearsal, so neither applies. One pure function decides;
 * the composition passes its answer to the components through their Args.
 */
export interface Lifecycle {
    /** Pulumi's `protect` option on stateful and foundational resources. */
    protect: boolean;
    /**
     * The providers' own deletion protection: Cloud SQL `deletionProtection` (Pulumi side) and
     * `settings.deletionProtectionEnabled` (API side), GKE `deletionProtection`, Memorystore
     * `deletionProtection`, Secret Manager `deletionProtection`.
     */
    deletionProtection: boolean;
}

export function lifecycleOf(c: { environment: "prod" | "drill" }): Lifecycle {
    const keep = c.environment !== "drill";
    return { protect: keep, deletionProtection: keep };
}
