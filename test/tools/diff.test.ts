/**
 * The offline diff on the real program: what `pulumi up` would do for changes whose operation the
 * providers decide (replacements of protected resources, the one-step database switchover, a
 * runtime-flag toggle), and `npm run diff --json` carrying ops, waits and awaits.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { diffInventories, type PlanDiff, type ResourceChange } from "../../tools/lib/diff";
import { resolveConfig, type Inventory } from "../../tools/lib/plan";
import { diffOf, planOf, prodStacks } from "../support/plans";

const root = path.resolve(__dirname, "../..");

const brief = (c: ResourceChange) => ({
    op: c.op,
    name: c.name,
    protect: c.protect,
    deleteBeforeReplace: c.deleteBeforeReplace,
    replaceBecause: c.replaceBecause,
});

for (const { stack } of prodStacks) {
    const { config } = resolveConfig({ stack });
    const regions = Object.keys(config.regions);
    const primary = config.primaryRegion;
    const secondary = regions.find((r) => r !== primary)!;

    describe(`offline diff predicts the providers' operations on ${stack}`, () => {
        it("nodePool.machineType resizes the region's node pool in place (node_config's nested fields are not ForceNew)", async () => {
            const d = await diffOf(stack, `regions.${primary}.nodePool.machineType=n2-standard-16`);
            assert.deepStrictEqual(d.changes.map(brief), [
                {
                    op: "update",
                    name: `voice-cluster-${primary}-default`,
                    protect: false,
                    deleteBeforeReplace: false,
                    replaceBecause: [],
                },
            ]);
            assert.deepStrictEqual(
                d.changes[0]?.changes.map((c) => c.path),
                ["nodeConfig.machineType"],
            );
        });

        // Each region's Deployments take the cache's host in their `spec`: the engine deletes them
        // first, as dependents of the cache's delete-before-replace. The Secrets and ConfigMaps
        // holding its address and auth update in place (the Provider makes both mutable).
        it("cache.redisVersion down (a ForceNew CustomizeDiff rule) replaces both protected Redis instances and, delete-first, each region's Deployments: the preview refuses the caches", async () => {
            const d = await diffOf(stack, "cache.redisVersion=REDIS_7_0");
            const update = (name: string) => ({
                op: "update",
                name,
                protect: false,
                deleteBeforeReplace: false,
                replaceBecause: [],
            });
            const deployment = (workload: string, r: string) => ({
                op: "replace",
                name: `${workload}-${r}-deployment`,
                protect: false,
                deleteBeforeReplace: true,
                replaceBecause: [
                    `spec.selector (unknown while voice-cache-${r} is replaced)`,
                    `spec.selector.matchLabels (unknown while voice-cache-${r} is replaced)`,
                ],
            });
            assert.deepStrictEqual(d.changes.map(brief), [
                ...regions.map((r) => ({
                    op: "replace",
                    name: `voice-cache-${r}`,
                    protect: true,
                    deleteBeforeReplace: true,
                    replaceBecause: ["redisVersion"],
                })),
                ...regions.map((r) => update(`voice-agent-${r}-secrets`)),
                ...regions.map((r) => update(`voice-agent-${r}-config`)),
                ...regions.map((r) => deployment("pms-sync-worker", r)),
                ...regions.map((r) => deployment("voice-agent", r)),
            ]);
            assert.deepStrictEqual([d.summary.update, d.summary.replace, d.summary.refused], [4, 6, 2]);
        });

        it("network.privateServicesRange (a ForceNew address) replaces the protected private-services range: refused", async () => {
            const d = await diffOf(stack, "network.privateServicesRange=10.201.0.0/16");
            assert.deepStrictEqual(d.changes.map(brief), [
                {
                    op: "replace",
                    name: `voice-${config.cell}-private-services`,
                    protect: true,
                    deleteBeforeReplace: true,
                    replaceBecause: ["address"],
                },
            ]);
            assert.strictEqual(d.summary.refused, 1);
        });

        it(`one-step database.primaryRegion=${secondary} promotes the new primary in place and replaces the old primary (masterInstanceName), delete-first, with the database, the IAM user and every Deployment: refused by protect`, async () => {
            const d = await diffOf(stack, `database.primaryRegion=${secondary}`);
            const because = (input: string) => [`${input} (unknown while voice-db-${primary} is replaced)`];
            // The real preview (docs/conformance.json, db-switchover): the new primary, registered
            // before the old one, is an update (the provider's replica promotion), not a dependent.
            assert.deepStrictEqual(
                d.changes.filter((c) => c.type === "gcp:sql/databaseInstance:DatabaseInstance").map(brief),
                [
                    {
                        op: "update",
                        name: `voice-db-${secondary}`,
                        protect: true,
                        deleteBeforeReplace: false,
                        replaceBecause: [],
                    },
                    {
                        op: "replace",
                        name: `voice-db-${primary}`,
                        protect: true,
                        deleteBeforeReplace: true,
                        replaceBecause: ["masterInstanceName"],
                    },
                ],
            );
            assert.deepStrictEqual(d.changes.filter((c) => c.op === "replace").map(brief), [
                {
                    op: "replace",
                    name: `voice-db-${primary}`,
                    protect: true,
                    deleteBeforeReplace: true,
                    replaceBecause: ["masterInstanceName"],
                },
                ...["pms-sync-worker", "voice-agent"].flatMap((workload) =>
                    regions.map((r) => ({
                        op: "replace",
                        name: `${workload}-${r}-deployment`,
                        protect: false,
                        deleteBeforeReplace: true,
                        replaceBecause: [...because("spec.selector"), ...because("spec.selector.matchLabels")],
                    })),
                ),
                {
                    op: "replace",
                    name: "voice-db-voice",
                    protect: true,
                    deleteBeforeReplace: true,
                    replaceBecause: because("instance"),
                },
                {
                    op: "replace",
                    name: "voice-db-iam-voice-agent",
                    protect: false,
                    deleteBeforeReplace: true,
                    replaceBecause: because("instance"),
                },
            ]);
            // The write endpoint each ConfigMap holds is unknown until the old primary's replacement exists.
            assert.deepStrictEqual(
                d.changes
                    .filter((c) => c.type === "kubernetes:core/v1:ConfigMap")
                    .map((c) => [c.op, c.changes.map((x) => x.path)]),
                regions.map(() => ["update", ["data.DATABASE_HOST"]]),
            );
            const promoted = d.changes.find((c) => c.name === `voice-db-${secondary}`);
            assert.deepStrictEqual(
                promoted?.changes.map((c) => c.path),
                [
                    "instanceType",
                    "masterInstanceName",
                    "replicaNames[0]",
                    "replicationCluster.failoverDrReplicaName",
                    "settings.backupConfiguration.enabled",
                    "settings.backupConfiguration.pointInTimeRecoveryEnabled",
                ],
            );
            assert.deepStrictEqual([d.summary.update, d.summary.replace, d.summary.refused], [6, 7, 2]);
        });

        it(`a new control-plane range for ${primary} replaces its cluster delete-first, and with it the node pool, the cluster's Kubernetes provider and every object through it`, async () => {
            const d = await diffOf(stack, `regions.${primary}.subnet.controlPlane=172.16.0.32/28`);
            const because = (input: string) => [`${input} (unknown while voice-cluster-${primary} is replaced)`];
            const k8s = (type: string, name: string) => ({
                type,
                name,
                deleteBeforeReplace: true,
                replaceBecause: ["(provider)"],
            });
            assert.deepStrictEqual(
                d.changes.map((c) => ({
                    type: c.type,
                    name: c.name,
                    deleteBeforeReplace: c.deleteBeforeReplace,
                    replaceBecause: c.replaceBecause,
                })),
                [
                    {
                        type: "gcp:container/cluster:Cluster",
                        name: `voice-cluster-${primary}`,
                        deleteBeforeReplace: true,
                        replaceBecause: ["privateClusterConfig.masterIpv4CidrBlock"],
                    },
                    {
                        type: "pulumi:providers:kubernetes",
                        name: `voice-cluster-${primary}`,
                        deleteBeforeReplace: true,
                        replaceBecause: [...because("clusterIdentifier"), ...because("kubeconfig")],
                    },
                    k8s("kubernetes:core/v1:Namespace", `voice-agent-${primary}-namespace`),
                    k8s("kubernetes:core/v1:ServiceAccount", `voice-agent-${primary}-service-account`),
                    k8s("kubernetes:core/v1:Secret", `voice-agent-${primary}-secrets`),
                    k8s("kubernetes:core/v1:Service", `voice-agent-${primary}-service`),
                    k8s("kubernetes:policy/v1:PodDisruptionBudget", `voice-agent-${primary}-pdb`),
                    k8s("kubernetes:policy/v1:PodDisruptionBudget", `pms-sync-worker-${primary}-pdb`),
                    k8s("kubernetes:core/v1:ConfigMap", `voice-agent-${primary}-config`),
                    k8s("kubernetes:apps/v1:Deployment", `pms-sync-worker-${primary}-deployment`),
                    k8s("kubernetes:apps/v1:Deployment", `voice-agent-${primary}-deployment`),
                    k8s("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", `voice-agent-${primary}-hpa`),
                    // Last in the preview's plan: with the new cluster's outputs unknown, its inputs resolve last.
                    {
                        type: "gcp:container/nodePool:NodePool",
                        name: `voice-cluster-${primary}-default`,
                        deleteBeforeReplace: true,
                        replaceBecause: because("cluster"),
                    },
                ],
            );
            assert.deepStrictEqual([d.summary.replace, d.summary.refused], [13, 1]);
        });

        it(`a rotated cluster CA or control-plane address in ${primary} updates its Kubernetes provider in place (clusterIdentifier); without it every object of the region would be replaced`, async () => {
            const before = await planOf(stack);
            // What a refresh reads back after `gcloud container clusters update --start-credential-rotation` / `--start-ip-rotation`.
            const rotate = (inv: Inventory): Inventory => ({
                ...inv,
                resources: inv.resources.map((r) => {
                    if (r.type !== "pulumi:providers:kubernetes" || r.name !== `voice-cluster-${primary}`) return r;
                    const kc = JSON.parse(r.inputs.kubeconfig as string);
                    kc.clusters[0].cluster["certificate-authority-data"] =
                        Buffer.from("a rotated CA").toString("base64");
                    kc.clusters[0].cluster.server = "https://172.16.0.99";
                    return { ...r, inputs: { ...r.inputs, kubeconfig: JSON.stringify(kc) } };
                }),
            });
            const d = diffInventories(before, rotate(before));
            assert.deepStrictEqual(
                d.changes.map((c) => [c.op, c.type, c.name, c.changes.map((p) => p.path)]),
                [["update", "pulumi:providers:kubernetes", `voice-cluster-${primary}`, ["kubeconfig"]]],
            );
            const strip = (inv: Inventory): Inventory => ({
                ...inv,
                resources: inv.resources.map((r) =>
                    r.type === "pulumi:providers:kubernetes"
                        ? { ...r, inputs: { ...r.inputs, clusterIdentifier: undefined } }
                        : r,
                ),
            });
            const without = diffInventories(strip(before), strip(rotate(before)));
            assert.deepStrictEqual(
                [
                    without.summary.replace,
                    without.changes.filter((c) => c.replaceBecause.includes("(provider)")).length,
                ],
                [11, 10],
            );
        });

        it("a runtime-flag toggle updates each region's ConfigMap in place: the cluster's provider sets enableConfigMapMutable", async () => {
            const d = await diffOf(stack, "voiceMode=hold");
            assert.deepStrictEqual(
                d.changes.filter((c) => c.type === "kubernetes:core/v1:ConfigMap").map(brief),
                regions.map((r) => ({
                    op: "update",
                    name: `voice-agent-${r}-config`,
                    protect: false,
                    deleteBeforeReplace: false,
                    replaceBecause: [],
                })),
            );
            const cm = new Map(
                d.changes.filter((c) => c.type === "kubernetes:core/v1:ConfigMap").map((c) => [c.urn, c]),
            );
            for (const c of d.changes.filter((x) => x.type === "kubernetes:apps/v1:Deployment")) {
                assert.strictEqual(c.op, "update");
                assert.deepStrictEqual(
                    c.waitsFor.filter((w) => cm.has(w)).length,
                    1,
                    `${c.name} waits for its region's ConfigMap`,
                );
                assert.strictEqual(c.await.kind, "rollout");
            }
        });
    });
}

describe("npm run diff --json", function () {
    this.timeout(180000);
    it("carries op, protect, deleteBeforeReplace, replaceBecause, waitsFor and await per change", () => {
        const r = spawnSync(
            process.execPath,
            [
                "-r",
                "ts-node/register/transpile-only",
                "tools/diff.ts",
                "--stack",
                "prod-eu",
                "--set",
                "forcedFailover=true",
                "--json",
            ],
            { cwd: root, encoding: "utf8" },
        );
        assert.strictEqual(r.status, 0, r.stderr);
        const out = JSON.parse(r.stdout) as { summary: PlanDiff["summary"]; changes: ResourceChange[] };
        assert.deepStrictEqual(out.summary, {
            create: 0,
            update: 3,
            replace: 0,
            delete: 0,
            stateful: 0,
            unchanged: 155,
            refused: 0,
        });
        const pool = out.changes.find((c) => c.type === "gcp:container/nodePool:NodePool")!;
        const lb = out.changes.find((c) => c.type === "gcp:compute/backendService:BackendService")!;
        assert.deepStrictEqual(Object.keys(lb).sort(), [
            "await",
            "changes",
            "deleteBeforeReplace",
            "name",
            "op",
            "protect",
            "replaceBecause",
            "stateful",
            "type",
            "urn",
            "waitsFor",
        ]);
        assert.deepStrictEqual(
            {
                op: lb.op,
                protect: lb.protect,
                deleteBeforeReplace: lb.deleteBeforeReplace,
                replaceBecause: lb.replaceBecause,
                await: lb.await,
            },
            {
                op: "update",
                protect: false,
                deleteBeforeReplace: false,
                replaceBecause: [],
                await: {
                    kind: "gcp-operation",
                    detail: "until the update operation completes (provider timeout 20 min)",
                },
            },
        );
        // The drain waits on no other change; the node pool's pre-scaling waits on nothing either.
        assert.deepStrictEqual([lb.waitsFor, pool.waitsFor], [[], []]);
    });
});
