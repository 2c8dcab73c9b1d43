import * as assert from "assert";
import { logMetricName, monitoringServiceId } from "../../../../core/naming";
import { observedNames } from "../../../../infra/observedNames";
import { resolveConfig } from "../../../../tools/lib/plan";

describe("observability: names", () => {
    it("log metric names are PromQL-safe and checked", () => {
        assert.strictEqual(logMetricName("pms_sync_outcomes"), "voice_agent_pms_sync_outcomes");
        assert.throws(() => logMetricName("PMS-sync"), /log metric name "voice_agent_PMS-sync" must be lowercase letters, digits and underscores/);
        assert.strictEqual(monitoringServiceId("eu"), "voice-agent-eu");
    });

    it("observedNames() takes the runbook's fixed names for both prod stacks", () => {
        const me = resolveConfig({ stack: "prod-me" }).config;
        assert.deepStrictEqual(observedNames(me, "prod-me"), {
            project: "edentist-voice-prod-me",
            stack: "prod-me",
            cell: "me",
            domain: "voice.me.edentist.ai",
            healthCheckPath: "/healthz",
            regions: ["me-central1", "me-central2"],
            primaryRegion: "me-central1",
            backendService: "voice-lb",
            clusters: { "me-central1": "voice-cluster-me-central1", "me-central2": "voice-cluster-me-central2" },
            namespace: "voice-agent",
            deployment: "voice-agent",
            databasePrimary: "voice-db",
            databaseReplicas: { "me-central2": "voice-db-me-central2" },
            databaseNameSuffixDigits: 0,
            caches: { "me-central1": "voice-cache-me-central1", "me-central2": "voice-cache-me-central2" },
            pubsub: {
                jobsTopic: "pms-sync-jobs",
                replayTopic: "pms-sync-replay",
                deadLetterTopic: "pms-sync-dead-letter",
                workerSubscription: "pms-sync-worker",
                replaySubscription: "pms-sync-replay",
            },
            pmsProviders: ["dentrix", "opendental", "eaglesoft", "dentally", "curve"],
        });
    });
});
