import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import { fixedNames } from "../../naming";
import { podTemplate, type PodEnvironment } from "./podTemplate";

export interface WorkloadArgs {
    /** The Kubernetes provider of this region's cluster; every object goes through it. */
    provider: k8s.Provider;
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
    servingPort: number;
    healthCheckPath: string;
    /** Upper bound of a call: the LB's backend timeout caps a WebSocket's life, so no call outlives it. */
    maxCallSeconds: number;
    labels: Record<string, string>;
}

const appLabels = { "app.kubernetes.io/name": "voice-agent", "app.kubernetes.io/component": "realtime" };

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
        const ns = fixedNames.namespace;
        const labels = { ...appLabels, ...args.labels };

        this.namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            {
                metadata: {
                    name: ns,
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
                    namespace: ns,
                    labels,
                    annotations: { "iam.gke.io/gcp-service-account": args.googleServiceAccountEmail },
                },
                automountServiceAccountToken: false,
            },
            inNs,
        );

        const configMap = (this.configMap = new k8s.core.v1.ConfigMap(
            `${name}-config`,
            { metadata: { name: "voice-agent-config", namespace: ns, labels }, data: args.configData },
            inNs,
        ));
        const secret = (this.secret = args.secretData
            ? new k8s.core.v1.Secret(
                  `${name}-secrets`,
                  { metadata: { name: "voice-agent-secrets", namespace: ns, labels }, type: "Opaque", stringData: args.secretData },
                  inNs,
              )
            : undefined);

        // Changing a flag must restart the pods (the app reads its env once): checksums of the
        // ConfigMap and Secret data in the pod template make any change a rolling update. Two
        // annotations, because a hash over secret data is itself a secret: one over the Secret would
        // hide every plain flag change behind "[secret]" in previews and the offline diff.
        const hash = (data: Record<string, string>) => crypto.createHash("sha256").update(JSON.stringify(sorted(data))).digest("hex");
        this.podEnvironment = {
            namespace: this.namespace,
            serviceAccountName: serviceAccount.metadata.name,
            configMapName: configMap.metadata.name,
            secretName: secret?.metadata.name,
            configChecksum: pulumi.output(args.configData).apply(hash),
            secretChecksum: args.secretData ? pulumi.output(args.secretData).apply(hash) : undefined,
        };

        this.deployment = new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            {
                metadata: { name: fixedNames.deployment, namespace: ns, labels },
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
                        terminationGracePeriodSeconds: args.maxCallSeconds,
                        topologySpreadConstraints: [
                            {
                                // Zones first: losing a zone must leave two thirds of the pods.
                                maxSkew: 1,
                                topologyKey: "topology.kubernetes.io/zone",
                                whenUnsatisfiable: "DoNotSchedule",
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
            inNs,
        );

        new k8s.autoscaling.v2.HorizontalPodAutoscaler(
            `${name}-hpa`,
            {
                metadata: { name: fixedNames.deployment, namespace: ns, labels },
                spec: {
                    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: fixedNames.deployment },
                    minReplicas: args.replicas.minReplicas,
                    maxReplicas: args.replicas.maxReplicas,
                    metrics: [
                        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: args.replicas.targetCpuUtilization } } },
                    ],
                    behavior: {
                        // Scale up fast (a failover doubles the load at once), down slowly (calls are long).
                        scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: "Percent", value: 100, periodSeconds: 30 }] },
                        scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: "Pods", value: 2, periodSeconds: 120 }] },
                    },
                },
            },
            pulumi.mergeOptions(inNs, { dependsOn: [this.deployment] }),
        );

        // One pod at a time: node upgrades and repairs proceed, and each eviction ends at most one
        // pod's calls (after its grace period).
        new k8s.policy.v1.PodDisruptionBudget(
            `${name}-pdb`,
            { metadata: { name: fixedNames.deployment, namespace: ns, labels }, spec: { maxUnavailable: 1, selector: { matchLabels: appLabels } } },
            inNs,
        );

        this.service = new k8s.core.v1.Service(
            `${name}-service`,
            {
                metadata: {
                    name: fixedNames.deployment,
                    namespace: ns,
                    labels,
                    annotations: {
                        // GKE's NEG controller creates a standalone zonal NEG of this name in every
                        // zone that has endpoints, and records them in cloud.google.com/neg-status.
                        // https://cloud.google.com/kubernetes-engine/docs/how-to/standalone-neg
                        "cloud.google.com/neg": JSON.stringify({ exposed_ports: { [String(servicePort)]: { name: args.negName } } }),
                        // pulumi-kubernetes waits until the controller has written that status,
                        // i.e. until the NEGs exist; the backend service depends on this Service,
                        // so it is created only after its NEG backends are real. The provider
                        // parses the expression as RFC 9535 JSONPath, where a member name holding
                        // '.', '/' or '-' must be in bracket notation (a dotted, escaped name is
                        // a parse error that fails the Service's step).
                        "pulumi.com/waitFor": "jsonpath={.metadata.annotations['cloud.google.com/neg-status']}",
                    },
                },
                spec: {
                    type: "ClusterIP",
                    selector: appLabels,
                    ports: [{ name: "http", port: servicePort, targetPort: "http", protocol: "TCP" }],
                },
            },
            pulumi.mergeOptions(inNs, { dependsOn: [this.deployment] }),
        );

        this.registerOutputs({ deployment: this.deployment.metadata.name, service: this.service.metadata.name });
    }
}

function sorted(o: Record<string, string>): [string, string][] {
    return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}
