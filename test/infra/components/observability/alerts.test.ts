import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Observability } from "../../../../infra/components/observability";
import { alertPolicyArgs, documentation } from "../../../../infra/components/observability/alertSpec";
import { formatMs } from "../../../../infra/components/observability/serviceAlerts";
import { dataAlerts } from "../../../../infra/components/observability/dataAlerts";
import { allSpecs, defaultObservability, runComponents, testNames, type Recorded } from "./harness";

interface PolicyInputs {
    displayName: string;
    severity: string;
    combiner: string;
    notificationChannels: string[];
    documentation: { subject: string; content: string; mimeType: string };
    alertStrategy: { autoClose: string };
    userLabels: Record<string, string>;
    conditions: {
        displayName: string;
        conditionPrometheusQueryLanguage?: { query: string; duration: string };
        conditionThreshold?: { filter: string };
    }[];
}

describe("observability: alert policies", () => {
    let rs: Recorded[];
    let policies: PolicyInputs[];
    let channelUrn: (suffix: string) => string;
    before(async () => {
        rs = await runComponents(() => {
            new Observability("obs", {
                names: testNames(),
                config: { ...defaultObservability, alertEmails: ["oncall@edentist.ai"] },
                pagerDutyServiceKey: pulumi.secret("k"),
                slackAuthToken: pulumi.secret("t"),
            });
        });
        // Registration order is asynchronous; sort by display name for exact comparisons.
        policies = rs
            .filter((r) => r.type === "gcp:monitoring/alertPolicy:AlertPolicy")
            .map((r) => r.inputs as unknown as PolicyInputs)
            .sort((a, b) => a.displayName.localeCompare(b.displayName));
        // The mocks give a channel the id "<pulumi name>-id".
        channelUrn = (suffix) => `obs-channels-${suffix}-id`;
    });

    it("has exactly these display names and severities", () => {
        assert.deepStrictEqual(
            policies.map((p) => [p.displayName, p.userLabels.severity, p.severity]),
            [
                ["Analytics API errors > 1/min", "sev3", "WARNING"],
                ["Cloud SQL instance down", "sev2", "ERROR"],
                ["Cloud SQL replica lag > 60s", "sev3", "WARNING"],
                ["Gemini Live error rate > 5/min", "sev2", "ERROR"],
                ["Latency P95 > 2s", "sev2", "ERROR"],
                ["PMS sync backlog: oldest unacked job > 15 min", "sev2", "ERROR"],
                ["PMS sync dead letters", "sev3", "WARNING"],
                ["PMS sync failures > 20%", "sev2", "ERROR"],
                ["Redis failover", "sev3", "WARNING"],
                ["Redis memory > 85%", "sev3", "WARNING"],
                ["Region europe-west1 unhealthy", "sev2", "ERROR"],
                ["Region europe-west4 unhealthy", "sev2", "ERROR"],
                ["SLO budget exhaustion: error budget burn 1x (72h and 6h)", "sev3", "WARNING"],
                ["SLO fast burn: error budget burn 14.4x (1h and 5m)", "sev1", "CRITICAL"],
                ["SLO slow burn: error budget burn 6x (6h and 30m)", "sev2", "ERROR"],
                ["Uptime check failing: https://voice.eu.edentist.ai/healthz", "sev1", "CRITICAL"],
                ["voice-agent pods crash-looping", "sev2", "ERROR"],
                ["VoiceAgent Availability < 98%", "sev2", "ERROR"],
                ["VoiceAgent request failures > 50%", "sev1", "CRITICAL"],
            ],
        );
    });

    it("routes SEV-1/2 to PagerDuty, Slack and e-mail, SEV-3 to Slack only", () => {
        for (const p of policies) {
            const expected =
                p.userLabels.severity === "sev3"
                    ? [channelUrn("slack")]
                    : [channelUrn("pagerduty"), channelUrn("slack"), channelUrn("email-oncall-edentist-ai")];
            assert.deepStrictEqual(p.notificationChannels, expected, p.displayName);
        }
    });

    it("every policy has documentation naming its runbook section and a remediation, and auto-closes", () => {
        for (const p of policies) {
            assert.strictEqual(p.documentation.mimeType, "text/markdown");
            assert.match(p.documentation.subject, /^\[SEV-[123]\] .+ \(prod-eu\)$/);
            assert.ok(p.documentation.subject.includes(p.displayName));
            assert.match(
                p.documentation.content,
                /\*\*Runbook:\*\* docs\/runbook\.md, "[^"]+"(, then "[^"]+")*\./,
                p.displayName,
            );
            assert.match(p.documentation.content, /\*\*Remediation as configuration\*\*[^\n]*\n- \S/, p.displayName);
            assert.ok(p.documentation.content.length > 300, `${p.displayName}: documentation of substance`);
            assert.strictEqual(p.alertStrategy.autoClose, "1800s");
            assert.ok(p.conditions.length >= 1);
        }
    });

    it("points Gemini Live errors to voiceMode: hold and region alerts to the drain keys", () => {
        const doc = (name: string) => policies.find((p) => p.displayName === name)!.documentation.content;
        assert.ok(doc("Gemini Live error rate > 5/min").includes("`npm run remediate -- hold-mode --stack prod-eu`"));
        assert.ok(
            doc("Gemini Live error rate > 5/min").includes(
                '**Runbook:** docs/runbook.md, "Gemini Provider Outage (`voiceMode`)".',
            ),
        );
        assert.ok(
            doc("Region europe-west1 unhealthy").includes(
                "`npm run remediate -- region-failover --stack prod-eu`: drains the primary region europe-west1; the other regions take all traffic; phases: (1) drain: `pulumi up --target` the backend service; (2) pre-scale: the full `pulumi up`",
            ),
        );
        assert.ok(
            doc("Region europe-west4 unhealthy").includes(
                "`npm run remediate -- drain-region --region europe-west4 --stack prod-eu`",
            ),
        );
        assert.ok(doc("PMS sync failures > 20%").includes("`npm run remediate -- pms-queue --stack prod-eu`: "));
        assert.ok(doc("Redis failover").includes("`npm run remediate -- cache-off --stack prod-eu`: "));
    });

    it("burn-rate policies combine a long and a short window with select_slo_burn_rate", () => {
        const burn = policies.filter((p) => p.displayName.startsWith("SLO "));
        assert.deepStrictEqual(
            burn.map((p) => [p.combiner, p.conditions.map((c) => c.conditionThreshold!.filter)]),
            [
                ["AND", ["4320m", "360m"]],
                ["AND", ["60m", "5m"]],
                ["AND", ["360m", "30m"]],
            ].map(([combiner, windows]) => [
                combiner,
                (windows as string[]).map(
                    (w) =>
                        `select_slo_burn_rate("projects/edentist-voice-test/services/voice-agent-eu/serviceLevelObjectives/availability", "${w}")`,
                ),
            ]),
        );
    });

    it("alert policies wait for the log metrics, the SLO and the uptime check", () => {
        const alerts = rs.find((r) => r.type === "voice-agent:observability:AlertPolicies")!;
        assert.deepStrictEqual(
            // A component in dependsOn stands for its children.
            alerts.dependsOn.map((u) => u.split("::").pop()).sort(),
            [
                "obs-log-metrics-analytics-api-errors",
                "obs-log-metrics-gemini-live-errors",
                "obs-log-metrics-pms-sync-outcomes",
                "obs-slo-availability",
                "obs-slo-service",
                "obs-uptime-https",
            ],
        );
    });

    it("the catalog is the same for every spec and the translation is exact", () => {
        const specs = allSpecs();
        assert.strictEqual(new Set(specs.map((s) => s.key)).size, specs.length);
        const spec = specs.find((s) => s.key === "analytics-api-errors")!;
        const args = alertPolicyArgs(spec, {
            project: "p",
            stack: "prod-me",
            channels: { pagerDuty: "pd", slack: "sl", emails: ["em"] },
            autoCloseMinutes: 45,
            userLabels: { cell: "me" },
        });
        assert.deepStrictEqual(args.notificationChannels, ["sl"]);
        assert.deepStrictEqual(args.alertStrategy, { autoClose: "2700s" });
        assert.deepStrictEqual(args.userLabels, { cell: "me", severity: "sev3" });
        assert.deepStrictEqual(
            documentation(spec, "prod-me").subject,
            "[SEV-3] Analytics API errors > 1/min (prod-me)",
        );
        assert.strictEqual(formatMs(2000), "2s");
        assert.strictEqual(formatMs(1500), "1500ms");
    });

    it("three regions give three region alerts; thresholds from config change names and queries", () => {
        const n = testNames({ regions: ["me-central1", "me-central2", "europe-west4"] });
        const specs = allSpecs(n, {
            ...defaultObservability,
            alerts: { ...defaultObservability.alerts, latencyP95Ms: 1500, availabilityPercent: 99 },
        });
        assert.deepStrictEqual(
            specs.filter((s) => s.key.startsWith("region-")).map((s) => s.displayName),
            ["Region me-central1 unhealthy", "Region me-central2 unhealthy", "Region europe-west4 unhealthy"],
        );
        assert.ok(specs.some((s) => s.displayName === "Latency P95 > 1500ms"));
        const availability = specs.find((s) => s.key === "availability")!;
        assert.strictEqual(availability.displayName, "VoiceAgent Availability < 99%");
        assert.match((availability.conditions[0] as { promql: { query: string } }).promql.query, / < 0\.99$/);
        const lag = specs.find((s) => s.key === "sql-replica-lag")!;
        assert.match(
            (lag.conditions[0] as { promql: { query: string } }).promql.query,
            /database_id=~"edentist-voice-test:voice-db-me-central2\|edentist-voice-test:voice-db-europe-west4"/,
        );
    });

    it("where Cloud SQL names carry a random suffix (a drill cell), the SQL alerts match any suffix of its length and show it as <suffix>", () => {
        const specs = dataAlerts(testNames({ databaseNameSuffixDigits: 8 }), defaultObservability.alerts);
        const down = specs.find((s) => s.key === "sql-instance-down")!;
        assert.strictEqual(
            (down.conditions[0] as { promql: { query: string } }).promql.query,
            'max by (database_id) (cloudsql_googleapis_com:database_up{monitored_resource="cloudsql_database",database_id=~"edentist-voice-test:voice-db-[0-9a-f]{8}|edentist-voice-test:voice-db-europe-west4-[0-9a-f]{8}"}) < 1',
        );
        assert.strictEqual(
            down.summary,
            "Cloud SQL reports voice-db-<suffix> or one of its replicas as down for 3 minutes.",
        );
        const lag = specs.find((s) => s.key === "sql-replica-lag")!;
        assert.strictEqual(
            (lag.conditions[0] as { promql: { query: string } }).promql.query,
            'max by (database_id) (cloudsql_googleapis_com:database_replication_replica_lag{monitored_resource="cloudsql_database",database_id=~"edentist-voice-test:voice-db-europe-west4-[0-9a-f]{8}"}) > 60',
        );
    });
});
