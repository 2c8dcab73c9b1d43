import { multiTypePolicy } from "../../../lib/define";
import { describeObject } from "../../../lib/kubernetes";

// Traffic enters only through the global load balancer (TLS policy, Cloud Armor, logging); a
// LoadBalancer or NodePort Service would open a second, unprotected door per cluster.
export const policy = multiTypePolicy(
    {
        name: "kubernetes-core-service-disallow-external-exposure",
        description:
            "Kubernetes Services are ClusterIP (reached through standalone NEGs of the global load balancer), never LoadBalancer or NodePort.",
        severity: "high",
        category: "security",
        remediationSteps: "Set spec.type ClusterIP and expose the port through the cloud.google.com/neg annotation.",
        anchors: ["kube-linter exposed-services"],
    },
    ["kubernetes:core/v1:Service"],
    (props, report, { name }) => {
        const type = props.spec?.type ?? "ClusterIP";
        if (type === "LoadBalancer" || type === "NodePort") {
            report(
                `${describeObject(props, name)} must not be exposed directly: spec.type is "${type}" (expected "ClusterIP").`,
            );
        }
    },
);
