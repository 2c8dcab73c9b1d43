import { sectionOf } from "../../../support/text";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { dataAlerts } from "../../../../infra/components/observability/dataAlerts";
import { pmsSyncOutcomes } from "../../../../infra/components/observability/LogMetrics";
import { eventFilter } from "../../../../infra/components/observability/targets";
import { logMetrics } from "../../../../infra/components/observability/metricTypes";
import { serviceAlerts } from "../../../../infra/components/observability/serviceAlerts";
import { sloAlerts } from "../../../../infra/components/observability/sloAlerts";
import { runbook } from "../../../../infra/components/observability/runbook";
import { observedNames } from "../../../../infra/observedNames";
import { resolveConfig } from "../../../../tools/lib/plan";
import { projectRoot } from "../../../support/paths";

const doc = fs.readFileSync(path.join(projectRoot, "docs", "observability.md"), "utf8");
const runbookDoc = fs.readFileSync(path.join(projectRoot, "docs", "runbook.md"), "utf8");

describe("observability: docs/observability.md", () => {
    const c = resolveConfig({ stack: "prod-eu" }).config;
    const n = observedNames(c, "prod-eu");
    const specs = [
        ...serviceAlerts(n, c.observability.alerts),
        ...dataAlerts(n, c.observability.alerts),
        ...sloAlerts(n, "slo", c.observability.slo),
    ];

    it("lists every alert of prod-eu with its class, runbook section and dashboard", () => {
        const rows = doc
            .split("\n")
            .filter((l) => l.startsWith("| "))
            .map((l) => l.split(" | ").map((cell) => cell.replace(/^\| /, "")));
        const missing = specs.filter((s) => {
            const row = rows.find((r) => r[0] === s.displayName || r[0] === `${s.displayName} (one per region)`);
            return (
                !row || row[1] !== s.severity || row[2] !== s.runbookSections.join(", then ") || row[3] !== s.dashboard
            );
        });
        // The second region's alert is covered by the "(one per region)" row of the first.
        assert.deepStrictEqual(
            missing.map((s) => s.displayName),
            ["Region europe-west4 unhealthy"],
        );
    });

    it("every runbook section an alert names is a heading of docs/runbook.md", () => {
        const headings = runbookDoc
            .split("\n")
            .filter((l) => /^#{2,3} /.test(l))
            .map((l) => l.replace(/^#+ /, ""));
        assert.deepStrictEqual(
            Object.values(runbook).filter((h) => !headings.includes(h)),
            [],
        );
        const used = new Set(specs.flatMap((s) => s.runbookSections));
        assert.deepStrictEqual(
            [...used].filter((h) => !headings.includes(h)),
            [],
        );
    });

    it("docs/runbook.md's Detection table names alert policies that exist, with their class", () => {
        const detection = sectionOf(runbookDoc, "## Detection", "\n## ");
        const rows = detection
            .split("\n")
            .filter((l) => l.startsWith("| ") && !l.startsWith("| trigger") && !l.startsWith("| ---"));
        const named = rows.flatMap((r) =>
            [...(r.split(" | ")[1] ?? "").matchAll(/`([^`]+)`/g)].flatMap(([, name]) =>
                name === undefined ? [] : [name],
            ),
        );
        const names = specs.map((s) => s.displayName);
        assert.deepStrictEqual(
            named.filter((n) => !names.includes(n.replace("<region>", "europe-west1"))),
            [],
        );
        assert.ok(named.length >= 9);
    });

    it("documents the log contract the log-based metrics rely on", () => {
        for (const m of Object.values(logMetrics)) assert.ok(doc.includes(`\`${m.type}\``), m.type);
        for (const event of ["pms_sync", "gemini_live_error", "analytics_api_error"]) {
            assert.ok(doc.includes(`### \`${event}\``), event);
            assert.ok(eventFilter("voice-agent", event).includes(`jsonPayload.event="${event}"`));
        }
        for (const o of pmsSyncOutcomes) assert.ok(doc.includes(`\`"${o}"\``), o);
        for (const field of ["provider", "outcome", "errorCode", "endpoint", "statusCode"])
            assert.ok(doc.includes(`| \`${field}\` |`), field);
    });
});
