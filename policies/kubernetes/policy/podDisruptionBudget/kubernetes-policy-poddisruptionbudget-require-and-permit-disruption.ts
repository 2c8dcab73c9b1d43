import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../../../lib/define";
import { clusterKey, describeObject, selects } from "../../../lib/kubernetes";
import { cellRegions, ofType } from "../../../lib/resources";

/** "25%" of n, rounded as the disruption controller does for minAvailable (up). */
function resolveCount(value: unknown, replicas: number): number | undefined {
    if (typeof value === "number") return value;
    const pct = /^(\d+)%$/.exec(String(value ?? ""))?.[1];
    return pct === undefined ? undefined : Math.ceil((Number(pct) * replicas) / 100);
}

// A PDB keeps node upgrades from evicting every replica at once; one that allows no disruption
// at all blocks node drains, so GKE upgrades stall and eventually force-evict after an hour.
export const policy = stackPolicy(
    {
        name: "kubernetes-policy-poddisruptionbudget-require-and-permit-disruption",
        description:
            "Every Deployment has a PodDisruptionBudget in its cluster and namespace that selects its pods and still permits a disruption (minAvailable below the HPA minimum, or maxUnavailable ≥ 1).",
        severity: "high",
        category: "availability",
        remediationSteps:
            "Declare a PodDisruptionBudget with the Deployment's selector and maxUnavailable: 1 (or minAvailable below the HPA's minReplicas).",
        anchors: [
            "kube-score deployment-has-poddisruptionbudget",
            "kube-score poddisruptionbudget-has-policy",
            "Polaris missingPodDisruptionBudget",
            "Polaris pdbMinAvailableGreaterThanHPAMinReplicas",
            "kube-linter pdb-max-unavailable",
            "kube-linter pdb-min-available",
        ],
    },
    (args, report) => {
        const regions = cellRegions(args.resources);
        const pdbs = ofType(args.resources, "kubernetes:policy/v1:PodDisruptionBudget");
        const hpas = ofType(args.resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler");
        const same = (a: PolicyResource, b: PolicyResource) =>
            clusterKey(a, regions) === clusterKey(b, regions) &&
            a.props.metadata?.namespace === b.props.metadata?.namespace;
        for (const d of ofType(args.resources, "kubernetes:apps/v1:Deployment")) {
            const what = describeObject(d.props, d.name);
            const labels = d.props.spec?.template?.metadata?.labels;
            const pdb = pdbs.find((p) => same(p, d) && selects(p.props.spec?.selector?.matchLabels, labels));
            if (!pdb) {
                report(`${what} has no PodDisruptionBudget selecting its pods.`, d.urn);
                continue;
            }
            const hpa = hpas.find((h) => same(h, d) && h.props.spec?.scaleTargetRef?.name === d.props.metadata?.name);
            const floor = hpa ? (hpa.props.spec?.minReplicas ?? 1) : (d.props.spec?.replicas ?? 1);
            const spec = pdb.props.spec ?? {};
            const pdbName = describeObject(pdb.props, pdb.name);
            const maxUnavailable = resolveCount(spec.maxUnavailable, floor);
            const minAvailable = resolveCount(spec.minAvailable, floor);
            if (spec.maxUnavailable !== undefined && (maxUnavailable ?? 0) < 1) {
                report(
                    `${pdbName} blocks every voluntary disruption: maxUnavailable is ${JSON.stringify(spec.maxUnavailable)}.`,
                    pdb.urn,
                );
            } else if (spec.minAvailable !== undefined && (minAvailable ?? floor) >= floor) {
                report(
                    `${pdbName} blocks every voluntary disruption: minAvailable ${JSON.stringify(spec.minAvailable)} is not below the ${floor} replicas the Deployment runs at minimum.`,
                    pdb.urn,
                );
            } else if (spec.maxUnavailable === undefined && spec.minAvailable === undefined) {
                report(`${pdbName} must set maxUnavailable or minAvailable.`, pdb.urn);
            }
        }
    },
);
