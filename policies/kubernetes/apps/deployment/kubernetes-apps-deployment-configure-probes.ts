import { multiTypePolicy } from "../../../lib/define";
import { containersOf, describeObject } from "../../../lib/kubernetes";

// The NEG health check and rolling updates rely on readiness; liveness restarts a wedged
// process. Jobs run to completion and are exempt.
export const policy = multiTypePolicy(
    {
        name: "kubernetes-apps-deployment-configure-probes",
        description: "Deployment containers have readiness and liveness probes.",
        severity: "high",
        category: "availability",
        remediationSteps:
            "Add readinessProbe and livenessProbe (and a startupProbe for slow starts) to every container of the Deployment.",
        anchors: [
            "CKV_K8S_8",
            "CKV_K8S_9",
            "kube-score pod-probes",
            "Polaris readinessProbeMissing",
            "Polaris livenessProbeMissing",
            "kube-linter no-readiness-probe",
            "kube-linter no-liveness-probe",
        ],
    },
    ["kubernetes:apps/v1:Deployment"],
    (props, report, { name }) => {
        const what = describeObject(props, name);
        for (const { container } of containersOf(props).filter((c) => c.kind === "container")) {
            if (!container.readinessProbe)
                report(`${what} container '${container.name}' must define a readinessProbe.`);
            if (!container.livenessProbe) report(`${what} container '${container.name}' must define a livenessProbe.`);
        }
    },
);
