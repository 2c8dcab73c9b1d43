import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";

interface Config {
    maxCheckIntervalSec: number;
    maxUnhealthyThreshold: number;
}

// A region failure is only shifted away from once health checks see it: the interval times the
// unhealthy threshold bounds how long callers keep landing on dead endpoints.
export const policy = resourcePolicy<gcp.compute.HealthCheck, gcp.compute.HealthCheckArgs, Config>(
    {
        name: "gcp-compute-healthcheck-enforce-fast-detection",
        description:
            "Load-balancer health checks probe an HTTP path often enough, and mark endpoints unhealthy after few enough failures, to detect a failed region within seconds.",
        severity: "medium",
        category: "availability",
        remediationSteps:
            "Set checkIntervalSec and unhealthyThreshold at most the configured maxima, timeoutSec at most checkIntervalSec, and an HTTP(S) request path.",
        anchors: [],
        configSchema: {
            properties: {
                maxCheckIntervalSec: { type: "integer", minimum: 1, default: 10 },
                maxUnhealthyThreshold: { type: "integer", minimum: 1, default: 3 },
            },
        },
    },
    gcp.compute.HealthCheck,
    (check, report, { name, config }) => {
        // API defaults: 5 s interval, 5 s timeout, unhealthy after 2 failures.
        const interval = check.checkIntervalSec ?? 5;
        const timeout = check.timeoutSec ?? 5;
        const unhealthy = check.unhealthyThreshold ?? 2;
        if (interval > config.maxCheckIntervalSec) {
            report(
                `Health check '${name}' probes every ${interval}s; at most ${config.maxCheckIntervalSec}s is allowed.`,
            );
        }
        if (timeout > interval) {
            report(`Health check '${name}' has timeoutSec ${timeout} above checkIntervalSec ${interval}.`);
        }
        if (unhealthy > config.maxUnhealthyThreshold) {
            report(
                `Health check '${name}' marks endpoints unhealthy only after ${unhealthy} failures; at most ${config.maxUnhealthyThreshold} are allowed.`,
            );
        }
        const http = check.httpHealthCheck ?? check.httpsHealthCheck ?? check.http2HealthCheck;
        if (!http?.requestPath) {
            report(
                `Health check '${name}' must probe an HTTP request path (httpHealthCheck.requestPath), not only a TCP port.`,
            );
        }
    },
);
