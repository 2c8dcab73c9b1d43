import { multiTypePolicy } from "../../../lib/define";
import { containersOf, describeObject, WORKLOAD_TYPES } from "../../../lib/kubernetes";

/** Environment variable names that carry credentials. */
export const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|(^|_)AUTH($|_))/i;

// A literal value in the pod template is stored in the Deployment object, the Pulumi state and
// every plan; credentials come from a Secret (valueFrom.secretKeyRef) instead.
export const policy = multiTypePolicy(
    {
        name: "kubernetes-apps-deployment-disallow-literal-secrets-in-env",
        description:
            "Deployment and Job containers take credentials from Secrets, never from literal environment values.",
        severity: "critical",
        category: "security",
        remediationSteps:
            "Replace env[].value with env[].valueFrom.secretKeyRef pointing at the Kubernetes Secret (e.g. the Redis AUTH secret).",
        anchors: ["CKV_K8S_35", "kube-linter env-var-secret"],
    },
    WORKLOAD_TYPES,
    (props, report, { name }) => {
        const what = describeObject(props, name);
        for (const { container, kind } of containersOf(props)) {
            for (const env of container.env ?? []) {
                if (SECRET_NAME.test(env.name) && typeof env.value === "string" && env.value !== "") {
                    report(
                        `${what} ${kind} '${container.name}' sets ${env.name} from a literal value; use valueFrom.secretKeyRef.`,
                    );
                }
            }
        }
    },
);
