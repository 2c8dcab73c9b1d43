import { multiTypePolicy } from "../../../lib/define";
import { containersOf, describeObject, podSpecOf, WORKLOAD_TYPES } from "../../../lib/kubernetes";

export const policy = multiTypePolicy(
    {
        name: "kubernetes-apps-deployment-disallow-host-namespaces",
        description:
            "Deployment and Job pods share no host namespace (network, PID, IPC), bind no host port and mount no hostPath volume.",
        severity: "high",
        category: "security",
        remediationSteps:
            "Remove hostNetwork, hostPID, hostIPC, containers' hostPort and hostPath volumes from the pod template.",
        anchors: [
            "CKV_K8S_17",
            "CKV_K8S_18",
            "CKV_K8S_19",
            "Polaris hostNetworkSet",
            "Polaris hostPIDSet",
            "Polaris hostIPCSet",
            "Polaris hostPortSet",
            "kube-linter host-network",
            "kube-linter sensitive-host-mounts",
        ],
    },
    WORKLOAD_TYPES,
    (props, report, { name }) => {
        const what = describeObject(props, name);
        const pod = podSpecOf(props);
        for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
            if (pod[field] === true) report(`${what} must not set ${field}.`);
        }
        for (const { container, kind } of containersOf(props)) {
            for (const port of (container.ports ?? []).filter((p: { hostPort?: number }) => p.hostPort !== undefined)) {
                report(`${what} ${kind} '${container.name}' must not bind host port ${port.hostPort}.`);
            }
        }
        for (const volume of pod.volumes ?? []) {
            if (volume.hostPath) report(`${what} must not mount hostPath volume '${volume.name}'.`);
        }
    },
);
