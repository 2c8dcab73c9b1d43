import * as assert from "assert";
import { loadScenario, parseScenario, scenarioNames } from "../../../../tools/lib/drill/scenario";

const minimal = `name: t
runbook: Region Failure
description: d
steps:
  - id: drain
    do: set
    why: w
    values: { regions.europe-west1.workload.minReplicas: 4 }
    budgetSeconds: 5
`;

const remediation = (steps: string) => `name: t
runbook: Region Failure
description: d
steps:
${steps}`;

describe("drill scenarios", () => {
    it("the scenario files: region-failover, region-loss, pod-crash and cache-outage, each valid and named after its file", () => {
        assert.deepStrictEqual(scenarioNames(), ["cache-outage", "pod-crash", "region-failover", "region-loss"]);
        for (const name of scenarioNames()) assert.strictEqual(loadScenario(name).name, name);
    });

    const phases = (name: string) =>
        loadScenario(name).steps.map((st) =>
            st.do === "remediate" ? `${st.action} ${st.phase}${st.args.to ? ` --to ${st.args.to}` : ""}` : st.do,
        );

    it("region-failover: the on-call phases of the drain, the switchover there and back, and the staged failback", () => {
        assert.deepStrictEqual(phases("region-failover"), [
            "region-failover drain",
            "region-failover pre-scale",
            "db-switchover switch --to $databaseStandbyRegion",
            "db-switchover refresh --to $databaseStandbyRegion",
            "db-switchover complete --to $databaseStandbyRegion",
            "wait",
            "db-switchover switch --to $databasePrimaryRegion",
            "db-switchover refresh --to $databasePrimaryRegion",
            "db-switchover complete --to $databasePrimaryRegion",
            "region-failback undrain",
            "region-failback gate-half",
            "region-failback half",
            "region-failback gate-full",
            "region-failback full",
        ]);
    });

    it("region-loss: every phase of db-promote-replica, then the switchover back", () => {
        assert.deepStrictEqual(phases("region-loss"), [
            "db-promote-replica promote --to $databaseStandbyRegion",
            "db-promote-replica config --to $databaseStandbyRegion",
            "db-promote-replica up-without-lost --to $databaseStandbyRegion",
            "db-promote-replica read-back-lost --to $databaseStandbyRegion",
            "wait",
            "db-switchover switch --to $databasePrimaryRegion",
            "db-switchover refresh --to $databasePrimaryRegion",
            "db-switchover complete --to $databasePrimaryRegion",
        ]);
    });

    it("defaults: the probe at 5/s with 4 sessions on /session, empty expectations", () => {
        const s = parseScenario(minimal, "t.yaml");
        assert.deepStrictEqual(s.probe, { rate: 5, sessions: 4, sessionPath: "/session" });
        assert.deepStrictEqual(s.steps[0]?.expect, {});
    });

    const refused: [string, string, string][] = [
        [
            "an unknown step kind",
            minimal.replace("do: set", "do: reboot"),
            "t.yaml:6: steps[0].do: Invalid discriminator value. Expected 'set' | 'remediate' | 'up' | 'refresh' | 'delete-pods' | 'wait-capacity' | 'wait'",
        ],
        [
            "a budget of zero",
            minimal.replace("budgetSeconds: 5", "budgetSeconds: 0"),
            "t.yaml:9: steps[0].budgetSeconds: Too small: expected number to be >=1",
        ],
        [
            "an unknown key",
            minimal.replace("    why: w\n", "    why: w\n    whenever: now\n"),
            `t.yaml:5: steps[0]: Unrecognized key: "whenever"`,
        ],
        [
            "a set with no key",
            minimal.replace("values: { regions.europe-west1.workload.minReplicas: 4 }", "values: {}"),
            "t.yaml:8: steps[0].values: at least one key to set",
        ],
        [
            "a bad target type",
            minimal.replace(
                "do: set\n    why: w\n    values: { regions.europe-west1.workload.minReplicas: 4 }",
                "do: up\n    why: w\n    targets: [{ type: sql }]",
            ),
            `t.yaml:8: steps[0].targets[0].type: "sql" is not a Pulumi type token such as gcp:sql/databaseInstance:DatabaseInstance`,
        ],
        [
            "a probe expectation above 1",
            minimal.replace("budgetSeconds: 5", "budgetSeconds: 5\n    expect: { probe: { minAvailability: 1.5 } }"),
            "t.yaml:10: steps[0].expect.probe.minAvailability: Too big: expected number to be <=1",
        ],
        [
            "two steps with one id",
            minimal + minimal.split("steps:\n")[1],
            `t.yaml:10: steps: the id "drain" is used twice`,
        ],
        [
            "a set of a key a remediation owns",
            remediation("  - { id: drain, do: set, why: w, values: { forcedFailover: true }, budgetSeconds: 5 }\n"),
            "t.yaml:5: steps[0]: sets forcedFailover, which the remediation region-failover owns: rehearse it with `do: remediate`, phase by phase",
        ],
        [
            "a remediation cut short",
            remediation(
                "  - { id: a, do: remediate, action: region-failover, phase: drain, why: w, budgetSeconds: 5 }\n",
            ),
            't.yaml:5: steps[0]: region-failover stops before its phase "pre-scale": a drill runs every phase on-call runs, in order',
        ],
        [
            "a remediation out of order",
            remediation(
                "  - { id: a, do: remediate, action: region-failover, phase: pre-scale, why: w, budgetSeconds: 5 }\n",
            ),
            't.yaml:5: steps[0]: region-failover starts at phase "pre-scale": its first phase is "drain"',
        ],
        [
            "an unknown phase",
            remediation(
                "  - { id: a, do: remediate, action: region-failover, phase: nuke, why: w, budgetSeconds: 5 }\n",
            ),
            't.yaml:5: steps[0]: region-failover has no phase "nuke"; phases: drain, pre-scale',
        ],
        [
            "a diff count of its own on a remediation phase",
            remediation(
                "  - { id: a, do: remediate, action: cache-off, phase: apply, why: w, budgetSeconds: 5, expect: { diff: { update: 6 } } }\n",
            ),
            "t.yaml:5: steps[0]: a remediation phase expects the diff `npm run remediate` predicts: remove expect.diff",
        ],
        [
            "YAML that does not parse",
            minimal.replace("budgetSeconds: 5", "budgetSeconds: [5"),
            "t.yaml:10: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
        ],
    ];
    for (const [name, text, message] of refused) {
        it(`refuses ${name} with file, line and key`, () =>
            assert.throws(() => parseScenario(text, "t.yaml"), { message }));
    }
});
