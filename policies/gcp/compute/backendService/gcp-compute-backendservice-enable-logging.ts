import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";

interface Config {
    minSampleRate: number;
}

export const policy = resourcePolicy<gcp.compute.BackendService, gcp.compute.BackendServiceArgs, Config>(
    {
        name: "gcp-compute-backendservice-enable-logging",
        description:
            "Load-balancer backend services log requests (the availability and latency alerts and the incident timeline read them).",
        severity: "medium",
        category: "security",
        remediationSteps: "Set logConfig { enable: true, sampleRate } with sampleRate at least the configured minimum.",
        anchors: ["CIS GCP 4.0 2.16"],
        configSchema: { properties: { minSampleRate: { type: "number", minimum: 0, maximum: 1, default: 0.1 } } },
    },
    gcp.compute.BackendService,
    (backend, report, { name, config }) => {
        if (backend.logConfig?.enable !== true) {
            report(`Backend service '${name}' must log requests: logConfig.enable is not true.`);
            return;
        }
        // The API samples every request when enable is true and sampleRate is unset.
        const rate = backend.logConfig.sampleRate ?? 1;
        if (rate < config.minSampleRate) {
            report(
                `Backend service '${name}' must log at least ${config.minSampleRate} of requests: logConfig.sampleRate is ${rate}.`,
            );
        }
    },
);
