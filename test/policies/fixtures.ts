// A compliant two-region cell built with the providers' own Args types, and the inventory the
// offline plan would produce for it. Every policy test starts from these and breaks one thing.
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import { defined } from "../../core/defined";
import { postgresFlags } from "../../infra/components/database/Database";
import { PolicyInventory } from "../../tools/lib/policy";
import { urnOf } from "./harness";

export const PROJECT = "edentist-voice-prod-eu";
export const ZONES: Record<string, string[]> = {
    "europe-west1": ["europe-west1-b", "europe-west1-c", "europe-west1-d"],
    "europe-west4": ["europe-west4-a", "europe-west4-b", "europe-west4-c"],
};
export const REGIONS = Object.keys(ZONES);
const network = `projects/${PROJECT}/global/networks/voice-eu`;

const POSTGRES_FLAGS = postgresFlags(-1);

export const sqlPrimary: gcp.sql.DatabaseInstanceArgs = {
    name: "voice-db",
    region: "europe-west1",
    databaseVersion: "POSTGRES_16",
    instanceType: "CLOUD_SQL_INSTANCE",
    deletionProtection: true,
    replicationCluster: { failoverDrReplicaName: `${PROJECT}:voice-db-europe-west4` },
    settings: {
        tier: "db-perf-optimized-N-4",
        edition: "ENTERPRISE_PLUS",
        availabilityType: "REGIONAL",
        diskType: "PD_SSD",
        diskSize: 100,
        diskAutoresize: true,
        deletionProtectionEnabled: true,
        backupConfiguration: {
            enabled: true,
            pointInTimeRecoveryEnabled: true,
            transactionLogRetentionDays: 7,
            location: "europe-west1",
            backupRetentionSettings: { retainedBackups: 30, retentionUnit: "COUNT" },
        },
        ipConfiguration: { ipv4Enabled: false, privateNetwork: network, sslMode: "ENCRYPTED_ONLY" },
        databaseFlags: POSTGRES_FLAGS,
        insightsConfig: { queryInsightsEnabled: true },
        maintenanceWindow: { day: 6, hour: 1 },
    },
};

export const sqlReplica: gcp.sql.DatabaseInstanceArgs = {
    ...sqlPrimary,
    name: "voice-db-europe-west4",
    region: "europe-west4",
    instanceType: "READ_REPLICA_INSTANCE",
    masterInstanceName: "voice-db",
    replicationCluster: undefined,
    settings: {
        ...(sqlPrimary.settings as object),
        backupConfiguration: { enabled: false },
        maintenanceWindow: { day: 6, hour: 8 },
    } as gcp.sql.DatabaseInstanceArgs["settings"],
};

export const sqlDatabase: gcp.sql.DatabaseArgs = { name: "voice", instance: "voice-db" };

export const redis = (region: string): gcp.redis.InstanceArgs => ({
    name: `voice-cache-${region}`,
    region,
    memorySizeGb: 5,
    tier: "STANDARD_HA",
    replicaCount: 2,
    readReplicasMode: "READ_REPLICAS_ENABLED",
    authEnabled: true,
    transitEncryptionMode: "SERVER_AUTHENTICATION",
    connectMode: "PRIVATE_SERVICE_ACCESS",
    authorizedNetwork: network,
    deletionProtection: true,
    persistenceConfig: { persistenceMode: "RDB", rdbSnapshotPeriod: "ONE_HOUR" },
    maintenancePolicy: {
        weeklyMaintenanceWindows: [{ day: "SATURDAY", startTime: { hours: region === "europe-west1" ? 1 : 8 } }],
    },
});

export const topic = (name: string): gcp.pubsub.TopicArgs => ({
    name,
    messageRetentionDuration: "604800s",
    messageStoragePolicy: { allowedPersistenceRegions: REGIONS, enforceInTransit: true },
});

const topicId = (name: string) => `projects/${PROJECT}/topics/${name}`;

export const workerSubscription: gcp.pubsub.SubscriptionArgs = {
    name: "pms-sync-worker",
    topic: topicId("pms-sync-jobs"),
    expirationPolicy: { ttl: "" },
    deadLetterPolicy: { deadLetterTopic: topicId("pms-sync-dead-letter"), maxDeliveryAttempts: 10 },
    retryPolicy: { minimumBackoff: "10s", maximumBackoff: "600s" },
};

export const replaySubscription: gcp.pubsub.SubscriptionArgs = {
    ...workerSubscription,
    name: "pms-sync-replay",
    topic: topicId("pms-sync-replay"),
    retainAckedMessages: true,
    messageRetentionDuration: "604800s",
};

export const deadLetterSubscription: gcp.pubsub.SubscriptionArgs = {
    name: "pms-sync-dead-letter-inspect",
    topic: topicId("pms-sync-dead-letter"),
    expirationPolicy: { ttl: "" },
};

export const secret: gcp.secretmanager.SecretArgs = {
    secretId: "incident-access",
    deletionProtection: true,
    replication: { userManaged: { replicas: REGIONS.map((location) => ({ location })) } },
};

export const projectIam: gcp.projects.IAMMemberArgs = {
    project: PROJECT,
    role: "roles/logging.logWriter",
    member: `serviceAccount:gke-nodes-europe-west1@${PROJECT}.iam.gserviceaccount.com`,
};

export const cluster = (region: string, start: string, end: string): gcp.container.ClusterArgs => ({
    name: `voice-cluster-${region}`,
    location: region,
    network,
    subnetwork: `projects/${PROJECT}/regions/${region}/subnetworks/voice-eu-${region}`,
    nodeLocations: ZONES[region],
    removeDefaultNodePool: true,
    initialNodeCount: 1,
    deletionProtection: true,
    networkingMode: "VPC_NATIVE",
    ipAllocationPolicy: { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" },
    privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: false,
        masterIpv4CidrBlock: "172.16.0.0/28",
    },
    masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "203.0.113.0/28", displayName: "corp-egress" }] },
    workloadIdentityConfig: { workloadPool: `${PROJECT}.svc.id.goog` },
    datapathProvider: "ADVANCED_DATAPATH",
    releaseChannel: { channel: "REGULAR" },
    enableShieldedNodes: true,
    enableLegacyAbac: false,
    masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
    binaryAuthorization: { evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" },
    loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "WORKLOADS"] },
    monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS"] },
    resourceLabels: { app: "voice-agent", cell: "eu", environment: "prod", "managed-by": "pulumi" },
    maintenancePolicy: { recurringWindow: { startTime: start, endTime: end, recurrence: "FREQ=WEEKLY;BYDAY=SA,SU" } },
    enableIntranodeVisibility: true,
    addonsConfig: { httpLoadBalancing: { disabled: false } },
});

export const nodePool = (region: string): gcp.container.NodePoolArgs => ({
    name: "default",
    cluster: `voice-cluster-${region}`,
    location: region,
    autoscaling: { minNodeCount: 2, maxNodeCount: 10, locationPolicy: "BALANCED" },
    management: { autoRepair: true, autoUpgrade: true },
    upgradeSettings: { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 },
    nodeConfig: {
        machineType: "n2-standard-8",
        tags: ["voice-agent-node"],
        imageType: "COS_CONTAINERD",
        serviceAccount: `gke-nodes-${region}@${PROJECT}.iam.gserviceaccount.com`,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        metadata: { "disable-legacy-endpoints": "true" },
    },
});

export const subnetwork = (region: string): gcp.compute.SubnetworkArgs => ({
    name: `voice-eu-${region}`,
    region,
    network,
    ipCidrRange: region === "europe-west1" ? "10.10.0.0/20" : "10.11.0.0/20",
    privateIpGoogleAccess: true,
    logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
});

export const vpc: gcp.compute.NetworkArgs = { name: "voice-eu", autoCreateSubnetworks: false, routingMode: "GLOBAL" };

export const uptimeCheck: gcp.monitoring.UptimeCheckConfigArgs = {
    displayName: "voice-agent eu https",
    timeout: "10s",
    period: "60s",
    httpCheck: { path: "/healthz", port: 443, useSsl: true, validateSsl: true },
    monitoredResource: { type: "uptime_url", labels: { host: "voice.eu.edentist.ai", project_id: PROJECT } },
};

export const router = (region: string): gcp.compute.RouterArgs => ({
    name: `voice-eu-${region}-router`,
    region,
    network,
});

export const routerNat = (region: string): gcp.compute.RouterNatArgs => ({
    name: `voice-eu-${region}-nat`,
    region,
    router: `voice-eu-${region}-router`,
    natIpAllocateOption: "AUTO_ONLY",
    sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
});

export const firewall: gcp.compute.FirewallArgs = {
    name: "voice-eu-allow-health-checks",
    network,
    direction: "INGRESS",
    logConfig: { metadata: "INCLUDE_ALL_METADATA" },
    sourceRanges: ["35.191.0.0/16", "130.211.0.0/22"],
    targetTags: ["voice-agent-node"],
    allows: [{ protocol: "tcp", ports: ["8080"] }],
};

export const sslPolicy: gcp.compute.SSLPolicyArgs = {
    name: "voice-eu-lb-tls",
    minTlsVersion: "TLS_1_2",
    profile: "MODERN",
};

export const httpsProxy: gcp.compute.TargetHttpsProxyArgs = {
    name: "voice-eu-lb-https",
    urlMap: `projects/${PROJECT}/global/urlMaps/voice-eu-lb-https`,
    sslPolicy: `projects/${PROJECT}/global/sslPolicies/voice-eu-lb-tls`,
    sslCertificates: [`projects/${PROJECT}/global/sslCertificates/voice-eu-lb-cert`],
};

export const httpProxy: gcp.compute.TargetHttpProxyArgs = {
    name: "voice-eu-lb-http-redirect",
    urlMap: `projects/${PROJECT}/global/urlMaps/voice-eu-lb-http-redirect`,
};

export const mainUrlMap: gcp.compute.URLMapArgs = {
    name: "voice-eu-lb-https",
    defaultService: `projects/${PROJECT}/global/backendServices/voice-lb`,
};
export const redirectUrlMap: gcp.compute.URLMapArgs = {
    name: "voice-eu-lb-http-redirect",
    defaultUrlRedirect: { httpsRedirect: true, stripQuery: false, redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT" },
};

export const forwardingRule = (port: "443" | "80"): gcp.compute.GlobalForwardingRuleArgs => ({
    name: port === "443" ? "voice-eu-lb-https" : "voice-eu-lb-http-redirect",
    portRange: port,
    loadBalancingScheme: "EXTERNAL_MANAGED",
    target:
        port === "443"
            ? `projects/${PROJECT}/global/targetHttpsProxies/voice-eu-lb-https`
            : `projects/${PROJECT}/global/targetHttpProxies/voice-eu-lb-http-redirect`,
});

export const negGroup = (zone: string) =>
    `https://www.googleapis.com/compute/v1/projects/${PROJECT}/zones/${zone}/networkEndpointGroups/voice-agent-neg`;

export const backendService: gcp.compute.BackendServiceArgs = {
    name: "voice-lb",
    loadBalancingScheme: "EXTERNAL_MANAGED",
    protocol: "HTTP",
    timeoutSec: 3600,
    connectionDrainingTimeoutSec: 3600,
    healthChecks: `projects/${PROJECT}/global/healthChecks/voice-eu-lb-health`,
    securityPolicy: `projects/${PROJECT}/global/securityPolicies/voice-eu-lb-armor`,
    logConfig: { enable: true, sampleRate: 1 },
    outlierDetection: { consecutiveErrors: 5, interval: { seconds: 10 }, baseEjectionTime: { seconds: 30 } },
    backends: Object.values(ZONES)
        .flat()
        .map((zone) => ({ group: negGroup(zone), balancingMode: "RATE", maxRatePerEndpoint: 20, capacityScaler: 1 })),
};

export const globalAddress: gcp.compute.GlobalAddressArgs = { name: "voice-eu-lb-ip" };

export const healthCheck: gcp.compute.HealthCheckArgs = {
    name: "voice-eu-lb-health",
    checkIntervalSec: 5,
    timeoutSec: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 3,
    httpHealthCheck: { portSpecification: "USE_SERVING_PORT", requestPath: "/healthz" },
};

export const securityPolicy: gcp.compute.SecurityPolicyArgs = {
    name: "voice-eu-lb-armor",
    type: "CLOUD_ARMOR",
    rules: [
        {
            action: "allow",
            priority: 2147483647,
            match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
        },
    ],
};

export const sqlUser: gcp.sql.UserArgs = {
    instance: "voice-db",
    name: "voice-agent@edentist-voice-prod-eu.iam",
    type: "CLOUD_IAM_SERVICE_ACCOUNT",
};

export const notificationChannel: gcp.monitoring.NotificationChannelArgs = {
    displayName: "PagerDuty SEV-1/2",
    type: "pagerduty",
    enabled: true,
};

export const alertPolicy = (displayName: string, filter: string): gcp.monitoring.AlertPolicyArgs => ({
    displayName,
    combiner: "OR",
    severity: "CRITICAL",
    notificationChannels: [`projects/${PROJECT}/notificationChannels/pagerduty`],
    documentation: { content: "Runbook: Region Failure", mimeType: "text/markdown" },
    conditions: [
        {
            displayName,
            conditionThreshold: { filter, comparison: "COMPARISON_GT", thresholdValue: 10, duration: "0s" },
        },
    ],
});

const sloName = `projects/${PROJECT}/services/voice-agent/serviceLevelObjectives/availability`;
export const slo: gcp.monitoring.SloArgs = {
    service: "voice-agent",
    sloId: "availability",
    goal: 0.99,
    rollingPeriodDays: 28,
};
export const fastBurn = alertPolicy("Availability SLO fast burn", `select_slo_burn_rate("${sloName}", "3600s")`);
export const slowBurn = alertPolicy("Availability SLO slow burn", `select_slo_burn_rate("${sloName}", "21600s")`);

const podLabels = { "app.kubernetes.io/name": "voice-agent", "app.kubernetes.io/component": "realtime" };
const metadata = (name = "voice-agent") => ({ name, namespace: "voice-agent", labels: podLabels });

export const deployment: k8s.apps.v1.DeploymentArgs = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: metadata(),
    spec: {
        selector: { matchLabels: podLabels },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
        template: {
            metadata: { labels: podLabels },
            spec: {
                terminationGracePeriodSeconds: 3600,
                automountServiceAccountToken: false,
                serviceAccountName: "voice-agent",
                securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
                topologySpreadConstraints: [
                    {
                        maxSkew: 1,
                        topologyKey: "topology.kubernetes.io/zone",
                        whenUnsatisfiable: "ScheduleAnyway",
                        labelSelector: { matchLabels: podLabels },
                    },
                ],
                containers: [
                    {
                        name: "voice-agent",
                        image: "europe-docker.pkg.dev/edentist-artifacts/voice/voice-agent:2026.11.3",
                        env: [{ name: "REDIS_AUTH", valueFrom: { secretKeyRef: { name: "redis-auth", key: "auth" } } }],
                        securityContext: {
                            allowPrivilegeEscalation: false,
                            privileged: false,
                            readOnlyRootFilesystem: true,
                            capabilities: { drop: ["ALL"] },
                        },
                        resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } },
                        readinessProbe: { httpGet: { path: "/healthz", port: "http" } },
                        livenessProbe: { httpGet: { path: "/healthz", port: "http" } },
                        lifecycle: { preStop: { exec: { command: ["/bin/sh", "-c", "sleep 30"] } } },
                    },
                ],
            },
        },
    },
};

export const hpa: k8s.autoscaling.v2.HorizontalPodAutoscalerArgs = {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: metadata(),
    spec: {
        minReplicas: 6,
        maxReplicas: 60,
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "voice-agent" },
    },
};

export const pdb: k8s.policy.v1.PodDisruptionBudgetArgs = {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: metadata(),
    spec: { maxUnavailable: 1, selector: { matchLabels: podLabels } },
};

export const service: k8s.core.v1.ServiceArgs = {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
        ...metadata(),
        annotations: { "cloud.google.com/neg": '{"exposed_ports":{"80":{"name":"voice-agent-neg"}}}' },
    },
    spec: { type: "ClusterIP", selector: podLabels, ports: [{ name: "http", port: 80, targetPort: "http" }] },
};

export const GSA = `voice-agent@${PROJECT}.iam.gserviceaccount.com`;

export const serviceAccount: k8s.core.v1.ServiceAccountArgs = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { ...metadata(), annotations: { "iam.gke.io/gcp-service-account": GSA } },
    automountServiceAccountToken: false,
};

export const workloadAccount: gcp.serviceaccount.AccountArgs = {
    accountId: "voice-agent",
    displayName: "voice-agent workload",
};

export const workloadIdentityBinding: gcp.serviceaccount.IAMMemberArgs = {
    serviceAccountId: `projects/${PROJECT}/serviceAccounts/${GSA}`,
    role: "roles/iam.workloadIdentityUser",
    member: `serviceAccount:${PROJECT}.svc.id.goog[voice-agent/voice-agent]`,
};

export const privateServicesRange: gcp.compute.GlobalAddressArgs = {
    name: "voice-eu-private-services",
    purpose: "VPC_PEERING",
    addressType: "INTERNAL",
    prefixLength: 16,
    network,
};

export const privateServicesConnection: gcp.servicenetworking.ConnectionArgs = {
    network,
    service: "servicenetworking.googleapis.com",
    reservedPeeringRanges: ["voice-eu-private-services"],
};

export const namespace: k8s.core.v1.NamespaceArgs = {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "voice-agent", labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
};

export const configMap: k8s.core.v1.ConfigMapArgs = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: metadata("voice-agent-config"),
    data: { CACHE_DISABLED: "false", VOICE_MODE: "live", PMS_SYNC_MODE: "direct" },
};

type Entry = PolicyInventory["resources"][number];

/** The compliant cell as the offline plan would list it (URNs, parents, providers, dependencies). */
export function compliantInventory(): PolicyInventory {
    const resources: Entry[] = [];
    const stackUrn = urnOf("pulumi:pulumi:Stack", "voice-agent-prod-eu");
    const add = (type: string, name: string, inputs: object, extra: Partial<Entry> = {}): Entry => {
        const entry: Entry = {
            urn: urnOf(type, name),
            type,
            name,
            parent: stackUrn,
            protect: false,
            dependsOn: [],
            inputs: JSON.parse(JSON.stringify(inputs)),
            ...extra,
        };
        resources.push(entry);
        return entry;
    };
    add("pulumi:pulumi:Stack", "voice-agent-prod-eu", {}, { parent: undefined });
    add("gcp:compute/network:Network", "voice-eu", vpc);
    add("gcp:compute/firewall:Firewall", "voice-eu-allow-health-checks", firewall);
    add("gcp:compute/globalAddress:GlobalAddress", "voice-eu-lb-ip", globalAddress, { protect: true });
    add("gcp:compute/globalAddress:GlobalAddress", "voice-eu-private-services", privateServicesRange, {
        protect: true,
    });
    add("gcp:servicenetworking/connection:Connection", "voice-eu-private-services", privateServicesConnection);
    add("gcp:serviceaccount/account:Account", "voice-agent", workloadAccount);
    add("gcp:serviceaccount/iAMMember:IAMMember", "voice-agent-workload-identity", workloadIdentityBinding);
    const windows: Record<string, [string, string]> = {
        "europe-west1": ["2025-01-11T01:00:00Z", "2025-01-11T07:00:00Z"],
        "europe-west4": ["2025-01-11T08:00:00Z", "2025-01-11T14:00:00Z"],
    };
    for (const region of REGIONS) {
        add("gcp:compute/subnetwork:Subnetwork", `voice-eu-${region}`, subnetwork(region));
        add("gcp:compute/router:Router", `voice-eu-${region}-router`, router(region));
        add("gcp:compute/routerNat:RouterNat", `voice-eu-${region}-nat`, routerNat(region));
        const c = add(
            "gcp:container/cluster:Cluster",
            `voice-cluster-${region}`,
            cluster(region, ...defined(windows[region], `the window of ${region}`)),
            { protect: true },
        );
        const pool = add("gcp:container/nodePool:NodePool", `voice-cluster-${region}-default`, nodePool(region), {
            dependsOn: [c.urn],
        });
        const provider = add(
            "pulumi:providers:kubernetes",
            `voice-cluster-${region}`,
            { kubeconfig: "[secret]" },
            { dependsOn: [c.urn, pool.urn] },
        );
        const component = add("voice-agent:workload:Workload", `voice-agent-${region}`, {});
        const k8sExtra = { parent: component.urn, provider: provider.urn };
        add("kubernetes:core/v1:Namespace", `voice-agent-${region}-namespace`, namespace, k8sExtra);
        add("kubernetes:core/v1:ServiceAccount", `voice-agent-${region}-service-account`, serviceAccount, k8sExtra);
        add("kubernetes:apps/v1:Deployment", `voice-agent-${region}-deployment`, deployment, k8sExtra);
        add("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", `voice-agent-${region}-hpa`, hpa, k8sExtra);
        add("kubernetes:policy/v1:PodDisruptionBudget", `voice-agent-${region}-pdb`, pdb, k8sExtra);
        add("kubernetes:core/v1:Service", `voice-agent-${region}-service`, service, k8sExtra);
        add("kubernetes:core/v1:ConfigMap", `voice-agent-${region}-config`, configMap, k8sExtra);
        add("gcp:redis/instance:Instance", `voice-cache-${region}`, redis(region), { protect: true });
    }
    add("gcp:compute/sSLPolicy:SSLPolicy", "voice-eu-lb-tls", sslPolicy);
    add("gcp:compute/healthCheck:HealthCheck", "voice-eu-lb-health", healthCheck);
    add("gcp:compute/securityPolicy:SecurityPolicy", "voice-eu-lb-armor", securityPolicy);
    add("gcp:compute/backendService:BackendService", "voice-eu-lb-backend", backendService);
    const mainMap = add("gcp:compute/uRLMap:URLMap", "voice-eu-lb-https", mainUrlMap);
    const redirectMap = add("gcp:compute/uRLMap:URLMap", "voice-eu-lb-http-redirect", redirectUrlMap);
    const https = add("gcp:compute/targetHttpsProxy:TargetHttpsProxy", "voice-eu-lb-https", httpsProxy, {
        dependsOn: [mainMap.urn],
    });
    const http = add("gcp:compute/targetHttpProxy:TargetHttpProxy", "voice-eu-lb-http-redirect", httpProxy, {
        dependsOn: [redirectMap.urn],
    });
    add("gcp:compute/globalForwardingRule:GlobalForwardingRule", "voice-eu-lb-https", forwardingRule("443"), {
        dependsOn: [https.urn],
    });
    add("gcp:compute/globalForwardingRule:GlobalForwardingRule", "voice-eu-lb-http-redirect", forwardingRule("80"), {
        dependsOn: [http.urn],
    });
    add("gcp:sql/databaseInstance:DatabaseInstance", "voice-db-europe-west1", sqlPrimary, { protect: true });
    add("gcp:sql/databaseInstance:DatabaseInstance", "voice-db-europe-west4", sqlReplica, { protect: true });
    add("gcp:sql/database:Database", "voice-db-voice", sqlDatabase, { protect: true });
    add("gcp:sql/user:User", "voice-db-iam-voice-agent", sqlUser);
    for (const name of ["pms-sync-jobs", "pms-sync-replay", "pms-sync-dead-letter"])
        add("gcp:pubsub/topic:Topic", name, topic(name), { protect: true });
    add("gcp:pubsub/subscription:Subscription", "pms-sync-worker", workerSubscription, { protect: true });
    add("gcp:pubsub/subscription:Subscription", "pms-sync-replay", replaySubscription, { protect: true });
    add("gcp:pubsub/subscription:Subscription", "pms-sync-dead-letter-inspect", deadLetterSubscription, {
        protect: true,
    });
    const agent = "serviceAccount:service-101676087757@gcp-sa-pubsub.iam.gserviceaccount.com";
    add("gcp:pubsub/topicIAMMember:TopicIAMMember", "dead-letter-publisher", {
        topic: "pms-sync-dead-letter",
        role: "roles/pubsub.publisher",
        member: agent,
    });
    for (const sub of ["pms-sync-worker", "pms-sync-replay"]) {
        add("gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember", `${sub}-agent-subscriber`, {
            subscription: sub,
            role: "roles/pubsub.subscriber",
            member: agent,
        });
    }
    add("gcp:secretmanager/secret:Secret", "incident-access", secret, { protect: true });
    add("gcp:projects/iAMMember:IAMMember", "nodes-log-writer", projectIam);
    add("gcp:monitoring/notificationChannel:NotificationChannel", "pagerduty", notificationChannel);
    add("gcp:monitoring/slo:Slo", "availability", slo);
    add("gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig", "uptime-https", uptimeCheck);
    add("gcp:monitoring/alertPolicy:AlertPolicy", "availability-fast-burn", fastBurn);
    add("gcp:monitoring/alertPolicy:AlertPolicy", "availability-slow-burn", slowBurn);
    return { stack: "prod-eu", resources, outputs: { drainedRegions: [] } };
}
