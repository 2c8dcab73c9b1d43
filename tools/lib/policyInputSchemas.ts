/**
 * The shape of every resource input the policy pack reads, as one zod schema per resource type,
 * built from the table below. The engine hands the pack provider-checked inputs; an inventory
 * file is anyone's, so `policy --inventory` checks it first: a list where a list belongs, an
 * object (never null) for each of its entries, a string where a name belongs. Fields the pack
 * does not read are not checked, and the offline plan's placeholders ("[unknown]", "[secret]")
 * are accepted wherever a value is.
 */
import { z } from "zod";

type Kind = "object" | "object[]" | "string" | "string[]" | "number" | "boolean";

/** Per resource type: dotted input paths (`[]` = each entry of a list) and what each must be. */
const shapes: Record<string, Record<string, Kind>> = {
    "gcp:pubsub/topic:Topic": {
        messageStoragePolicy: "object",
        "messageStoragePolicy.allowedPersistenceRegions": "string[]",
    },
    "gcp:pubsub/subscription:Subscription": { deadLetterPolicy: "object", retryPolicy: "object", topic: "string" },
    "gcp:secretmanager/secret:Secret": {
        replication: "object",
        "replication.userManaged": "object",
        "replication.userManaged.replicas": "object[]",
        "replication.userManaged.replicas[].location": "string",
    },
    "gcp:compute/firewall:Firewall": {
        allows: "object[]",
        "allows[].ports": "string[]",
        "allows[].protocol": "string",
        denies: "object[]",
        sourceRanges: "string[]",
        destinationRanges: "string[]",
        targetTags: "string[]",
        sourceTags: "string[]",
        direction: "string",
    },
    "gcp:servicenetworking/connection:Connection": { reservedPeeringRanges: "string[]" },
    "gcp:monitoring/alertPolicy:AlertPolicy": {
        conditions: "object[]",
        "conditions[].conditionThreshold": "object",
        "conditions[].conditionPrometheusQueryLanguage": "object",
        "conditions[].conditionMonitoringQueryLanguage": "object",
        notificationChannels: "string[]",
        displayName: "string",
        documentation: "object",
        alertStrategy: "object",
    },
    "gcp:redis/instance:Instance": {
        maintenancePolicy: "object",
        "maintenancePolicy.weeklyMaintenanceWindows": "object[]",
        "maintenancePolicy.weeklyMaintenanceWindows[].startTime": "object",
        persistenceConfig: "object",
    },
    "gcp:sql/databaseInstance:DatabaseInstance": {
        databaseVersion: "string",
        masterInstanceName: "string",
        instanceType: "string",
        region: "string",
        settings: "object",
        "settings.tier": "string",
        "settings.databaseFlags": "object[]",
        "settings.databaseFlags[].name": "string",
        "settings.backupConfiguration": "object",
        "settings.ipConfiguration": "object",
        "settings.ipConfiguration.authorizedNetworks": "object[]",
        "settings.maintenanceWindow": "object",
        "settings.insightsConfig": "object",
        "settings.locationPreference": "object",
        replicationCluster: "object",
    },
    "gcp:container/cluster:Cluster": {
        masterAuthorizedNetworksConfig: "object",
        "masterAuthorizedNetworksConfig.cidrBlocks": "object[]",
        privateClusterConfig: "object",
        workloadIdentityConfig: "object",
        releaseChannel: "object",
        maintenancePolicy: "object",
        "maintenancePolicy.recurringWindow": "object",
        "maintenancePolicy.maintenanceExclusions": "object[]",
        nodeLocations: "string[]",
        addonsConfig: "object",
        networkPolicy: "object",
        monitoringConfig: "object",
        "monitoringConfig.enableComponents": "string[]",
        "monitoringConfig.managedPrometheus": "object",
        loggingConfig: "object",
        "loggingConfig.enableComponents": "string[]",
        ipAllocationPolicy: "object",
        "masterAuthorizedNetworksConfig.cidrBlocks[].cidrBlock": "string",
    },
    "gcp:container/nodePool:NodePool": {
        autoscaling: "object",
        management: "object",
        nodeConfig: "object",
        "nodeConfig.tags": "string[]",
        "nodeConfig.oauthScopes": "string[]",
        "nodeConfig.shieldedInstanceConfig": "object",
        "nodeConfig.workloadMetadataConfig": "object",
        "nodeConfig.taints": "object[]",
        nodeLocations: "string[]",
        upgradeSettings: "object",
    },
    "gcp:compute/backendService:BackendService": {
        backends: "object[]",
        "backends[].group": "string",
        healthChecks: "string",
        logConfig: "object",
        cdnPolicy: "object",
        iap: "object",
        securityPolicy: "string",
        loadBalancingScheme: "string",
        protocol: "string",
    },
    "gcp:compute/uRLMap:URLMap": {
        pathMatchers: "object[]",
        "pathMatchers[].pathRules": "object[]",
        "pathMatchers[].pathRules[].paths": "string[]",
        hostRules: "object[]",
        "hostRules[].hosts": "string[]",
        defaultUrlRedirect: "object",
    },
    "gcp:compute/securityPolicy:SecurityPolicy": {
        rules: "object[]",
        "rules[].match": "object",
        "rules[].match.config": "object",
        "rules[].match.config.srcIpRanges": "string[]",
        "rules[].rateLimitOptions": "object",
        adaptiveProtectionConfig: "object",
    },
    "gcp:compute/sSLPolicy:SSLPolicy": { customFeatures: "string[]" },
    "gcp:compute/targetHttpsProxy:TargetHttpsProxy": { sslCertificates: "string[]", certificateMap: "string" },
    "gcp:compute/managedSslCertificate:ManagedSslCertificate": { managed: "object", "managed.domains": "string[]" },
    "gcp:compute/subnetwork:Subnetwork": { secondaryIpRanges: "object[]", logConfig: "object" },
    "gcp:compute/routerNat:RouterNat": { logConfig: "object", subnetworks: "object[]" },
    "gcp:projects/iAMMember:IAMMember": { member: "string", role: "string" },
    "gcp:projects/iAMBinding:IAMBinding": { members: "string[]", role: "string" },
    "gcp:serviceaccount/iAMMember:IAMMember": { member: "string", role: "string" },
    "gcp:serviceaccount/iAMBinding:IAMBinding": { members: "string[]", role: "string" },
    "gcp:secretmanager/secretIamMember:SecretIamMember": { member: "string", role: "string" },
    "gcp:secretmanager/secretIamBinding:SecretIamBinding": { members: "string[]", role: "string" },
    "gcp:pubsub/topicIAMMember:TopicIAMMember": { member: "string", role: "string" },
    "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember": { member: "string", role: "string" },
    "gcp:monitoring/slo:Slo": { requestBasedSli: "object", windowsBasedSli: "object" },
    "gcp:monitoring/notificationChannel:NotificationChannel": { labels: "object" },
    "kubernetes:apps/v1:Deployment": {
        metadata: "object",
        spec: "object",
        "spec.selector": "object",
        "spec.strategy": "object",
        "spec.template": "object",
        "spec.template.metadata": "object",
        "spec.template.spec": "object",
        "spec.template.spec.containers": "object[]",
        "spec.template.spec.containers[].ports": "object[]",
        "spec.template.spec.containers[].env": "object[]",
        "spec.template.spec.containers[].resources": "object",
        "spec.template.spec.containers[].securityContext": "object",
        "spec.template.spec.containers[].securityContext.capabilities": "object",
        "spec.template.spec.containers[].securityContext.capabilities.drop": "string[]",
        "spec.template.spec.containers[].securityContext.capabilities.add": "string[]",
        "spec.template.spec.containers[].readinessProbe": "object",
        "spec.template.spec.containers[].livenessProbe": "object",
        "spec.template.spec.containers[].volumeMounts": "object[]",
        "spec.template.spec.initContainers": "object[]",
        "spec.template.spec.volumes": "object[]",
        "spec.template.spec.topologySpreadConstraints": "object[]",
        "spec.template.spec.tolerations": "object[]",
        "spec.template.spec.affinity": "object",
        "spec.template.spec.securityContext": "object",
    },
    "kubernetes:batch/v1:Job": {
        metadata: "object",
        spec: "object",
        "spec.template": "object",
        "spec.template.spec": "object",
        "spec.template.spec.containers": "object[]",
        "spec.template.spec.containers[].securityContext": "object",
        "spec.template.spec.containers[].securityContext.capabilities": "object",
        "spec.template.spec.containers[].securityContext.capabilities.drop": "string[]",
    },
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": {
        metadata: "object",
        spec: "object",
        "spec.scaleTargetRef": "object",
        "spec.metrics": "object[]",
        "spec.behavior": "object",
    },
    "kubernetes:policy/v1:PodDisruptionBudget": { metadata: "object", spec: "object", "spec.selector": "object" },
    "kubernetes:core/v1:Service": {
        metadata: "object",
        spec: "object",
        "spec.ports": "object[]",
        "spec.selector": "object",
    },
    "kubernetes:core/v1:ServiceAccount": { metadata: "object", "metadata.annotations": "object" },
    "kubernetes:core/v1:Namespace": { metadata: "object", "metadata.labels": "object" },
    "kubernetes:core/v1:ConfigMap": { metadata: "object", data: "object" },
    "kubernetes:core/v1:Secret": { metadata: "object" },
};

const placeholder = z.enum(["[unknown]", "[secret]"]);

interface Node {
    kind?: Kind;
    children: Map<string, Node>;
    /** Fields of each entry of a list of objects. */
    entry?: Node;
}

function tree(shape: Record<string, Kind>): Node {
    const root: Node = { children: new Map() };
    for (const [dotted, kind] of Object.entries(shape)) {
        let node = root;
        for (const part of dotted.split(".")) {
            const list = part.endsWith("[]");
            const name = list ? part.slice(0, -2) : part;
            let child = node.children.get(name);
            if (!child) {
                child = { children: new Map() };
                node.children.set(name, child);
            }
            node = list ? (child.entry ??= { children: new Map() }) : child;
        }
        node.kind = kind;
    }
    return root;
}

function fieldsOf(node: Node): z.ZodType {
    return z
        .object(
            Object.fromEntries([...node.children].map(([k, v]) => [k, z.union([schemaOf(v), placeholder]).optional()])),
        )
        .loose();
}

function schemaOf(node: Node): z.ZodType {
    switch (node.kind) {
        case "string":
            return z.string();
        case "number":
            return z.number();
        case "boolean":
            return z.boolean();
        case "string[]":
            return z.array(z.union([z.string(), placeholder]));
        case "object[]":
            return z.array(z.union([node.entry ? fieldsOf(node.entry) : z.object({}).loose(), placeholder]));
        default:
            return fieldsOf(node);
    }
}

/** The schema of each resource type's inputs the pack reads. */
export const inputSchemas: ReadonlyMap<string, z.ZodType> = new Map(
    Object.entries(shapes).map(([type, shape]) => [type, fieldsOf(tree(shape))]),
);
