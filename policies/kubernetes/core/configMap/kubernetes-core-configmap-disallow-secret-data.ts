import { multiTypePolicy } from "../../../lib/define";
import { describeObject } from "../../../lib/kubernetes";
import { SECRET_NAME } from "../../apps/deployment/kubernetes-apps-deployment-disallow-literal-secrets-in-env";

// ConfigMaps are readable by anything that can read the namespace's configuration and are
// printed in plans; credentials belong in Secrets.
export const policy = multiTypePolicy(
    {
        name: "kubernetes-core-configmap-disallow-secret-data",
        description: "ConfigMaps hold no credential-like keys (passwords, tokens, AUTH strings, keys).",
        severity: "high",
        category: "security",
        remediationSteps: "Move the value into a Kubernetes Secret and reference it with valueFrom.secretKeyRef.",
        anchors: ["CKV_K8S_35", "kube-linter env-var-secret"],
    },
    ["kubernetes:core/v1:ConfigMap"],
    (props, report, { name }) => {
        for (const key of Object.keys(props.data ?? {}).filter((k) => SECRET_NAME.test(k))) {
            report(`${describeObject(props, name)} holds credential-like key ${key}; store it in a Secret.`);
        }
    },
);
