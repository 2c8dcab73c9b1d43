import { multiTypePolicy } from "../../../lib/define";
import { containersOf, describeObject, WORKLOAD_TYPES } from "../../../lib/kubernetes";

interface Config {
    requireCpuLimit: boolean;
}

// Requests drive scheduling, the HPA's utilization and node-pool autoscaling; a memory limit
// keeps one leaking pod from evicting live calls. CPU limits are optional by default because
// throttling adds latency to realtime audio.
export const policy = multiTypePolicy<Config>(
    {
        name: "kubernetes-apps-deployment-set-resource-requests-and-limits",
        description: "Deployment and Job containers request CPU and memory and limit memory (CPU limit optional).",
        severity: "medium",
        category: "availability",
        remediationSteps:
            "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on every container.",
        anchors: [
            "CKV_K8S_10",
            "CKV_K8S_11",
            "CKV_K8S_12",
            "CKV_K8S_13",
            "kube-score container-resources",
            "Polaris cpuRequestsMissing",
            "Polaris memoryRequestsMissing",
            "Polaris memoryLimitsMissing",
            "kube-linter unset-cpu-requirements",
            "kube-linter unset-memory-requirements",
        ],
        configSchema: { properties: { requireCpuLimit: { type: "boolean", default: false } } },
    },
    WORKLOAD_TYPES,
    (props, report, { name, config }) => {
        const what = describeObject(props, name);
        for (const { container, kind } of containersOf(props)) {
            const res = container.resources ?? {};
            const required: [string, string][] = [
                ["requests", "cpu"],
                ["requests", "memory"],
                ["limits", "memory"],
                ...(config.requireCpuLimit ? [["limits", "cpu"] as [string, string]] : []),
            ];
            for (const [group, key] of required) {
                if (res[group]?.[key] === undefined)
                    report(`${what} ${kind} '${container.name}' must set resources.${group}.${key}.`);
            }
        }
    },
);
