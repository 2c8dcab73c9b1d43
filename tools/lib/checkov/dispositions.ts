/**
 * What the pack makes of Checkov's findings, rendered into policies/COVERAGE.md and held to the
 * evidence by test/checkov/: for every check Checkov fails on a committed stack, the pack policies that
 * fail there too or why the check does not apply to this design; for the checks the pack claims (its
 * Checkov anchors), those no broken variant can make Checkov fail, and those whose broken variant the
 * anchored policy does not fail.
 */

export interface Disposition {
    /** Pack policies that fail on the same stacks (none: the reason says why the check does not apply). */
    pack: string[];
    reason: string;
}

/** Every check Checkov fails on a committed stack (docs/checkov/<stack>.json). */
export const failingChecks: Record<string, Disposition> = {
    CKV_GCP_6: {
        pack: [],
        reason:
            "Checkov passes PostgreSQL only with client certificates (TRUSTED_CLIENT_CERTIFICATE_REQUIRED). " +
            "The instances require TLS (ENCRYPTED_ONLY, what `gcp-sql-databaseinstance-require-tls` holds) and " +
            "the workload logs in with IAM database authentication, so a client certificate would add a " +
            "credential to rotate without proving anything the IAM token does not.",
    },
    CKV_GCP_12: {
        pack: [],
        reason:
            "The clusters run Dataplane V2 (datapath_provider ADVANCED_DATAPATH), which enforces NetworkPolicy " +
            "itself; Checkov passes it only beside a network_policy block set to disabled, which the program " +
            "leaves to the provider. `gcp-container-cluster-enable-workload-identity-and-network-policy` " +
            "accepts Dataplane V2 or an enabled network policy.",
    },
    CKV_GCP_65: {
        pack: [],
        reason:
            "Google Groups for RBAC (authenticator_groups_config) need a Google Workspace group named " +
            "gke-security-groups in the organization; no Kubernetes RBAC is granted to people here, the " +
            "workloads reach Google APIs through Workload Identity. The pack has no policy for it.",
    },
    CKV_GCP_69: {
        pack: [],
        reason:
            "Checkov reads the cluster's own node_config, but the cluster removes its default node pool " +
            "(remove_default_node_pool) and declares none; the node pools that run the pods set GKE_METADATA, " +
            "which Checkov passes and `gcp-container-nodepool-harden-nodes` requires.",
    },
    CKV_GCP_73: {
        pack: [],
        reason:
            "The Cloud Armor policy holds the default rule and the runbook's per-client rate limit, no " +
            "preconfigured WAF rule such as the Log4j one. The pack has no WAF-rule policy: not covered.",
    },
    CKV_GCP_79: {
        pack: [],
        reason:
            "Checkov passes only the newest PostgreSQL major (POSTGRES_18). The version is pinned by " +
            "`database.version` (POSTGRES_16 in the committed stacks) and upgraded deliberately; " +
            "`gcp-sql-databaseinstance-use-supported-major-version` requires PostgreSQL 15 or later.",
    },
    CKV_GCP_83: {
        pack: [],
        reason:
            "Pub/Sub encrypts with Google-managed keys: the program declares no Cloud KMS key for any service, " +
            "and a customer-managed key would make the topics depend on a key ring in each cell's regions. " +
            "The pack has no CMEK policy.",
    },
    CKV_GCP_108: {
        pack: [],
        reason:
            "log_hostname makes PostgreSQL resolve every client address by reverse DNS when it connects; the " +
            "clients are pods with private addresses, which log_connections already records. " +
            "`gcp-sql-databaseinstance-enforce-postgres-logging-flags` holds the CIS 6.2 flags, which omit it.",
    },
    CKV2_GCP_13: {
        pack: [],
        reason:
            "log_duration logs the duration of every statement; statement latency comes from Query Insights, " +
            "and slow statements from log_min_duration_statement (`database.logMinDurationStatementMs`). " +
            "The pack holds the CIS 6.2 flags, which omit it.",
    },
    CKV_K8S_15: {
        pack: [],
        reason:
            "Images are pinned by release tag or digest (`kubernetes-apps-deployment-pin-image`), so IfNotPresent " +
            "runs the same image as Always while a pod still starts when Artifact Registry is unreachable.",
    },
    CKV_K8S_35: {
        pack: [],
        reason:
            "Checkov fails any Secret reached through the environment; the Deployments take the Redis AUTH " +
            "secret with envFrom secretRef, which the application reads from its environment. " +
            "`kubernetes-apps-deployment-disallow-literal-secrets-in-env` forbids the literal values Checkov's " +
            "check is about, not Secret references.",
    },
    CKV_K8S_43: {
        pack: [],
        reason:
            "The release is pinned by `release.tag` or `release.digest`; the committed stacks use a tag. " +
            "`kubernetes-apps-deployment-pin-image` accepts a release tag other than latest.",
    },
    CKV2_K8S_6: {
        pack: [],
        reason:
            "The program declares no NetworkPolicy, so any pod of a cluster can reach the voice agent's pods; " +
            "the pack has no NetworkPolicy rule: not covered.",
    },
};

/** Claimed checks that no variant of this design makes Checkov fail, and why. */
export const notBreakable: Record<string, string> = {
    CKV_GCP_19: "Checkov 3.3.30 has no such check any more (GKE basic authentication, which GKE removed).",
    CKV_GCP_22:
        "Checkov reads it only on node pools pinned to a GKE version before 1.24; the node pools follow the " +
        "release channel.",
    CKV_GCP_113:
        "Checkov reads it only on the google_iam_policy data source; the program grants with IAM member " +
        "resources, whose public principals CKV_GCP_99 reads.",
    CKV2_GCP_1:
        "Checkov reads it only on a google_project_default_service_accounts resource connected to a cluster " +
        "or node pool; the program declares none, and a node pool without its own service account (which " +
        "the pack fails) passes it.",
    CKV2_GCP_20: "Checkov reads it only on MySQL instances; the database is PostgreSQL.",
};

/**
 * Claimed checks whose broken variant the anchored policy does not fail, with what the pack does
 * instead. Empty while every anchored policy holds what Checkov checks; a test keeps each entry true.
 */
export const anchorMismatches: Record<string, Disposition> = {};
