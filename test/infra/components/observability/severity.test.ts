import * as assert from "assert";
import {
    cloudSeverity,
    routeChannels,
    severities,
    type Severity,
} from "../../../../infra/components/observability/severity";

describe("observability: severity routing", () => {
    const channels = { pagerDuty: "pd", slack: "slack", emails: ["mail-a", "mail-b"] };
    const table: [Severity, string[], string][] = [
        ["SEV-1", ["pd", "slack", "mail-a", "mail-b"], "CRITICAL"],
        ["SEV-2", ["pd", "slack", "mail-a", "mail-b"], "ERROR"],
        ["SEV-3", ["slack"], "WARNING"],
    ];
    for (const [sev, expected, cloud] of table) {
        it(`${sev} → ${expected.join(", ")} (${cloud})`, () => {
            assert.deepStrictEqual(routeChannels(sev, channels), expected);
            assert.strictEqual(cloudSeverity[sev], cloud);
        });
    }
    it("covers every class of the runbook", () =>
        assert.deepStrictEqual(
            severities,
            table.map((t) => t[0]),
        ));
    it("without e-mails, SEV-1/2 still page PagerDuty and Slack", () =>
        assert.deepStrictEqual(routeChannels("SEV-1", { ...channels, emails: [] }), ["pd", "slack"]));
});
