/**
 * The whole inventory of every stack file against its stored expectation
 * (test/infra/expected/<stack>.yaml): a resource added, lost or unprotected anywhere in the program
 * fails here, and once accepted shows as a reviewed diff of that file (`npm run expected`).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { expectedInventoryOf, type ExpectedInventory } from "../../tools/lib/expectedInventory";
import { planOf, prodStacks } from "../support/plans";
import { projectRoot } from "../support/paths";

function stored(stack: string): ExpectedInventory {
    return YAML.parse(fs.readFileSync(path.join(projectRoot, "test", "infra", "expected", `${stack}.yaml`), "utf8")) as ExpectedInventory;
}

describe("whole inventory against the stored expectation", () => {
    for (const stack of ["prod-eu", "prod-me", "drill-eu"]) {
        it(`${stack}: exactly the resources of test/infra/expected/${stack}.yaml`, async () => {
            assert.deepStrictEqual(expectedInventoryOf(await planOf(stack)), stored(stack));
        });
    }

    it("both prod cells have two regions of three zones, so their counts per type agree", () => {
        const [eu, me] = prodStacks.map(({ stack }) => stored(stack));
        assert.deepStrictEqual(me.counts, eu.counts);
        assert.strictEqual(eu.total, 158);
    });
});
