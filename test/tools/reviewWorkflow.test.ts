/**
 * .github/workflows/review.yml, the pull-request workflow of `npm run review`: valid against
 * GitHub's workflow schema (@action-validator/core, the schema-store schema compiled to wasm),
 * every third-party action pinned to a full commit SHA, every job with declared, least
 * permissions, and the steps the review relies on.
 */
import { defined } from "../../core/defined";
import { validateWorkflow } from "@action-validator/core";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { stackNames } from "../../tools/lib/baseCheckout";

const root = path.resolve(__dirname, "..", "..");
const text = fs.readFileSync(path.join(root, ".github", "workflows", "review.yml"), "utf8");

interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    if?: string;
    id?: string;
    "working-directory"?: string;
}
interface Job {
    permissions?: Record<string, string>;
    if?: string;
    needs?: string;
    steps: Step[];
    strategy?: { matrix: { stack: string[] } };
}
const workflow = YAML.parse(text) as {
    on: unknown;
    permissions: unknown;
    jobs: Record<string, Job> & { review: Job; preview: Job; settings: Job };
};
/** The workflow's step `i` of a job; a missing one fails the test that reads it. */
const stepOf = (job: Job, i: number): Step => defined(job.steps[i], `step ${i} of the job`);
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

describe(".github/workflows/review.yml", () => {
    it("is a valid workflow for GitHub's schema", () => {
        assert.deepStrictEqual(validateWorkflow(text).errors, []);
    });

    it("the validator rejects a broken variant (it is really validating)", () => {
        const broken = text.replace("      pull-requests: write", "      pull-requests: everything");
        assert.notStrictEqual(broken, text);
        assert.notDeepStrictEqual(validateWorkflow(broken).errors, []);
    });

    it("pins every action to a full commit SHA of a release (tag in the comment)", () => {
        const uses = [...text.matchAll(/uses: (\S+)(.*)$/gm)].map((m) => `${m[1]}${m[2]}`);
        assert.deepStrictEqual([...new Set(uses)].sort(), [
            "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
            "actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0",
            "google-github-actions/auth@7c6bc770dae815cd3e89ee6cdf493a5fab2cc093 # v3.0.0",
            "marocchino/sticky-pull-request-comment@5770ad5eb8f42dd2c4f34da00c94c5381e49af88 # v3.0.5",
            "pulumi/actions@8e5e406f4007fca908480587cb9893c07090f58d # v7.0.0",
        ]);
        for (const s of steps.filter((x) => x.uses)) assert.match(s.uses!, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    });

    it("grants nothing by default and each job exactly what it needs", () => {
        assert.deepStrictEqual(workflow.permissions, {});
        assert.deepStrictEqual(
            Object.fromEntries(Object.entries(workflow.jobs).map(([name, job]) => [name, job.permissions])),
            {
                review: { contents: "read", "pull-requests": "write" },
                settings: {},
                preview: { contents: "read", "id-token": "write" },
            },
        );
    });

    it("review job: full history, Node from engines with the npm cache, npm ci, npm test, the review, one sticky comment, fails unless exit 0", () => {
        const job = workflow.jobs.review;
        assert.deepStrictEqual(workflow.on, { pull_request: null });
        assert.deepStrictEqual(stepOf(job, 0).with, { "fetch-depth": 0 });
        assert.deepStrictEqual(stepOf(job, 1).with, { "node-version-file": "package.json", cache: "npm" });
        assert.ok(
            JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).engines.node,
            "setup-node reads engines.node",
        );
        assert.deepStrictEqual(
            job.steps.slice(2, 4).map((s) => s.run),
            ["npm ci", "npm test"],
        );
        const reviewRun = stepOf(job, 4)
            .run!.split("\n")
            .map((l) => l.trim());
        assert.deepStrictEqual(reviewRun.slice(0, 3), [
            "set +e",
            'npm run review -- --base "origin/${BASE_REF}" --format markdown --out review.md',
            'echo "exit-code=$?" >> "$GITHUB_OUTPUT"',
        ]);
        assert.deepStrictEqual(stepOf(job, 5).with, { header: "change-review", path: "review.md" });
        assert.strictEqual(stepOf(job, 5).if, "${{ always() && hashFiles('review.md') != '' }}");
        assert.strictEqual(stepOf(job, 6).if, "${{ steps.review.outputs.exit-code != '0' }}");
        assert.match(stepOf(job, 6).run!, /exit 1\n$/);
    });

    it("preview job: only with workload identity, pulumi preview --diff with the pack against the state bucket, for every stack file", () => {
        const job = workflow.jobs.preview;
        assert.deepStrictEqual([job.needs, job.if], ["settings", "${{ needs.settings.outputs.ready == 'true' }}"]);
        assert.deepStrictEqual([...job.strategy!.matrix.stack].sort(), stackNames(fs.readdirSync(root)));
        const pulumiStep = job.steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
        assert.deepStrictEqual(pulumiStep.with, {
            command: "preview",
            "stack-name": "${{ matrix.stack }}",
            "pulumi-version": "3.248.0",
            "cloud-url": "gs://edentist-pulumi-state",
            diff: true,
            policyPacks: "policies",
        });
        const backend = (
            YAML.parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { backend: { url: string } }
        ).backend.url;
        assert.strictEqual(pulumiStep.with["cloud-url"], backend, "the preview uses the backend Pulumi.yaml declares");
        const sdk = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).dependencies["@pulumi/pulumi"];
        assert.strictEqual(pulumiStep.with["pulumi-version"], sdk, "the CLI release matches the SDK");
        assert.ok(job.steps.some((s) => s.run === "npm ci" && s["working-directory"] === "policies"));
        const check = stepOf(workflow.jobs.settings, 0).run!;
        for (const name of ["GCP_WORKLOAD_IDENTITY_PROVIDER", "GCP_SERVICE_ACCOUNT"])
            assert.ok(check.includes(`[ -n "$${name}" ]`), name);
        assert.ok(!text.includes("PULUMI_ACCESS_TOKEN"), "the state is in the bucket, not Pulumi Cloud");
    });

    it("preview job: gke-gcloud-auth-plugin installed before the preview, and says the Kubernetes objects are not previewed", () => {
        const job = workflow.jobs.preview;
        const names = job.steps.map((s) => (s as { name?: string }).name ?? s.uses ?? s.run);
        const plugin = names.indexOf("Install gke-gcloud-auth-plugin");
        const notice = names.indexOf("Say what this preview covers");
        const preview = job.steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@"));
        assert.ok(plugin >= 0 && notice > plugin && preview > notice, JSON.stringify(names));
        assert.ok(job.steps[plugin]!.run!.includes("apt-get install -y -q google-cloud-cli-gke-gcloud-auth-plugin"));
        assert.match(
            job.steps[notice]!.run!,
            /^echo "::notice title=Kubernetes objects not previewed::This runner is outside the clusters' masterAuthorizedNetworks, so pulumi-kubernetes reports both clusters unreachable/,
        );
    });
});
