import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Observability } from "../../../../infra/components/observability";
import {
    databaseDashboard,
    overviewDashboard,
    pmsDashboard,
} from "../../../../infra/components/observability/dashboardCatalog";
import { flow } from "../../../../infra/components/observability/dashboardWidgets";
import { schemaProblems } from "./dashboardSchema";
import { defaultObservability, runComponents, testNames, testSloName } from "./harness";

describe("observability: dashboards against Google's Dashboard proto", () => {
    let deployed: Record<string, unknown>[];
    before(async () => {
        const rs = await runComponents(() => {
            new Observability("obs", {
                names: testNames(),
                config: defaultObservability,
                pagerDutyServiceKey: pulumi.secret("k"),
                slackAuthToken: pulumi.secret("t"),
            });
        });
        deployed = rs
            .filter((r) => r.type === "gcp:monitoring/dashboard:Dashboard")
            .map((r) => JSON.parse(String(r.inputs.dashboardJson)));
    });

    it("deploys the runbook's three dashboards by exact name", () => {
        assert.deepStrictEqual(deployed.map((d) => d.displayName).sort(), [
            "Database Health",
            "HA Voice Overview",
            "PMS Integrations",
        ]);
    });

    it("every deployed dashboardJson is accepted by the schema and round-trips unchanged", () => {
        assert.strictEqual(deployed.length, 3);
        for (const d of deployed) assert.deepStrictEqual(schemaProblems(d), [], String(d.displayName));
    });

    it("the schema check rejects an unknown field, a wrong type and an unknown enum value", () => {
        const good = overviewDashboard(
            testNames(),
            defaultObservability.alerts,
            testSloName,
            defaultObservability.slo,
        ) as unknown as Record<string, unknown>;
        assert.deepStrictEqual(schemaProblems(good), []);
        const clone = () => JSON.parse(JSON.stringify(good));

        const unknownField = clone();
        unknownField.mosaicLayout.tiles[0].widget.colour = "red";
        assert.deepStrictEqual(schemaProblems(unknownField), [
            '.mosaicLayout.tiles[0].widget.colour: "red" became undefined',
        ]);

        const wrongType = clone();
        wrongType.mosaicLayout.columns = "48";
        assert.deepStrictEqual(schemaProblems(wrongType), ['.mosaicLayout.columns: "48" became 48']);

        const badEnum = clone();
        badEnum.mosaicLayout.tiles[2].widget.scorecard.thresholds[0].color = "GREEN";
        assert.strictEqual(schemaProblems(badEnum).length, 1);

        const badDuration = clone();
        badDuration.mosaicLayout.tiles[6].widget.xyChart.dataSets[0].minAlignmentPeriod = "one minute";
        assert.match(schemaProblems(badDuration)[0] ?? "", /is not a proto3 JSON Duration/);
    });

    it("has the panels the runbook's triage needs", () => {
        const titles = (d: { mosaicLayout: { tiles: { widget: { title?: string } }[] } }) =>
            d.mosaicLayout.tiles.map((t) => t.widget.title);
        const n = testNames();
        const t = defaultObservability.alerts;
        assert.deepStrictEqual(titles(overviewDashboard(n, t, testSloName, defaultObservability.slo)), [
            "Cell eu: voice.eu.edentist.ai",
            "Error budget left (99.5% over 28 d)",
            "Availability, 1 h (non-5xx)",
            "SLO burn rate, 1 h",
            "Uptime check passing",
            "Traffic by backend region",
            "Requests/s by backend region",
            "Backend capacity: share of traffic by region",
            "5xx ratio by backend region",
            "HTTP latency P95 by backend region (ms)",
            "Backend service changes (capacity scaler, drains)",
            "SLO burn rate (1 h and 6 h)",
            "Dependencies and pods",
            "Gemini Live errors/min by error code",
            "voice-agent container restarts (15 min) by cluster",
            "Analytics API errors/min by endpoint",
            "Uptime check passing by checker region",
        ]);
        assert.deepStrictEqual(titles(pmsDashboard(n, t)), [
            "PMS sync, cell eu",
            "Sync outcomes/min by provider",
            "Failure ratio by provider",
            "Backlog: oldest unacked job on pms-sync-worker (s)",
            "Backlog: undelivered jobs",
            "Dead letters from pms-sync-worker (per 10 min)",
            "Replay subscription pms-sync-replay: retained acked jobs",
            "PMS sync failures (log entries)",
        ]);
        assert.deepStrictEqual(titles(databaseDashboard(n, t)), [
            "Data tier, cell eu",
            "Cloud SQL",
            "CPU utilization",
            "Memory utilization",
            "Connections (num_backends)",
            "Replica lag (s)",
            "Instance up",
            "Available for failover (standby ready)",
            "Failover events (Cloud SQL failover, promotion, switchover; Memorystore failover)",
            "Memorystore (Redis)",
            "Memory usage ratio",
            "Primary node (role 1 = primary; a change is a failover)",
            "Connected clients",
        ]);
    });

    it("flows tiles into rows of 48 columns without overlap", () => {
        const w = { text: { content: "x" } };
        assert.deepStrictEqual(
            flow([
                { widget: w, width: 48, height: 4 },
                { widget: w, width: 24, height: 16 },
                { widget: w, width: 24, height: 8 },
                { widget: w, width: 12, height: 8 },
            ]),
            [
                { width: 48, height: 4, widget: w },
                { yPos: 4, width: 24, height: 16, widget: w },
                { xPos: 24, yPos: 4, width: 24, height: 8, widget: w },
                { yPos: 20, width: 12, height: 8, widget: w },
            ],
        );
        assert.throws(() => flow([{ widget: w, width: 49, height: 1 }]), /49 columns wide; the layout has 48/);
    });
});
