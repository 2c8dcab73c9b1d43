import { stackPolicy } from "../../../lib/define";
import { clusterKey, describeObject } from "../../../lib/kubernetes";
import { cellRegions, ofType } from "../../../lib/resources";

interface Config {
    minReplicas: number;
}

// With both spec.replicas and an HPA, every `pulumi up` resets the replica count the HPA chose,
// shrinking a region in the middle of peak traffic. Without an HPA, one replica is a single
// point of failure. An explicit 0 is a deliberate pause (the runbook's queue-only PMS mode stops
// the sync workers so jobs wait in Pub/Sub), not a degraded deployment.
export const policy = stackPolicy<Config>(
    {
        name: "kubernetes-apps-deployment-defer-replicas-to-hpa",
        description:
            "A Deployment targeted by an HPA leaves spec.replicas unset; a Deployment without an HPA runs at least the minimum number of replicas (or is paused at 0 on purpose).",
        severity: "high",
        category: "availability",
        remediationSteps:
            "Remove spec.replicas from HPA-managed Deployments; give other Deployments spec.replicas ≥ minReplicas or an HPA.",
        anchors: [
            "kube-score deployment-targeted-by-hpa-does-not-have-replicas-configured",
            "Polaris deploymentMissingReplicas",
            "kube-linter minimum-three-replicas",
        ],
        configSchema: { properties: { minReplicas: { type: "integer", minimum: 1, default: 2 } } },
    },
    (args, report, config) => {
        const regions = cellRegions(args.resources);
        const hpas = ofType(args.resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler");
        for (const d of ofType(args.resources, "kubernetes:apps/v1:Deployment")) {
            const what = describeObject(d.props, d.name);
            const ns = d.props.metadata?.namespace;
            const targeted = hpas.some(
                (h) =>
                    clusterKey(h, regions) === clusterKey(d, regions) &&
                    h.props.metadata?.namespace === ns &&
                    h.props.spec?.scaleTargetRef?.kind === "Deployment" &&
                    h.props.spec?.scaleTargetRef?.name === d.props.metadata?.name,
            );
            const replicas = d.props.spec?.replicas;
            if (targeted && replicas !== undefined) {
                report(`${what} is scaled by an HPA and must not set spec.replicas (it is ${replicas}).`, d.urn);
            } else if (!targeted && replicas !== 0 && (replicas ?? 1) < config.minReplicas) {
                report(
                    `${what} has no HPA and runs ${replicas ?? 1} replica(s); at least ${config.minReplicas} are required.`,
                    d.urn,
                );
            }
        }
    },
);
