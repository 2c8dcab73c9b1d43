import * as gcp from "../../gcp";
import * as k8s from "../../kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { clusterName, fixedNames, serviceAccountId } from "../../../core/naming";
import type { ArtifactRepository } from "../../imageRepository";
import { kubeconfigFor } from "../../../core/clusterAccess";
import { recurringWindow } from "../../../core/maintenanceWindows";

export interface ClusterArgs {
    project: string;
    region: string;
    zones: string[];
    network: pulumi.Input<string>;
    subnetwork: pulumi.Input<string>;
    podsRangeName: string;
    servicesRangeName: string;
    /** The private control plane's /28. */
    controlPlaneCidr: string;
    masterAuthorizedNetworks: { name: string; cidr: string }[];
    maintenance: { days: string[]; start: string; hours: number };
    /**
     * `minPerZone` is the autoscaler's current minimum (raised during a failover); `initialPerZone`
     * only sizes the pool at creation.
     */
    nodePool: {
        machineType: string;
        minPerZone: number;
        maxPerZone: number;
        diskSizeGb: number;
        initialPerZone: number;
    };
    /** Network tag of the nodes (the health-check firewall targets it). */
    nodeTag: string;
    /**
     * The Artifact Registry repositories the nodes pull the workloads' images from, each in its own
     * project (the artifacts project, not the cell's).
     */
    imageRepositories: ArtifactRepository[];
    labels: Record<string, string>;
    /** Pulumi's `protect` on the stateful resources (infra/lifecycle.ts: off in drill cells). */
    protect: boolean;
    /** The provider's deletion protection (infra/lifecycle.ts: off in drill cells). */
    deletionProtection: boolean;
}

/**
 * A regional GKE cluster `voice-cluster-<region>`, its separately managed node pool `default`, the
 * node pool's own least-privilege service account, and a Kubernetes provider bound to this cluster
 * so that the region's workloads are declared through it and nowhere else.
 */
export class Cluster extends pulumi.ComponentResource {
    readonly cluster: gcp.container.Cluster;
    readonly nodePool: gcp.container.NodePool;
    readonly provider: k8s.Provider;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:cluster:Cluster", name, {}, opts);
        const parent = { parent: this };
        const physicalName = clusterName(args.region);

        // Nodes run as their own account with only what nodes need (logs, metrics, image pulls),
        // not the Compute Engine default account with Editor. CIS GKE 5.2.1.
        const nodeAccount = new gcp.serviceaccount.Account(
            `${name}-nodes`,
            {
                accountId: serviceAccountId("gke-nodes", args.region),
                displayName: `GKE nodes of ${physicalName}`,
            },
            parent,
        );
        const nodeRoles = [
            "roles/logging.logWriter",
            "roles/monitoring.metricWriter",
            "roles/monitoring.viewer",
            "roles/stackdriver.resourceMetadata.writer",
            "roles/autoscaling.metricsWriter",
        ];
        const grants = nodeRoles.map(
            (role) =>
                new gcp.projects.IAMMember(
                    `${name}-nodes-${role
                        .replace(/^roles\//, "")
                        .replace(/\./g, "-")
                        .toLowerCase()}`,
                    { project: args.project, role, member: nodeAccount.member },
                    parent,
                ),
        );
        // Image pulls: the reader role on each image repository, where the images are.
        const pullGrants = args.imageRepositories.map(
            (repo) =>
                new gcp.artifactregistry.RepositoryIamMember(
                    `${name}-nodes-pull-${repo.project}-${repo.repository}`,
                    {
                        project: repo.project,
                        location: repo.location,
                        repository: repo.repository,
                        role: "roles/artifactregistry.reader",
                        member: nodeAccount.member,
                    },
                    parent,
                ),
        );

        const window = recurringWindow(args.maintenance);
        this.cluster = new gcp.container.Cluster(
            name,
            {
                name: physicalName,
                // Regional: the control plane and nodes span the region's zones.
                location: args.region,
                nodeLocations: args.zones,
                network: args.network,
                subnetwork: args.subnetwork,
                networkingMode: "VPC_NATIVE",
                ipAllocationPolicy: {
                    clusterSecondaryRangeName: args.podsRangeName,
                    servicesSecondaryRangeName: args.servicesRangeName,
                },
                // The node pool is managed separately, so the default one is removed at creation.
                removeDefaultNodePool: true,
                initialNodeCount: 1,
                privateClusterConfig: {
                    enablePrivateNodes: true,
                    // The public endpoint stays, limited to masterAuthorizedNetworks: the runbook's
                    // kubectl commands run from on-call laptops through the corporate egress.
                    enablePrivateEndpoint: false,
                    masterIpv4CidrBlock: args.controlPlaneCidr,
                    masterGlobalAccessConfig: { enabled: true },
                },
                masterAuthorizedNetworksConfig: {
                    cidrBlocks: args.masterAuthorizedNetworks.map((n) => ({ displayName: n.name, cidrBlock: n.cidr })),
                },
                workloadIdentityConfig: { workloadPool: `${args.project}.svc.id.goog` },
                // Dataplane V2 (eBPF) enforces NetworkPolicy without the Calico add-on.
                datapathProvider: "ADVANCED_DATAPATH",
                releaseChannel: { channel: "REGULAR" },
                enableShieldedNodes: true,
                enableLegacyAbac: false,
                enableIntranodeVisibility: true,
                masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
                binaryAuthorization: { evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" },
                // The HTTP load balancing add-on runs the NEG controller that creates the standalone
                // NEGs the voice-lb backends point at.
                addonsConfig: { httpLoadBalancing: { disabled: false }, horizontalPodAutoscaling: { disabled: false } },
                loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "WORKLOADS"] },
                monitoringConfig: {
                    enableComponents: ["SYSTEM_COMPONENTS", "DEPLOYMENT", "HPA", "POD", "STATEFULSET"],
                    managedPrometheus: { enabled: true },
                },
                // Posture auditing of workload configuration stays on. GKE's basic workload vulnerability
                // scanning is no longer supported (VULNERABILITY_BASIC is deprecated in the v1 API) and
                // VULNERABILITY_ENTERPRISE needs GKE Enterprise: images are scanned where they are
                // pushed, by Artifact Analysis on the artifacts project's repository.
                securityPostureConfig: { mode: "BASIC", vulnerabilityMode: "VULNERABILITY_DISABLED" },
                maintenancePolicy: { recurringWindow: window },
                resourceLabels: args.labels,
                deletionProtection: args.deletionProtection,
            },
            pulumi.mergeOptions(parent, { protect: args.protect }),
        );

        this.nodePool = new gcp.container.NodePool(
            `${name}-${fixedNames.nodePool}`,
            {
                name: fixedNames.nodePool,
                cluster: this.cluster.name,
                location: args.region,
                nodeLocations: args.zones,
                // Bounds are per zone: the cluster autoscaler counts each zone separately.
                autoscaling: {
                    minNodeCount: args.nodePool.minPerZone,
                    maxNodeCount: args.nodePool.maxPerZone,
                    locationPolicy: "BALANCED",
                },
                initialNodeCount: args.nodePool.initialPerZone,
                management: { autoRepair: true, autoUpgrade: true },
                // maxUnavailable 0: an upgrade adds a node before it drains one, so capacity never dips.
                upgradeSettings: { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 },
                nodeConfig: {
                    machineType: args.nodePool.machineType,
                    imageType: "COS_CONTAINERD",
                    diskType: "pd-balanced",
                    diskSizeGb: args.nodePool.diskSizeGb,
                    serviceAccount: nodeAccount.email,
                    oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
                    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
                    // GKE_METADATA: pods get Workload Identity tokens, never the node's credentials.
                    workloadMetadataConfig: { mode: "GKE_METADATA" },
                    metadata: { "disable-legacy-endpoints": "true" },
                    tags: [args.nodeTag],
                    labels: args.labels,
                    resourceLabels: args.labels,
                },
            },
            // initialNodeCount forces a new node pool when it changes (google_container_node_pool):
            // it only matters at creation, and the autoscaler owns the count after that.
            // Wait for the IAM grants so new nodes can pull images at once.
            pulumi.mergeOptions(parent, { dependsOn: [...grants, ...pullGrants], ignoreChanges: ["initialNodeCount"] }),
        );

        const kubeconfig = pulumi
            .all([this.cluster.name, this.cluster.endpoint, this.cluster.masterAuth])
            .apply(([clusterId, endpoint, auth]) =>
                kubeconfigFor(`${args.project}_${args.region}_${clusterId}`, endpoint, auth.clusterCaCertificate),
            );
        this.provider = new k8s.Provider(
            name,
            {
                kubeconfig,
                // The provider, and every object declared through it, is replaced only when this
                // changes, not whenever the kubeconfig's endpoint or CA certificate does: a
                // credential or control-plane IP rotation then updates the provider in place instead
                // of deleting and recreating every Deployment and NEG Service of the region
                // (pulumi-kubernetes DiffConfig). It is the cluster's own id, so a cluster that is
                // replaced makes it unknown and still replaces the provider and its objects.
                clusterIdentifier: this.cluster.id,
                // Objects go through this cluster only; never fall back to a local kubeconfig.
                suppressDeprecationWarnings: true,
                // Without these the provider replaces a ConfigMap or Secret whose data changes, and
                // with a fixed name it deletes the object before creating it again, under running
                // pods (pulumi-kubernetes provider/pkg/provider/diff.go forceNewProperties). With
                // them a flag toggle is an update in place.
                enableConfigMapMutable: true,
                enableSecretMutable: true,
            },
            // No dependency on the node pool: everything declared through this provider would wait
            // for every node-pool update (a failover's pre-scaling waits for a resting cluster and
            // retries through auto-upgrades), the NEG Services and the voice-lb drain with it.
            // The objects that need nodes (Deployments, Jobs) wait for the node pool themselves.
            parent,
        );

        this.registerOutputs({ clusterName: this.cluster.name, endpoint: this.cluster.endpoint });
    }
}
