import { multiTypePolicy } from "../../../lib/define";
import { describeObject, podSpecOf } from "../../../lib/kubernetes";

const ZONE_KEY = "topology.kubernetes.io/zone";

// Without a zone spread the scheduler may pack every replica into one zone, and the zonal NEG
// of the other zones then has no endpoints.
export const policy = multiTypePolicy(
    {
        name: "kubernetes-apps-deployment-spread-across-zones",
        description:
            "Deployments spread their pods across zones with a topology spread constraint on topology.kubernetes.io/zone.",
        severity: "high",
        category: "availability",
        remediationSteps:
            'Add spec.template.spec.topologySpreadConstraints [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable, labelSelector }].',
        anchors: ["Polaris topologySpreadConstraint", "kube-score deployment-has-host-podantiaffinity"],
    },
    ["kubernetes:apps/v1:Deployment"],
    (props, report, { name }) => {
        const spread = (podSpecOf(props).topologySpreadConstraints ?? []).some(
            (c: { topologyKey?: string }) => c.topologyKey === ZONE_KEY,
        );
        if (!spread) {
            report(
                `${describeObject(props, name)} must spread pods across zones: no topologySpreadConstraints entry uses ${ZONE_KEY}.`,
            );
        }
    },
);
