import * as assert from "assert";
import { loadScenario, parseScenario, scenarioNames } from "../../../../tools/lib/drill/scenario";

const minimal = `name: t
runbook: Region Failure
description: d
steps:
  - id: drain
    do: set
    why: w
    values: { forcedFailover: true }
    budgetSeconds: 5
`;

describe("drill scenarios", () => {
    it("the scenario files: region-failover, pod-crash and cache-outage, each valid and named after its file", () => {
        assert.deepStrictEqual(scenarioNames(), ["cache-outage", "pod-crash", "region-failover"]);
        for (const name of scenarioNames()) assert.strictEqual(loadScenario(name).name, name);
    });

    it("region-failover: drain, the database switchover in three phases (targeted up, refresh, full up), a hold, and both failed back", () => {
        const s = loadScenario("region-failover");
        assert.deepStrictEqual(
            s.steps.map((st) => `${st.do}${"targets" in st && st.targets ? ` ${st.targets.map((t) => `${t.type}@${t.region ?? "*"}`).join(",")}` : ""}`),
            [
                "set",
                "up",
                "set",
                "up gcp:sql/databaseInstance:DatabaseInstance@$databaseStandbyRegion",
                "refresh gcp:sql/databaseInstance:DatabaseInstance@*",
                "up",
                "wait",
                "set",
                "up gcp:sql/databaseInstance:DatabaseInstance@$databasePrimaryRegion",
                "refresh gcp:sql/databaseInstance:DatabaseInstance@*",
                "up",
                "set",
                "up",
            ],
        );
    });

    it("defaults: the probe at 5/s with 4 sessions on /session, empty expectations", () => {
        const s = parseScenario(minimal, "t.yaml");
        assert.deepStrictEqual(s.probe, { rate: 5, sessions: 4, sessionPath: "/session" });
        assert.deepStrictEqual(s.steps[0]?.expect, {});
    });

    const refused: [string, string, string][] = [
        ["an unknown step kind", minimal.replace("do: set", "do: reboot"), "t.yaml:6: steps[0].do: Invalid discriminator value. Expected 'set' | 'up' | 'refresh' | 'delete-pods' | 'wait-capacity' | 'wait'"],
        ["a budget of zero", minimal.replace("budgetSeconds: 5", "budgetSeconds: 0"), "t.yaml:9: steps[0].budgetSeconds: Too small: expected number to be >=1"],
        ["an unknown key", minimal.replace("    why: w\n", "    why: w\n    whenever: now\n"), `t.yaml:5: steps[0]: Unrecognized key: "whenever"`],
        ["a set with no key", minimal.replace("values: { forcedFailover: true }", "values: {}"), "t.yaml:8: steps[0].values: at least one key to set"],
        ["a bad target type", minimal.replace("do: set\n    why: w\n    values: { forcedFailover: true }", "do: up\n    why: w\n    targets: [{ type: sql }]"), `t.yaml:8: steps[0].targets[0].type: "sql" is not a Pulumi type token such as gcp:sql/databaseInstance:DatabaseInstance`],
        ["a probe expectation above 1", minimal.replace("budgetSeconds: 5", "budgetSeconds: 5\n    expect: { probe: { minAvailability: 1.5 } }"), "t.yaml:10: steps[0].expect.probe.minAvailability: Too big: expected number to be <=1"],
        ["two steps with one id", minimal + minimal.split("steps:\n")[1], `t.yaml:10: steps: the id "drain" is used twice`],
        ["YAML that does not parse", minimal.replace("budgetSeconds: 5", "budgetSeconds: [5"), "t.yaml:10: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]"],
    ];
    for (const [name, text, message] of refused) {
        it(`refuses ${name} with file, line and key`, () => assert.throws(() => parseScenario(text, "t.yaml"), { message }));
    }
});
