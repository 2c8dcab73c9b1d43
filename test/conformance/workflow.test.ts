/**
 * .github/workflows/conformance.yml: valid against GitHub's workflow schema, weekly and on demand,
 * every action pinned to a full commit SHA, read-only, and the steps `npm run conformance` needs
 * (Node from engines, Go from the wrapper module's go.mod, npm ci), with the report kept.
 */
import { validateWorkflow } from "@action-validator/core";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { projectRoot } from "../support/paths";

const text = fs.readFileSync(path.join(projectRoot, ".github", "workflows", "conformance.yml"), "utf8");

interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    if?: string;
}
const workflow = YAML.parse(text) as {
    on: Record<string, unknown>;
    permissions: unknown;
    jobs: Record<string, { permissions?: Record<string, string>; steps: Step[]; "timeout-minutes"?: number }>;
};

describe(".github/workflows/conformance.yml", () => {
    it("is a valid workflow for GitHub's schema", () => {
        assert.deepStrictEqual(validateWorkflow(text).errors, []);
    });

    it("runs weekly and on demand", () => {
        assert.deepStrictEqual(workflow.on, { schedule: [{ cron: "17 4 * * 1" }], workflow_dispatch: null });
    });

    it("pins every action to a full commit SHA of a release (tag in the comment)", () => {
        const uses = [...text.matchAll(/uses: (\S+)(.*)$/gm)].map((m) => `${m[1]}${m[2]}`);
        assert.deepStrictEqual(uses, [
            "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
            "actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0",
            "actions/setup-go@b7ad1dad31e06c5925ef5d2fc7ad053ef454303e # v7.0.0",
            "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0",
        ]);
    });

    it("grants nothing but reading the code", () => {
        assert.deepStrictEqual(workflow.permissions, {});
        assert.deepStrictEqual(workflow.jobs.conformance?.permissions, { contents: "read" });
    });

    it("sets up Node and Go from committed files, runs npm ci and npm run conformance, keeps the report", () => {
        const steps = workflow.jobs.conformance?.steps ?? [];
        assert.deepStrictEqual(steps[1]?.with, { "node-version-file": "package.json", cache: "npm" });
        assert.deepStrictEqual(steps[2]?.with, {
            "go-version-file": "conformance/engine/go.mod",
            "cache-dependency-path": "conformance/engine/go.sum",
        });
        assert.deepStrictEqual(
            steps.slice(3, 5).map((s) => s.run),
            ["npm ci", "npm run conformance"],
        );
        assert.strictEqual(steps[5]?.if, "${{ always() }}");
        assert.deepStrictEqual(steps[5]?.with, {
            name: "conformance-report",
            path: "docs/conformance.md\ndocs/conformance.json\n",
        });
        assert.strictEqual(workflow.jobs.conformance?.["timeout-minutes"], 90);
        const scripts = (
            JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as {
                scripts: Record<string, string>;
            }
        ).scripts;
        assert.strictEqual(scripts.conformance, "node -r ts-node/register/transpile-only conformance/run.ts");
    });
});
