/**
 * Broken variants of the prod-eu plan for the Checkov checks the pack claims to cover (the Checkov rows
 * of policies/COVERAGE.md): each breaks what one check reads, and both Checkov (`npm run checkov`, its
 * results in docs/checkov/breakages.json) and the pack (test/checkov/breakages.test.ts) must fail it.
 * A firewall rule's exposure is a source range and a port together, so its variants change both. The
 * claimed checks no variant of this design makes Checkov fail are in tools/lib/checkov/dispositions.ts.
 */
import type { PolicyPackConfig } from "@pulumi/policy";
import { addBeside, both, drop, Edit, every, set, unset } from "../policies/mutation/edit";

export interface CheckovBreakage {
    name: string;
    /** The Checkov check IDs the variant breaks. */
    checks: string[];
    edit: Edit;
    /** The pack config under which the pack claims the check, where it is not the default. */
    packConfig?: PolicyPackConfig;
}

const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
const CLUSTER = "gcp:container/cluster:Cluster";
const POOL = "gcp:container/nodePool:NodePool";
const FIREWALL = "gcp:compute/firewall:Firewall";
const SUBNET = "gcp:compute/subnetwork:Subnetwork";
const SSL = "gcp:compute/sSLPolicy:SSLPolicy";
const REDIS = "gcp:redis/instance:Instance";
const PROJECT_IAM = "gcp:projects/iAMMember:IAMMember";
const TOPIC_IAM = "gcp:pubsub/topicIAMMember:TopicIAMMember";
const FORWARDING = "gcp:compute/globalForwardingRule:GlobalForwardingRule";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";

const PRIMARY = "voice-db";
const POD = "spec.template.spec";
const C0 = `${POD}.containers[0]`;
const SC = `${C0}.securityContext`;
/** The node service account of the first region: a user-managed service account. */
const NODE_GRANT = /nodes-logging-logwriter/;

/** A key uploaded for the workload's service account (a user-managed key). */
const userManagedKey = {
    type: "gcp:serviceaccount/key:Key",
    name: "voice-agent-key",
    protect: false,
    custom: true,
    dependsOn: [],
    provider: "",
    inputs: { serviceAccountId: "voice-agent@edentist-voice-prod-eu.iam.gserviceaccount.com", publicKeyData: "LS0t" },
};

/** Sets one PostgreSQL flag of every instance to `value`. */
const flag = (name: string, value: string): Edit =>
    every(SQL, (i) => {
        for (const f of i.settings?.databaseFlags ?? []) if (f.name === name) f.value = value;
    });

/** Opens the health-check firewall rule to the world on `port`. */
const worldOn = (port: string): Edit =>
    both(set(FIREWALL, undefined, "sourceRanges", ["0.0.0.0/0"]), set(FIREWALL, undefined, "allows[0].ports", [port]));

export const breakages: CheckovBreakage[] = [
    // GKE cluster
    { name: "Cluster logging off", checks: ["CKV_GCP_1"], edit: set(CLUSTER, undefined, "loggingService", "none") },
    {
        name: "Cluster monitoring off",
        checks: ["CKV_GCP_8"],
        edit: set(CLUSTER, undefined, "monitoringService", "none"),
    },
    { name: "Legacy ABAC on", checks: ["CKV_GCP_7"], edit: set(CLUSTER, undefined, "enableLegacyAbac", true) },
    {
        name: "Client certificate issued",
        checks: ["CKV_GCP_13"],
        edit: set(CLUSTER, undefined, "masterAuth.clientCertificateConfig.issueClientCertificate", true),
    },
    {
        name: "Control plane open to the world",
        checks: ["CKV_GCP_18"],
        edit: set(CLUSTER, undefined, "masterAuthorizedNetworksConfig.cidrBlocks", [
            { cidrBlock: "0.0.0.0/0", displayName: "anyone" },
        ]),
    },
    {
        name: "Master authorized networks removed",
        checks: ["CKV_GCP_20"],
        edit: unset(CLUSTER, undefined, "masterAuthorizedNetworksConfig"),
    },
    { name: "Cluster labels removed", checks: ["CKV_GCP_21"], edit: unset(CLUSTER, undefined, "resourceLabels") },
    { name: "Routes-based cluster", checks: ["CKV_GCP_23"], edit: unset(CLUSTER, undefined, "ipAllocationPolicy") },
    {
        name: "Public cluster",
        checks: ["CKV_GCP_25", "CKV_GCP_64"],
        edit: unset(CLUSTER, undefined, "privateClusterConfig"),
    },
    {
        name: "Intranode visibility off",
        checks: ["CKV_GCP_61"],
        edit: set(CLUSTER, undefined, "enableIntranodeVisibility", false),
    },
    {
        name: "Binary Authorization off",
        checks: ["CKV_GCP_66"],
        edit: unset(CLUSTER, undefined, "binaryAuthorization"),
    },
    { name: "No release channel", checks: ["CKV_GCP_70"], edit: unset(CLUSTER, undefined, "releaseChannel") },
    { name: "Shielded nodes off", checks: ["CKV_GCP_71"], edit: set(CLUSTER, undefined, "enableShieldedNodes", false) },
    {
        name: "Network policy off without Dataplane V2",
        checks: ["CKV_GCP_12"],
        edit: set(CLUSTER, undefined, "datapathProvider", "LEGACY_DATAPATH"),
    },
    // GKE node pool
    { name: "Node auto-repair off", checks: ["CKV_GCP_9"], edit: set(POOL, undefined, "management.autoRepair", false) },
    {
        name: "Node auto-upgrade off",
        checks: ["CKV_GCP_10"],
        edit: set(POOL, undefined, "management.autoUpgrade", false),
    },
    {
        name: "Secure boot off",
        checks: ["CKV_GCP_68"],
        edit: set(POOL, undefined, "nodeConfig.shieldedInstanceConfig.enableSecureBoot", false),
    },
    {
        name: "Node metadata exposed",
        checks: ["CKV_GCP_69"],
        edit: set(POOL, undefined, "nodeConfig.workloadMetadataConfig.mode", "GCE_METADATA"),
    },
    {
        name: "Integrity monitoring off",
        checks: ["CKV_GCP_72"],
        edit: set(POOL, undefined, "nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring", false),
    },
    // Network and load balancer
    { name: "SSH open to the world", checks: ["CKV_GCP_2"], edit: worldOn("22") },
    { name: "RDP open to the world", checks: ["CKV_GCP_3"], edit: worldOn("3389") },
    { name: "MySQL open to the world", checks: ["CKV_GCP_88"], edit: worldOn("3306") },
    { name: "HTTP open to the world", checks: ["CKV_GCP_106"], edit: worldOn("80") },
    {
        name: "Every port open to the world",
        checks: ["CKV2_GCP_12"],
        edit: both(
            set(FIREWALL, undefined, "sourceRanges", ["0.0.0.0/0"]),
            set(FIREWALL, undefined, "allows", [{ protocol: "all" }]),
        ),
    },
    { name: "Subnet without flow logs", checks: ["CKV_GCP_26"], edit: unset(SUBNET, undefined, "logConfig") },
    {
        name: "Subnet without Private Google Access",
        checks: ["CKV_GCP_74"],
        edit: set(SUBNET, undefined, "privateIpGoogleAccess", false),
    },
    { name: "Weak SSL profile", checks: ["CKV_GCP_4"], edit: set(SSL, undefined, "profile", "COMPATIBLE") },
    {
        name: "Classic external scheme on the HTTP forwarding rule",
        checks: ["CKV2_GCP_38"],
        edit: set(FORWARDING, /http-redirect/, "loadBalancingScheme", "EXTERNAL"),
    },
    { name: "VPC without a firewall rule", checks: ["CKV2_GCP_18"], edit: drop(FIREWALL) },
    // Cloud SQL
    {
        name: "Cloud SQL accepts plain-text connections",
        checks: ["CKV_GCP_6"],
        edit: set(SQL, PRIMARY, "settings.ipConfiguration.sslMode", "ALLOW_UNENCRYPTED_AND_ENCRYPTED"),
    },
    {
        name: "Cloud SQL authorized network 0.0.0.0/0",
        checks: ["CKV_GCP_11"],
        edit: set(SQL, PRIMARY, "settings.ipConfiguration.authorizedNetworks", [{ name: "any", value: "0.0.0.0/0" }]),
    },
    {
        name: "Cloud SQL public IP",
        checks: ["CKV_GCP_60"],
        edit: set(SQL, PRIMARY, "settings.ipConfiguration.ipv4Enabled", true),
    },
    {
        name: "Cloud SQL backups off",
        checks: ["CKV_GCP_14"],
        edit: set(SQL, PRIMARY, "settings.backupConfiguration.enabled", false),
    },
    {
        name: "Cloud SQL PostgreSQL 13",
        checks: ["CKV_GCP_79"],
        edit: every(SQL, (i) => (i.databaseVersion = "POSTGRES_13")),
    },
    { name: "log_checkpoints off", checks: ["CKV_GCP_51"], edit: flag("log_checkpoints", "off") },
    { name: "log_connections off", checks: ["CKV_GCP_52"], edit: flag("log_connections", "off") },
    { name: "log_disconnections off", checks: ["CKV_GCP_53"], edit: flag("log_disconnections", "off") },
    { name: "log_lock_waits off", checks: ["CKV_GCP_54"], edit: flag("log_lock_waits", "off") },
    // Checkov fails only a level PostgreSQL does not have; the pack wants warning or error.
    { name: "log_min_messages not a level", checks: ["CKV_GCP_55"], edit: flag("log_min_messages", "verbose") },
    { name: "log_temp_files off", checks: ["CKV_GCP_56"], edit: flag("log_temp_files", "-1") },
    {
        name: "log_min_duration_statement logs all",
        checks: ["CKV_GCP_57"],
        edit: flag("log_min_duration_statement", "0"),
    },
    {
        name: "log_min_error_statement at panic",
        checks: ["CKV_GCP_109"],
        edit: flag("log_min_error_statement", "panic"),
    },
    { name: "log_statement none", checks: ["CKV_GCP_111"], edit: flag("log_statement", "none") },
    { name: "pgAudit off", checks: ["CKV_GCP_110"], edit: flag("cloudsql.enable_pgaudit", "off") },
    // Memorystore
    { name: "Redis AUTH off", checks: ["CKV_GCP_95"], edit: set(REDIS, undefined, "authEnabled", false) },
    { name: "Redis TLS off", checks: ["CKV_GCP_97"], edit: set(REDIS, undefined, "transitEncryptionMode", "DISABLED") },
    // IAM
    {
        name: "Service Account User granted on the project",
        checks: ["CKV_GCP_41"],
        edit: set(PROJECT_IAM, NODE_GRANT, "role", "roles/iam.serviceAccountUser"),
    },
    {
        name: "Token Creator granted on the project",
        checks: ["CKV_GCP_49"],
        edit: set(PROJECT_IAM, NODE_GRANT, "role", "roles/iam.serviceAccountTokenCreator"),
    },
    {
        name: "Pub/Sub Admin granted to a service account",
        checks: ["CKV_GCP_42"],
        edit: set(PROJECT_IAM, NODE_GRANT, "role", "roles/pubsub.admin"),
    },
    {
        name: "Editor granted on the project",
        checks: ["CKV_GCP_117"],
        edit: set(PROJECT_IAM, NODE_GRANT, "role", "roles/editor"),
    },
    {
        name: "Compute Engine default service account granted a role",
        checks: ["CKV_GCP_46"],
        edit: set(
            PROJECT_IAM,
            NODE_GRANT,
            "member",
            "serviceAccount:123456789012-compute@developer.gserviceaccount.com",
        ),
    },
    {
        name: "Topic published to by anyone",
        checks: ["CKV_GCP_99"],
        edit: set(TOPIC_IAM, undefined, "member", "allUsers"),
    },
    {
        name: "User-managed service account key",
        checks: ["CKV2_GCP_3"],
        edit: addBeside("gcp:serviceaccount/account:Account", userManagedKey),
    },
    // Kubernetes workloads
    {
        name: "Liveness probe removed",
        checks: ["CKV_K8S_8"],
        edit: unset(DEPLOYMENT, "voice-agent", `${C0}.livenessProbe`),
    },
    {
        name: "Readiness probe removed",
        checks: ["CKV_K8S_9"],
        edit: unset(DEPLOYMENT, "voice-agent", `${C0}.readinessProbe`),
    },
    {
        name: "CPU request removed",
        checks: ["CKV_K8S_10"],
        edit: unset(DEPLOYMENT, "voice-agent", `${C0}.resources.requests.cpu`),
    },
    {
        name: "CPU limit removed",
        checks: ["CKV_K8S_11"],
        edit: unset(DEPLOYMENT, "voice-agent", `${C0}.resources.limits.cpu`),
        // CPU limits are optional by default: throttling adds latency to realtime audio.
        packConfig: { "kubernetes-apps-deployment-set-resource-requests-and-limits": { requireCpuLimit: true } },
    },
    {
        name: "Memory request removed",
        checks: ["CKV_K8S_12"],
        edit: unset(DEPLOYMENT, "voice-agent", `${C0}.resources.requests.memory`),
    },
    {
        name: "Memory limit removed",
        checks: ["CKV_K8S_13"],
        edit: unset(DEPLOYMENT, "voice-agent", `${C0}.resources.limits.memory`),
    },
    {
        name: "Image tag latest",
        checks: ["CKV_K8S_14", "CKV_K8S_43"],
        edit: set(
            DEPLOYMENT,
            "voice-agent",
            `${C0}.image`,
            "europe-docker.pkg.dev/edentist-artifacts/voice/voice-agent:latest",
        ),
    },
    {
        name: "Privileged container",
        checks: ["CKV_K8S_16"],
        edit: set(DEPLOYMENT, "voice-agent", `${SC}.privileged`, true),
    },
    {
        name: "Host PID namespace",
        checks: ["CKV_K8S_17"],
        edit: set(DEPLOYMENT, "voice-agent", `${POD}.hostPID`, true),
    },
    {
        name: "Host IPC namespace",
        checks: ["CKV_K8S_18"],
        edit: set(DEPLOYMENT, "voice-agent", `${POD}.hostIPC`, true),
    },
    { name: "Host network", checks: ["CKV_K8S_19"], edit: set(DEPLOYMENT, "voice-agent", `${POD}.hostNetwork`, true) },
    {
        name: "Privilege escalation allowed",
        checks: ["CKV_K8S_20"],
        edit: set(DEPLOYMENT, "voice-agent", `${SC}.allowPrivilegeEscalation`, true),
    },
    {
        name: "Deployment in the default namespace",
        checks: ["CKV_K8S_21"],
        edit: set(DEPLOYMENT, "voice-agent", "metadata.namespace", "default"),
    },
    {
        name: "Writable root filesystem",
        checks: ["CKV_K8S_22"],
        edit: set(DEPLOYMENT, "voice-agent", `${SC}.readOnlyRootFilesystem`, false),
    },
    {
        name: "Container may run as root",
        checks: ["CKV_K8S_23"],
        edit: set(DEPLOYMENT, "voice-agent", `${SC}.runAsNonRoot`, false),
    },
    { name: "Runs as UID 0", checks: ["CKV_K8S_40"], edit: set(DEPLOYMENT, "voice-agent", `${SC}.runAsUser`, 0) },
    {
        name: "Capabilities kept",
        checks: ["CKV_K8S_28", "CKV_K8S_37"],
        edit: unset(DEPLOYMENT, "voice-agent", `${SC}.capabilities`),
    },
    {
        name: "Seccomp profile removed",
        checks: ["CKV_K8S_31"],
        edit: unset(DEPLOYMENT, "voice-agent", `${POD}.securityContext.seccompProfile`),
    },
    {
        name: "Literal secret in env",
        checks: ["CKV_K8S_35"],
        edit: set(DEPLOYMENT, "voice-agent", `${C0}.env`, [{ name: "REDIS_AUTH", value: "hunter2" }]),
    },
    {
        name: "Service account token mounted",
        checks: ["CKV_K8S_38"],
        edit: set(DEPLOYMENT, "voice-agent", `${POD}.automountServiceAccountToken`, true),
    },
    {
        name: "Default service account mounts its token",
        checks: ["CKV_K8S_41"],
        edit: both(
            set(SERVICE_ACCOUNT, undefined, "metadata.name", "default"),
            set(SERVICE_ACCOUNT, undefined, "automountServiceAccountToken", true),
        ),
    },
];
