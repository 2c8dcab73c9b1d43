import * as assert from "assert";
import { resolveConfig } from "../../../tools/lib/plan";
import { activeToggles } from "../../../tools/lib/render";

describe("the plan's remediation-toggles line", () => {
    const table: [string[], string[]][] = [
        [[], []],
        [["forcedFailover=true"], ["forcedFailover=true"]],
        [
            ["cacheDisabled=true", "cacheEpoch=2"],
            ["cacheDisabled=true", "cacheEpoch=2"],
        ],
        [["database.primaryRegion=europe-west4"], ['database.primaryRegion="europe-west4"']],
        // The primary role back on the voice-db region is no switchover.
        [["database.primaryRegion=europe-west1"], []],
    ];
    for (const [sets, expected] of table) {
        it(`${sets.join(" ") || "(stack file)"} → ${expected.join(", ") || "none active"}`, () => {
            const { config } = resolveConfig({ stack: "prod-eu", sets });
            assert.deepStrictEqual(activeToggles(config as unknown as Record<string, unknown>), expected);
        });
    }
});
