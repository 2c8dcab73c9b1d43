import { multiTypePolicy } from "../../../lib/define";
import { containersOf, describeObject, WORKLOAD_TYPES } from "../../../lib/kubernetes";

interface Config {
    exemptContainers: string[];
}

export const policy = multiTypePolicy<Config>(
    {
        name: "kubernetes-apps-deployment-require-read-only-root-filesystem",
        description:
            "Deployment and Job containers mount their root filesystem read-only (writable scratch goes to an emptyDir), unless exempted by name.",
        severity: "medium",
        category: "security",
        remediationSteps:
            "Set securityContext.readOnlyRootFilesystem true and mount an emptyDir at the paths the process writes (e.g. /tmp); list genuinely incompatible containers in exemptContainers.",
        anchors: [
            "CKV_K8S_22",
            "kube-linter no-read-only-root-fs",
            "Polaris notReadOnlyRootFilesystem",
            "kube-score container-security-context-readonlyrootfilesystem",
        ],
        configSchema: { properties: { exemptContainers: { type: "array", items: { type: "string" }, default: [] } } },
    },
    WORKLOAD_TYPES,
    (props, report, { name, config }) => {
        const what = describeObject(props, name);
        for (const { container, kind } of containersOf(props)) {
            if (config.exemptContainers.includes(container.name)) continue;
            if (container.securityContext?.readOnlyRootFilesystem !== true) {
                report(`${what} ${kind} '${container.name}' must set securityContext.readOnlyRootFilesystem true.`);
            }
        }
    },
);
