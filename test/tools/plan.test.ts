/**
 * The offline plan as the on-call engineer and CI run it: a separate process through npm's script
 * entry (`node -r ts-node/register/transpile-only tools/plan.ts`).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import { secretConfigKeys } from "../../infra/config";
import { projectRoot } from "../support/paths";

const root = projectRoot;

function runPlan(...args: string[]) {
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/plan.ts", ...args], {
        cwd: root,
        encoding: "utf8",
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The lines a stack without its notification secrets gets on stderr: it cannot be applied yet. */
function secretWarnings(stack: string): string[] {
    return secretConfigKeys.map(
        (key) =>
            `warning: ${stack} cannot be applied yet: voice-agent:${key} has no value in Pulumi.${stack}.yaml, so pulumi up stops before creating anything ` +
            `(MissingSecretError); the cell's on-call lead sets it with pulumi config set --secret voice-agent:${key} <value> -s ${stack} (docs/bring-up.md, "Secrets")`,
    );
}

describe("npm run plan (CLI)", function () {
    this.timeout(120000);

    it("says on stderr, one line per unset secret, that the stack cannot be applied yet; the plan itself succeeds", () => {
        const r = runPlan("--stack", "drill-eu", "--json");
        assert.strictEqual(r.code, 0);
        assert.doesNotThrow(() => JSON.parse(r.stdout));
        assert.strictEqual(r.stderr, secretWarnings("drill-eu").join("\n") + "\n");
    });

    it("prints the tree with counts and the active toggles", () => {
        const r = runPlan("--stack", "prod-eu", "--set", "forcedFailover=true");
        assert.strictEqual(r.code, 0, r.stderr);
        const lines = r.stdout.split("\n");
        assert.strictEqual(lines[0], "voice-agent / prod-eu: cell eu in GCP project edentist-voice-prod-eu");
        assert.strictEqual(lines[1], "regions: europe-west1, europe-west4 (primary europe-west1)");
        assert.strictEqual(lines[2], "remediation toggles: forcedFailover=true");
        assert.ok(lines.includes("├─ voice-agent:cluster:Cluster voice-cluster-europe-west1  [1 protected]"));
        assert.ok(
            lines.some((l) =>
                /^│ {2}├─ 1 × gcp:compute\/backendService:BackendService {2}\(voice-eu-lb-backend\)$/.test(l),
            ),
            r.stdout,
        );
        assert.ok(lines.some((l) => /^ {2}gcp:container\/cluster:Cluster +2$/.test(l)));
    });

    it("--json prints only the inventory, in the documented shape", () => {
        const r = runPlan("--stack", "prod-me", "--json");
        assert.strictEqual(r.code, 0, r.stderr);
        const inv = JSON.parse(r.stdout);
        assert.deepStrictEqual(Object.keys(inv), ["project", "stack", "config", "resources", "outputs"]);
        assert.deepStrictEqual([inv.project, inv.stack, inv.config.cell], ["voice-agent", "prod-me", "me"]);
        const lb = inv.resources.find((x: { type: string }) => x.type === "gcp:compute/backendService:BackendService");
        assert.deepStrictEqual(Object.keys(lb).sort(), [
            "custom",
            "dependsOn",
            "inputs",
            "name",
            "parent",
            "propertyDependencies",
            "protect",
            "provider",
            "type",
            "urn",
        ]);
        assert.strictEqual(inv.outputs.backendService, "voice-lb");
    });

    it("--policy judges the plan with the pack: prod-eu passes, a breakage of a mandatory rule exits 1", () => {
        const clean = runPlan("--stack", "prod-eu", "--policy");
        assert.strictEqual(clean.code, 0, clean.stderr);
        assert.ok(clean.stdout.endsWith("\npolicy pack:\nNo policy violations.\n"));
        const broken = runPlan(
            "--stack",
            "prod-eu",
            "--policy",
            "--json",
            "--set",
            "regions.europe-west1.workload.minReplicas=1",
        );
        assert.strictEqual(broken.code, 1);
        assert.doesNotThrow(() => JSON.parse(broken.stdout), "stdout stays the inventory alone");
        assert.strictEqual(
            broken.stderr,
            [
                "",
                "policy pack:",
                "HIGH (1)",
                "  [mandatory] kubernetes-autoscaling-horizontalpodautoscaler-cover-zones",
                "    urn:pulumi:prod-eu::voice-agent::voice-agent:workload:Workload$kubernetes:autoscaling/v2:HorizontalPodAutoscaler::voice-agent-europe-west1-hpa",
                "    HorizontalPodAutoscaler voice-agent/voice-agent must keep at least one replica per zone: minReplicas is 1, the cluster has 3 zones.",
                "",
                "1 violation(s), 1 mandatory.",
                ...secretWarnings("prod-eu"),
                "",
            ].join("\n"),
        );
    });

    it("drainRegions naming every region fails, naming the key, with no inventory", () => {
        const r = runPlan("--stack", "prod-eu", "--json", "--set", "drainRegions=[europe-west1, europe-west4]");
        assert.strictEqual(r.code, 1);
        assert.strictEqual(r.stdout, "");
        assert.strictEqual(
            r.stderr,
            "error: invalid configuration:\n  - voice-agent:drainRegions: drains every region (europe-west1, europe-west4); at least one region must keep serving\n",
        );
    });

    it("a zone outside its region fails, naming the key, with no inventory", () => {
        const r = runPlan(
            "--stack",
            "prod-me",
            "--set",
            "regions.me-central1.zones=[me-central1-a, me-central1-b, me-central2-c]",
        );
        assert.strictEqual(r.code, 1);
        assert.strictEqual(r.stdout, "");
        assert.strictEqual(
            r.stderr,
            'error: invalid configuration:\n  - voice-agent:regions.me-central1.zones[2]: zone "me-central2-c" is not in region me-central1; allowed: zones named me-central1-<letter>\n',
        );
    });

    it("an unknown stack and a malformed --set fail with the flag named", () => {
        const unknown = runPlan("--stack", "prod-xx");
        assert.strictEqual(unknown.code, 1);
        assert.strictEqual(
            unknown.stderr,
            "error: --stack: no stack file Pulumi.prod-xx.yaml; known stacks: drill-eu, prod-eu, prod-me\n",
        );
        const malformed = runPlan("--stack", "prod-eu", "--set", "forcedFailover");
        assert.strictEqual(malformed.code, 1);
        assert.strictEqual(
            malformed.stderr,
            'error: --set: an override starting with "forcedFailover" is not key=value (its text is not shown: it may hold a secret)\n',
        );
        // A missing option is a usage error: exit 2 (1 is for refused input).
        const missing = runPlan();
        assert.strictEqual(missing.code, 2);
        assert.strictEqual(missing.stderr, "error: required option '--stack <name>' not specified\n");
    });
});
