import * as assert from "assert";
import { policy as routing } from "../../../policies/gcp/monitoring/alertPolicy/gcp-monitoring-alertpolicy-require-routing-and-documentation";
import {
    durationSeconds,
    policy as burnRate,
} from "../../../policies/gcp/monitoring/slo/gcp-monitoring-slo-require-burn-rate-alerts";
import { policy as channels } from "../../../policies/gcp/monitoring/notificationChannel/gcp-monitoring-notificationchannel-keep-routed-channels-enabled";
import { policy as uptimeTls } from "../../../policies/gcp/monitoring/uptimeCheckConfig/gcp-monitoring-uptimecheckconfig-check-over-tls";
import { policy as drill } from "../../../policies/gcp/resourcemanager/project/gcp-resourcemanager-project-isolate-drill-stacks";
import { checkStack, messages, mutateResource, REMOVE, resourceCases, stackCases } from "../harness";
import { compliantInventory, fastBurn, uptimeCheck } from "../fixtures";
import { PolicyInventory } from "../../../tools/lib/policy";

const ALERT = "gcp:monitoring/alertPolicy:AlertPolicy";
const A = "Availability SLO fast burn";

resourceCases(routing, ALERT, fastBurn, [
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

stackCases(burnRate, compliantInventory, [
    [
        ALERT,
        "availability-fast-burn",
        "enabled",
        false,
        [`SLO 'availability' has no fast-burn alert (select_slo_burn_rate lookback ≤ 3600s).`],
    ],
    [
        ALERT,
        "availability-slow-burn",
        "conditions[0].conditionThreshold.filter",
        'metric.type="x"',
        [`SLO 'availability' has no slow-burn alert (select_slo_burn_rate lookback ≥ 21600s).`],
    ],
    [
        ALERT,
        "availability-slow-burn",
        "conditions[0].conditionThreshold.filter",
        `select_slo_burn_rate("projects/p/services/voice-agent/serviceLevelObjectives/latency", "21600s")`,
        [`SLO 'availability' has no slow-burn alert (select_slo_burn_rate lookback ≥ 21600s).`],
    ],
    [
        ALERT,
        "availability-slow-burn",
        "conditions[0].conditionThreshold.filter",
        `select_slo_burn_rate("projects/p/services/voice-agent/serviceLevelObjectives/availability", "6h")`,
        [],
    ],
]);

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

/** The fixture re-homed into another stack and GCP project. */
function asStack(stack: string, project: string): PolicyInventory {
    const inv = compliantInventory();
    const text = JSON.stringify(inv)
        .split("urn:pulumi:prod-eu::")
        .join(`urn:pulumi:${stack}::`)
        .split("edentist-voice-prod-eu")
        .join(project);
    return JSON.parse(text);
}

describe(drill.name, () => {
    it("accepts production stacks in production projects and drill stacks in sandbox projects", () => {
        assert.deepStrictEqual(messages(checkStack(drill, compliantInventory())), []);
        assert.deepStrictEqual(messages(checkStack(drill, asStack("drill-eu", "edentist-voice-drill-sandbox"))), []);
    });
    it("rejects a drill stack pointing at a production project", () => {
        assert.deepStrictEqual(messages(checkStack(drill, asStack("drill-eu", "edentist-voice-prod-eu"))), [
            `Drill stack 'drill-eu' declares resources in production project 'edentist-voice-prod-eu'; drills run in a sandbox project.`,
        ]);
    });
    it("recognizes a drill by its environment label and a listed production project", () => {
        let inv = asStack("rehearsal", "edentist-voice-eu");
        inv = JSON.parse(JSON.stringify(inv).split('"environment":"prod"').join('"environment":"drill"'));
        assert.deepStrictEqual(
            messages(checkStack(drill, inv, { [drill.name]: { productionProjects: ["edentist-voice-eu"] } })),
            [
                `Drill stack 'rehearsal' declares resources in production project 'edentist-voice-eu'; drills run in a sandbox project.`,
            ],
        );
    });
});

stackCases(channels, compliantInventory, [
    [
        "gcp:monitoring/notificationChannel:NotificationChannel",
        "pagerduty",
        "enabled",
        false,
        [
            `Alert policy 'Availability SLO fast burn' routes to notification channel 'PagerDuty SEV-1/2', which is disabled.`,
            `Alert policy 'Availability SLO slow burn' routes to notification channel 'PagerDuty SEV-1/2', which is disabled.`,
        ],
    ],
]);

describe(`${burnRate.name} (generated SLO id)`, () => {
    it("counts any burn-rate alert for an SLO without sloId", () => {
        const inv = compliantInventory();
        const slo = inv.resources.find((r) => r.type === "gcp:monitoring/slo:Slo")!;
        slo.inputs = { ...slo.inputs, sloId: undefined, displayName: "Availability 99%" };
        assert.deepStrictEqual(messages(checkStack(burnRate, inv)), []);
        inv.resources = inv.resources.filter((r) => r.name !== "availability-fast-burn");
        assert.deepStrictEqual(messages(checkStack(burnRate, inv)), [
            `SLO 'Availability 99%' has no fast-burn alert (select_slo_burn_rate lookback ≤ 3600s).`,
        ]);
    });
});

describe(`${burnRate.name} (alerts built from the SLO's output)`, () => {
    it("matches an alert that depends on the SLO even when the name in the filter is not the sloId", () => {
        const inv = compliantInventory();
        const slo = inv.resources.find((r) => r.type === "gcp:monitoring/slo:Slo")!;
        for (const alert of inv.resources.filter((r) => r.type === ALERT)) {
            const filter = (alert.inputs as any).conditions[0].conditionThreshold.filter as string;
            (alert.inputs as any).conditions[0].conditionThreshold.filter = filter.replace(
                /serviceLevelObjectives\/availability/,
                "serviceLevelObjectives/generated-1",
            );
        }
        assert.deepStrictEqual(messages(checkStack(burnRate, inv)).length, 2);
        for (const alert of inv.resources.filter((r) => r.type === ALERT)) alert.dependsOn = [slo.urn];
        assert.deepStrictEqual(messages(checkStack(burnRate, inv)), []);
    });
});

describe(`${burnRate.name} (confirmation windows)`, () => {
    it("classifies an alert by its longest window, not its short confirmation window", () => {
        let inv = compliantInventory();
        inv.resources = inv.resources.filter((r) => r.name !== "availability-fast-burn");
        const name = "projects/edentist-voice-prod-eu/services/voice-agent/serviceLevelObjectives/availability";
        inv = mutateResource(inv, ALERT, "availability-slow-burn", "conditions[1]", {
            displayName: "confirm",
            conditionThreshold: {
                filter: `select_slo_burn_rate("${name}", "30m")`,
                comparison: "COMPARISON_GT",
                duration: "0s",
            },
        });
        assert.deepStrictEqual(messages(checkStack(burnRate, inv)), [
            `SLO 'availability' has no fast-burn alert (select_slo_burn_rate lookback ≤ 3600s).`,
        ]);
    });
});

resourceCases(uptimeTls, "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig", uptimeCheck, [
    ["httpCheck.useSsl", false, [`Uptime check 'voice-agent eu https' must use TLS: httpCheck.useSsl is not true.`]],
    [
        "httpCheck.validateSsl",
        REMOVE,
        [`Uptime check 'voice-agent eu https' must validate the certificate: httpCheck.validateSsl is not true.`],
    ],
    ["httpCheck", REMOVE, []],
]);

describe(`${drill.name} (stack facts from the plan's config)`, () => {
    it("treats a stack whose resolved config says environment drill as a drill", () => {
        const inv = { ...compliantInventory(), config: { environment: "drill", project: "edentist-voice-prod-eu" } };
        assert.deepStrictEqual(messages(checkStack(drill, inv)), [
            `Drill stack 'prod-eu' declares resources in production project 'edentist-voice-prod-eu'; drills run in a sandbox project.`,
        ]);
        assert.deepStrictEqual(
            messages(checkStack(drill, { ...inv, config: { environment: "prod", project: "edentist-voice-prod-eu" } })),
            [],
        );
    });
    it("lets the pack config override the stack facts", () => {
        const inv = { ...compliantInventory(), config: { environment: "drill" } };
        assert.deepStrictEqual(messages(checkStack(drill, inv, { [drill.name]: { stackEnvironment: "prod" } })), []);
    });
});
