/**
 * .github/workflows/checkov.yml: valid against GitHub's workflow schema, actions pinned to a release's
 * commit, read-only, and the steps that make the committed Checkov evidence the pinned Checkov's verdict.
 */
import { validateWorkflow } from "@action-validator/core";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

const root = path.resolve(__dirname, "..", "..");
const text = fs.readFileSync(path.join(root, ".github", "workflows", "checkov.yml"), "utf8");

interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
}
const workflow = YAML.parse(text) as {
    on: unknown;
    permissions: unknown;
    jobs: Record<string, { permissions?: unknown; steps: Step[] }>;
};

describe(".github/workflows/checkov.yml", () => {
    it("is a valid workflow for GitHub's schema", () => {
        assert.deepStrictEqual(validateWorkflow(text).errors, []);
    });

    it("runs on pull requests and pushes, reading the code only", () => {
        assert.deepStrictEqual(workflow.on, { pull_request: null, push: null });
        assert.deepStrictEqual(workflow.permissions, {});
        assert.deepStrictEqual(
            Object.values(workflow.jobs).map((j) => j.permissions),
            [{ contents: "read" }],
        );
    });

    it("pins every action to a full commit SHA of a release (tag in the comment)", () => {
        const uses = [...text.matchAll(/uses: (\S+)(.*)$/gm)].map((m) => `${m[1]}${m[2]}`);
        assert.deepStrictEqual(uses, [
            "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
            "actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97 # v7.0.0",
            "actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0",
        ]);
    });

    it("installs the pinned Checkov, runs npm run checkov and fails on evidence that differs", () => {
        const runs = Object.values(workflow.jobs).flatMap((j) =>
            j.steps.filter((s) => s.run).map((s) => s.run?.trim()),
        );
        assert.deepStrictEqual(runs, [
            "pip install --require-hashes -r checkov/requirements.txt",
            "npm ci",
            "npm run checkov",
            "git diff --exit-code -- docs/checkov policies/COVERAGE.md",
        ]);
    });
});
