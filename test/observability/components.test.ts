import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Observability } from "../../infra/components/observability";
import { defaultObservability, runComponents, testNames, type Recorded } from "./harness";

function build(overrides: Partial<typeof defaultObservability> = {}, secrets?: { pd: pulumi.Input<string>; slack: pulumi.Input<string> }) {
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
