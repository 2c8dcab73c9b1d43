import * as k8s from "../../kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import { fixedNames } from "../../../core/naming";
import { negStatusWaitFor } from "../../traffic";
import { podTemplate, type PodEnvironment } from "./podTemplate";

export interface WorkloadArgs {
    /** The Kubernetes provider of this region's cluster; every object goes through it. */
    provider: k8s.Provider;
    /** The region's node pool: the Deployment waits for it, nothing else here does. */
    nodes: pulumi.Resource;
    region: string;
    /** Image reference, tag or digest. */
    image: string;
    replicas: { minReplicas: number; maxReplicas: number; targetCpuUtilization: number };
    /** ConfigMap data: runtime flags and endpoints. A change rolls the Deployment. */
    configData: Record<string, pulumi.Input<string>>;
    /** Secret data (e.g. Redis AUTH), mounted as env from a Kubernetes Secret. A change rolls the Deployment. */
    secretData?: Record<string, pulumi.Input<string>>;
    /** The Google service account the pods act as through Workload Identity. */
    googleServiceAccountEmail: pulumi.Input<string>;
    /** Name of the standalone NEG GKE creates in every zone for the Service. */
    negName: string;
    /** The region's zones: the NEG controller must report a NEG in each. */
    zones: string[];
    servingPort: number;
    healthCheckPath: string;
    /** Upper bound of a call: the LB's backend timeout caps a WebSocket's life, so no call outlives it. */
    maxCallSeconds: number;
    labels: Record<string, string>;
}

/** Cluster autoscaler: a pod it must not evict to remove its node. */
export const safeToEvictAnnotation = "cluster-autoscaler.kubernetes.io/safe-to-evict";

const appLabels = { "app.kubernetes.io/name": "voice-agent", "app.kubernetes.io/component": "realtime" };

/** How long the NEG Service's step waits for its NEGs: a new cell's node pool comes up meanwhile. */
export const negAwaitSeconds = 1800;

/** Port of the Service that the NEG exposes (the container serves on `servingPort`). */
export const servicePort = 80;

/**
 * The voice agent in one region's cluster: namespace, Workload Identity service account,
 * ConfigMap of runtime flags, Deployment (owned by its HPA), HPA, PodDisruptionBudget, and a
 * Service whose NEG annotation makes GKE create the standalone NEGs the global load balancer
 * sends traffic to.
 */
export class Workload extends pulumi.ComponentResource {
    readonly namespace: k8s.core.v1.Namespace;
    readonly deployment: k8s.apps.v1.Deployment;
    readonly service: k8s.core.v1.Service;
    /** Runtime flags and endpoints. */
    readonly configMap: k8s.core.v1.ConfigMap;
    readonly secret?: k8s.core.v1.Secret;
    /** What sibling workloads (PMS worker, purge Jobs) run with: this region's namespace, account, ConfigMap and Secret. */
    readonly podEnvironment: PodEnvironment;

    constructor(name: string, args: WorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:workload:Workload", name, {}, opts);
        const k8sOpts: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
        const namespaceName = fixedNames.namespace;
        const labels = { ...appLabels, ...args.labels };

        this.namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            {
                metadata: {
                    name: namespaceName,
                    labels: {
                        ...args.labels,
                        // The pods meet the restricted Pod Security Standard; the namespace enforces it.
                        "pod-security.kubernetes.io/enforce": "restricted",
                        "pod-security.kubernetes.io/enforce-version": "latest",
                    },
                },
            },
            k8sOpts,
        );
        const inNs = pulumi.mergeOptions(k8sOpts, { dependsOn: [this.namespace] });

        const serviceAccount = new k8s.core.v1.ServiceAccount(
            `${name}-service-account`,
            {
                metadata: {
                    name: fixedNames.kubernetesServiceAccount,
                    namespace: namespaceName,
                    labels,
                    annotations: { "iam.gke.io/gcp-service-account": args.googleServiceAccountEmail },
                },
                automountServiceAccountToken: false,
            },
            inNs,
        );

        const configMap = (this.configMap = new k8s.core.v1.ConfigMap(
            `${name}-config`,
            { metadata: { name: "voice-agent-config", namespace: namespaceName, labels }, data: args.configData },
            inNs,
        ));
        const secret = (this.secret = args.secretData
            ? new k8s.core.v1.Secret(
                  `${name}-secrets`,
                  {
                      metadata: { name: "voice-agent-secrets", namespace: namespaceName, labels },
                      type: "Opaque",
                      stringData: args.secretData,
                  },
                  inNs,
              )
            : undefined);

        // Changing a flag must restart the pods (the app reads its env once): checksums of the
        // ConfigMap and Secret data in the pod template make any change a rolling update. Two
        // annotations, because a hash over secret data is itself a secret: one over the Secret would
        // hide every plain flag change behind "[secret]" in previews and the offline diff.
        const hash = (data: Record<string, string>) =>
            crypto
                .createHash("sha256")
                .update(JSON.stringify(sorted(data)))
                .digest("hex");
        this.podEnvironment = {
            namespace: this.namespace,
            nodes: args.nodes,
            serviceAccountName: serviceAccount.metadata.name,
            configMapName: configMap.metadata.name,
            secretName: secret?.metadata.name,
            configChecksum: pulumi.output(args.configData).apply(hash),
            secretChecksum: args.secretData ? pulumi.output(args.secretData).apply(hash) : undefined,
        };

        this.deployment = new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            {
                metadata: { name: fixedNames.deployment, namespace: namespaceName, labels },
                spec: {
                    // No `replicas`: the HPA owns the count; a static value would fight it on every update.
                    selector: { matchLabels: appLabels },
                    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
                    minReadySeconds: 10,
                    revisionHistoryLimit: 10,
                    // A pod being replaced stops taking new calls (preStop, NEG draining) and
                    // finishes the live ones; the LB timeout caps a call, so that is enough.
                    template: podTemplate(this.podEnvironment, {
                        labels,
                        annotations: {
                            // GKE grants a pod evicted by a cluster-autoscaler scale-down at most
                            // 10 minutes of grace, whatever terminationGracePeriodSeconds says (an
                            // automatic node upgrade up to an hour; GKE docs, "GKE-initiated Pod
                            // eviction"), which would cut a call of up to an hour short. So the
                            // autoscaler never removes a node that runs a voice-agent pod; the HPA
                            // scales pods down with their full grace, and empty nodes go then.
                            [safeToEvictAnnotation]: "false",
                        },
                        terminationGracePeriodSeconds: args.maxCallSeconds,
                        topologySpreadConstraints: [
                            {
                                // Zones first: losing a zone must leave two thirds of the pods.
                                maxSkew: 1,
                                topologyKey: "topology.kubernetes.io/zone",
                                whenUnsatisfiable: "DoNotSchedule",
                                // A dead zone's nodes are tainted (unreachable/not-ready) and, with
                                // the default Ignore, still count as a domain with its old pods, so
                                // replacements in the live zones would exceed the skew and stay
                                // Pending. Honor leaves tainted nodes out (Kubernetes 1.26 beta, on
                                // by default; GA in 1.33).
                                nodeTaintsPolicy: "Honor",
                                labelSelector: { matchLabels: appLabels },
                            },
                            {
                                maxSkew: 1,
                                topologyKey: "kubernetes.io/hostname",
                                whenUnsatisfiable: "ScheduleAnyway",
                                labelSelector: { matchLabels: appLabels },
                            },
                        ],
                        container: {
                            name: "voice-agent",
                            image: args.image,
                            imagePullPolicy: "IfNotPresent",
                            ports: [{ name: "http", containerPort: args.servingPort, protocol: "TCP" }],
                            env: [
                                { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                                { name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
                            ],
                            resources: {
                                requests: { cpu: "1", memory: "1Gi" },
                                limits: { cpu: "2", memory: "2Gi" },
                            },
                            startupProbe: {
                                httpGet: { path: args.healthCheckPath, port: "http" },
                                periodSeconds: 5,
                                failureThreshold: 24,
                            },
                            readinessProbe: {
                                httpGet: { path: args.healthCheckPath, port: "http" },
                                periodSeconds: 5,
                                failureThreshold: 2,
                            },
                            livenessProbe: {
                                httpGet: { path: args.healthCheckPath, port: "http" },
                                periodSeconds: 10,
                                failureThreshold: 6,
                                timeoutSeconds: 3,
                            },
                            lifecycle: {
                                // Keep serving while the NEG controller detaches the endpoint and the
                                // LB stops sending new calls, before SIGTERM reaches the app.
                                preStop: { exec: { command: ["/bin/sh", "-c", "sleep 30"] } },
                            },
                        },
                    }),
                },
            },
            // Pods need nodes: the Deployment (only) waits for the node pool.
            pulumi.mergeOptions(inNs, { dependsOn: [args.nodes] }),
        );

        new k8s.autoscaling.v2.HorizontalPodAutoscaler(
            `${name}-hpa`,
            {
                metadata: { name: fixedNames.deployment, namespace: namespaceName, labels },
                spec: {
                    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: fixedNames.deployment },
                    minReplicas: args.replicas.minReplicas,
                    maxReplicas: args.replicas.maxReplicas,
                    metrics: [
                        {
                            type: "Resource",
                            resource: {
                                name: "cpu",
                                target: { type: "Utilization", averageUtilization: args.replicas.targetCpuUtilization },
                            },
                        },
                    ],
                    behavior: {
                        // Scale up fast (a failover doubles the load at once), down slowly (calls are long).
                        scaleUp: {
                            stabilizationWindowSeconds: 0,
                            policies: [{ type: "Percent", value: 100, periodSeconds: 30 }],
                        },
                        scaleDown: {
                            stabilizationWindowSeconds: 600,
                            policies: [{ type: "Pods", value: 2, periodSeconds: 120 }],
                        },
                    },
                },
            },
            pulumi.mergeOptions(inNs, { dependsOn: [this.deployment] }),
        );

        // One pod at a time: node upgrades and repairs proceed, and each eviction ends at most one
        // pod's calls (after its grace period).
        new k8s.policy.v1.PodDisruptionBudget(
            `${name}-pdb`,
            {
                metadata: { name: fixedNames.deployment, namespace: namespaceName, labels },
                spec: { maxUnavailable: 1, selector: { matchLabels: appLabels } },
            },
            inNs,
        );

        this.service = new k8s.core.v1.Service(
            `${name}-service`,
            {
                metadata: {
                    name: fixedNames.deployment,
                    namespace: namespaceName,
                    labels,
                    annotations: {
                        // GKE's NEG controller creates a standalone zonal NEG of this name in every
                        // zone that has endpoints, and records them in cloud.google.com/neg-status.
                        // https://cloud.google.com/kubernetes-engine/docs/how-to/standalone-neg
                        "cloud.google.com/neg": JSON.stringify({
                            exposed_ports: { [String(servicePort)]: { name: args.negName } },
                        }),
                        // pulumi-kubernetes waits until the controller reports NEGs in every zone
                        // of the region (infra/traffic.ts negStatusWaitFor); the backend service
                        // depends on this Service, so it is created only once its NEG backends are
                        // there. On a new cell that takes as long as the node pool's creation,
                        // hence the longer timeout.
                        "pulumi.com/waitFor": negStatusWaitFor(args.negName, servicePort, args.zones),
                        "pulumi.com/timeoutSeconds": String(negAwaitSeconds),
                    },
                },
                spec: {
                    type: "ClusterIP",
                    selector: appLabels,
                    ports: [{ name: "http", port: servicePort, targetPort: "http", protocol: "TCP" }],
                },
            },
            // No dependency on the Deployment (whose rollout waits for the node pool): the voice-lb
            // backend service depends on this Service, and a drain must wait on nothing. GKE's NEG
            // controller creates the NEGs from the Service and the nodes' zones, not from pods; pods
            // only become endpoints, when they are ready.
            inNs,
        );

        this.registerOutputs({ deployment: this.deployment.metadata.name, service: this.service.metadata.name });
    }
}

function sorted(o: Record<string, string>): [string, string][] {
    return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}
