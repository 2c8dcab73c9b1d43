/**
 * The whole inventory of every stack file against its stored expectation
 * (test/infra/expected/<stack>.yaml): a resource added, lost or unprotected anywhere in the program
 * fails here, and once accepted shows as a reviewed diff of that file (`npm run expected`).
 */
import * as assert from "assert";
import { expectedInventoryOf, readExpectedInventory as stored } from "../../tools/lib/expectedInventory";
import { planOf, prodStacks } from "../support/plans";

describe("whole inventory against the stored expectation", () => {
    for (const stack of ["prod-eu", "prod-me", "drill-eu"]) {
        it(`${stack}: exactly the resources of test/infra/expected/${stack}.yaml`, async () => {
            assert.deepStrictEqual(expectedInventoryOf(await planOf(stack)), stored(stack));
        });
    }

    it("both prod cells have two regions of three zones, so their counts per type and totals agree", () => {
        const [eu, me] = prodStacks.map(({ stack }) => stored(stack));
        assert.deepStrictEqual(me?.counts, eu?.counts);
        assert.strictEqual(me?.total, eu?.total);
    });
});
