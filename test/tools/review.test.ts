/**
 * `npm run review` end to end, in a throwaway git repository made of the project's files: each
 * case commits a change (or leaves it in the working tree) and reviews it against a base
 * revision, as the pull-request workflow does. Every review plans both sides for real (the base
 * in a git worktree, by its own program), so cases narrow to the stacks they touch.
 */
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TempRepo } from "../support/gitRepo";
import { planOf } from "../support/plans";

const review = (repo: TempRepo, ...args: string[]) => repo.run("tools/review.ts", args);

function reviewDirs(): string[] {
    return fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith("voice-agent-review-"));
}

/** What review says on stderr of a stack whose secret `key` has no value: it cannot be applied yet. */
function secretWarning(stack: string, key: string): string {
    return (
        `warning: ${stack} cannot be applied yet: voice-agent:${key} has no value in Pulumi.${stack}.yaml, so pulumi up stops before creating anything ` +
        `(MissingSecretError); the cell's on-call lead sets it with pulumi config set --secret voice-agent:${key} <value> -s ${stack} (docs/bring-up.md, "Secrets")`
    );
}

describe("npm run review (acceptance, temporary git repository)", function () {
    this.timeout(600000);
    let repo: TempRepo;
    let leftBefore: string[];

    before(() => {
        repo = new TempRepo();
        leftBefore = reviewDirs();
    });
    afterEach(() => {
        // Every review removes its base worktree, whatever its verdict.
        assert.deepStrictEqual(repo.worktrees(), [fs.realpathSync(repo.dir)]);
        assert.deepStrictEqual(
            reviewDirs().filter((d) => !leftBefore.includes(d)),
            [],
        );
        repo.reset();
    });
    after(() => repo.dispose());

    it("a remediation toggle in a stack file: updates only, the toggle and the new keys named, no secret shown, exit 0", () => {
        // A secret added in the same change: its key is named, its (encrypted) value appears nowhere.
        const ciphertext = "v1:c2VjcmV0LWNpcGhlcnRleHQtb2YtdGhlLXBhZ2VyZHV0eS1rZXk=";
        repo.write(
            "Pulumi.prod-eu.yaml",
            repo.read("Pulumi.prod-eu.yaml") +
                `  voice-agent:forcedFailover: true\n  voice-agent:pagerDutyServiceKey:\n    secure: ${ciphertext}\n`,
        );
        repo.commit("fail prod-eu over to europe-west4");
        const base = repo.git("rev-parse", "HEAD~1").trim();
        const r = review(repo, "--base", "HEAD~1", "--stack", "prod-eu");
        // The stack now holds one of its two secrets: the other is still missing, and said so.
        assert.strictEqual(r.stderr, `review: ${secretWarning("prod-eu", "slackAuthToken")}\n`);
        assert.strictEqual(
            r.stdout,
            [
                `Review of the working tree against HEAD~1 (${base.slice(0, 12)})`,
                "compares stack files at the two revisions (offline plans), not what is deployed: pass --state <stack>=<file> (the JSON of `pulumi stack export`) to compare with it",
                "",
                "stack    create  update  replace  delete  stateful touched  new violations  verdict",
                "prod-eu       0       3        0       0                 0               0  reviewable",
                "",
                "prod-eu: 3 to update",
                "  remediation toggle forcedFailover: false → true",
                "  config keys added: voice-agent:forcedFailover, voice-agent:pagerDutyServiceKey",
                "  ~ update gcp:container/nodePool:NodePool voice-cluster-europe-west4-default",
                "      autoscaling.minNodeCount: 2 → 4",
                // The drain waits on nothing; the second region's autoscaler floor waits for its node pool.
                "  ~ update gcp:compute/backendService:BackendService voice-eu-lb-backend",
                "      backends[0] (europe-west1: NEG voice-agent-neg-europe-west1, zone europe-west1-b).capacityScaler: 1 → 0",
                "      backends[1] (europe-west1: NEG voice-agent-neg-europe-west1, zone europe-west1-c).capacityScaler: 1 → 0",
                "      backends[2] (europe-west1: NEG voice-agent-neg-europe-west1, zone europe-west1-d).capacityScaler: 1 → 0",
                "  ~ update kubernetes:autoscaling/v2:HorizontalPodAutoscaler voice-agent-europe-west4-hpa",
                "      spec.minReplicas: 6 → 12",
                "      waits for voice-cluster-europe-west4-default",
                "  policy findings: 0 new, 0 fixed, 0 pre-existing",
                "  verdict: reviewable",
                "",
                "verdict: reviewable (exit 0)",
                "",
            ].join("\n"),
        );
        assert.strictEqual(r.status, 0);
        const json = review(repo, "--base", "HEAD~1", "--stack", "prod-eu", "--format", "json").stdout;
        assert.ok(json.includes('"voice-agent:pagerDutyServiceKey"'));
        assert.ok(
            !json.includes(ciphertext) && !json.includes("c2VjcmV0"),
            "the secret's ciphertext is not in the JSON",
        );
    });

    it("a ForceNew change of a protected resource: the replacement flagged as refused by the preview, what it takes with it listed, blocked, exit 1", () => {
        // The control plane's range is ForceNew on a GKE cluster (google-beta), and the cluster is protected.
        repo.edit("Pulumi.prod-eu.yaml", "controlPlane: 172.16.0.0/28", "controlPlane: 172.16.0.32/28");
        repo.commit("move europe-west1's control plane range");
        const base = repo.git("rev-parse", "HEAD~1").trim();
        const r = review(repo, "--base", "HEAD~1", "--stack", "prod-eu");
        assert.strictEqual(
            r.stdout,
            [
                `Review of the working tree against HEAD~1 (${base.slice(0, 12)})`,
                "compares stack files at the two revisions (offline plans), not what is deployed: pass --state <stack>=<file> (the JSON of `pulumi stack export`) to compare with it",
                "",
                "stack    create  update  replace  delete  stateful touched  new violations  verdict",
                "prod-eu       0       0       13       0                 1               0  blocked",
                "",
                "prod-eu: 13 to replace",
                "  +- replace gcp:container/cluster:Cluster voice-cluster-europe-west1  !! the preview refuses: replacing a protected resource; stateful; " +
                    "replaced because privateClusterConfig.masterIpv4CidrBlock changed; deleted before its replacement is created",
                '      privateClusterConfig.masterIpv4CidrBlock: "172.16.0.0/28" → "172.16.0.32/28"',
                // Deleted first, the cluster takes with it what would be replaced once it is gone; the
                // preview knows none of the new cluster's outputs.
                "  +- replace pulumi:providers:kubernetes voice-cluster-europe-west1  !! replaced because clusterIdentifier becomes unknown while voice-cluster-europe-west1 is replaced, kubeconfig becomes unknown while voice-cluster-europe-west1 is replaced; deleted before its replacement is created",
                '      clusterIdentifier: "projects/edentist-voice-prod-eu/locations/europe-west1/clusters/voice-cluster-europe-west1" → "[unknown]"',
                '      kubeconfig: "{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"Config\\",\\"clusters\\":[{\\"name\\":\\"eden"… → "[unknown]"',
                "      waits for voice-cluster-europe-west1 (Cluster)",
                "  +- replace kubernetes:core/v1:Namespace voice-agent-europe-west1-namespace  !! replaced because its provider changes or is replaced; deleted before its replacement is created",
                "      waits for voice-cluster-europe-west1 (Cluster), voice-cluster-europe-west1 (kubernetes)",
                "  +- replace kubernetes:core/v1:ServiceAccount voice-agent-europe-west1-service-account  !! replaced because its provider changes or is replaced; deleted before its replacement is created",
                "      waits for voice-cluster-europe-west1 (Cluster), voice-cluster-europe-west1 (kubernetes), voice-agent-europe-west1-namespace",
                "  +- replace kubernetes:core/v1:Secret voice-agent-europe-west1-secrets  !! replaced because its provider changes or is replaced; deleted before its replacement is created",
                "      waits for voice-cluster-europe-west1 (Cluster), voice-cluster-europe-west1 (kubernetes), voice-agent-europe-west1-namespace",
                "  +- replace kubernetes:core/v1:Service voice-agent-europe-west1-service  !! replaced because its provider changes or is replaced; deleted before its replacement is created",
                "      waits for voice-cluster-europe-west1 (Cluster), voice-cluster-europe-west1 (kubernetes), voice-agent-europe-west1-namespace",
                "  +- replace kubernetes:policy/v1:PodDisruptionBudget voice-agent-europe-west1-pdb  !! replaced because its provider changes or is replaced; deleted before its replacement is created",
                "      waits for voice-cluster-europe-west1 (Cluster), voice-cluster-europe-west1 (kubernetes), voice-agent-europe-west1-namespace",
                "  +- replace kubernetes:policy/v1:PodDisruptionBudget pms-sync-worker-europe-west1-pdb  !! replaced because its provider changes or is replaced; deleted before its replacement is created",
                "      waits for voice-cluster-europe-west1 (Cluster), voice-cluster-europe-west1 (kubernetes), voice-agent-europe-west1-namespace",
                "  +- replace kubernetes:core/v1:ConfigMap voice-agent-europe-west1-config  !! replaced because its provider changes or is replaced; deleted before its replacement is created",
                "      waits for voice-cluster-europe-west1 (Cluster), voice-cluster-europe-west1 (kubernetes), voice-agent-europe-west1-namespace",
                "  +- replace kubernetes:apps/v1:Deployment pms-sync-worker-europe-west1-deployment  !! replaced because its provider changes or is replaced; deleted before its replacement is created",
                "      waits for voice-cluster-europe-west1 (Cluster), voice-cluster-europe-west1 (kubernetes), voice-agent-europe-west1-namespace, voice-agent-europe-west1-service-account, voice-agent-europe-west1-secrets, voice-agent-europe-west1-config, voice-cluster-europe-west1-default",
                "  +- replace kubernetes:apps/v1:Deployment voice-agent-europe-west1-deployment  !! replaced because its provider changes or is replaced; deleted before its replacement is created",
                "      waits for voice-cluster-europe-west1 (Cluster), voice-cluster-europe-west1 (kubernetes), voice-agent-europe-west1-namespace, voice-agent-europe-west1-service-account, voice-agent-europe-west1-secrets, voice-agent-europe-west1-config, voice-cluster-europe-west1-default",
                "  +- replace kubernetes:autoscaling/v2:HorizontalPodAutoscaler voice-agent-europe-west1-hpa  !! replaced because its provider changes or is replaced; deleted before its replacement is created",
                "      waits for voice-cluster-europe-west1 (Cluster), voice-cluster-europe-west1 (kubernetes), voice-agent-europe-west1-namespace, voice-agent-europe-west1-service-account, voice-agent-europe-west1-secrets, voice-agent-europe-west1-config, voice-agent-europe-west1-deployment, voice-cluster-europe-west1-default",
                "  +- replace gcp:container/nodePool:NodePool voice-cluster-europe-west1-default  !! replaced because cluster becomes unknown while voice-cluster-europe-west1 is replaced; deleted before its replacement is created",
                "      waits for voice-cluster-europe-west1 (Cluster)",
                "  policy findings: 0 new, 0 fixed, 0 pre-existing",
                "  verdict: blocked (1 protected resource replaced or deleted, which the preview refuses)",
                "",
                "verdict: blocked (exit 1)",
                "",
            ].join("\n"),
        );
        assert.strictEqual(r.status, 1, r.stderr);
    });

    it("a one-step switchover: the write endpoint the ConfigMaps hold is unknown, as in the real preview, and every Deployment goes first", () => {
        repo.edit(
            "Pulumi.prod-eu.yaml",
            "    voiceDbRegion: europe-west1\n",
            "    voiceDbRegion: europe-west1\n    primaryRegion: europe-west4\n",
        );
        repo.commit("move prod-eu's primary database in one step");
        const r = review(repo, "--base", "HEAD~1", "--stack", "prod-eu", "--format", "json");
        const changes = (
            JSON.parse(r.stdout) as {
                stacks: { changes: { op: string; name: string; changes: { path: string; new?: unknown }[] }[] }[];
            }
        ).stacks[0]?.changes;
        assert.deepStrictEqual(
            changes
                ?.filter((c) => c.name.endsWith("-config") || c.name.endsWith("-deployment"))
                .map((c) => [c.op, c.name, c.changes.map((x) => `${x.path} → ${String(x.new)}`)]),
            [
                ["update", "voice-agent-europe-west1-config", ["data.DATABASE_HOST → [unknown]"]],
                ["update", "voice-agent-europe-west4-config", ["data.DATABASE_HOST → [unknown]"]],
                ...[
                    "pms-sync-worker-europe-west1",
                    "pms-sync-worker-europe-west4",
                    "voice-agent-europe-west1",
                    "voice-agent-europe-west4",
                ].map((d) => [
                    "replace",
                    `${d}-deployment`,
                    ['spec.template.metadata.annotations["voice-agent.edentist.ai/config-checksum"] → [unknown]'],
                ]),
            ],
        );
        assert.strictEqual(r.status, 1, r.stderr);
    });

    const autoRepairFindings = (kind: string) =>
        ["europe-west1", "europe-west4"].map(
            (region) =>
                `    ${kind} [mandatory] gcp-container-nodepool-enable-auto-repair-and-upgrade: urn:pulumi:prod-eu::voice-agent::voice-agent:cluster:Cluster$gcp:container/nodePool:NodePool::voice-cluster-${region}-default: ` +
                `GKE node pool 'voice-cluster-${region}-default' must enable auto-repair: management.autoRepair is false.`,
        );

    it("a change introducing a mandatory violation: reported as new, blocked, exit 1; its fix: reported as fixed, exit 0", () => {
        repo.edit("infra/components/cluster/Cluster.ts", "autoRepair: true", "autoRepair: false");
        const broken = repo.commit("node pools without auto-repair");
        const base = repo.git("rev-parse", "HEAD~1").trim();
        const introduced = review(repo, "--base", "HEAD~1", "--stack", "prod-eu");
        const update = (region: string, from: boolean) => [
            `  ~ update gcp:container/nodePool:NodePool voice-cluster-${region}-default`,
            `      management.autoRepair: ${from} → ${!from}`,
        ];
        assert.strictEqual(
            introduced.stdout,
            [
                `Review of the working tree against HEAD~1 (${base.slice(0, 12)})`,
                "compares stack files at the two revisions (offline plans), not what is deployed: pass --state <stack>=<file> (the JSON of `pulumi stack export`) to compare with it",
                "",
                "stack    create  update  replace  delete  stateful touched   new violations  verdict",
                "prod-eu       0       2        0       0                 0  2 (2 mandatory)  blocked",
                "",
                "prod-eu: 2 to update",
                ...update("europe-west1", true),
                ...update("europe-west4", true),
                "  policy findings: 2 new, 0 fixed, 0 pre-existing",
                ...autoRepairFindings("new"),
                "  verdict: blocked (2 new mandatory violations)",
                "",
                "verdict: blocked (exit 1)",
                "",
            ].join("\n"),
        );
        assert.strictEqual(introduced.status, 1, introduced.stderr);

        // The fix, in the working tree, against the commit that broke it; as the workflow runs it.
        repo.edit("infra/components/cluster/Cluster.ts", "autoRepair: false", "autoRepair: true");
        const out = path.join(repo.dir, "review.md");
        const fixed = review(repo, "--base", broken, "--stack", "prod-eu", "--format", "markdown", "--out", out);
        assert.deepStrictEqual(
            [fixed.status, fixed.stdout, fixed.stderr],
            // The first test's commit gave prod-eu its PagerDuty key; the Slack token is still missing.
            [0, "", `review: ${secretWarning("prod-eu", "slackAuthToken")}\n`],
        );
        const urn = (region: string) =>
            `urn:pulumi:prod-eu::voice-agent::voice-agent:cluster:Cluster$gcp:container/nodePool:NodePool::voice-cluster-${region}-default`;
        assert.strictEqual(
            fs.readFileSync(out, "utf8"),
            [
                `### Review of the working tree against \`${broken}\` (${broken.slice(0, 12)})`,
                "",
                "compares stack files at the two revisions (offline plans), not what is deployed: pass --state <stack>=<file> (the JSON of `pulumi stack export`) to compare with it",
                "",
                "| stack | create | update | replace | delete | stateful touched | new violations | verdict |",
                "| --- | --- | --- | --- | --- | --- | --- | --- |",
                "| `prod-eu` | 0 | 2 | 0 | 0 | 0 | 0 | ✅ reviewable |",
                "",
                "**Verdict: reviewable.**",
                "",
                "<details><summary><b>prod-eu</b>: 2 to update</summary>",
                "",
                "- policy findings: 0 new, 2 fixed, 0 pre-existing",
                ...["europe-west1", "europe-west4"].map(
                    (region) =>
                        `  - fixed **mandatory** \`gcp-container-nodepool-enable-auto-repair-and-upgrade\` on \`${urn(region)}\`: ` +
                        `GKE node pool 'voice-cluster-${region}-default' must enable auto-repair: management.autoRepair is false.`,
                ),
                "",
                ...["europe-west1", "europe-west4"].flatMap((region) => [
                    `- \`~ update\` \`gcp:container/nodePool:NodePool\` **\`voice-cluster-${region}-default\`**`,
                    "  - `management.autoRepair`: `false → true`",
                ]),
                "",
                "</details>",
                "",
            ].join("\n"),
        );
        fs.rmSync(out);
        repo.commit("node pools repair themselves again");
    });

    it("--out is written when the review fails, so the pull request's comment shows the failure, not an earlier verdict", () => {
        repo.write(
            "Pulumi.prod-eu.yaml",
            repo.read("Pulumi.prod-eu.yaml") + "  voice-agent:drainRegions: [europe-west1, europe-west4]\n",
        );
        repo.commit("drain every region");
        const out = path.join(repo.dir, "review.md");
        fs.writeFileSync(out, "### an earlier review\n\n✅ reviewable\n");
        const r = review(repo, "--base", "HEAD~1", "--stack", "prod-eu", "--format", "markdown", "--out", out);
        assert.strictEqual(r.status, 1, r.stderr);
        const md = fs.readFileSync(out, "utf8");
        assert.ok(
            md.startsWith(
                "### Review of the working tree against `HEAD~1`\n\n❌ **The review failed**: no verdict.\n\n```text\nprod-eu at the working tree: the plan fails: ",
            ),
            md,
        );
        assert.ok(!md.includes("✅"), md);
        fs.rmSync(out);
        repo.write(
            "Pulumi.prod-eu.yaml",
            repo.read("Pulumi.prod-eu.yaml").replace("  voice-agent:drainRegions: [europe-west1, europe-west4]\n", ""),
        );
        repo.commit("serve again");
    });

    it("a new stack file counts every resource as created; a deleted one every resource as deleted, flagged, its protected ones refused (exit 1)", async () => {
        repo.write("Pulumi.drill-eu2.yaml", repo.read("Pulumi.drill-eu.yaml"));
        repo.remove("Pulumi.prod-me.yaml");
        repo.commit("a second drill cell; prod-me retired");
        const r = review(repo, "--base", "HEAD~1", "--stack", "drill-eu2", "--stack", "prod-me", "--format", "json");
        assert.strictEqual(r.status, 1, r.stderr);
        const out = JSON.parse(r.stdout);
        const [drill, me] = out.stacks;
        const drillPlan = await planOf("drill-eu");
        const mePlan = await planOf("prod-me");

        assert.deepStrictEqual(
            [drill.stack, drill.status, drill.notes, drill.verdict],
            [
                "drill-eu2",
                "new stack file",
                ["Pulumi.drill-eu2.yaml is new: every resource of the stack is counted as created"],
                "reviewable",
            ],
        );
        assert.deepStrictEqual(drill.summary, {
            create: drillPlan.resources.length,
            update: 0,
            replace: 0,
            delete: 0,
            unchanged: 0,
            statefulTouched: drill.statefulTouched.length,
            refused: 0,
        });
        assert.deepStrictEqual(
            drill.changes.map((c: { op: string; urn: string }) => `${c.op} ${c.urn}`),
            // The same resources under the new stack's name (the root Stack resource is named after it).
            drillPlan.resources.map(
                (x) =>
                    `create ${x.urn.replace("urn:pulumi:drill-eu::", "urn:pulumi:drill-eu2::").replace(/::voice-agent-drill-eu$/, "::voice-agent-drill-eu2")}`,
            ),
        );

        const protectedUrns = mePlan.resources.filter((x) => x.protect).map((x) => x.urn);
        assert.ok(protectedUrns.length >= 5, "prod-me protects its stateful resources");
        assert.deepStrictEqual(
            [me.stack, me.status, me.notes, me.verdict, me.blockedBecause],
            [
                "prod-me",
                "stack file deleted",
                ["Pulumi.prod-me.yaml is deleted: every resource of the stack is counted as deleted (pulumi destroy)"],
                "blocked",
                [`${protectedUrns.length} protected resources replaced or deleted, which the preview refuses`],
            ],
        );
        assert.deepStrictEqual(
            me.changes.map((c: { op: string; urn: string }) => `${c.op} ${c.urn}`),
            mePlan.resources.map((x) => `delete ${x.urn}`),
        );
        assert.deepStrictEqual(
            me.refused,
            protectedUrns.map((urn) => ({ urn, op: "delete" })),
        );
        assert.deepStrictEqual([out.verdict, out.exitCode], ["blocked", 1]);
    });

    it("an unknown base revision: exit 2, one clean line, no worktree left", () => {
        const r = review(repo, "--base", "no-such-branch");
        assert.deepStrictEqual(
            [r.status, r.stdout, r.stderr],
            [2, "", `error: --base: unknown revision 'no-such-branch' (not a commit in ${repo.dir})\n`],
        );
    });

    it("a base revision that cannot be installed: exit 1 with the reason, no worktree left", () => {
        const bare = repo.commitOnly(["Pulumi.prod-eu.yaml"], "a stack file and nothing else");
        const r = review(repo, "--base", bare, "--stack", "prod-eu");
        assert.deepStrictEqual(
            [r.status, r.stdout, r.stderr],
            [
                1,
                "",
                "error: the base revision has no package-lock.json: its dependencies cannot be installed (npm ci needs one)\n",
            ],
        );
    });

    it("an unknown stack or format: exit 2", () => {
        const stack = review(repo, "--base", "HEAD", "--stack", "prod-us");
        assert.deepStrictEqual(
            [stack.status, stack.stderr],
            [
                2,
                "error: --stack: no stack file Pulumi.prod-us.yaml at HEAD or in the working tree; stacks: drill-eu, drill-eu2, prod-eu\n",
            ],
        );
        const format = review(repo, "--base", "HEAD", "--format", "html");
        assert.deepStrictEqual(
            [format.status, format.stderr],
            [
                2,
                "error: option '--format <format>' argument 'html' is invalid. Allowed choices are text, markdown, json.\n",
            ],
        );
    });

    it("Ctrl-C while planning: the base worktree is removed and the review exits 130", async () => {
        const p = spawn(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", "tools/review.ts", "--base", "HEAD", "--stack", "prod-eu"],
            { cwd: repo.dir, stdio: "ignore" },
        );
        const exited = new Promise<number | null>((resolve) => p.on("exit", (code) => resolve(code)));
        const deadline = Date.now() + 120000;
        // `git worktree list` fails while `git worktree add` is half way: polled again.
        const worktrees = () => {
            try {
                return repo.worktrees().length;
            } catch {
                return 1;
            }
        };
        while (worktrees() < 2) {
            assert.ok(Date.now() < deadline, "the review never created its base worktree");
            await new Promise((r) => setTimeout(r, 100));
        }
        p.kill("SIGINT");
        assert.strictEqual(await exited, 130);
    });
});
