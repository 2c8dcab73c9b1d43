import { multiTypePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";
import { containersOf, describeObject, podSpecOf, WORKLOAD_TYPES } from "../../../lib/kubernetes";

const SECCOMP = ["RuntimeDefault", "Localhost"];

// Workload Identity serves Google credentials through the GKE metadata server, so pods need no
// Kubernetes API token; the runtime's default seccomp profile blocks syscalls the app never uses.
export const policy = multiTypePolicy(
    {
        name: "kubernetes-apps-deployment-harden-pod-defaults",
        description:
            "Deployment and Job pods do not mount a Kubernetes service account token and run under the RuntimeDefault seccomp profile.",
        severity: "medium",
        category: "security",
        remediationSteps:
            'Set spec.template.spec.automountServiceAccountToken false and securityContext.seccompProfile { type: "RuntimeDefault" } on the pod.',
        anchors: ["CKV_K8S_38", "CKV_K8S_31", "kube-score pod-seccomp", "Polaris automountServiceAccountToken"],
    },
    WORKLOAD_TYPES,
    (props, report, { name }) => {
        const what = describeObject(props, name);
        const pod = podSpecOf(props);
        // Kubernetes mounts the token unless told not to.
        if (pod.automountServiceAccountToken !== false) {
            report(
                `${what} must not mount a service account token: spec.template.spec.automountServiceAccountToken ${shown(pod.automountServiceAccountToken)}.`,
            );
        }
        const podProfile = pod.securityContext?.seccompProfile?.type;
        for (const { container, kind } of containersOf(props)) {
            const profile = container.securityContext?.seccompProfile?.type ?? podProfile;
            if (!SECCOMP.includes(profile)) {
                report(
                    `${what} ${kind} '${container.name}' must run with seccomp profile RuntimeDefault; it is ${JSON.stringify(profile ?? "Unconfined")}.`,
                );
            }
        }
    },
);
