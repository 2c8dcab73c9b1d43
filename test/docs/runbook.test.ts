import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { remediationKeyPaths } from "../../tools/lib/remediationKeys";
import { findPhaseQuotes, findQuotes, phaseQuoteText, quoteText } from "../../tools/lib/docDiffs";
import { actions } from "../../tools/lib/remediate";
import { projectRoot } from "../support/paths";

const doc = fs.readFileSync(path.join(projectRoot, "docs", "runbook.md"), "utf8");

describe("docs/runbook.md", () => {
    it("names every remediation key of the config schema", () => {
        assert.deepStrictEqual(
            remediationKeyPaths.filter((k) => !doc.includes(`\`${k}\``)),
            [],
        );
    });

    it("names every remediate action", () => {
        assert.deepStrictEqual(
            actions.map((a) => a.name).filter((a) => !doc.includes(a)),
            [],
        );
    });

    it("keeps the imperative steps GCP cannot express, with the runbook's physical names", () => {
        for (const command of [
            "gcloud compute backend-services get-health voice-lb --global",
            "gcloud sql instances promote-replica voice-db-europe-west4 --failover",
            "gcloud redis instances failover voice-cache-europe-west1 --region europe-west1",
            "gcloud pubsub subscriptions seek pms-sync-replay --time=",
            "kubectl --context <context> -n voice-agent rollout restart deployment voice-agent",
        ]) {
            assert.ok(doc.includes(command), command);
        }
    });

    const quotes = findQuotes(doc);
    it("quotes the offline diff of each remediation", () => {
        assert.deepStrictEqual(
            quotes.map((q) => q.sets.join(" ")),
            [
                "forcedFailover=true",
                "rateLimit.enabled=true",
                "regions.europe-west1.workload.minReplicas=12 regions.europe-west1.nodePool.minPerZone=4",
                "release.tag=2026.11.2",
                "database.primaryRegion=europe-west4",
                "cacheDisabled=true",
                "cacheEpoch=1",
                "voiceMode=hold",
                "pmsSyncMode=queued",
                "pmsDisabledProviders=[opendental]",
            ],
        );
    });
    const phaseQuotes = findPhaseQuotes(doc);
    it("quotes the phases of each remediation that takes more than one up", () => {
        assert.deepStrictEqual(
            phaseQuotes.map((q) => [q.stack, q.action, q.to]),
            [
                ["prod-eu", "region-failover", undefined],
                ["prod-eu", "region-failback", undefined],
                ["prod-eu", "db-switchover", "europe-west4"],
                ["prod-eu", "db-promote-replica", "europe-west4"],
                ["prod-eu", "db-designate-dr", undefined],
            ],
        );
    });
    for (const q of phaseQuotes) {
        it(`the quoted phases of ${q.stack} ${q.action}${q.to ? ` --to ${q.to}` : ""} are what the phase planner produces (npm run docs:runbook)`, async () => {
            assert.strictEqual(q.body, await phaseQuoteText(q));
        });
    }
    it("no quoted phase of a switchover or promotion replaces or deletes anything", () => {
        for (const q of phaseQuotes)
            assert.deepStrictEqual(
                q.body.split("\n").filter((l) => /^ {4}summary:/.test(l) && !/ 0 to replace, 0 to delete/.test(l)),
                [],
                q.action,
            );
    });
    for (const q of quotes) {
        it(`the quoted diff of ${q.stack} ${q.sets.join(" ")} is what the program produces (npm run docs:runbook)`, async () => {
            assert.strictEqual(q.body, await quoteText(q));
        });
    }
});
