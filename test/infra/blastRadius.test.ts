/**
 * Each remediation toggle changes only what its row of docs/design.md's remediation table says: for both prod
 * stacks, the offline diff from the stack file has exactly the expected set of changed resources,
 * creates and deletes nothing beyond the purge Jobs, and touches no stateful resource except by the
 * database switchover, which changes only the instances' replication fields.
 */
import { defined } from "../../core/defined";
import { regionConfigOf } from "../../infra/config";
import * as assert from "assert";
import * as fs from "fs";
import * as YAML from "yaml";
import { diffInventories, previewPlan, type PlanDiff } from "../../tools/lib/diff";
import { plan, resolveConfig } from "../../tools/lib/plan";
import { actionNamed, yamlEdits } from "../../tools/lib/remediate";
import { editYamlText } from "../../tools/lib/yamlEdit";
import { stackFile } from "../../tools/lib/stackConfig";
import { diffOf, planOf, prodStacks } from "../support/plans";

/**
 * `op type name` of every change, sorted: the blast radius, with the op the provider applies. A
 * replacement says whether it deletes first (`delete-before-replace`, a fixed-name object) or
 * creates the new resource first.
 */
function radius(d: PlanDiff): string[] {
    return d.changes
        .map(
            (c) =>
                `${c.op === "replace" ? (c.deleteBeforeReplace ? "delete-before-replace" : "replace") : c.op} ${c.type} ${c.name}`,
        )
        .sort();
}

const update = (type: string, name: string) => `update ${type} ${name}`;
const create = (type: string, name: string) => `create ${type} ${name}`;

/**
 * A runtime-flag change: every region's ConfigMap is updated in place (the cluster's provider sets
 * enableConfigMapMutable, without which pulumi-kubernetes deletes and recreates a fixed-name
 * ConfigMap under the running pods), and the pods that read it roll.
 */
function rollout(regions: string[]): string[] {
    return regions.flatMap((r) => [
        update("kubernetes:core/v1:ConfigMap", `voice-agent-${r}-config`),
        update("kubernetes:apps/v1:Deployment", `voice-agent-${r}-deployment`),
        update("kubernetes:apps/v1:Deployment", `pms-sync-worker-${r}-deployment`),
    ]);
}

/** Changed paths a switchover may touch on a Cloud SQL instance: the replication fields. */
const switchoverPaths = [
    /^instanceType$/,
    /^masterInstanceName$/,
    /^replicaNames(\[\d+\])?$/,
    /^replicationCluster\.failoverDrReplicaName$/,
    /^settings\.backupConfiguration\.(enabled|pointInTimeRecoveryEnabled)$/,
];

for (const { stack } of prodStacks) {
    const { config } = resolveConfig({ stack });
    const regions = Object.keys(config.regions);
    const primary = config.primaryRegion;
    const secondary = regions.find((r) => r !== primary)!;

    describe(`blast radius of each remediation on ${stack}`, () => {
        const runtimeToggles: [string, string[]][] = [
            ["cacheDisabled=true", rollout(regions)],
            ["voiceMode=hold", rollout(regions)],
            ["pmsSyncMode=queued", rollout(regions)],
            ["pmsDisabledProviders=[dentrix]", rollout(regions)],
            [
                "cacheEpoch=1",
                [
                    ...rollout(regions),
                    ...regions.flatMap((r) => [
                        create("voice-agent:workload:CachePurgeJob", `cache-purge-${r}-1`),
                        create("kubernetes:batch/v1:Job", `cache-purge-${r}-1-job`),
                    ]),
                ],
            ],
        ];
        for (const [set, expected] of runtimeToggles) {
            it(`${set} changes Kubernetes objects only`, async () => {
                const d = await diffOf(stack, set);
                assert.deepStrictEqual(radius(d), [...expected].sort());
                assert.deepStrictEqual(
                    d.changes
                        .filter((c) => !c.type.startsWith("kubernetes:") && !c.type.startsWith("voice-agent:"))
                        .map((c) => c.name),
                    [],
                );
                assert.strictEqual(d.summary.stateful, 0);
                assert.strictEqual(d.summary.delete, 0);
            });
        }

        it("pmsSyncMode=queued scales pms-sync-worker to 0 in every region, live restores it", async () => {
            const d = await diffOf(stack, "pmsSyncMode=queued");
            for (const r of regions) {
                const worker = d.changes.find((c) => c.name === `pms-sync-worker-${r}-deployment`)!;
                assert.deepStrictEqual(
                    worker.changes.find((p) => p.path === "spec.replicas"),
                    { path: "spec.replicas", old: 2, new: 0 },
                );
            }
        });

        it("cacheEpoch=1 runs one purge Job cache-purge-1 per region with a pinned redis-cli", async () => {
            const inv = await planOf(stack, "cacheEpoch=1");
            const jobs = inv.resources.filter((r) => r.type === "kubernetes:batch/v1:Job");
            assert.deepStrictEqual(
                jobs.map((j) => [
                    (j.inputs as { metadata: { name: string } }).metadata.name,
                    j.provider.split("::").pop(),
                ]),
                regions.map((r) => ["cache-purge-1", `voice-cluster-${r}`]),
            );
            const spec = (
                defined(jobs[0], "a purge Job").inputs as {
                    spec: {
                        backoffLimit: number;
                        ttlSecondsAfterFinished: number;
                        template: { spec: { containers: { image: string }[] } };
                    };
                }
            ).spec;
            assert.deepStrictEqual(
                [spec.backoffLimit, spec.ttlSecondsAfterFinished, spec.template.spec.containers[0]?.image],
                [3, 86400, "redis:7.2.5-alpine"],
            );
        });

        it("rateLimit.enabled=true changes only the Cloud Armor policy", async () => {
            const d = await diffOf(stack, "rateLimit.enabled=true");
            assert.deepStrictEqual(radius(d), [
                update("gcp:compute/securityPolicy:SecurityPolicy", `voice-${config.cell}-lb-armor`),
            ]);
            assert.deepStrictEqual(
                d.changes[0]?.changes.map((p) => p.path),
                [
                    "rules[0].action",
                    "rules[0].description",
                    "rules[0].priority",
                    "rules[0].rateLimitOptions",
                    "rules[1]",
                ],
            );
        });

        it("forcedFailover=true updates voice-lb and pre-scales the surviving region; creates, deletes and touches nothing stateful", async () => {
            const d = await diffOf(stack, "forcedFailover=true");
            assert.deepStrictEqual(
                radius(d),
                [
                    update("gcp:compute/backendService:BackendService", `voice-${config.cell}-lb-backend`),
                    update("gcp:container/nodePool:NodePool", `voice-cluster-${secondary}-default`),
                    update("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", `voice-agent-${secondary}-hpa`),
                ].sort(),
            );
            const sum = regions.reduce((n, r) => n + regionConfigOf(config, r).workload.minReplicas, 0);
            assert.deepStrictEqual(d.changes.find((c) => c.type.endsWith("HorizontalPodAutoscaler"))!.changes, [
                { path: "spec.minReplicas", old: regionConfigOf(config, secondary).workload.minReplicas, new: sum },
            ]);
            assert.deepStrictEqual([d.summary.create, d.summary.delete, d.summary.stateful], [0, 0, 0]);
            // The drain waits on no other change: not on the pre-scaling node pool, whose update
            // waits for a resting cluster.
            assert.deepStrictEqual(
                d.changes.find((c) => c.type === "gcp:compute/backendService:BackendService")!.waitsFor,
                [],
            );
        });

        it("drainRegions=[<secondary>] drains it and pre-scales the primary", async () => {
            const d = await diffOf(stack, `drainRegions=[${secondary}]`);
            assert.deepStrictEqual(
                radius(d),
                [
                    update("gcp:compute/backendService:BackendService", `voice-${config.cell}-lb-backend`),
                    update("gcp:container/nodePool:NodePool", `voice-cluster-${primary}-default`),
                    update("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", `voice-agent-${primary}-hpa`),
                ].sort(),
            );
            assert.strictEqual(d.summary.stateful, 0);
            assert.deepStrictEqual(
                d.changes.find((c) => c.type === "gcp:compute/backendService:BackendService")!.waitsFor,
                [],
            );
        });

        it("release.tag rolls both regions' Deployments to the image and nothing else", async () => {
            const d = await diffOf(stack, "release.tag=2026.11.2");
            assert.deepStrictEqual(
                radius(d),
                regions
                    .flatMap((r) => [
                        update("kubernetes:apps/v1:Deployment", `voice-agent-${r}-deployment`),
                        update("kubernetes:apps/v1:Deployment", `pms-sync-worker-${r}-deployment`),
                    ])
                    .sort(),
            );
            for (const c of d.changes) {
                assert.deepStrictEqual(c.changes, [
                    {
                        path: "spec.template.spec.containers[0].image",
                        old: `${config.release.image}:${config.release.tag}`,
                        new: `${config.release.image}:2026.11.2`,
                    },
                ]);
            }
        });

        it("capacity keys change only their region's HPA or node pool", async () => {
            assert.deepStrictEqual(radius(await diffOf(stack, `regions.${primary}.workload.maxReplicas=99`)), [
                update("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", `voice-agent-${primary}-hpa`),
            ]);
            assert.deepStrictEqual(radius(await diffOf(stack, `regions.${secondary}.nodePool.maxPerZone=12`)), [
                update("gcp:container/nodePool:NodePool", `voice-cluster-${secondary}-default`),
            ]);
        });

        it(`database.primaryRegion=${secondary} in one step: only replication fields change, no create or delete; the preview refuses the old primary's replacement and what it takes with it`, async () => {
            const d = await diffOf(stack, `database.primaryRegion=${secondary}`);
            assert.deepStrictEqual([d.summary.create, d.summary.delete], [0, 0]);
            const stateful = d.changes.filter((c) => c.stateful);
            // In one step the provider replaces the old primary (masterInstanceName set while the
            // state still shows it as the primary), which protect refuses. A fixed-name instance is
            // deleted before its replacement is created, and first the engine deletes what that
            // replacement would replace: the database and the IAM user (their instance), and the
            // Deployments (below). The new
            // primary, registered before the old one, already has its step: an update, the
            // provider's replica promotion. The runbook's three phases never replace (docs/runbook.md).
            const because = (input: string) => [`${input} (unknown while voice-db-${primary} is replaced)`];
            assert.deepStrictEqual(radius({ ...d, changes: stateful }), [
                "delete-before-replace gcp:sql/database:Database voice-db-voice",
                `delete-before-replace gcp:sql/databaseInstance:DatabaseInstance voice-db-${primary}`,
                "delete-before-replace gcp:sql/user:User voice-db-iam-voice-agent",
                `update gcp:sql/databaseInstance:DatabaseInstance voice-db-${secondary}`,
            ]);
            assert.deepStrictEqual(
                stateful.map((c) => [c.name, c.protect, c.replaceBecause]).sort(),
                [
                    [`voice-db-${primary}`, true, ["masterInstanceName"]],
                    [`voice-db-${secondary}`, true, []],
                    ["voice-db-voice", true, because("instance")],
                    ["voice-db-iam-voice-agent", false, because("instance")],
                ].sort(),
            );
            for (const c of stateful) {
                for (const p of c.changes)
                    assert.ok(
                        switchoverPaths.some((re) => re.test(p.path)),
                        `${c.name}: ${p.path} is not a replication field`,
                    );
            }
            // Monitoring follows the role. The workloads' write endpoint follows it by itself, but in
            // the preview it is unknown until the old primary's replacement exists, and every
            // Deployment, whose `spec` reads that instance, is deleted first as its dependent.
            assert.deepStrictEqual(
                d.changes
                    .filter((c) => !c.stateful)
                    .map((c) => `${c.op} ${c.type}`)
                    .sort(),
                [
                    "replace kubernetes:apps/v1:Deployment",
                    "replace kubernetes:apps/v1:Deployment",
                    "replace kubernetes:apps/v1:Deployment",
                    "replace kubernetes:apps/v1:Deployment",
                    "update gcp:monitoring/alertPolicy:AlertPolicy",
                    "update gcp:monitoring/alertPolicy:AlertPolicy",
                    "update gcp:monitoring/dashboard:Dashboard",
                    "update kubernetes:core/v1:ConfigMap",
                    "update kubernetes:core/v1:ConfigMap",
                ],
            );
        });

        it("after a region loss, the config change that follows promote-replica plans the same switchover", async () => {
            // The runbook: `gcloud sql instances promote-replica voice-db-<secondary> --failover`,
            // then `npm run remediate -- db-switchover --to <secondary>`, which edits the stack file.
            const text = editYamlText(
                fs.readFileSync(stackFile(stack), "utf8"),
                yamlEdits(actionNamed("db-switchover").edits(config, { to: secondary })),
            );
            const edited = (YAML.parse(text) as { config: Record<string, unknown> }).config;
            const before = await planOf(stack);
            const viaRemediate = diffInventories(
                before,
                await previewPlan(before, (unknownAtPreview) =>
                    plan({ stack, stackConfig: edited, ...(unknownAtPreview ? { unknownAtPreview } : {}) }),
                ),
            );
            assert.deepStrictEqual(viaRemediate, await diffOf(stack, `database.primaryRegion=${secondary}`));
        });
    });
}
