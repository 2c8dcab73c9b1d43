import { multiTypePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";
import { describeObject } from "../../../lib/kubernetes";

const NAMESPACED = [
    "kubernetes:apps/v1:Deployment",
    "kubernetes:batch/v1:Job",
    "kubernetes:core/v1:Service",
    "kubernetes:core/v1:ConfigMap",
    "kubernetes:core/v1:Secret",
    "kubernetes:core/v1:ServiceAccount",
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    "kubernetes:policy/v1:PodDisruptionBudget",
];

// The runbook's kubectl commands use `-n voice-agent`; objects in "default" escape its
// NetworkPolicies, quotas and RBAC.
export const policy = multiTypePolicy(
    {
        name: "kubernetes-core-namespace-disallow-default-namespace",
        description: 'Namespaced Kubernetes objects set metadata.namespace, and never to "default".',
        severity: "medium",
        category: "security",
        remediationSteps: "Set metadata.namespace to the workload namespace (voice-agent).",
        anchors: ["CKV_K8S_21", "kube-linter use-namespace"],
    },
    NAMESPACED,
    (props, report, { name }) => {
        const ns = props.metadata?.namespace;
        if (ns === undefined || ns === "" || ns === "default") {
            report(
                `${describeObject(props, name)} must be placed in a dedicated namespace: metadata.namespace ${shown(ns)}.`,
            );
        }
    },
);
