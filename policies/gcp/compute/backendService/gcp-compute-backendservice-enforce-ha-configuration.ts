import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

interface Config {
    minTimeoutSec: number;
    minDrainingSec: number;
}

export const policy = resourcePolicy<gcp.compute.BackendService, gcp.compute.BackendServiceArgs, Config>(
    {
        name: "gcp-compute-backendservice-enforce-ha-configuration",
        description:
            "The voice backend service is a global EXTERNAL_MANAGED backend with a health check, outlier detection, a timeout that outlives a whole call, connection draining that covers one, and RATE-balanced NEG backends.",
        severity: "critical",
        category: "availability",
        remediationSteps:
            "Set loadBalancingScheme EXTERNAL_MANAGED, healthChecks, outlierDetection, timeoutSec at least the configured minimum, connectionDrainingTimeoutSec at least min(timeoutSec, 3600), and on every backend balancingMode RATE with maxRatePerEndpoint > 0 and capacityScaler between 0 and 1.",
        anchors: [],
        configSchema: {
            properties: {
                // On Google's external load balancers timeoutSec caps a WebSocket's whole life,
                // so it must cover the longest voice call.
                minTimeoutSec: { type: "integer", minimum: 30, default: 3600 },
                minDrainingSec: { type: "integer", minimum: 0, default: 60 },
            },
        },
    },
    gcp.compute.BackendService,
    (backend, report, { name, config }) => {
        if (backend.loadBalancingScheme !== "EXTERNAL_MANAGED") {
            report(
                `Backend service '${name}' must use the global external Application Load Balancer: loadBalancingScheme ${shown(backend.loadBalancingScheme)} (expected "EXTERNAL_MANAGED").`,
            );
        }
        if ((backend.healthChecks ?? []).length === 0) {
            report(`Backend service '${name}' must have a health check: healthChecks is empty.`);
        }
        const outlier = backend.outlierDetection;
        if (!outlier) {
            report(`Backend service '${name}' must eject failing endpoints: outlierDetection is not set.`);
        } else {
            // API defaults: enforce 0 % on consecutive errors, 100 % on gateway failures and
            // success rate, eject at most 50 % of endpoints. All enforcement at 0 % ejects nothing.
            const enforcing = [
                outlier.enforcingConsecutiveErrors ?? 0,
                outlier.enforcingConsecutiveGatewayFailure ?? 100,
                outlier.enforcingSuccessRate ?? 100,
            ];
            if (enforcing.every((p) => p === 0) || outlier.maxEjectionPercent === 0) {
                report(
                    `Backend service '${name}' has outlierDetection that never ejects an endpoint (every enforcing percentage or maxEjectionPercent is 0).`,
                );
            }
        }
        // The API default timeout is 30 seconds, which would cut every call after half a minute.
        const timeout = backend.timeoutSec;
        // A pod being replaced keeps its calls only while its endpoint drains: draining covers the
        // longest call the timeout allows, up to the API's maximum of 3600 s. The provider
        // defaults connection draining to 300 seconds.
        const draining = backend.connectionDrainingTimeoutSec ?? 300;
        const minDraining = Math.max(config.minDrainingSec, Math.min(typeof timeout === "number" ? timeout : 30, 3600));
        if (draining < minDraining) {
            report(
                `Backend service '${name}' must drain connections for a whole call, at least ${minDraining}s (min(timeoutSec, 3600)): connectionDrainingTimeoutSec is ${draining}.`,
            );
        }
        if (typeof timeout !== "number" || timeout < config.minTimeoutSec) {
            report(
                `Backend service '${name}' must keep WebSocket calls open for at least ${config.minTimeoutSec}s: timeoutSec ${shown(timeout)}.`,
            );
        }
        for (const b of backend.backends ?? []) {
            const group = String(b.group);
            if (b.balancingMode !== "RATE") {
                report(
                    `Backend service '${name}' backend ${group} must use balancingMode "RATE": it ${shown(b.balancingMode)}.`,
                );
            }
            if (typeof b.maxRatePerEndpoint !== "number" || b.maxRatePerEndpoint <= 0) {
                report(
                    `Backend service '${name}' backend ${group} must set maxRatePerEndpoint > 0: it ${shown(b.maxRatePerEndpoint)}.`,
                );
            }
            const scaler = b.capacityScaler ?? 1;
            if (scaler < 0 || scaler > 1) {
                report(
                    `Backend service '${name}' backend ${group} has capacityScaler ${scaler}; it must be between 0 and 1.`,
                );
            }
        }
    },
);
