import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { projectRoot } from "../support/paths";

/**
 * Each violation dependency-cruiser finds under `paths` of `cwd` (rules: .dependency-cruiser.cjs),
 * as `rule: a → b`, a cycle as `rule: a → b → a`.
 */
function violations(cwd: string, ...paths: string[]): string[] {
    const cli = path.join(projectRoot, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
    const config = path.join(projectRoot, ".dependency-cruiser.cjs");
    const run = spawnSync(process.execPath, [cli, "--config", config, "--output-type", "json", ...paths], {
        cwd,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    assert.strictEqual(run.status, 0, run.stderr);
    const { summary } = JSON.parse(run.stdout) as {
        summary: { violations: { from: string; to: string; rule: { name: string }; cycle?: { name: string }[] }[] };
    };
    return summary.violations
        .map((v) => `${v.rule.name}: ${[v.from, ...(v.cycle ? v.cycle.map((c) => c.name) : [v.to])].join(" → ")}`)
        .sort();
}

describe("layers and import cycles (dependency-cruiser)", () => {
    it("core/, infra/, tools/ and policies/ have no cycle, type-only imports included, and no forbidden arrow", () => {
        assert.deepStrictEqual(violations(projectRoot, "core", "infra", "tools", "policies"), []);
    });

    it("a cycle is found, even when one side imports only a type", () => {
        const dir = "test/support/fixtures/importCycle";
        assert.deepStrictEqual(violations(projectRoot, dir), [
            `no-circular: ${dir}/price.ts → ${dir}/tax.ts → ${dir}/price.ts`,
        ]);
    });

    it("each forbidden arrow between the layers is found, and the allowed ones are not", () => {
        // A miniature tree with the project's four roots: tools/tool.ts, infra/cell.ts and
        // policies/policy.ts make only allowed imports; each imports*.ts makes one forbidden one.
        const fixture = path.join(projectRoot, "test", "support", "fixtures", "layers");
        assert.deepStrictEqual(violations(fixture, "core", "infra", "tools", "policies"), [
            "core-imports-no-layer: core/importsInfra.ts → infra/cell.ts",
            "core-imports-no-layer: core/importsPolicies.ts → policies/policy.ts",
            "core-imports-no-layer: core/importsTools.ts → tools/tool.ts",
            "infra-imports-only-core: infra/importsPolicies.ts → policies/policy.ts",
            "infra-imports-only-core: infra/importsTools.ts → tools/tool.ts",
            "policies-import-only-core: policies/importsInfra.ts → infra/cell.ts",
            "policies-import-only-core: policies/importsTools.ts → tools/tool.ts",
            "tools-read-the-program-through-its-plan: tools/importsInfraInternals.ts → infra/cell.ts",
        ]);
    });
});
