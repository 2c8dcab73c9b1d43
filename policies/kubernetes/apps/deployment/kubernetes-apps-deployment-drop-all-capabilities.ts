import { multiTypePolicy } from "../../../lib/define";
import { containersOf, describeObject, WORKLOAD_TYPES } from "../../../lib/kubernetes";

interface Config {
    allowedCapabilities: string[];
}

export const policy = multiTypePolicy<Config>(
    {
        name: "kubernetes-apps-deployment-drop-all-capabilities",
        description:
            "Deployment and Job containers drop ALL Linux capabilities and add back none beyond an allow-list.",
        severity: "high",
        category: "security",
        remediationSteps:
            'Set securityContext.capabilities { drop: ["ALL"] } and remove capabilities.add entries not in allowedCapabilities.',
        anchors: [
            "CKV_K8S_28",
            "CKV_K8S_37",
            "kube-linter drop-net-raw-capability",
            "Polaris insecureCapabilities",
            "Polaris dangerousCapabilities",
        ],
        configSchema: {
            properties: {
                allowedCapabilities: { type: "array", items: { type: "string" }, default: ["NET_BIND_SERVICE"] },
            },
        },
    },
    WORKLOAD_TYPES,
    (props, report, { name, config }) => {
        const what = describeObject(props, name);
        for (const { container, kind } of containersOf(props)) {
            const caps = container.securityContext?.capabilities ?? {};
            if (!(caps.drop ?? []).includes("ALL")) {
                report(
                    `${what} ${kind} '${container.name}' must drop ALL capabilities: securityContext.capabilities.drop is ${JSON.stringify(caps.drop ?? [])}.`,
                );
            }
            for (const cap of (caps.add ?? []).filter((c: string) => !config.allowedCapabilities.includes(c))) {
                report(`${what} ${kind} '${container.name}' must not add capability ${cap}.`);
            }
        }
    },
);
