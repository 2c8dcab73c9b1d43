import * as assert from "assert";
import { armorRules } from "../../../../infra/components/loadBalancer/armorRules";

/** The rate-based ban with the given thresholds, ahead of the default rule. */
function banRule(count: number, intervalSec: number, banDurationSec: number) {
    return {
        action: "rate_based_ban",
        priority: 1000,
        description: "runbook: stabilize with per-client rate limiting (voice-agent:rateLimit)",
        match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
        rateLimitOptions: {
            conformAction: "allow",
            exceedAction: "deny(429)",
            enforceOnKey: "IP",
            rateLimitThreshold: { count, intervalSec },
            banDurationSec,
        },
    };
}

const allowAll = {
    action: "allow",
    priority: 2147483647,
    description: "default: allow",
    match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
};

describe("Cloud Armor rules of voice-lb", () => {
    const cases: { name: string; rateLimit: Parameters<typeof armorRules>[0]; expected: unknown[] }[] = [
        { name: "rate limiting off: the default rule alone", rateLimit: { enabled: false, requestsPerInterval: 300, intervalSec: 60, banDurationSec: 600 }, expected: [allowAll] },
        {
            name: "rate limiting on: a per-IP ban ahead of the default rule",
            rateLimit: { enabled: true, requestsPerInterval: 300, intervalSec: 60, banDurationSec: 600 },
            expected: [banRule(300, 60, 600), allowAll],
        },
        {
            name: "the thresholds come from the setting",
            rateLimit: { enabled: true, requestsPerInterval: 50, intervalSec: 10, banDurationSec: 30 },
            expected: [banRule(50, 10, 30), allowAll],
        },
        { name: "thresholds without the switch change nothing", rateLimit: { enabled: false, requestsPerInterval: 1, intervalSec: 10, banDurationSec: 1 }, expected: [allowAll] },
    ];
    for (const c of cases) it(c.name, () => assert.deepStrictEqual(armorRules(c.rateLimit), c.expected));
});
