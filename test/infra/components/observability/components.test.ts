import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Observability } from "../../../../infra/components/observability";
import { defaultObservability, runComponents, testNames, type Recorded } from "./harness";

function build(
    overrides: Partial<typeof defaultObservability> = {},
    secrets?: { pd: pulumi.Input<string>; slack: pulumi.Input<string> },
) {
    return runComponents(() => {
        new Observability("obs", {
            names: testNames(),
            config: { ...defaultObservability, ...overrides },
            pagerDutyServiceKey: secrets?.pd ?? pulumi.secret("pd-integration-key-0123456789abcdef"),
            slackAuthToken: secrets?.slack ?? pulumi.secret("xoxb-test-token"),
        });
    });
}

function countByType(rs: Recorded[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of rs) out[r.type] = (out[r.type] ?? 0) + 1;
    return out;
}

describe("observability: Observability component under mocks", () => {
    let rs: Recorded[];
    before(async () => {
        rs = await build();
    });

    it("registers exactly this inventory", () => {
        assert.deepStrictEqual(countByType(rs), {
            "pulumi:pulumi:Stack": 1,
            "voice-agent:observability:Observability": 1,
            "voice-agent:observability:NotificationChannels": 1,
            "voice-agent:observability:LogMetrics": 1,
            "voice-agent:observability:Slo": 1,
            "voice-agent:observability:UptimeChecks": 1,
            "voice-agent:observability:AlertPolicies": 1,
            "voice-agent:observability:Dashboards": 1,
            "gcp:monitoring/notificationChannel:NotificationChannel": 2,
            "gcp:logging/metric:Metric": 3,
            "gcp:monitoring/customService:CustomService": 1,
            "gcp:monitoring/slo:Slo": 1,
            "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig": 1,
            // 3 service + 2 regions + uptime, crash loop, Gemini, analytics; 7 data; 3 SLO burn rates
            "gcp:monitoring/alertPolicy:AlertPolicy": 19,
            "gcp:monitoring/dashboard:Dashboard": 3,
        });
    });
});

describe("observability: components one by one", () => {
    it("NotificationChannels: keys stay secret even when passed as plain strings; one e-mail channel per address", async () => {
        const { NotificationChannels, emailSlug } =
            await import("../../../../infra/components/observability/NotificationChannels");
        const rs = await runComponents(() => {
            new NotificationChannels("ch", {
                project: "p",
                cell: "eu",
                slackChannel: "#edentist-incident",
                emails: ["On-Call@edentist.ai", "9lives@example.com"],
                pagerDutyServiceKey: "plain-pd",
                slackAuthToken: "plain-slack",
            });
        });
        const channels = rs
            .filter((r) => r.type === "gcp:monitoring/notificationChannel:NotificationChannel")
            .sort((a, b) => a.name.localeCompare(b.name));
        assert.deepStrictEqual(
            channels.map((c) => [c.name, c.inputs.type, c.inputs.labels ?? null, c.inputs.sensitiveLabels ?? null]),
            [
                ["ch-email-m-9lives-example-com", "email", { email_address: "9lives@example.com" }, null],
                ["ch-email-on-call-edentist-ai", "email", { email_address: "On-Call@edentist.ai" }, null],
                ["ch-pagerduty", "pagerduty", null, { serviceKey: "[secret]" }],
                ["ch-slack", "slack", { channel_name: "#edentist-incident" }, { authToken: "[secret]" }],
            ],
        );
        assert.ok(!JSON.stringify(rs).includes("plain-"));
        assert.strictEqual(emailSlug("a.b+c@x.io"), "a-b-c-x-io");
    });

    it("UptimeChecks refuses fewer than three checker regions", async () => {
        const { UptimeChecks } = await import("../../../../infra/components/observability/UptimeChecks");
        await assert.rejects(
            runComponents(() => {
                new UptimeChecks("up", {
                    project: "p",
                    cell: "eu",
                    domain: "d.example",
                    path: "/healthz",
                    checkerRegions: ["EUROPE", "USA"],
                    periodSeconds: 60,
                    timeoutSeconds: 10,
                });
            }),
            /uptime checks need at least 3 checker regions; got EUROPE, USA/,
        );
    });

    it("Slo: goal from percent, request-based on voice-lb, service id of the cell", async () => {
        const { Slo } = await import("../../../../infra/components/observability/Slo");
        let name = "";
        const rs = await runComponents(() => {
            name = new Slo("slo", {
                project: "p",
                cell: "me",
                serviceId: "voice-agent-me",
                backendService: "voice-lb",
                availabilityPercent: 99.9,
                rollingPeriodDays: 7,
            }).sloName;
        });
        const slo = rs.find((r) => r.type === "gcp:monitoring/slo:Slo")!.inputs;
        assert.deepStrictEqual(
            [slo.goal, slo.rollingPeriodDays, slo.sloId, slo.service],
            [0.999, 7, "availability", "voice-agent-me"],
        );
        assert.strictEqual(name, "projects/p/services/voice-agent-me/serviceLevelObjectives/availability");
        assert.deepStrictEqual(
            rs.find((r) => r.type === "gcp:monitoring/customService:CustomService")!.inputs.serviceId,
            "voice-agent-me",
        );
    });
});
