/**
 * The Cloud Armor rules of `voice-lb` as a pure function of the rate-limit setting, so that what
 * the runbook's "Stabilize service: enable rate limiting" changes is table-tested.
 */
import type * as gcp from "@pulumi/gcp";

export interface RateLimit {
    enabled: boolean;
    requestsPerInterval: number;
    intervalSec: number;
    banDurationSec: number;
}

/** The lowest priority Cloud Armor has: the default rule every policy ends with. */
export const defaultRulePriority = 2147483647;
/** Priority of the rate-based ban, ahead of the default rule. */
export const rateLimitPriority = 1000;

export function armorRules(rateLimit: RateLimit): gcp.types.input.compute.SecurityPolicyRule[] {
    const allowAll: gcp.types.input.compute.SecurityPolicyRule = {
        action: "allow",
        priority: defaultRulePriority,
        description: "default: allow",
        match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
    };
    if (!rateLimit.enabled) return [allowAll];
    // A client IP over the threshold is banned for banDurationSec.
    // https://cloud.google.com/armor/docs/rate-limiting-overview
    return [
        {
            action: "rate_based_ban",
            priority: rateLimitPriority,
            description: "runbook: stabilize with per-client rate limiting (voice-agent:rateLimit)",
            match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
            rateLimitOptions: {
                conformAction: "allow",
                exceedAction: "deny(429)",
                enforceOnKey: "IP",
                rateLimitThreshold: { count: rateLimit.requestsPerInterval, intervalSec: rateLimit.intervalSec },
                banDurationSec: rateLimit.banDurationSec,
            },
        },
        allowAll,
    ];
}
