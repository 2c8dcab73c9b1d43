import { fixedNames } from "../../../../core/naming";
import { multiTypePolicy } from "../../../lib/define";
import { describeObject } from "../../../lib/kubernetes";

interface Config {
    deployments: string[];
}

// A release or a remediation restart (cacheDisabled, voiceMode…) rolls every pod; with
// Recreate or maxUnavailable > 0 the region loses serving pods before new ones are ready.
export const policy = multiTypePolicy<Config>(
    {
        name: "kubernetes-apps-deployment-roll-out-without-capacity-loss",
        description: "Call-serving Deployments roll out with RollingUpdate, maxUnavailable 0 and a positive maxSurge.",
        severity: "high",
        category: "availability",
        remediationSteps:
            'Set spec.strategy { type: RollingUpdate, rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } }.',
        anchors: ["kube-score deployment-strategy"],
        configSchema: {
            properties: { deployments: { type: "array", items: { type: "string" }, default: [fixedNames.deployment] } },
        },
    },
    ["kubernetes:apps/v1:Deployment"],
    (props, report, { name, config }) => {
        if (!config.deployments.includes(props.metadata?.name)) return;
        const what = describeObject(props, name);
        const strategy = props.spec?.strategy ?? {};
        if (strategy.type === "Recreate") {
            report(`${what} must not use the Recreate strategy; it stops every pod before starting new ones.`);
            return;
        }
        // Kubernetes defaults both to 25%, which drops a quarter of the serving pods.
        const unavailable = strategy.rollingUpdate?.maxUnavailable ?? "25%";
        if (unavailable !== 0 && unavailable !== "0%") {
            report(
                `${what} must roll out without losing capacity: spec.strategy.rollingUpdate.maxUnavailable is ${JSON.stringify(unavailable)} (expected 0).`,
            );
        }
        const surge = strategy.rollingUpdate?.maxSurge ?? "25%";
        if (surge === 0 || surge === "0%") {
            report(
                `${what} must surge new pods during a rollout: spec.strategy.rollingUpdate.maxSurge is ${JSON.stringify(surge)}.`,
            );
        }
    },
);
