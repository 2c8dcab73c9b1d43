/**
 * ClusterOps on @kubernetes/client-node against a drill cell's clusters. The credentials come from
 * the stack's outputs (`clusterAccess`: each region's API endpoint and CA certificate, exported by
 * drill cells only) and authenticate through gke-gcloud-auth-plugin, as the program's own
 * Kubernetes providers do. Needs a real cluster and Google credentials; the tests use a double.
 */
import * as k8s from "@kubernetes/client-node";
import { kubeconfigFor } from "../../../core/clusterAccess";
import type { Capacity, ClusterOps, WorkloadRef } from "./cluster";
import { DrillError } from "./errors";

export interface ClusterAccess {
    endpoint: string;
    caCertificate: string;
}

export class KubernetesClusterOps implements ClusterOps {
    constructor(private readonly access: Record<string, ClusterAccess>) {}

    /** Reads `clusterAccess` from the stack outputs; a drill cell without it cannot run pod steps. */
    static fromOutputs(outputs: Record<string, unknown>): KubernetesClusterOps {
        const access = outputs.clusterAccess as Record<string, ClusterAccess> | undefined;
        if (!access || typeof access !== "object")
            throw new DrillError(
                "the stack has no output clusterAccess (drill cells export each cluster's endpoint and CA certificate)",
            );
        return new KubernetesClusterOps(access);
    }

    private config(region: string): k8s.KubeConfig {
        const a = this.access[region];
        if (!a)
            throw new DrillError(
                `clusterAccess has no region ${region}; regions: ${Object.keys(this.access).join(", ")}`,
            );
        const kc = new k8s.KubeConfig();
        kc.loadFromString(kubeconfigFor(`drill_${region}`, a.endpoint, a.caCertificate));
        return kc;
    }

    async deletePods(w: WorkloadRef): Promise<number> {
        const core = this.config(w.region).makeApiClient(k8s.CoreV1Api);
        const pods = await core.listNamespacedPod({ namespace: w.namespace, labelSelector: w.selector });
        const names = pods.items.map((p) => p.metadata?.name).filter((n): n is string => !!n);
        await Promise.all(names.map((name) => core.deleteNamespacedPod({ name, namespace: w.namespace })));
        return names.length;
    }

    async capacity(w: WorkloadRef): Promise<Capacity> {
        const kc = this.config(w.region);
        const [dep, hpa] = await Promise.all([
            kc.makeApiClient(k8s.AppsV1Api).readNamespacedDeployment({ name: w.deployment, namespace: w.namespace }),
            kc
                .makeApiClient(k8s.AutoscalingV2Api)
                .readNamespacedHorizontalPodAutoscaler({ name: w.hpa, namespace: w.namespace }),
        ]);
        return {
            available: dep.status?.availableReplicas ?? 0,
            hpaCurrent: hpa.status?.currentReplicas ?? 0,
            hpaMin: hpa.spec?.minReplicas ?? 1,
        };
    }
}
