import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { projectRoot } from "../support/paths";

/** Each import cycle dependency-cruiser finds under `paths` (rules: .dependency-cruiser.cjs), as `a → b → a`. */
function importCycles(...paths: string[]): string[] {
    const cli = path.join(projectRoot, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
    const r = spawnSync(process.execPath, [cli, "--config", ".dependency-cruiser.cjs", "--output-type", "json", ...paths], {
        cwd: projectRoot,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    assert.strictEqual(r.status, 0, r.stderr);
    const { summary } = JSON.parse(r.stdout) as { summary: { violations: { from: string; rule: { name: string }; cycle?: { name: string }[] }[] } };
    return summary.violations.map((v) => {
        assert.strictEqual(v.rule.name, "no-circular");
        return [v.from, ...v.cycle!.map((c) => c.name)].join(" → ");
    });
}

describe("import cycles (dependency-cruiser)", () => {
    it("infra/, tools/ and policies/ have none, type-only imports included", () => {
        assert.deepStrictEqual(importCycles("infra", "tools", "policies"), []);
    });

    it("a cycle is found, even when one side imports only a type", () => {
        const dir = "test/support/fixtures/importCycle";
        assert.deepStrictEqual(importCycles(dir), [`${dir}/price.ts → ${dir}/tax.ts → ${dir}/price.ts`]);
    });
});
