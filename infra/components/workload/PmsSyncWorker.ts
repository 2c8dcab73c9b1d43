import * as k8s from "../../kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { fixedNames } from "../../../core/naming";
import { podTemplate, type PodEnvironment } from "./podTemplate";

export interface PmsSyncWorkerArgs {
    /** The Kubernetes provider of this region's cluster. */
    provider: k8s.Provider;
    /** The region's voice-agent pod environment (subscription names, endpoints, flags, Redis AUTH). */
    environment: PodEnvironment;
    image: string;
    /** 0 while `pmsSyncMode: queued`: jobs stay in Pub/Sub until the PMS is back. */
    replicas: number;
    servingPort: number;
    healthCheckPath: string;
    labels: Record<string, string>;
}

const workerLabels = { "app.kubernetes.io/name": "pms-sync-worker", "app.kubernetes.io/component": "pms-sync" };

/**
 * The PMS sync worker of one region: consumes the `pms-sync-worker` subscription and writes
 * bookings to the practices' management systems. Runbook "PMS Outage: switch to queue-only mode":
 * `pmsSyncMode: queued` scales it to 0 so jobs wait in Pub/Sub (retained for replay); `live`
 * restores it. It has a fixed replica count (no HPA), so `replicas` is declared.
 */
export class PmsSyncWorker extends pulumi.ComponentResource {
    readonly deployment: k8s.apps.v1.Deployment;

    constructor(name: string, args: PmsSyncWorkerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:workload:PmsSyncWorker", name, {}, opts);
        const k8sOpts: pulumi.CustomResourceOptions = {
            parent: this,
            provider: args.provider,
            dependsOn: [args.environment.namespace],
        };
        const labels = { ...workerLabels, ...args.labels };

        this.deployment = new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            {
                metadata: { name: fixedNames.pmsWorkerDeployment, namespace: fixedNames.namespace, labels },
                spec: {
                    replicas: args.replicas,
                    selector: { matchLabels: workerLabels },
                    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
                    template: podTemplate(args.environment, {
                        labels,
                        // A worker finishes the booking it holds; Pub/Sub redelivers anything unacked.
                        terminationGracePeriodSeconds: 120,
                        topologySpreadConstraints: [
                            {
                                maxSkew: 1,
                                topologyKey: "topology.kubernetes.io/zone",
                                whenUnsatisfiable: "ScheduleAnyway",
                                labelSelector: { matchLabels: workerLabels },
                            },
                        ],
                        container: {
                            name: "pms-sync-worker",
                            image: args.image,
                            args: ["pms-sync-worker"],
                            ports: [{ name: "http", containerPort: args.servingPort, protocol: "TCP" }],
                            resources: {
                                requests: { cpu: "250m", memory: "256Mi" },
                                limits: { cpu: "1", memory: "512Mi" },
                            },
                            readinessProbe: {
                                httpGet: { path: args.healthCheckPath, port: "http" },
                                periodSeconds: 10,
                            },
                            livenessProbe: {
                                httpGet: { path: args.healthCheckPath, port: "http" },
                                periodSeconds: 20,
                                failureThreshold: 3,
                            },
                        },
                    }),
                },
            },
            // Pods need nodes: the Deployment (only) waits for the node pool.
            pulumi.mergeOptions(k8sOpts, { dependsOn: [args.environment.nodes] }),
        );

        new k8s.policy.v1.PodDisruptionBudget(
            `${name}-pdb`,
            {
                metadata: { name: fixedNames.pmsWorkerDeployment, namespace: fixedNames.namespace, labels },
                spec: { maxUnavailable: 1, selector: { matchLabels: workerLabels } },
            },
            k8sOpts,
        );

        this.registerOutputs({ deployment: this.deployment.metadata.name });
    }
}
