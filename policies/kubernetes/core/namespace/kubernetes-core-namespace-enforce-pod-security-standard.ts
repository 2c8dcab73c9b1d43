import { multiTypePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

interface Config {
    level: string;
}

// Pod Security Admission rejects pods that break the standard even if a template slips past
// review, so the namespace label is the in-cluster backstop of the workload policies above.
export const policy = multiTypePolicy<Config>(
    {
        name: "kubernetes-core-namespace-enforce-pod-security-standard",
        description:
            "Workload namespaces enforce the restricted Pod Security Standard (label pod-security.kubernetes.io/enforce).",
        severity: "medium",
        category: "security",
        remediationSteps: "Label the namespace pod-security.kubernetes.io/enforce: restricted.",
        anchors: ["CIS Kubernetes Benchmark 5.2 (Pod Security Standards)"],
        configSchema: {
            properties: { level: { type: "string", enum: ["baseline", "restricted"], default: "restricted" } },
        },
    },
    ["kubernetes:core/v1:Namespace"],
    (props, report, { name, config }) => {
        const level = props.metadata?.labels?.["pod-security.kubernetes.io/enforce"];
        const accepted = config.level === "baseline" ? ["baseline", "restricted"] : ["restricted"];
        if (!accepted.includes(level)) {
            report(
                `Namespace ${name} must enforce the ${config.level} Pod Security Standard: label pod-security.kubernetes.io/enforce ${shown(level)}.`,
            );
        }
    },
);
