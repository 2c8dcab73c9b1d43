import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Observability } from "../../../../infra/components/observability";
import { anyOf, literal, oneOf, quote, selector } from "../../../../infra/components/observability/promql";
import { gcpMetrics, logMetrics } from "../../../../infra/components/observability/metricTypes";
import { defaultObservability, runComponents, testNames } from "./harness";
import { collect, promqlErrors, type Collected } from "./queries";

describe("observability: PromQL", () => {
    let found: Collected;
    before(async () => {
        const rs = await runComponents(() => {
            new Observability("obs", {
                names: testNames(),
                config: defaultObservability,
                pagerDutyServiceKey: pulumi.secret("k"),
                slackAuthToken: pulumi.secret("t"),
            });
        });
        found = collect(rs);
    });

    it("the grammar rejects a broken query (the check below can fail)", () => {
        assert.notDeepStrictEqual(promqlErrors("sum(rate(x[5m])"), []);
        assert.notDeepStrictEqual(promqlErrors('x{a="1",}} > 1'), []);
        assert.deepStrictEqual(promqlErrors('sum(rate(x{a="1"}[5m])) > 1'), []);
    });

    it("every alert and dashboard query parses with @prometheus-io/lezer-promql", () => {
        // 17 alert conditions in PromQL (two per region alert) and 23 dashboard queries (8 + 6 + 9).
        assert.strictEqual(found.promql.length, 40);
        const bad = found.promql
            .map((f) => ({ where: f.where, errors: promqlErrors(f.text) }))
            .filter((f) => f.errors.length > 0);
        assert.deepStrictEqual(bad, []);
    });

    it("selectors pin monitored_resource and quote label values", () => {
        assert.strictEqual(
            selector(gcpMetrics.lbRequestCount, {
                backend_target_name: "voice-lb",
                response_code_class: { ne: "500" },
                backend_scope: { re: "europe-west1-[a-z]" },
            }),
            'loadbalancing_googleapis_com:https_request_count{monitored_resource="https_lb_rule",backend_target_name="voice-lb",response_code_class!="500",backend_scope=~"europe-west1-[a-z]"}',
        );
        assert.strictEqual(
            selector(gcpMetrics.lbTotalLatencies, {}, "bucket"),
            'loadbalancing_googleapis_com:https_total_latencies_bucket{monitored_resource="https_lb_rule"}',
        );
        assert.strictEqual(
            selector(logMetrics.geminiLiveErrors, { namespace_name: "voice-agent" }),
            'logging_googleapis_com:user_voice_agent_gemini_live_errors{monitored_resource="k8s_container",namespace_name="voice-agent"}',
        );
        assert.strictEqual(quote('a"b\\c'), '"a\\"b\\\\c"');
        assert.strictEqual(oneOf(["p:voice-db", "a.b"]), "p:voice-db|a\\.b");
        assert.throws(() => oneOf([]), /at least one value/);
        assert.strictEqual(literal("p:voice-db.x(1)"), "p:voice-db\\.x\\(1\\)");
        assert.strictEqual(anyOf(["p:voice-db-[0-9a-f]{8}", "a\\.b"]), "p:voice-db-[0-9a-f]{8}|a\\.b");
        assert.throws(() => anyOf([]), /^Error: anyOf\(\) needs at least one pattern$/);
        assert.throws(() => selector(gcpMetrics.lbRequestCount, {}, "bucket"), /is not a distribution/);
    });

    it("the latency alert measures HTTP requests, not WebSocket lifetimes", () => {
        const latency = found.promql.find((f) => f.where.startsWith("obs-alerts-latency-p95"));
        assert.strictEqual(
            latency?.text,
            'histogram_quantile(0.95, sum by (le) (rate(loadbalancing_googleapis_com:https_total_latencies_bucket{monitored_resource="https_lb_rule",backend_target_name="voice-lb",response_code!="101"}[5m]))) > 2000',
        );
    });
});
