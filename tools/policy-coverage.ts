/**
 * `npm run policy:coverage`: regenerates policies/COVERAGE.md (anchor check ID → policy) from the
 * policies' metadata. `--check` exits 1 instead of writing when the committed file is stale.
 */
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { policies } from "../policies/policies";
import { renderCoverage } from "./lib/coverage";

const target = join(__dirname, "..", "policies", "COVERAGE.md");
const expected = renderCoverage(policies);

if (process.argv.includes("--check")) {
    let current = "";
    try {
        current = readFileSync(target, "utf8");
    } catch {
        // a missing file is stale too
    }
    if (current !== expected) {
        process.stderr.write("policies/COVERAGE.md is out of date; run `npm run policy:coverage`.\n");
        process.exitCode = 1;
    }
} else {
    writeFileSync(target, expected);
    process.stdout.write(`wrote ${target}\n`);
}
