import { multiTypePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";
import { containersOf, describeObject, WORKLOAD_TYPES } from "../../../lib/kubernetes";

export const policy = multiTypePolicy(
    {
        name: "kubernetes-apps-deployment-disallow-privilege-escalation",
        description: "Deployment and Job containers are not privileged and cannot escalate privileges.",
        severity: "critical",
        category: "security",
        remediationSteps:
            "Set securityContext { allowPrivilegeEscalation: false, privileged: false } on every container.",
        anchors: [
            "CKV_K8S_20",
            "CKV_K8S_16",
            "kube-linter privilege-escalation-container",
            "kube-linter privileged-container",
            "Polaris privilegeEscalationAllowed",
            "Polaris runAsPrivileged",
            "kube-score container-security-context-privileged",
        ],
    },
    WORKLOAD_TYPES,
    (props, report, { name }) => {
        const what = describeObject(props, name);
        for (const { container, kind } of containersOf(props)) {
            const sc = container.securityContext ?? {};
            // Kubernetes allows escalation unless it is explicitly disabled.
            if (sc.allowPrivilegeEscalation !== false) {
                report(
                    `${what} ${kind} '${container.name}' must set securityContext.allowPrivilegeEscalation false; it ${shown(sc.allowPrivilegeEscalation)}.`,
                );
            }
            if (sc.privileged === true) {
                report(`${what} ${kind} '${container.name}' must not be privileged.`);
            }
        }
    },
);
