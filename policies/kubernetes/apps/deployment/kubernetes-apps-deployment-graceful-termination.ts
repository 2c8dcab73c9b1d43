import { fixedNames } from "../../../../core/naming";
import { multiTypePolicy } from "../../../lib/define";
import { containersOf, describeObject, podSpecOf } from "../../../lib/kubernetes";

interface Config {
    deployments: string[];
    minTerminationGraceSeconds: number;
}

// A rollout or node drain must not cut live calls: the pod gets a preStop hook (so the NEG
// deregisters it before SIGTERM) and a grace period as long as a call may last (the backend
// service's timeoutSec).
export const policy = multiTypePolicy<Config>(
    {
        name: "kubernetes-apps-deployment-graceful-termination",
        description:
            "Call-serving Deployments have a preStop hook and a termination grace period long enough to finish live calls.",
        severity: "high",
        category: "availability",
        remediationSteps:
            "Set terminationGracePeriodSeconds to at least the configured minimum and a lifecycle.preStop hook on the serving container.",
        anchors: [],
        configSchema: {
            properties: {
                deployments: {
                    type: "array",
                    items: { type: "string" },
                    default: [fixedNames.deployment],
                    description: "Deployments (metadata.name) that serve calls.",
                },
                minTerminationGraceSeconds: { type: "integer", minimum: 30, default: 3600 },
            },
        },
    },
    ["kubernetes:apps/v1:Deployment"],
    (props, report, { name, config }) => {
        if (!config.deployments.includes(props.metadata?.name)) return;
        const what = describeObject(props, name);
        // Kubernetes' default grace period is 30 seconds.
        const grace = podSpecOf(props).terminationGracePeriodSeconds ?? 30;
        if (grace < config.minTerminationGraceSeconds) {
            report(
                `${what} must allow live calls to finish: terminationGracePeriodSeconds is ${grace} (at least ${config.minTerminationGraceSeconds}).`,
            );
        }
        for (const { container } of containersOf(props).filter((c) => c.kind === "container")) {
            if (!container.lifecycle?.preStop)
                report(`${what} container '${container.name}' must define a lifecycle.preStop hook.`);
        }
    },
);
