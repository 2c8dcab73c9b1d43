/**
 * The real preview's steps read per resource, and their comparison with the model's changes.
 */
import * as assert from "assert";
import { bridgeReplaceKeys } from "../../tools/lib/engine/replaceRules";
import { disagreements, realChanges } from "../../conformance/compare";
import { topLevel } from "../../tools/lib/engine/paths";
import { explain, explanations } from "../../conformance/explanations";

const u = (name: string) => `urn:pulumi:s::p::gcp:compute/network:Network::${name}`;

describe("realChanges", () => {
    it("reads one change per resource: updates, creates, deletes, and both kinds of replacement", () => {
        const steps = [
            { op: "same", urn: u("kept") },
            { op: "update", urn: u("upd"), diffReasons: ["b", "a"] },
            { op: "create-replacement", urn: u("cbd"), replaceReasons: ["name"], diffReasons: ["name"] },
            { op: "replace", urn: u("cbd"), replaceReasons: ["name"], diffReasons: ["name"] },
            { op: "delete-replaced", urn: u("dbr") },
            { op: "replace", urn: u("dbr"), replaceReasons: ["region", "network"] },
            { op: "create-replacement", urn: u("dbr"), replaceReasons: ["region", "network"] },
            { op: "create", urn: u("new") },
            { op: "delete", urn: u("old") },
            { op: "delete-replaced", urn: u("cbd") },
        ];
        assert.deepStrictEqual(realChanges(steps), [
            { urn: u("upd"), op: "update", replaceBecause: [], deleteBeforeReplace: false, diffReasons: ["a", "b"] },
            {
                urn: u("cbd"),
                op: "replace",
                replaceBecause: ["name"],
                deleteBeforeReplace: false,
                diffReasons: ["name"],
            },
            {
                urn: u("dbr"),
                op: "replace",
                replaceBecause: ["network", "region"],
                deleteBeforeReplace: true,
                diffReasons: [],
            },
            { urn: u("new"), op: "create", replaceBecause: [], deleteBeforeReplace: false, diffReasons: [] },
            { urn: u("old"), op: "delete", replaceBecause: [], deleteBeforeReplace: false, diffReasons: [] },
        ]);
    });

    it("refuses a step it does not know rather than guess", () => {
        assert.throws(() => realChanges([{ op: "import", urn: u("x") }]), /does not know: import/);
    });
});

describe("disagreements", () => {
    const real = (urn: string, op: "update" | "replace", because: string[] = [], dbr = false) => ({
        urn,
        op,
        replaceBecause: because,
        deleteBeforeReplace: dbr,
        diffReasons: [],
    });
    const model = (urn: string, op: string, because: string[] = [], dbr = false) => ({
        urn,
        op,
        replaceBecause: because,
        deleteBeforeReplace: dbr,
    });

    it("compares replacement reasons by their top-level property", () => {
        assert.strictEqual(topLevel("nodeConfig.machineType"), "nodeConfig");
        assert.strictEqual(topLevel("secondaryIpRanges[0].ipCidrRange"), "secondaryIpRanges");
        const pool = "urn:pulumi:s::p::gcp:container/nodePool:NodePool::a";
        assert.deepStrictEqual(
            disagreements(
                [model(pool, "replace", ["nodeConfig.machineType", "nodeConfig.diskSizeGb"])],
                [real(pool, "replace", ["nodeConfig"])],
            ),
            [],
        );
    });

    // The schema forces neither masterInstanceName nor settings; CustomizeDiff's ForceNewIf does.
    it("compares a Google replacement that only a CustomizeDiff forces as the bridge's __meta", () => {
        const sql = "urn:pulumi:s::p::gcp:sql/databaseInstance:DatabaseInstance::db";
        assert.deepStrictEqual(bridgeReplaceKeys("gcp:sql/databaseInstance:DatabaseInstance", ["masterInstanceName"]), [
            "__meta",
        ]);
        assert.deepStrictEqual(
            bridgeReplaceKeys("gcp:sql/databaseInstance:DatabaseInstance", ["masterInstanceName", "region"]),
            ["region"],
        );
        assert.deepStrictEqual(
            disagreements(
                [model(sql, "replace", ["masterInstanceName"], true)],
                [real(sql, "replace", ["__meta"], true)],
            ),
            [],
        );
        assert.deepStrictEqual(
            disagreements(
                [model(sql, "replace", ["masterInstanceName"], true)],
                [real(sql, "replace", ["region"], true)],
            ),
            [
                {
                    urn: sql,
                    model: "replace because __meta, delete before replace",
                    real: "replace because region, delete before replace",
                },
            ],
        );
    });

    it("names each difference: operation, reasons, delete-before-replace, a resource only one side changes", () => {
        assert.deepStrictEqual(
            disagreements(
                [
                    model(u("op"), "update"),
                    model(u("why"), "replace", ["name"]),
                    model(u("dbr"), "replace", ["name"], true),
                    model(u("only-model"), "update"),
                ],
                [
                    real(u("op"), "replace", ["region"]),
                    real(u("why"), "replace", ["region"]),
                    real(u("dbr"), "replace", ["name"], false),
                    real(u("only-real"), "update"),
                ],
            ),
            [
                { urn: u("op"), model: "update", real: "replace because region" },
                { urn: u("why"), model: "replace because name", real: "replace because region" },
                { urn: u("dbr"), model: "replace because name, delete before replace", real: "replace because name" },
                { urn: u("only-model"), model: "update", real: "same" },
                { urn: u("only-real"), model: "same", real: "update" },
            ],
        );
    });

    it("compares a reason of a replaced dependency as the input the provider sees unknown", () => {
        assert.deepStrictEqual(
            disagreements(
                [model(u("d"), "replace", ["network (unknown while urn:x is replaced)"])],
                [real(u("d"), "replace", ["network"])],
            ),
            [],
        );
        assert.deepStrictEqual(
            disagreements(
                [model(u("d"), "replace", ["network (unknown while urn:x is replaced)"])],
                [real(u("d"), "replace", ["region"])],
            ),
            [
                {
                    urn: u("d"),
                    model: "replace because network",
                    real: "replace because region",
                },
            ],
        );
    });

    it("takes a dependent of a delete-before-replace, which the engine replaces without reasons, as agreeing", () => {
        const dep = "instance (unknown while urn:db is replaced)";
        assert.deepStrictEqual(
            disagreements([model(u("d"), "replace", [dep], true)], [real(u("d"), "replace", [], true)]),
            [],
        );
        assert.deepStrictEqual(
            disagreements([model(u("d"), "replace", [dep], true)], [real(u("d"), "replace", [], false)]),
            [{ urn: u("d"), model: "replace because instance, delete before replace", real: "replace because (none)" }],
        );
    });

    it("leaves a provider change, the engine's own reason, out of the property comparison", () => {
        assert.deepStrictEqual(
            disagreements([model(u("p"), "replace", ["(provider)"])], [real(u("p"), "replace", ["region"])]),
            [],
        );
    });
});

describe("disagreements over the settled state", () => {
    const ch = (urn: string, op: "update" | "replace", diffReasons: string[], because: string[] = []) => ({
        urn,
        op,
        replaceBecause: because,
        deleteBeforeReplace: false,
        diffReasons,
    });

    it("counts every change the real preview shows and the model does not, whatever property it names", () => {
        assert.deepStrictEqual(
            disagreements(
                [{ urn: u("gone"), op: "update", replaceBecause: [], deleteBeforeReplace: false }],
                [
                    ch(u("noise"), "update", ["deletionPolicy"]),
                    ch(u("noise2"), "update", ["name"]),
                    ch(u("gone"), "replace", [], ["x"]),
                ],
            ),
            [
                { urn: u("gone"), model: "update", real: "replace because x" },
                { urn: u("noise"), model: "same", real: "update" },
                { urn: u("noise2"), model: "same", real: "update" },
            ],
        );
    });
});

describe("explanations of the remaining differences", () => {
    it("finds an explanation by case, type and name, and none for another resource", () => {
        const urn = (type: string, name: string) => `urn:pulumi:prod-eu::voice-agent::comp$${type}::${name}`;
        const sql = "gcp:sql/databaseInstance:DatabaseInstance";
        const table = [
            { caseId: "db-switchover", type: sql, names: ["voice-db-europe-west1"], modelWrong: true, reason: "r" },
        ];
        assert.strictEqual(explain("db-switchover", urn(sql, "voice-db-europe-west1"), table)?.reason, "r");
        assert.strictEqual(explain("db-switchover", urn(sql, "voice-db-europe-west4"), table), undefined);
        assert.strictEqual(explain("rollback", urn(sql, "voice-db-europe-west1"), table), undefined);
    });

    it("the committed table is empty: the model agrees wherever the last run compared", () => {
        assert.deepStrictEqual(explanations, []);
    });
});
