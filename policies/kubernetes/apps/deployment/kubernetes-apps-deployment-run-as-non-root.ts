import { multiTypePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";
import { containersOf, describeObject, podSpecOf, WORKLOAD_TYPES } from "../../../lib/kubernetes";

export const policy = multiTypePolicy(
    {
        name: "kubernetes-apps-deployment-run-as-non-root",
        description: "Deployment and Job containers run as a non-root user (runAsNonRoot true, never UID 0).",
        severity: "high",
        category: "security",
        remediationSteps:
            "Set spec.template.spec.securityContext { runAsNonRoot: true, runAsUser: <non-zero UID> } and do not override it per container.",
        anchors: [
            "CKV_K8S_23",
            "CKV_K8S_40",
            "kube-linter run-as-non-root",
            "Polaris runAsRootAllowed",
            "kube-score container-security-context-user-group-id",
        ],
    },
    WORKLOAD_TYPES,
    (props, report, { name }) => {
        const what = describeObject(props, name);
        const pod = podSpecOf(props).securityContext ?? {};
        for (const { container, kind } of containersOf(props)) {
            const sc = container.securityContext ?? {};
            // The container value overrides the pod's; unset at both levels means "may run as root".
            const nonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
            if (nonRoot !== true) {
                report(
                    `${what} ${kind} '${container.name}' must run as non-root: runAsNonRoot ${shown(nonRoot)} (pod or container securityContext).`,
                );
            }
            const uid = sc.runAsUser ?? pod.runAsUser;
            if (uid === 0) {
                report(`${what} ${kind} '${container.name}' must not run as UID 0.`);
            }
        }
    },
);
