import * as assert from "assert";
import { policy as routing } from "../../../policies/gcp/monitoring/alertPolicy/gcp-monitoring-alertpolicy-require-routing-and-documentation";
import {
    durationSeconds,
    policy as burnRate,
} from "../../../policies/gcp/monitoring/slo/gcp-monitoring-slo-require-burn-rate-alerts";
import { policy as channels } from "../../../policies/gcp/monitoring/notificationChannel/gcp-monitoring-notificationchannel-keep-routed-channels-enabled";
import { policy as uptimeTls } from "../../../policies/gcp/monitoring/uptimeCheckConfig/gcp-monitoring-uptimecheckconfig-check-over-tls";
import { policy as drill } from "../../../policies/gcp/resourcemanager/project/gcp-resourcemanager-project-isolate-drill-stacks";
import { checkStack, messages, prodEu, realPlan, REMOVE, resourceCases, stackCases } from "../harness";
import { PolicyInventory } from "../../../tools/lib/policy";

const ALERT = "gcp:monitoring/alertPolicy:AlertPolicy";
const FAST_BURN = "voice-eu-obs-alerts-slo-fast-burn";
const SLOW_BURN = "voice-eu-obs-alerts-slo-slow-burn";
const BUDGET_EXHAUSTION = "voice-eu-obs-alerts-slo-budget-exhaustion";
const A = "SLO fast burn: error budget burn 14.4x (1h and 5m)";

/** The prod-eu plan without the named alert policies. */
async function withoutAlerts(...names: string[]): Promise<PolicyInventory> {
    const inv = await realPlan("prod-eu");
    inv.resources = inv.resources.filter((r) => r.type !== ALERT || !names.includes(r.name));
    return inv;
}

resourceCases(routing, prodEu(ALERT, FAST_BURN), [
    [
        "notificationChannels",
        [],
        [`Alert policy '${A}' must notify at least one channel: notificationChannels is empty.`],
    ],
    [
        "notificationChannels",
        REMOVE,
        [`Alert policy '${A}' must notify at least one channel: notificationChannels is empty.`],
    ],
    ["documentation", REMOVE, [`Alert policy '${A}' must carry documentation.content (the runbook step to follow).`]],
    ["severity", REMOVE, [`Alert policy '${A}' must set severity.`]],
    ["enabled", false, [`Alert policy '${A}' is disabled.`]],
]);

stackCases(burnRate, "prod-eu", [
    [
        ALERT,
        FAST_BURN,
        "enabled",
        false,
        [`SLO 'availability' has no fast-burn alert (select_slo_burn_rate lookback ≤ 3600s).`],
    ],
]);

// The budget-exhaustion alert's 72h window is a slow burn too: without it, the slow-burn alert is
// the only one, and each case breaks it.
stackCases(
    burnRate,
    { label: "the prod-eu plan without its budget-exhaustion alert", plan: () => withoutAlerts(BUDGET_EXHAUSTION) },
    [
        [
            ALERT,
            SLOW_BURN,
            "conditions[0].conditionThreshold.filter",
            'metric.type="x"',
            [`SLO 'availability' has no slow-burn alert (select_slo_burn_rate lookback ≥ 21600s).`],
        ],
        [
            ALERT,
            SLOW_BURN,
            "conditions[0].conditionThreshold.filter",
            `select_slo_burn_rate("projects/p/services/voice-agent/serviceLevelObjectives/latency", "21600s")`,
            [`SLO 'availability' has no slow-burn alert (select_slo_burn_rate lookback ≥ 21600s).`],
        ],
        [
            ALERT,
            SLOW_BURN,
            "conditions[0].conditionThreshold.filter",
            `select_slo_burn_rate("projects/p/services/voice-agent/serviceLevelObjectives/availability", "6h")`,
            [],
        ],
    ],
);

describe("burn-rate lookback parsing", () => {
    it("reads seconds, minutes, hours and days", () => {
        assert.deepStrictEqual(["3600s", "60m", "6h", "1d", "x"].map(durationSeconds), [
            3600,
            3600,
            21600,
            86400,
            undefined,
        ]);
    });
});

/** The prod-eu plan re-homed into another stack and GCP project. */
async function asStack(stack: string, project: string): Promise<PolicyInventory> {
    const inv = await realPlan("prod-eu");
    const text = JSON.stringify(inv)
        .split("urn:pulumi:prod-eu::")
        .join(`urn:pulumi:${stack}::`)
        .split("edentist-voice-prod-eu")
        .join(project);
    return JSON.parse(text);
}

describe(drill.name, () => {
    it("accepts production stacks in production projects and drill stacks in sandbox projects", async () => {
        assert.deepStrictEqual(messages(checkStack(drill, await realPlan("prod-eu"))), []);
        assert.deepStrictEqual(messages(checkStack(drill, await realPlan("drill-eu"))), []);
    });
    it("rejects a drill stack pointing at a production project", async () => {
        const drillPlan = JSON.stringify(await realPlan("drill-eu"));
        const repointed = JSON.parse(drillPlan.split("edentist-voice-sandbox").join("edentist-voice-prod-eu"));
        assert.deepStrictEqual(messages(checkStack(drill, repointed)), [
            `Drill stack 'drill-eu' declares resources in production project 'edentist-voice-prod-eu'; drills run in a sandbox project.`,
        ]);
    });
    it("recognizes a drill by its environment label and a listed production project", async () => {
        let inv = await asStack("rehearsal", "edentist-voice-eu");
        inv = JSON.parse(JSON.stringify(inv).split('"environment":"prod"').join('"environment":"drill"'));
        assert.deepStrictEqual(
            messages(checkStack(drill, inv, { [drill.name]: { productionProjects: ["edentist-voice-eu"] } })),
            [
                `Drill stack 'rehearsal' declares resources in production project 'edentist-voice-eu'; drills run in a sandbox project.`,
            ],
        );
    });
});

/** The prod-eu alert policies that page through PagerDuty (SEV-1 and SEV-2), in plan order. */
const PAGED = [
    "VoiceAgent Availability < 98%",
    "VoiceAgent request failures > 50%",
    "Latency P95 > 2s",
    "voice-agent pods crash-looping",
    "Gemini Live error rate > 5/min",
    "PMS sync failures > 20%",
    "Cloud SQL instance down",
    "PMS sync backlog: oldest unacked job > 15 min",
    "Region europe-west1 unhealthy",
    "Region europe-west4 unhealthy",
    "Uptime check failing: https://voice.eu.edentist.ai/healthz",
    "SLO fast burn: error budget burn 14.4x (1h and 5m)",
    "SLO slow burn: error budget burn 6x (6h and 30m)",
];

stackCases(channels, "prod-eu", [
    [
        "gcp:monitoring/notificationChannel:NotificationChannel",
        "voice-eu-obs-channels-pagerduty",
        "enabled",
        false,
        PAGED.map(
            (alert) =>
                `Alert policy '${alert}' routes to notification channel 'PagerDuty voice-agent eu (SEV-1/2)', which is disabled.`,
        ),
    ],
]);

describe(`${burnRate.name} (generated SLO id)`, () => {
    it("counts any burn-rate alert for an SLO without sloId", async () => {
        const inv = await realPlan("prod-eu");
        const slo = inv.resources.find((r) => r.type === "gcp:monitoring/slo:Slo")!;
        slo.inputs = { ...slo.inputs, sloId: undefined, displayName: "Availability 99%" };
        assert.deepStrictEqual(messages(checkStack(burnRate, inv)), []);
        inv.resources = inv.resources.filter((r) => r.name !== FAST_BURN);
        assert.deepStrictEqual(messages(checkStack(burnRate, inv)), [
            `SLO 'Availability 99%' has no fast-burn alert (select_slo_burn_rate lookback ≤ 3600s).`,
        ]);
    });
});

describe(`${burnRate.name} (alerts built from the SLO's output)`, () => {
    it("matches an alert that depends on the SLO even when the name in the filter is not the sloId", async () => {
        const inv = await realPlan("prod-eu");
        const slo = inv.resources.find((r) => r.type === "gcp:monitoring/slo:Slo")!;
        const alerts = inv.resources.filter((r) => r.type === ALERT);
        for (const alert of alerts) {
            for (const condition of (alert.inputs as any).conditions) {
                const threshold = condition.conditionThreshold;
                if (threshold === undefined) continue;
                threshold.filter = String(threshold.filter).replace(
                    /serviceLevelObjectives\/availability/g,
                    "serviceLevelObjectives/generated-1",
                );
            }
        }
        assert.deepStrictEqual(messages(checkStack(burnRate, inv)).length, 2);
        for (const alert of alerts) alert.dependsOn = [slo.urn];
        assert.deepStrictEqual(messages(checkStack(burnRate, inv)), []);
    });
});

describe(`${burnRate.name} (confirmation windows)`, () => {
    it("classifies an alert by its longest window, not its short confirmation window", async () => {
        const inv = await withoutAlerts(FAST_BURN);
        const slowBurn = inv.resources.find((r) => r.type === ALERT && r.name === SLOW_BURN)!;
        const filters = (slowBurn.inputs as any).conditions.map((c: any) => c.conditionThreshold.filter);
        // The slow-burn alert confirms its 6h window with a 30m one, short enough for a fast burn alone.
        assert.match(filters[1], /"30m"\)$/);
        assert.deepStrictEqual(messages(checkStack(burnRate, inv)), [
            `SLO 'availability' has no fast-burn alert (select_slo_burn_rate lookback ≤ 3600s).`,
        ]);
    });
});

resourceCases(uptimeTls, prodEu("gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig", "voice-eu-obs-uptime-https"), [
    [
        "httpCheck.useSsl",
        false,
        [
            `Uptime check 'voice-agent eu https://voice.eu.edentist.ai/healthz' must use TLS: httpCheck.useSsl is not true.`,
        ],
    ],
    [
        "httpCheck.validateSsl",
        REMOVE,
        [
            `Uptime check 'voice-agent eu https://voice.eu.edentist.ai/healthz' must validate the certificate: httpCheck.validateSsl is not true.`,
        ],
    ],
    ["httpCheck", REMOVE, []],
]);

describe(`${drill.name} (stack facts from the plan's config)`, () => {
    it("treats a stack whose resolved config says environment drill as a drill", async () => {
        const inv = {
            ...(await realPlan("prod-eu")),
            config: { environment: "drill", project: "edentist-voice-prod-eu" },
        };
        assert.deepStrictEqual(messages(checkStack(drill, inv)), [
            `Drill stack 'prod-eu' declares resources in production project 'edentist-voice-prod-eu'; drills run in a sandbox project.`,
        ]);
        assert.deepStrictEqual(
            messages(checkStack(drill, { ...inv, config: { environment: "prod", project: "edentist-voice-prod-eu" } })),
            [],
        );
    });
    it("lets the pack config override the stack facts", async () => {
        const inv = { ...(await realPlan("prod-eu")), config: { environment: "drill" } };
        assert.deepStrictEqual(messages(checkStack(drill, inv, { [drill.name]: { stackEnvironment: "prod" } })), []);
    });
});
