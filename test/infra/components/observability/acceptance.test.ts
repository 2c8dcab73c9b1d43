/**
 * What the cell's observability must hold, asserted on the offline plan of both prod stacks (the same program
 * `pulumi up` runs, under mocks, preview semantics).
 */
import * as assert from "assert";
import { burnRateWindows } from "../../../../infra/components/observability/sloAlerts";
import { knownMetrics, promqlName } from "../../../../infra/components/observability/metricTypes";
import type { Inventory, InventoryResource } from "../../../../tools/lib/plan";
import { inputs, ofType, planOf, prodStacks } from "../../../support/plans";
import { schemaProblems } from "./dashboardSchema";
import { collect, filterMetricTypes, promqlErrors, promqlMetricNames } from "./queries";

const observabilityTypes = [
    "gcp:monitoring/notificationChannel:NotificationChannel",
    "gcp:logging/metric:Metric",
    "gcp:monitoring/customService:CustomService",
    "gcp:monitoring/slo:Slo",
    "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig",
    "gcp:monitoring/alertPolicy:AlertPolicy",
    "gcp:monitoring/dashboard:Dashboard",
];

function policies(inv: Inventory): InventoryResource[] {
    return ofType(inv, "gcp:monitoring/alertPolicy:AlertPolicy");
}

/** Observability resources by name, inputs only: what a toggle must not change. */
function observabilitySnapshot(inv: Inventory): Record<string, unknown> {
    return Object.fromEntries(
        inv.resources.filter((r) => observabilityTypes.includes(r.type)).map((r) => [r.name, r.inputs]),
    );
}

for (const { stack } of prodStacks) {
    describe(`observability acceptance: ${stack}`, () => {
        let inv: Inventory;
        before(async () => {
            inv = await planOf(stack);
        });

        it("declares exactly these observability resources, all under the Observability component", () => {
            const counts = Object.fromEntries(observabilityTypes.map((t) => [t, ofType(inv, t).length]));
            assert.deepStrictEqual(counts, {
                "gcp:monitoring/notificationChannel:NotificationChannel": 2,
                "gcp:logging/metric:Metric": 3,
                "gcp:monitoring/customService:CustomService": 1,
                "gcp:monitoring/slo:Slo": 1,
                "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig": 1,
                "gcp:monitoring/alertPolicy:AlertPolicy": 19,
                "gcp:monitoring/dashboard:Dashboard": 3,
            });
            const root = inv.resources.filter((r) => r.type === "voice-agent:observability:Observability");
            assert.strictEqual(root.length, 1);
            assert.strictEqual(root[0]?.name, `voice-${inv.config.cell}-obs`);
            const components = inv.resources.filter(
                (r) => r.type.startsWith("voice-agent:observability:") && r !== root[0],
            );
            assert.deepStrictEqual(
                components.map((c) => c.parent).filter((p) => p !== root[0]?.urn),
                [],
            );
            const componentUrns = new Set(components.map((c) => c.urn));
            for (const t of observabilityTypes)
                for (const r of ofType(inv, t))
                    assert.ok(componentUrns.has(r.parent), `${r.name} is not under an observability component`);
        });

        it("has the runbook's alerts by name", () => {
            const names = policies(inv).map((p) => inputs(p).displayName as string);
            for (const exact of ["VoiceAgent Availability < 98%", "Latency P95 > 2s", "PMS sync failures > 20%"])
                assert.ok(names.includes(exact), exact);
            for (const topic of [
                /replica lag/i,
                /redis memory/i,
                /redis failover/i,
                /backlog/i,
                /dead letters/i,
                /crash-looping/i,
                /gemini/i,
                /analytics/i,
            ]) {
                assert.ok(
                    names.some((n) => topic.test(n)),
                    String(topic),
                );
            }
            const regions = Object.keys(inv.config.regions as object);
            for (const r of regions) assert.ok(names.includes(`Region ${r} unhealthy`), r);
        });

        it("every alert has a channel, documentation of substance and a severity", () => {
            for (const p of policies(inv)) {
                const i = inputs(p);
                assert.ok(i.notificationChannels.length >= 1, i.displayName);
                assert.ok(["CRITICAL", "ERROR", "WARNING"].includes(i.severity), i.displayName);
                assert.match(i.userLabels.severity, /^sev[123]$/);
                assert.match(i.documentation.content, /docs\/runbook\.md/);
                assert.match(i.documentation.content, /\*\*Remediation as configuration\*\*/);
                assert.match(i.documentation.subject, new RegExp(`\\(${stack}\\)$`));
                assert.strictEqual(i.alertStrategy.autoClose, "1800s");
            }
        });

        it("SEV-1/2 page PagerDuty and post to Slack; SEV-3 posts to Slack only", () => {
            const channel = (type: string) =>
                ofType(inv, "gcp:monitoring/notificationChannel:NotificationChannel").find(
                    (c) => inputs(c).type === type,
                )!;
            // The mocks give a resource the id "<physical name>-id"; the channel id is what policies list.
            const pd = `${channel("pagerduty").name}-id`;
            const slack = `${channel("slack").name}-id`;
            for (const p of policies(inv)) {
                const i = inputs(p);
                assert.deepStrictEqual(
                    i.notificationChannels,
                    i.userLabels.severity === "sev3" ? [slack] : [pd, slack],
                    i.displayName,
                );
            }
        });

        it("every PromQL condition parses and every metric is a known type", () => {
            const found = collect(inv.resources);
            assert.ok(found.promql.length >= 17);
            assert.deepStrictEqual(
                found.promql.filter((f) => promqlErrors(f.text).length > 0).map((f) => f.where),
                [],
            );
            const known = new Set(
                knownMetrics.flatMap((m) =>
                    m.valueType === "DISTRIBUTION" ? [promqlName(m), promqlName(m, "bucket")] : [promqlName(m)],
                ),
            );
            assert.deepStrictEqual(
                found.promql.flatMap((f) => promqlMetricNames(f.text)).filter((n) => !known.has(n)),
                [],
            );
            const knownTypes = new Set(knownMetrics.map((m) => m.type));
            assert.deepStrictEqual(
                found.filters.flatMap((f) => filterMetricTypes(f.text)).filter((t) => !knownTypes.has(t)),
                [],
            );
        });

        it("an availability SLO with burn-rate alerts on different windows", () => {
            const [slo] = ofType(inv, "gcp:monitoring/slo:Slo").map(inputs);
            assert.strictEqual(slo.goal, 0.995);
            assert.strictEqual(slo.rollingPeriodDays, 28);
            assert.strictEqual(slo.service, `voice-agent-${inv.config.cell}`);
            assert.deepStrictEqual(slo.requestBasedSli.goodTotalRatio, {
                totalServiceFilter:
                    'metric.type="loadbalancing.googleapis.com/https/request_count" AND resource.type="https_lb_rule" AND resource.label.backend_target_name="voice-lb"',
                badServiceFilter:
                    'metric.type="loadbalancing.googleapis.com/https/request_count" AND resource.type="https_lb_rule" AND resource.label.backend_target_name="voice-lb" AND metric.label.response_code_class="500"',
            });
            const sloName = `projects/${inv.config.project}/services/voice-agent-${inv.config.cell}/serviceLevelObjectives/availability`;
            assert.strictEqual(inv.outputs.slo, sloName);
            const burn = policies(inv).filter((p) =>
                inputs(p).conditions.some((c: { conditionThreshold?: { filter: string } }) =>
                    c.conditionThreshold?.filter.startsWith("select_slo_burn_rate("),
                ),
            );
            const filters: string[][] = burn.map((p) =>
                inputs(p).conditions.map(
                    (c: { conditionThreshold: { filter: string } }) => c.conditionThreshold.filter,
                ),
            );
            assert.strictEqual(burn.length, burnRateWindows.length);
            // Long and short window of each policy, each against the cell's SLO.
            assert.deepStrictEqual(
                filters
                    .map((pair) => pair.map((f) => f.slice(`select_slo_burn_rate("${sloName}", "`.length, -2)))
                    .sort(),
                [
                    ["360m", "30m"],
                    ["4320m", "360m"],
                    ["60m", "5m"],
                ],
            );
        });

        it("PagerDuty and Slack keys show only as [secret] (the stack file holds no secret: preview goes on)", () => {
            const channels = ofType(inv, "gcp:monitoring/notificationChannel:NotificationChannel").map(inputs);
            assert.deepStrictEqual(channels.map((c) => [c.type, c.sensitiveLabels]).sort(), [
                ["pagerduty", { serviceKey: "[secret]" }],
                ["slack", { authToken: "[secret]" }],
            ]);
            assert.strictEqual(channels.find((c) => c.type === "slack").labels.channel_name, "#edentist-incident");
        });

        it("log-based metrics for PMS sync, Gemini Live and analytics API errors", () => {
            const metrics = ofType(inv, "gcp:logging/metric:Metric").map(inputs);
            assert.deepStrictEqual(metrics.map((m) => m.name).sort(), [
                "voice_agent_analytics_api_errors",
                "voice_agent_gemini_live_errors",
                "voice_agent_pms_sync_outcomes",
            ]);
            const pms = metrics.find((m) => m.name === "voice_agent_pms_sync_outcomes");
            assert.deepStrictEqual(pms.labelExtractors, {
                provider: "EXTRACT(jsonPayload.provider)",
                outcome: "EXTRACT(jsonPayload.outcome)",
            });
            assert.strictEqual(
                pms.filter,
                'resource.type="k8s_container" AND resource.labels.namespace_name="voice-agent" AND jsonPayload.event="pms_sync" AND ' +
                    'jsonPayload.provider=("dentrix" OR "opendental" OR "eaglesoft" OR "dentally" OR "curve") AND jsonPayload.outcome=("success" OR "failure" OR "queued")',
            );
            const gemini = metrics.find((m) => m.name === "voice_agent_gemini_live_errors");
            assert.deepStrictEqual(gemini.labelExtractors, { error_code: "EXTRACT(jsonPayload.errorCode)" });
        });

        it("an HTTPS uptime check on the domain's health path from at least three regions, with an alert", () => {
            const [check] = ofType(inv, "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig").map(inputs);
            assert.deepStrictEqual(check.selectedRegions, ["EUROPE", "USA_VIRGINIA", "ASIA_PACIFIC"]);
            assert.deepStrictEqual(check.monitoredResource, {
                type: "uptime_url",
                labels: { project_id: inv.config.project, host: inv.config.domain },
            });
            assert.deepStrictEqual(
                [check.httpCheck.path, check.httpCheck.port, check.httpCheck.useSsl, check.httpCheck.validateSsl],
                ["/healthz", 443, true, true],
            );
            assert.ok(
                policies(inv).some(
                    (p) => inputs(p).displayName === `Uptime check failing: https://${inv.config.domain}/healthz`,
                ),
            );
        });

        it("the three dashboards, each valid against Google's Dashboard schema", () => {
            const dashboards = ofType(inv, "gcp:monitoring/dashboard:Dashboard").map((d) =>
                JSON.parse(inputs(d).dashboardJson),
            );
            assert.deepStrictEqual(dashboards.map((d) => d.displayName).sort(), [
                "Database Health",
                "HA Voice Overview",
                "PMS Integrations",
            ]);
            for (const d of dashboards) assert.deepStrictEqual(schemaProblems(d), [], d.displayName);
        });

        it("a remediation toggle leaves observability unchanged", async () => {
            const toggled = await planOf(stack, "forcedFailover=true", "voiceMode=hold", "pmsSyncMode=queued");
            assert.deepStrictEqual(observabilitySnapshot(toggled), observabilitySnapshot(inv));
        });
    });
}

describe("observability acceptance: secrets given", () => {
    it("never show in plain text anywhere in the inventory", async () => {
        const inv = await planOf(
            "prod-eu",
            "pagerDutyServiceKey=pd-0123456789abcdef0123456789abcdef",
            "slackAuthToken=xoxb-1111-2222-secret",
        );
        const json = JSON.stringify(inv);
        assert.ok(!json.includes("pd-0123456789abcdef"));
        assert.ok(!json.includes("xoxb-1111"));
        assert.ok(!("pagerDutyServiceKey" in inv.config) && !("slackAuthToken" in inv.config));
        const channels = ofType(inv, "gcp:monitoring/notificationChannel:NotificationChannel").map(inputs);
        assert.deepStrictEqual(
            channels.map((c) => Object.values(c.sensitiveLabels)),
            [["[secret]"], ["[secret]"]],
        );
    });
});
