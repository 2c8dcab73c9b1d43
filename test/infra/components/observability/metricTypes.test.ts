import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Observability } from "../../../../infra/components/observability";
import {
    gcpMetrics,
    knownMetrics,
    logMetricNames,
    logMetrics,
    metricFilter,
    promqlName,
} from "../../../../infra/components/observability/metricTypes";
import { defaultObservability, runComponents, testNames, testSloName } from "./harness";
import { collect, filterMetricTypes, promqlMetricNames, type Collected } from "./queries";

/** PromQL names of every known metric, with the histogram series of distributions. */
function knownPromqlNames(): Set<string> {
    const names = new Set<string>();
    for (const m of knownMetrics) {
        names.add(promqlName(m));
        if (m.valueType === "DISTRIBUTION")
            for (const s of ["bucket", "count", "sum"] as const) names.add(promqlName(m, s));
    }
    return names;
}

describe("observability: known metric types", () => {
    let found: Collected;
    let logMetricInputs: string[];
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
        logMetricInputs = rs.filter((r) => r.type === "gcp:logging/metric:Metric").map((r) => String(r.inputs.name));
    });

    it("maps metric types to PromQL names as Google's mapping table does", () => {
        // Rows of https://cloud.google.com/monitoring/promql/promql-mapping
        const asKnown = (type: string) => ({
            type,
            kind: "GAUGE" as const,
            valueType: "DOUBLE" as const,
            resourceType: "x",
            doc: "",
        });
        assert.strictEqual(
            promqlName(asKnown("kubernetes.io/container/cpu/limit_cores")),
            "kubernetes_io:container_cpu_limit_cores",
        );
        assert.strictEqual(
            promqlName(asKnown("compute.googleapis.com/instance/cpu/utilization")),
            "compute_googleapis_com:instance_cpu_utilization",
        );
        assert.strictEqual(
            promqlName(asKnown("logging.googleapis.com/log_entry_count")),
            "logging_googleapis_com:log_entry_count",
        );
        assert.strictEqual(
            promqlName(logMetrics.pmsSyncOutcomes),
            "logging_googleapis_com:user_voice_agent_pms_sync_outcomes",
        );
        assert.strictEqual(
            promqlName(gcpMetrics.lbTotalLatencies, "bucket"),
            "loadbalancing_googleapis_com:https_total_latencies_bucket",
        );
    });

    it("every known metric has a type, resource type and documentation link, once", () => {
        const types = knownMetrics.map((m) => m.type);
        assert.strictEqual(new Set(types).size, types.length);
        for (const m of knownMetrics) {
            assert.match(m.type, /^[a-z0-9.]+\.(googleapis\.com|io)\/[a-z0-9_/]+$/, m.type);
            assert.match(m.resourceType, /^[a-z_0-9]+$/, m.type);
            assert.match(m.doc, /https:\/\/cloud\.google\.com\//, `${m.type} has no documentation link`);
        }
    });

    it("the log-based metric types are the names LogMetrics declares", () => {
        assert.deepStrictEqual(logMetricInputs.sort(), Object.values(logMetricNames).sort());
        assert.deepStrictEqual(
            Object.values(logMetrics).map((m) => m.type),
            Object.values(logMetricNames).map((n) => `logging.googleapis.com/user/${n}`),
        );
    });

    it("every metric in a PromQL query is a known metric", () => {
        const known = knownPromqlNames();
        const used = found.promql.flatMap((f) => promqlMetricNames(f.text).map((name) => ({ where: f.where, name })));
        assert.ok(used.length >= found.promql.length, "every query names at least one metric");
        assert.deepStrictEqual(
            used.filter((u) => !known.has(u.name)),
            [],
        );
    });

    it("every metric.type in a filter is a known metric; SLO selectors name the cell's SLO", () => {
        const known = new Set(knownMetrics.map((m) => m.type));
        const unknown: string[] = [];
        for (const f of found.filters) {
            const types = filterMetricTypes(f.text);
            if (types.length === 0) {
                assert.match(
                    f.text,
                    /^select_slo_(burn_rate|budget_fraction)\("([^"]+)"(, "\d+m")?\)$/,
                    `${f.where}: neither a metric filter nor an SLO selector: ${f.text}`,
                );
                assert.ok(f.text.includes(`"${testSloName}"`), `${f.where} names another SLO: ${f.text}`);
            }
            for (const t of types) if (!known.has(t)) unknown.push(`${f.where}: ${t}`);
        }
        assert.deepStrictEqual(unknown, []);
        assert.strictEqual(
            metricFilter(gcpMetrics.sqlUp),
            'metric.type="cloudsql.googleapis.com/database/up" AND resource.type="cloudsql_database"',
        );
    });

    it("the scanners see a metric that is not known (the checks above can fail)", () => {
        assert.deepStrictEqual(promqlMetricNames('sum(rate(made_up:metric{a="b"}[5m]))'), ["made_up:metric"]);
        assert.deepStrictEqual(filterMetricTypes('metric.type="x.googleapis.com/y" AND resource.type="z"'), [
            "x.googleapis.com/y",
        ]);
        assert.ok(!knownPromqlNames().has("made_up:metric"));
    });
});
