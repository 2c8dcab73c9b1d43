// The mutation table: single deliberate breakages of the kinds the pack guards against (security baseline,
// HA/DR, remediation safety). The pack must report a new violation for each one.
import { addBeside, both, drop, Edit, every, needs, rewrite, set, setConfig, unprotect, unset } from "./edit";

const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
const REDIS = "gcp:redis/instance:Instance";
const TOPIC = "gcp:pubsub/topic:Topic";
const SUB = "gcp:pubsub/subscription:Subscription";
const SECRET = "gcp:secretmanager/secret:Secret";
const IAM = "gcp:projects/iAMMember:IAMMember";
const CLUSTER = "gcp:container/cluster:Cluster";
const POOL = "gcp:container/nodePool:NodePool";
const FIREWALL = "gcp:compute/firewall:Firewall";
const SUBNET = "gcp:compute/subnetwork:Subnetwork";
const SSL = "gcp:compute/sSLPolicy:SSLPolicy";
const HTTPS_PROXY = "gcp:compute/targetHttpsProxy:TargetHttpsProxy";
const HTTP_PROXY = "gcp:compute/targetHttpProxy:TargetHttpProxy";
const URLMAP = "gcp:compute/uRLMap:URLMap";
const BACKEND = "gcp:compute/backendService:BackendService";
const ALERT = "gcp:monitoring/alertPolicy:AlertPolicy";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const SERVICE = "kubernetes:core/v1:Service";
const CONFIGMAP = "kubernetes:core/v1:ConfigMap";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const HEALTH = "gcp:compute/healthCheck:HealthCheck";
const ARMOR = "gcp:compute/securityPolicy:SecurityPolicy";
const CHANNEL = "gcp:monitoring/notificationChannel:NotificationChannel";

const PRIMARY = "voice-db";
// Physical names (the Pulumi name of the primary also starts with "voice-db-").
const REPLICA = "voice-db-europe-west4";
const POD = "spec.template.spec";
const C0 = `${POD}.containers[0]`;
const SC = `${C0}.securityContext`;
const REDIRECT = /http-redirect/;

export const BREAKAGES: [name: string, edit: Edit][] = [
    // Cloud SQL
    [
        "Cloud SQL accepts plain-text connections",
        set(SQL, PRIMARY, "settings.ipConfiguration.sslMode", "ALLOW_UNENCRYPTED_AND_ENCRYPTED"),
    ],
    ["Cloud SQL sslMode removed", unset(SQL, PRIMARY, "settings.ipConfiguration.sslMode")],
    ["Cloud SQL public IP", set(SQL, PRIMARY, "settings.ipConfiguration.ipv4Enabled", true)],
    [
        "Cloud SQL authorized network 0.0.0.0/0",
        set(SQL, PRIMARY, "settings.ipConfiguration.authorizedNetworks", [{ name: "any", value: "0.0.0.0/0" }]),
    ],
    ["Cloud SQL off the VPC", unset(SQL, PRIMARY, "settings.ipConfiguration.privateNetwork")],
    ["Cloud SQL backups off", set(SQL, PRIMARY, "settings.backupConfiguration.enabled", false)],
    ["Cloud SQL PITR off", set(SQL, PRIMARY, "settings.backupConfiguration.pointInTimeRecoveryEnabled", false)],
    [
        "Cloud SQL one retained backup",
        set(SQL, PRIMARY, "settings.backupConfiguration.backupRetentionSettings.retainedBackups", 1),
    ],
    ["Cloud SQL zonal primary", set(SQL, PRIMARY, "settings.availabilityType", "ZONAL")],
    ["Cloud SQL availability unset", unset(SQL, PRIMARY, "settings.availabilityType")],
    ["Cloud SQL provider deletion protection off", set(SQL, PRIMARY, "deletionProtection", false)],
    ["Cloud SQL API deletion protection off", set(SQL, PRIMARY, "settings.deletionProtectionEnabled", false)],
    ["Cloud SQL primary unprotected", unprotect(SQL, PRIMARY)],
    ["Cloud SQL replica unprotected", unprotect(SQL, REPLICA)],
    ["Cloud SQL replica removed", drop(SQL, REPLICA)],
    ["Cloud SQL replica in the primary's region", set(SQL, REPLICA, "region", "europe-west1")],
    ["Cloud SQL replica on a smaller tier", set(SQL, REPLICA, "settings.tier", "db-perf-optimized-N-2")],
    ["Cloud SQL replica without the primary's flags", set(SQL, REPLICA, "settings.databaseFlags", [])],
    [
        "Cloud SQL replica TLS differs",
        set(SQL, REPLICA, "settings.ipConfiguration.sslMode", "ALLOW_UNENCRYPTED_AND_ENCRYPTED"),
    ],
    ["Cloud SQL Enterprise edition", set(SQL, PRIMARY, "settings.edition", "ENTERPRISE")],
    ["Cloud SQL no switchover target", unset(SQL, PRIMARY, "replicationCluster")],
    [
        "Cloud SQL log_connections off",
        every(SQL, (i) =>
            (i.settings?.databaseFlags ?? []).forEach((f: any) => f.name === "log_connections" && (f.value = "off")),
        ),
    ],
    ["Cloud SQL Query Insights off", set(SQL, PRIMARY, "settings.insightsConfig.queryInsightsEnabled", false)],
    ["Cloud SQL shared-core tier", set(SQL, PRIMARY, "settings.tier", "db-g1-small")],
    ["Cloud SQL PostgreSQL 13", every(SQL, (i) => (i.databaseVersion = "POSTGRES_13"))],
    ["Cloud SQL backups stored in the US", set(SQL, PRIMARY, "settings.backupConfiguration.location", "us")],
    ["Private services connection removed", both(needs(SQL), drop("gcp:servicenetworking/connection:Connection"))],
    ["Cloud SQL database unprotected", unprotect("gcp:sql/database:Database")],
    [
        "Cloud SQL user with a password",
        every("gcp:sql/user:User", (i) => Object.assign(i, { type: "BUILT_IN", password: "hunter2" })),
    ],
    // Memorystore
    ["Redis AUTH off", set(REDIS, undefined, "authEnabled", false)],
    ["Redis TLS off", set(REDIS, undefined, "transitEncryptionMode", "DISABLED")],
    ["Redis BASIC tier", set(REDIS, undefined, "tier", "BASIC")],
    ["Redis no replicas", set(REDIS, undefined, "replicaCount", 0)],
    ["Redis persistence off", set(REDIS, undefined, "persistenceConfig.persistenceMode", "DISABLED")],
    ["Redis direct peering", set(REDIS, undefined, "connectMode", "DIRECT_PEERING")],
    ["Redis unprotected", unprotect(REDIS)],
    ["Redis outside the cell", set(REDIS, undefined, "region", "us-east1")],
    ["Redis deletion protection off", set(REDIS, undefined, "deletionProtection", false)],
    // Pub/Sub
    ["Topic unprotected", unprotect(TOPIC)],
    [
        "Topic stored outside the cell",
        set(TOPIC, undefined, "messageStoragePolicy.allowedPersistenceRegions", ["us-central1"]),
    ],
    ["Topic storage policy removed", unset(TOPIC, undefined, "messageStoragePolicy")],
    ["Topic in-transit residency off", set(TOPIC, undefined, "messageStoragePolicy.enforceInTransit", false)],
    ["Worker subscription without dead letters", unset(SUB, "pms-sync-worker", "deadLetterPolicy")],
    ["Worker subscription without retry policy", unset(SUB, "pms-sync-worker", "retryPolicy")],
    ["Subscription expires", set(SUB, undefined, "expirationPolicy.ttl", "2678400s")],
    ["Replay subscription drops acked messages", set(SUB, "pms-sync-replay", "retainAckedMessages", false)],
    ["Subscription unprotected", unprotect(SUB)],
    ["Dead-letter publisher grant removed", drop("gcp:pubsub/topicIAMMember:TopicIAMMember", /dead-letter/)],
    [
        "Topic public to allUsers",
        addBeside(TOPIC, {
            type: "gcp:pubsub/topicIAMMember:TopicIAMMember",
            name: "public-jobs",
            protect: false,
            dependsOn: [],
            inputs: { topic: "pms-sync-jobs", role: "roles/pubsub.subscriber", member: "allUsers" },
        }),
    ],
    // Secret Manager
    ["Secret replicated automatically", set(SECRET, undefined, "replication", { auto: {} })],
    [
        "Secret replica outside the cell",
        set(SECRET, undefined, "replication.userManaged.replicas[0].location", "us-east1"),
    ],
    ["Secret unprotected", unprotect(SECRET)],
    ["Secret in one region only", every(SECRET, (i) => i.replication.userManaged.replicas.splice(1))],
    [
        "Topic stored in one region only",
        every(TOPIC, (i) => i.messageStoragePolicy.allowedPersistenceRegions.splice(1)),
    ],
    // IAM
    ["Basic role editor", set(IAM, undefined, "role", "roles/editor")],
    ["Basic role owner", set(IAM, undefined, "role", "roles/owner")],
    ["Service Account User at project level", set(IAM, undefined, "role", "roles/iam.serviceAccountUser")],
    ["Token Creator at project level", set(IAM, undefined, "role", "roles/iam.serviceAccountTokenCreator")],
    ["Admin role for a service account", set(IAM, undefined, "role", "roles/container.admin")],
    [
        "Role for the default compute service account",
        set(IAM, undefined, "member", "serviceAccount:123-compute@developer.gserviceaccount.com"),
    ],
    ["Project role for allUsers", set(IAM, undefined, "member", "allUsers")],
    [
        "User-managed service account key",
        addBeside(IAM, {
            type: "gcp:serviceaccount/key:Key",
            name: "voice-agent-key",
            protect: false,
            dependsOn: [],
            inputs: { serviceAccountId: "voice-agent" },
        }),
    ],
    // GKE clusters
    ["GKE public nodes", set(CLUSTER, undefined, "privateClusterConfig.enablePrivateNodes", false)],
    [
        "GKE control plane open to the world",
        set(CLUSTER, undefined, "masterAuthorizedNetworksConfig.cidrBlocks", [
            { cidrBlock: "0.0.0.0/0", displayName: "any" },
        ]),
    ],
    ["GKE authorized networks removed", unset(CLUSTER, undefined, "masterAuthorizedNetworksConfig")],
    ["GKE Workload Identity off", unset(CLUSTER, undefined, "workloadIdentityConfig")],
    ["GKE no network policy", set(CLUSTER, undefined, "datapathProvider", "LEGACY_DATAPATH")],
    ["GKE shielded nodes off", set(CLUSTER, undefined, "enableShieldedNodes", false)],
    ["GKE no release channel", set(CLUSTER, undefined, "releaseChannel.channel", "UNSPECIFIED")],
    ["GKE legacy ABAC on", set(CLUSTER, undefined, "enableLegacyAbac", true)],
    [
        "GKE client certificates on",
        set(CLUSTER, undefined, "masterAuth.clientCertificateConfig.issueClientCertificate", true),
    ],
    ["GKE logging off", set(CLUSTER, undefined, "loggingService", "none")],
    ["GKE monitoring off", set(CLUSTER, undefined, "monitoringService", "none")],
    ["GKE Binary Authorization off", set(CLUSTER, undefined, "binaryAuthorization.evaluationMode", "DISABLED")],
    ["GKE labels removed", unset(CLUSTER, undefined, "resourceLabels")],
    ["GKE zonal cluster", set(CLUSTER, undefined, "location", "europe-west1-b")],
    ["GKE nodes in one zone", set(CLUSTER, undefined, "nodeLocations", ["europe-west1-b"])],
    ["GKE deletion protection off", set(CLUSTER, undefined, "deletionProtection", false)],
    ["GKE cluster unprotected", unprotect(CLUSTER)],
    ["GKE intranode visibility off", set(CLUSTER, undefined, "enableIntranodeVisibility", false)],
    ["GKE HPA add-on off", set(CLUSTER, undefined, "addonsConfig.horizontalPodAutoscaling.disabled", true)],
    ["GKE HTTP load balancing add-on off", set(CLUSTER, undefined, "addonsConfig.httpLoadBalancing.disabled", true)],
    [
        "GKE routes-based networking",
        both(set(CLUSTER, undefined, "networkingMode", "ROUTES"), unset(CLUSTER, undefined, "ipAllocationPolicy")),
    ],
    [
        "GKE maintenance windows overlap",
        every(
            CLUSTER,
            (i) =>
                (i.maintenancePolicy = {
                    recurringWindow: {
                        startTime: "2025-01-11T01:00:00Z",
                        endTime: "2025-01-11T05:00:00Z",
                        recurrence: "FREQ=WEEKLY;BYDAY=SA",
                    },
                }),
        ),
    ],
    ["GKE maintenance window removed", unset(CLUSTER, undefined, "maintenancePolicy")],
    ["Second region's cluster removed", drop(CLUSTER, /-(europe-west4|me-central2)$/)],
    // Node pools
    ["Node auto-repair off", set(POOL, undefined, "management.autoRepair", false)],
    ["Node auto-upgrade off", set(POOL, undefined, "management.autoUpgrade", false)],
    ["Node image Ubuntu", set(POOL, undefined, "nodeConfig.imageType", "UBUNTU_CONTAINERD")],
    ["Node secure boot off", set(POOL, undefined, "nodeConfig.shieldedInstanceConfig.enableSecureBoot", false)],
    [
        "Node integrity monitoring off",
        set(POOL, undefined, "nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring", false),
    ],
    ["Node metadata server off", set(POOL, undefined, "nodeConfig.workloadMetadataConfig.mode", "GCE_METADATA")],
    ["Node default service account", unset(POOL, undefined, "nodeConfig.serviceAccount")],
    ["Node pool scales to zero", set(POOL, undefined, "autoscaling.minNodeCount", 0)],
    ["Node pool upgrade removes nodes first", set(POOL, undefined, "upgradeSettings.maxUnavailable", 2)],
    ["Node pool in one zone", set(POOL, undefined, "nodeLocations", ["europe-west1-b"])],
    ["Node pool zone in another region", every(POOL, (i) => i.nodeLocations && (i.nodeLocations[2] = "us-central1-a"))],
    [
        "Node pool too small for the HPA maximum",
        every(POOL, (i) => Object.assign(i.autoscaling, { minNodeCount: 1, maxNodeCount: 1 })),
    ],
    [
        "Node machine type too small for the HPA maximum",
        set(POOL, undefined, "nodeConfig.machineType", "n2-standard-2"),
    ],
    // Network
    ["Firewall open to the world", set(FIREWALL, undefined, "sourceRanges", ["0.0.0.0/0"])],
    ["Subnet without Private Google Access", set(SUBNET, undefined, "privateIpGoogleAccess", false)],
    ["Subnet without flow logs", unset(SUBNET, undefined, "logConfig")],
    ["Auto-mode VPC", set("gcp:compute/network:Network", undefined, "autoCreateSubnetworks", true)],
    [
        "GKE cluster in the default network",
        every(CLUSTER, (i) => {
            delete i.network;
            delete i.subnetwork;
        }),
    ],
    ["Firewall logging off", unset(FIREWALL, undefined, "logConfig")],
    ["Health-check firewall rule removed", drop(FIREWALL)],
    ["Health-check firewall targets other nodes", set(FIREWALL, undefined, "targetTags", ["other-nodes"])],
    ["Cloud NAT of a region removed", drop("gcp:compute/routerNat:RouterNat")],
    [
        "Cloud SQL replica maintained with the primary",
        both(
            needs(SQL),
            every(
                SQL,
                (i) =>
                    i.settings?.maintenanceWindow && Object.assign(i.settings.maintenanceWindow, { day: 6, hour: 1 }),
            ),
        ),
    ],
    [
        "Redis caches maintained together",
        every(
            REDIS,
            (i) => (i.maintenancePolicy = { weeklyMaintenanceWindows: [{ day: "SATURDAY", startTime: { hours: 1 } }] }),
        ),
    ],
    // Load balancer
    ["TLS 1.0 allowed", set(SSL, undefined, "minTlsVersion", "TLS_1_0")],
    ["Weak SSL profile", set(SSL, undefined, "profile", "COMPATIBLE")],
    ["HTTPS proxy without SSL policy", unset(HTTPS_PROXY, undefined, "sslPolicy")],
    ["Backend logging off", set(BACKEND, undefined, "logConfig.enable", false)],
    ["Cloud Armor detached", unset(BACKEND, undefined, "securityPolicy")],
    ["Classic external scheme", set(BACKEND, undefined, "loadBalancingScheme", "EXTERNAL")],
    ["Outlier detection dropped", unset(BACKEND, undefined, "outlierDetection")],
    ["Outlier detection never ejects", set(BACKEND, undefined, "outlierDetection.maxEjectionPercent", 0)],
    ["Backend timeout 30s", set(BACKEND, undefined, "timeoutSec", 30)],
    ["Connection draining off", set(BACKEND, undefined, "connectionDrainingTimeoutSec", 0)],
    ["Health check removed", unset(BACKEND, undefined, "healthChecks")],
    ["Health check resource deleted", drop(HEALTH)],
    ["Health check every 5 minutes", set(HEALTH, undefined, "checkIntervalSec", 300)],
    ["Health check TCP only", unset(HEALTH, undefined, "httpHealthCheck")],
    ["Cloud Armor resource deleted", drop(ARMOR)],
    ["SSL policy resource deleted", drop(SSL)],
    ["NEG annotation removed from a Service", unset(SERVICE, undefined, "metadata.annotations")],
    ["UTILIZATION balancing", every(BACKEND, (i) => i.backends.forEach((b: any) => (b.balancingMode = "UTILIZATION")))],
    ["Undeclared drain of one zone", set(BACKEND, undefined, "backends[4].capacityScaler", 0)],
    [
        "Undeclared drain of a region",
        every(BACKEND, (i) =>
            i.backends.forEach((b: any) => /europe-west4|me-central2/.test(b.group) && (b.capacityScaler = 0)),
        ),
    ],
    ["capacityScaler 0 everywhere", every(BACKEND, (i) => i.backends.forEach((b: any) => (b.capacityScaler = 0)))],
    ["Backends in one region only", every(BACKEND, (i) => (i.backends = i.backends.slice(0, 3)))],
    ["One zone's backend missing", every(BACKEND, (i) => i.backends.splice(1, 1))],
    [
        "HTTP serves the application",
        set(HTTP_PROXY, undefined, "urlMap", "projects/p/global/urlMaps/voice-eu-lb-https"),
    ],
    [
        "Redirect map serves a backend",
        both(
            unset(URLMAP, REDIRECT, "defaultUrlRedirect"),
            set(URLMAP, REDIRECT, "defaultService", "projects/p/global/backendServices/voice-lb"),
        ),
    ],
    // Kubernetes workloads
    ["Deployment runAsNonRoot false", set(DEPLOYMENT, "voice-agent", `${SC}.runAsNonRoot`, false)],
    ["Deployment runs as UID 0", set(DEPLOYMENT, "voice-agent", `${SC}.runAsUser`, 0)],
    ["Deployment privilege escalation", set(DEPLOYMENT, "voice-agent", `${SC}.allowPrivilegeEscalation`, true)],
    ["Deployment privileged", set(DEPLOYMENT, "voice-agent", `${SC}.privileged`, true)],
    ["Deployment writable root filesystem", set(DEPLOYMENT, "voice-agent", `${SC}.readOnlyRootFilesystem`, false)],
    ["Deployment keeps capabilities", unset(DEPLOYMENT, "voice-agent", `${SC}.capabilities`)],
    ["Deployment adds SYS_ADMIN", set(DEPLOYMENT, "voice-agent", `${SC}.capabilities.add`, ["SYS_ADMIN"])],
    ["Deployment on the host network", set(DEPLOYMENT, "voice-agent", `${POD}.hostNetwork`, true)],
    ["Readiness probe removed", unset(DEPLOYMENT, "voice-agent", `${C0}.readinessProbe`)],
    ["Liveness probe removed", unset(DEPLOYMENT, "voice-agent", `${C0}.livenessProbe`)],
    ["Resources removed", unset(DEPLOYMENT, "voice-agent", `${C0}.resources`)],
    ["Memory limit removed", unset(DEPLOYMENT, "voice-agent", `${C0}.resources.limits.memory`)],
    [
        "Image tag latest",
        every(
            DEPLOYMENT,
            (i) =>
                (i.spec.template.spec.containers[0].image = i.spec.template.spec.containers[0].image.replace(
                    /:[^:/@]+$/,
                    ":latest",
                )),
        ),
    ],
    ["Image from Docker Hub", set(DEPLOYMENT, "voice-agent", `${C0}.image`, "docker.io/library/voice-agent:2026.11.3")],
    [
        "Host port bound",
        set(DEPLOYMENT, "voice-agent", `${C0}.ports`, [{ containerPort: 8080, hostPort: 8080, name: "http" }]),
    ],
    [
        "Image without tag",
        every(
            DEPLOYMENT,
            (i) =>
                (i.spec.template.spec.containers[0].image = i.spec.template.spec.containers[0].image.replace(
                    /:[^:/@]+$/,
                    "",
                )),
        ),
    ],
    ["Literal secret in env", set(DEPLOYMENT, "voice-agent", `${C0}.env`, [{ name: "REDIS_AUTH", value: "hunter2" }])],
    ["Deployment in the default namespace", set(DEPLOYMENT, "voice-agent", "metadata.namespace", "default")],
    ["Zone spread removed", unset(DEPLOYMENT, "voice-agent", `${POD}.topologySpreadConstraints`)],
    ["Grace period 30s", set(DEPLOYMENT, "voice-agent", `${POD}.terminationGracePeriodSeconds`, 30)],
    ["preStop hook removed", unset(DEPLOYMENT, "voice-agent", `${C0}.lifecycle`)],
    ["Static replicas beside the HPA", set(DEPLOYMENT, "voice-agent", "spec.replicas", 3)],
    ["HPA minimum 1", set(HPA, undefined, "spec.minReplicas", 1)],
    ["HPA cannot scale out", every(HPA, (i) => (i.spec.maxReplicas = i.spec.minReplicas))],
    ["HPA targets a missing Deployment", set(HPA, undefined, "spec.scaleTargetRef.name", "voice-agnet")],
    ["PDB removed", drop(PDB)],
    ["PDB blocks every disruption", set(PDB, undefined, "spec.maxUnavailable", 0)],
    [
        "PDB minAvailable 100%",
        both(unset(PDB, undefined, "spec.maxUnavailable"), set(PDB, undefined, "spec.minAvailable", "100%")),
    ],
    ["PDB selects nothing", set(PDB, undefined, "spec.selector.matchLabels", { app: "nothing" })],
    ["Service exposed as LoadBalancer", set(SERVICE, undefined, "spec.type", "LoadBalancer")],
    ["Password in the ConfigMap", set(CONFIGMAP, undefined, "data.REDIS_PASSWORD", "hunter2")],
    ["Deployment on the default service account", unset(DEPLOYMENT, "voice-agent", `${POD}.serviceAccountName`)],
    [
        "Workload Identity annotation removed",
        unset("kubernetes:core/v1:ServiceAccount", undefined, "metadata.annotations"),
    ],
    ["Workload Identity binding removed", drop("gcp:serviceaccount/iAMMember:IAMMember")],
    ["Service selector removed", unset(SERVICE, undefined, "spec.selector")],
    ["Service port differs from the NEG's", set(SERVICE, undefined, "spec.ports[0].port", 8081)],
    ["Cloud SQL backup location unpinned", unset(SQL, PRIMARY, "settings.backupConfiguration.location")],
    [
        "Uptime check without TLS",
        set("gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig", undefined, "httpCheck.useSsl", false),
    ],
    ["Service selects no pods", set(SERVICE, undefined, "spec.selector", { "app.kubernetes.io/name": "nothing" })],
    ["Service account token mounted", set(DEPLOYMENT, "voice-agent", `${POD}.automountServiceAccountToken`, true)],
    [
        "Seccomp profile removed",
        every(DEPLOYMENT, (i) => {
            delete i.spec.template.spec.securityContext?.seccompProfile;
            delete i.spec.template.spec.containers[0].securityContext?.seccompProfile;
        }),
    ],
    ["Recreate rollout strategy", set(DEPLOYMENT, "voice-agent", "spec.strategy", { type: "Recreate" })],
    [
        "Rollout drops a quarter of the pods",
        set(DEPLOYMENT, "voice-agent", "spec.strategy.rollingUpdate.maxUnavailable", "25%"),
    ],
    [
        "Pod Security Standard label removed",
        every(NAMESPACE, (i) => delete i.metadata.labels?.["pod-security.kubernetes.io/enforce"]),
    ],
    [
        "Namespace at privileged",
        every(NAMESPACE, (i) => ((i.metadata.labels ??= {})["pod-security.kubernetes.io/enforce"] = "privileged")),
    ],
    // Observability
    ["Alert without channels", set(ALERT, undefined, "notificationChannels", [])],
    ["Alert without documentation", unset(ALERT, undefined, "documentation")],
    ["Alert disabled", set(ALERT, undefined, "enabled", false)],
    ["Alert without severity", unset(ALERT, undefined, "severity")],
    ["Routed channel disabled", set(CHANNEL, undefined, "enabled", false)],
    ["Fast-burn alert deleted", drop(ALERT, /fast/)],
    // Remediation safety
    [
        "Drained region whose peer cannot absorb it",
        both(
            every(BACKEND, (i) =>
                i.backends.forEach((b: any) => /europe-west1|me-central1/.test(b.group) && (b.capacityScaler = 0)),
            ),
            every(HPA, (i) => (i.spec.maxReplicas = i.spec.minReplicas + 1)),
        ),
    ],
    ["Drill stack in the production project", rewrite("urn:pulumi:prod-eu::", "urn:pulumi:drill-eu::")],
    ["Drill environment on the production project", setConfig("environment", "drill")],
    [
        "Drill labels on the production project",
        every(CLUSTER, (i) => (i.resourceLabels = { ...i.resourceLabels, environment: "drill" })),
    ],
];
