/** `npm run expected`: rewrites test/infra/expected/<stack>.yaml for every prod and drill stack file. */
import * as fs from "fs";
import * as path from "path";
import { expectedInventoryFile, expectedInventoryOf, renderExpectedInventory } from "./lib/expectedInventory";
import { plan } from "./lib/plan";
import { projectRoot } from "./lib/stackConfig";

async function main(): Promise<void> {
    const stacks = fs
        .readdirSync(projectRoot)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
    for (const stack of stacks) {
        const file = expectedInventoryFile(stack);
        fs.writeFileSync(file, renderExpectedInventory(expectedInventoryOf(await plan({ stack }))));
        process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
    }
}

main().catch((e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
});
