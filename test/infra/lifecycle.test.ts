import * as assert from "assert";
import { lifecycleOf } from "../../infra/lifecycle";

describe("lifecycle of a cell", () => {
    const table: [Parameters<typeof lifecycleOf>[0]["environment"], ReturnType<typeof lifecycleOf>][] = [
        ["prod", { protect: true, deletionProtection: true }],
        ["drill", { protect: false, deletionProtection: false }],
    ];
    for (const [environment, expected] of table) {
        it(`${environment}: ${JSON.stringify(expected)}`, () => assert.deepStrictEqual(lifecycleOf({ environment }), expected));
    }
});
