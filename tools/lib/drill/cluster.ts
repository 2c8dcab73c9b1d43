/**
 * What a drill asks of a region's Kubernetes cluster, as a small interface: delete a workload's
 * pods, and read how much of it is serving. The offline implementation answers nothing (a dry run
 * only describes these steps); tools/lib/drill/kubernetes.ts talks to a real cluster.
 */
import type { Inventory, InventoryResource } from "../plan";
import { childName } from "../../../core/naming";
import { ScenarioError } from "./scenario";

/** A region's Deployment and its HPA, as the plan declares them. */
export interface WorkloadRef {
    region: string;
    namespace: string;
    deployment: string;
    hpa: string;
    /** The Deployment's pod selector (matchLabels) as a label selector string. */
    selector: string;
    /** The HPA's declared minimum. */
    minReplicas: number;
}

export interface Capacity {
    /** Deployment status.availableReplicas. */
    available: number;
    /** HPA status.currentReplicas. */
    hpaCurrent: number;
    /** HPA spec.minReplicas as the cluster has it. */
    hpaMin: number;
}

export interface ClusterOps {
    /** Deletes every pod of the workload at once; resolves to how many were deleted. */
    deletePods(w: WorkloadRef): Promise<number>;
    capacity(w: WorkloadRef): Promise<Capacity>;
}

/** Back at minimum: the Deployment serves the HPA's minimum and the HPA counts at least that many. */
export function atMinimum(c: Capacity): boolean {
    return c.available >= c.hpaMin && c.hpaCurrent >= c.hpaMin;
}

const inputsOf = (r: InventoryResource) => r.inputs as any;

/**
 * The region's Deployment `deployment` and the HPA that scales it, from the plan: children of the
 * region's workload component (its name comes from the naming helper).
 */
export function workloadOf(inv: Inventory, region: string, deployment: string): WorkloadRef {
    const prefix = `${childName(deployment, region)}-`;
    const dep = inv.resources.find(
        (r) =>
            r.type === "kubernetes:apps/v1:Deployment" &&
            r.name.startsWith(prefix) &&
            inputsOf(r).metadata?.name === deployment,
    );
    if (!dep)
        throw new ScenarioError(`region ${region}: the plan has no Deployment ${deployment} (looked for ${prefix}*)`);
    const hpa = inv.resources.find(
        (r) =>
            r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler" &&
            r.name.startsWith(prefix) &&
            inputsOf(r).spec?.scaleTargetRef?.name === deployment,
    );
    if (!hpa)
        throw new ScenarioError(
            `region ${region}: the plan has no HorizontalPodAutoscaler for Deployment ${deployment}`,
        );
    const labels = inputsOf(dep).spec.selector.matchLabels as Record<string, string>;
    return {
        region,
        namespace: inputsOf(dep).metadata.namespace,
        deployment,
        hpa: inputsOf(hpa).metadata.name,
        selector: Object.entries(labels)
            .map(([k, v]) => `${k}=${v}`)
            .join(","),
        minReplicas: inputsOf(hpa).spec.minReplicas,
    };
}
