import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadSecrets, parseConfig, secretConfigKeys } from "../../infra/config";
import { logMetricName, monitoringServiceId } from "../../infra/naming";
import { observedNames } from "../../infra/observedNames";
import { MissingSecretError, resolveSecret } from "../../infra/config";
import { resolveConfig } from "../../tools/lib/plan";
import { runComponents, type Recorded } from "./harness";

const base = resolveConfig({ stack: "prod-eu" });
/** The prod-eu values as the schema receives them, plus overrides. */
function values(extra: Record<string, unknown>): Record<string, unknown> {
    const { project: _project, ...rest } = JSON.parse(JSON.stringify(base.config));
    void _project;
    return { ...rest, ...extra };
}
function problems(extra: Record<string, unknown>): string[] {
    try {
        parseConfig(values(extra), "edentist-voice-prod-eu");
        return [];
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e.problems;
    }
}

describe("observability: config", () => {
    it("defaults: 99.5% over 28 days, the runbook's thresholds, three checker regions", () => {
        assert.deepStrictEqual(base.config.observability, {
            slo: { availabilityPercent: 99.5, rollingPeriodDays: 28 },
            slackChannel: "#edentist-incident",
            alertEmails: [],
            alerts: {
                availabilityPercent: 98,
                sev1FailurePercent: 50,
                latencyP95Ms: 2000,
                pmsSyncFailurePercent: 20,
                regionErrorPercent: 10,
                replicaLagSeconds: 60,
                redisMemoryPercent: 85,
                pubsubOldestUnackedSeconds: 900,
                crashLoopRestarts: 3,
                geminiErrorsPerMinute: 5,
                analyticsErrorsPerMinute: 1,
                autoCloseMinutes: 30,
            },
            uptime: { checkerRegions: ["EUROPE", "USA_VIRGINIA", "ASIA_PACIFIC"], periodSeconds: 60, timeoutSeconds: 10 },
        });
    });

    const cases: [string, Record<string, unknown>, string[]][] = [
        ["SLO target of 100", { observability: { slo: { availabilityPercent: 100 } } }, ["voice-agent:observability.slo.availabilityPercent: number 100 is above the maximum 100"]],
        ["SLO window over 30 days", { observability: { slo: { rollingPeriodDays: 31 } } }, ["voice-agent:observability.slo.rollingPeriodDays: number 31 is above the maximum 30"]],
        [
            "two checker regions",
            { observability: { uptime: { checkerRegions: ["EUROPE", "USA"] } } },
            ["voice-agent:observability.uptime.checkerRegions: lists 2 entries; at least 3 are required"],
        ],
        [
            "a checker region twice",
            { observability: { uptime: { checkerRegions: ["EUROPE", "USA", "EUROPE"] } } },
            ["voice-agent:observability.uptime.checkerRegions: lists a region twice; each checker region once"],
        ],
        [
            "an uptime period Cloud Monitoring does not offer",
            { observability: { uptime: { periodSeconds: 120 } } },
            ["voice-agent:observability.uptime.periodSeconds: 120 is not a period Cloud Monitoring offers; allowed: 60, 300, 600, 900"],
        ],
        ["a bad e-mail", { observability: { alertEmails: ["oncall"] } }, ['voice-agent:observability.alertEmails[0]: "oncall" is not an e-mail address']],
        ["a Slack channel without #", { observability: { slackChannel: "edentist-incident" } }, ['voice-agent:observability.slackChannel: "edentist-incident" is not a Slack channel such as #edentist-incident']],
        ["an unknown threshold", { observability: { alerts: { latencyP99Ms: 3000 } } }, [
            "voice-agent:observability.alerts.latencyP99Ms: unknown key; allowed keys here: availabilityPercent, sev1FailurePercent, latencyP95Ms, pmsSyncFailurePercent, regionErrorPercent, replicaLagSeconds, redisMemoryPercent, pubsubOldestUnackedSeconds, crashLoopRestarts, geminiErrorsPerMinute, analyticsErrorsPerMinute, autoCloseMinutes",
        ]],
        ["an empty secret, without printing it", { slackAuthToken: "  " }, ["voice-agent:slackAuthToken: is set but empty; set it with pulumi config set --secret"]],
    ];
    for (const [title, extra, expected] of cases) {
        it(`rejects ${title}, naming the key`, () => assert.deepStrictEqual(problems(extra), expected));
    }

    it("validates the secret keys but never puts them into Config", () => {
        const c = parseConfig(values({ pagerDutyServiceKey: "pd-key", slackAuthToken: "xoxb-token" }), "edentist-voice-prod-eu");
        for (const k of secretConfigKeys) assert.ok(!(k in c), k);
        assert.ok(!JSON.stringify(c).includes("pd-key"));
    });

    it("stack files never hold the secret keys in plain text", () => {
        for (const stack of ["prod-eu", "prod-me"]) {
            const { raw, secretKeys } = resolveConfig({ stack });
            for (const k of secretConfigKeys) if (`voice-agent:${k}` in raw) assert.ok(secretKeys.includes(`voice-agent:${k}`), `${stack}: ${k} is not secure`);
        }
    });
});

describe("observability: secrets at preview and at up", () => {
    const table: [boolean, boolean, string][] = [
        [true, true, "use"],
        [true, false, "use"],
        [false, true, "empty-secret-in-preview"],
    ];
    for (const [present, dryRun, expected] of table) {
        it(`present=${present} dryRun=${dryRun} → ${expected}`, () => assert.strictEqual(resolveSecret("voice-agent:slackAuthToken", { present, dryRun }), expected));
    }
    it("pulumi up without the secret fails naming the key and the command", () => {
        assert.throws(
            () => resolveSecret("voice-agent:pagerDutyServiceKey", { present: false, dryRun: false }),
            (e: unknown) =>
                e instanceof MissingSecretError &&
                e.message === "voice-agent:pagerDutyServiceKey: is required for pulumi up but not set; set it with: pulumi config set --secret voice-agent:pagerDutyServiceKey <value>",
        );
    });

    it("loadSecrets() under the runtime: preview goes on with secrets, up stops at the first missing key", async () => {
        let secrets: ReturnType<typeof loadSecrets> | undefined;
        await runComponents(() => {
            secrets = loadSecrets();
        });
        for (const k of secretConfigKeys) assert.strictEqual(await pulumi.isSecret(secrets![k]), true, k);

        await assert.rejects(
            runComponents(() => loadSecrets(), { dryRun: false }),
            /voice-agent:pagerDutyServiceKey: is required for pulumi up but not set/,
        );
        await assert.rejects(
            runComponents(() => loadSecrets(), { dryRun: false, config: { "voice-agent:pagerDutyServiceKey": "pd" }, secretKeys: ["voice-agent:pagerDutyServiceKey"] }),
            /voice-agent:slackAuthToken: is required for pulumi up but not set/,
        );
        let given: ReturnType<typeof loadSecrets> | undefined;
        await runComponents(() => (given = loadSecrets()), {
            dryRun: false,
            config: { "voice-agent:pagerDutyServiceKey": "pd", "voice-agent:slackAuthToken": "xoxb" },
            secretKeys: ["voice-agent:pagerDutyServiceKey", "voice-agent:slackAuthToken"],
        });
        assert.strictEqual(await pulumi.isSecret(given!.slackAuthToken), true);
    });
});

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

describe("observability: pulumi up of the whole program without the secrets", () => {
    it("fails naming the key, before registering any resource", async () => {
        const { raw, secretKeys } = resolveConfig({ stack: "prod-eu" });
        const registered: Recorded[] = [];
        await assert.rejects(
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            runComponents(() => (require("../../infra/index") as () => Promise<unknown>)(), { dryRun: false, config: raw, secretKeys, sink: registered }),
            /voice-agent:pagerDutyServiceKey: is required for pulumi up but not set; set it with: pulumi config set --secret voice-agent:pagerDutyServiceKey <value>/,
        );
        // Not one resource of the cell (the Stack itself may or may not have registered by then).
        assert.deepStrictEqual(registered.filter((r) => r.type !== "pulumi:pulumi:Stack"), []);
    });

    it("with the secrets given, the same program runs through (sanity check of the test above)", async () => {
        const { raw, secretKeys } = resolveConfig({ stack: "prod-eu" });
        const rs = await runComponents(() => (require("../../infra/index") as () => Promise<unknown>)(), {
            dryRun: false,
            config: { ...raw, "voice-agent:pagerDutyServiceKey": "pd", "voice-agent:slackAuthToken": "xoxb" },
            secretKeys: [...secretKeys, "voice-agent:pagerDutyServiceKey", "voice-agent:slackAuthToken"],
        });
        assert.strictEqual(rs.filter((r) => r.type === "gcp:monitoring/alertPolicy:AlertPolicy").length, 19);
    });
});
