/**
 * The Cloud Armor policy of voice-lb, judged by what it does to traffic: the rules are evaluated
 * the way Cloud Armor evaluates them (lowest priority number first, the first rule whose match
 * covers the request decides; a rate-based ban allows a client up to its threshold per interval
 * and answers the rest with its exceed action), plus the constraints the API puts on a policy.
 * https://cloud.google.com/armor/docs/security-policy-overview#eval-order
 * https://cloud.google.com/armor/docs/rate-limiting-overview
 */
import * as assert from "assert";
import { armorRules, type RateLimit } from "../../../../infra/components/loadBalancer/armorRules";

type Rule = ReturnType<typeof armorRules>[number];

/** The intervals Cloud Armor accepts for a rate-limit threshold (rateLimitThreshold.intervalSec). */
const allowedIntervals = [10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700, 3600];

/** The response a client gets for its `n`-th request within one interval: "allow" or the deny action. */
function verdict(rules: Rule[], n: number): string {
    const ordered = [...rules].sort((a, b) => Number(a.priority) - Number(b.priority));
    for (const rule of ordered) {
        const ranges = (rule.match as { config?: { srcIpRanges?: string[] } } | undefined)?.config?.srcIpRanges ?? [];
        if (!ranges.includes("*")) continue;
        if (rule.action !== "rate_based_ban") return String(rule.action);
        const options = rule.rateLimitOptions as {
            conformAction: string;
            exceedAction: string;
            rateLimitThreshold: { count: number };
        };
        return n <= options.rateLimitThreshold.count ? options.conformAction : options.exceedAction;
    }
    throw new Error("no rule matches the request");
}

const on: RateLimit = { enabled: true, requestsPerInterval: 300, intervalSec: 60, banDurationSec: 600 };
const off: RateLimit = { ...on, enabled: false };

describe("Cloud Armor rules of voice-lb", () => {
    it("rate limiting off: every request is allowed, however many", () => {
        for (const n of [1, 300, 301, 100000]) assert.strictEqual(verdict(armorRules(off), n), "allow");
    });

    it("rate limiting on: a client is allowed its threshold per interval, then answered 429", () => {
        assert.deepStrictEqual(
            [1, 300, 301, 5000].map((n) => verdict(armorRules(on), n)),
            ["allow", "allow", "deny(429)", "deny(429)"],
        );
    });

    it("the threshold, interval and ban come from the setting, counted per client IP", () => {
        const rules = armorRules({ enabled: true, requestsPerInterval: 50, intervalSec: 10, banDurationSec: 30 });
        assert.deepStrictEqual(
            [50, 51].map((n) => verdict(rules, n)),
            ["allow", "deny(429)"],
        );
        const ban = rules.find((r) => r.action === "rate_based_ban");
        assert.deepStrictEqual(ban?.rateLimitOptions, {
            conformAction: "allow",
            exceedAction: "deny(429)",
            enforceOnKey: "IP",
            rateLimitThreshold: { count: 50, intervalSec: 10 },
            banDurationSec: 30,
        });
    });

    it("thresholds without the switch change nothing", () => {
        assert.deepStrictEqual(
            armorRules({ enabled: false, requestsPerInterval: 1, intervalSec: 10, banDurationSec: 1 }),
            armorRules(off),
        );
    });

    for (const [name, setting] of [
        ["off", off],
        ["on", on],
    ] as const) {
        it(`${name}: a policy the API accepts (one default rule at the lowest priority matching every source, unique priorities, a valid interval)`, () => {
            const rules = armorRules(setting);
            const defaults = rules.filter((r) => r.priority === 2147483647);
            assert.strictEqual(defaults.length, 1);
            assert.deepStrictEqual(defaults[0]?.match, { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } });
            assert.strictEqual(new Set(rules.map((r) => r.priority)).size, rules.length);
            for (const r of rules.filter((rule) => rule.action === "rate_based_ban")) {
                const interval = (r.rateLimitOptions as { rateLimitThreshold: { intervalSec: number } })
                    .rateLimitThreshold.intervalSec;
                assert.ok(allowedIntervals.includes(interval), `intervalSec ${interval}`);
            }
        });
    }
});
