/**
 * Replace rules: table-driven on synthetic inventories (each row one provider rule read from its
 * source), and the table's coverage of every type the program declares.
 */
import * as assert from "assert";
import { diffInventories, refusal, type ResourceChange } from "../../../tools/lib/diff";
import { replaceRules, ruleFor } from "../../../tools/lib/engine/replaceRules";
import type { InventoryResource } from "../../../tools/lib/plan";
import { planOf, prodStacks } from "../../support/plans";
import { CONFIGMAP, inv, kubeconfig, provider, res } from "./synthetic";

type Row = [
    string,
    InventoryResource[],
    InventoryResource[],
    Pick<ResourceChange, "op" | "replaceBecause" | "deleteBeforeReplace">[],
];

const cm = (data: Record<string, string>, prov: string, extra: Record<string, unknown> = {}) =>
    res(
        CONFIGMAP,
        "cfg",
        { metadata: { name: "flags", namespace: "ns" }, data, ...extra },
        { provider: `urn:pulumi:s::p::pulumi:providers:kubernetes::${prov}` },
    );
const deployment = (selector: Record<string, string>, image: string, name: string | null = "web") =>
    res("kubernetes:apps/v1:Deployment", "web", {
        metadata: { ...(name ? { name } : {}), namespace: "ns" },
        spec: { selector: { matchLabels: selector }, template: { spec: { containers: [{ image }] } } },
    });
const sql = (inputs: Record<string, unknown>) =>
    res("gcp:sql/databaseInstance:DatabaseInstance", "db", {
        name: "voice-db",
        region: "europe-west1",
        databaseVersion: "POSTGRES_16",
        ...inputs,
    });
const subnet = (range: string) =>
    res("gcp:compute/subnetwork:Subnetwork", "subnet", { name: "nodes", ipCidrRange: range });
const redis = (v: string) => res("gcp:redis/instance:Instance", "cache", { name: "cache", redisVersion: v });
const pool = (nodeConfig?: Record<string, unknown>) =>
    res("gcp:container/nodePool:NodePool", "pool", {
        name: "default",
        cluster: "c",
        ...(nodeConfig ? { nodeConfig } : {}),
    });

const update = { op: "update" as const, replaceBecause: [], deleteBeforeReplace: false };
const replace = (because: string[], dbr: boolean) => ({
    op: "replace" as const,
    replaceBecause: because,
    deleteBeforeReplace: dbr,
});

const rows: Row[] = [
    // google-beta v7.45.0 node_config.go:284: the block is ForceNew, machine_type (:555) is not; the SDK
    // applies a block's ForceNew to its count only (schemaMap.diffList), and nodePoolNodeConfigUpdate
    // (node_config.go:4051) updates machine_type, disk size and type in place.
    [
        "node pool nodeConfig.machineType: updated in place",
        [pool({ machineType: "n2-standard-8" })],
        [pool({ machineType: "n2-standard-16" })],
        [update],
    ],
    [
        "node pool nodeConfig.labels and diskSizeGb: updated in place",
        [pool({ labels: { a: "1" }, diskSizeGb: 100 })],
        [pool({ labels: { a: "2" }, diskSizeGb: 200 })],
        [update],
    ],
    [
        "node pool nodeConfig.preemptible (ForceNew itself): replaced, deleted first",
        [pool({ preemptible: false })],
        [pool({ preemptible: true })],
        [replace(["nodeConfig.preemptible"], true)],
    ],
    [
        "node pool nodeConfig added: the block's ForceNew replaces",
        [pool()],
        [pool({ machineType: "n2-standard-8" })],
        [replace(["nodeConfig"], true)],
    ],
    [
        "node pool shieldedInstanceConfig nested ForceNew field: replaced",
        [pool({ shieldedInstanceConfig: { enableSecureBoot: false } })],
        [pool({ shieldedInstanceConfig: { enableSecureBoot: true } })],
        [replace(["nodeConfig.shieldedInstanceConfig.enableSecureBoot"], true)],
    ],
    [
        "ConfigMap data without enableConfigMapMutable: replaced, deleted first (fixed name)",
        [provider("k"), cm({ A: "1" }, "k")],
        [provider("k"), cm({ A: "2" }, "k")],
        [replace(["data.A"], true)],
    ],
    [
        "ConfigMap data with enableConfigMapMutable: updated in place",
        [provider("k", { enableConfigMapMutable: "true" }), cm({ A: "1" }, "k")],
        [provider("k", { enableConfigMapMutable: "true" }), cm({ A: "2" }, "k")],
        [update],
    ],
    [
        "ConfigMap marked immutable: replaced even with enableConfigMapMutable",
        [provider("k", { enableConfigMapMutable: "true" }), cm({ A: "1" }, "k", { immutable: true })],
        [provider("k", { enableConfigMapMutable: "true" }), cm({ A: "2" }, "k", { immutable: true })],
        [replace(["data.A"], true)],
    ],
    [
        "Secret stringData without enableSecretMutable: replaced",
        [
            provider("k"),
            res(
                "kubernetes:core/v1:Secret",
                "s",
                { metadata: { name: "s" }, stringData: "[secret]", type: "Opaque" },
                { provider: "urn:pulumi:s::p::pulumi:providers:kubernetes::k" },
            ),
        ],
        [
            provider("k"),
            res(
                "kubernetes:core/v1:Secret",
                "s",
                { metadata: { name: "s" }, stringData: { k: "v" }, type: "Opaque" },
                { provider: "urn:pulumi:s::p::pulumi:providers:kubernetes::k" },
            ),
        ],
        [replace(["stringData"], true)],
    ],
    [
        "Deployment image: updated (a rollout)",
        [deployment({ app: "web" }, "a:1")],
        [deployment({ app: "web" }, "a:2")],
        [update],
    ],
    [
        "Deployment selector: replaced, deleted first",
        [deployment({ app: "web" }, "a:1")],
        [deployment({ app: "web2" }, "a:1")],
        [replace(["spec.selector.matchLabels.app"], true)],
    ],
    [
        "Deployment selector, autonamed: replaced, created first",
        [deployment({ app: "web" }, "a:1", null)],
        [deployment({ app: "x" }, "a:1", null)],
        [replace(["spec.selector.matchLabels.app"], false)],
    ],
    [
        "metadata.name change: replaced, created first (the names differ)",
        [deployment({ app: "web" }, "a:1", "web")],
        [deployment({ app: "web" }, "a:1", "web-2")],
        [replace(["metadata.name"], false)],
    ],
    [
        "Job template: replaced",
        [
            res("kubernetes:batch/v1:Job", "j", {
                metadata: { name: "purge" },
                spec: { template: { spec: { containers: [{ image: "r:1" }] } } },
            }),
        ],
        [
            res("kubernetes:batch/v1:Job", "j", {
                metadata: { name: "purge" },
                spec: { template: { spec: { containers: [{ image: "r:2" }] } } },
            }),
        ],
        [replace(["spec.template.spec.containers[0].image"], true)],
    ],
    [
        "Service type: updated (only clusterIP replaces)",
        [res("kubernetes:core/v1:Service", "svc", { metadata: { name: "svc" }, spec: { type: "ClusterIP" } })],
        [res("kubernetes:core/v1:Service", "svc", { metadata: { name: "svc" }, spec: { type: "NodePort" } })],
        [update],
    ],
    [
        "PodDisruptionBudget policy/v1 spec: updated",
        [
            res("kubernetes:policy/v1:PodDisruptionBudget", "pdb", {
                metadata: { name: "p" },
                spec: { maxUnavailable: 1 },
            }),
        ],
        [
            res("kubernetes:policy/v1:PodDisruptionBudget", "pdb", {
                metadata: { name: "p" },
                spec: { maxUnavailable: 2 },
            }),
        ],
        [update],
    ],
    [
        "Cloud SQL region (ForceNew): replaced, deleted first (name set)",
        [sql({})],
        [sql({ region: "europe-west4" })],
        [replace(["region"], true)],
    ],
    [
        "Cloud SQL databaseVersion: updated in place (not ForceNew)",
        [sql({})],
        [sql({ databaseVersion: "POSTGRES_17" })],
        [update],
    ],
    [
        "Cloud SQL masterInstanceName set on a primary without replicaConfiguration: replaced",
        [sql({ instanceType: "CLOUD_SQL_INSTANCE", replicaNames: ["voice-db-b"] })],
        [sql({ instanceType: "READ_REPLICA_INSTANCE", replicaNames: [], masterInstanceName: "voice-db-b" })],
        [replace(["masterInstanceName"], true)],
    ],
    [
        "Cloud SQL old primary's side of a switchover (replicaConfiguration present): updated",
        [sql({ instanceType: "CLOUD_SQL_INSTANCE", replicaNames: ["voice-db-b"] })],
        [
            sql({
                instanceType: "READ_REPLICA_INSTANCE",
                replicaNames: [],
                masterInstanceName: "voice-db-b",
                replicaConfiguration: { cascadableReplica: false },
            }),
        ],
        [update],
    ],
    [
        "Cloud SQL masterInstanceName unset on the new primary (Optional+Computed): updated",
        [sql({ masterInstanceName: "voice-db" })],
        [sql({})],
        [update],
    ],
    [
        "Cloud SQL replica promoted (instanceType READ_REPLICA_INSTANCE → CLOUD_SQL_INSTANCE, master and replicaConfiguration unset): updated, though replicaConfiguration.failoverTarget is ForceNew",
        [
            sql({
                instanceType: "READ_REPLICA_INSTANCE",
                masterInstanceName: "voice-db-a",
                replicaConfiguration: { failoverTarget: false },
            }),
        ],
        [sql({ instanceType: "CLOUD_SQL_INSTANCE", replicaNames: ["voice-db-a"] })],
        [update],
    ],
    [
        "Cloud SQL replica without a promotion loses replicaConfiguration.failoverTarget: replaced",
        [
            sql({
                instanceType: "READ_REPLICA_INSTANCE",
                masterInstanceName: "voice-db-a",
                replicaConfiguration: { failoverTarget: false, cascadableReplica: false },
            }),
        ],
        [
            sql({
                instanceType: "READ_REPLICA_INSTANCE",
                masterInstanceName: "voice-db-a",
                replicaConfiguration: { cascadableReplica: false },
            }),
        ],
        [replace(["replicaConfiguration.failoverTarget"], true)],
    ],
    [
        "Cloud SQL replica moved to another master (no promotion): replaced",
        [sql({ instanceType: "READ_REPLICA_INSTANCE", masterInstanceName: "voice-db-a" })],
        [sql({ instanceType: "READ_REPLICA_INSTANCE", masterInstanceName: "voice-db-c" })],
        [replace(["masterInstanceName"], true)],
    ],
    [
        "Cloud SQL replica moved to another master, instanceType left to the state (no promotion): replaced",
        [sql({ instanceType: "READ_REPLICA_INSTANCE", masterInstanceName: "voice-db-a" })],
        [sql({ masterInstanceName: "voice-db-c" })],
        [replace(["masterInstanceName"], true)],
    ],
    ["Subnetwork range expanded: updated", [subnet("10.10.0.0/20")], [subnet("10.10.0.0/19")], [update]],
    [
        "Subnetwork range moved: replaced (IsShrinkageIpCidr)",
        [subnet("10.10.0.0/20")],
        [subnet("10.11.0.0/20")],
        [replace(["ipCidrRange"], true)],
    ],
    ["Redis version up: updated", [redis("REDIS_7_0")], [redis("REDIS_7_2")], [update]],
    [
        "Redis version down: replaced (isRedisVersionDecreasing)",
        [redis("REDIS_7_2")],
        [redis("REDIS_7_0")],
        [replace(["redisVersion"], true)],
    ],
    [
        "Project IAM member role: replaced, deleted first (pulumi-gcp DeleteBeforeReplace)",
        [res("gcp:projects/iAMMember:IAMMember", "m", { project: "p", role: "roles/a", member: "user:x" })],
        [res("gcp:projects/iAMMember:IAMMember", "m", { project: "p", role: "roles/b", member: "user:x" })],
        [replace(["role"], true)],
    ],
    [
        "Topic IAM member role: replaced, created first (no name, no DeleteBeforeReplace)",
        [res("gcp:pubsub/topicIAMMember:TopicIAMMember", "m", { topic: "t", role: "roles/a", member: "user:x" })],
        [res("gcp:pubsub/topicIAMMember:TopicIAMMember", "m", { topic: "t", role: "roles/b", member: "user:x" })],
        [replace(["role"], false)],
    ],
    // step_generator.go providerChanged: a moved reference is judged by the new provider's DiffConfig.
    [
        "ConfigMap moved to another Kubernetes provider of the same cluster: only the new provider is created",
        [provider("k"), cm({ A: "1" }, "k")],
        [provider("k"), provider("k2"), cm({ A: "1" }, "k2")],
        [{ op: "create", replaceBecause: [], deleteBeforeReplace: false }],
    ],
    [
        "ConfigMap moved to a Kubernetes provider of another cluster: replaced",
        [provider("k"), cm({ A: "1" }, "k")],
        [provider("k"), provider("k2", { kubeconfig: kubeconfig("https://10.0.0.2") }), cm({ A: "1" }, "k2")],
        [{ op: "create", replaceBecause: [], deleteBeforeReplace: false }, replace(["(provider)"], false)],
    ],
    [
        "k8s provider pointed at another cluster: the provider and its ConfigMap are replaced",
        [provider("k"), cm({ A: "1" }, "k")],
        [provider("k", { kubeconfig: kubeconfig("https://10.0.0.2") }), cm({ A: "1" }, "k")],
        [replace(["kubeconfig"], false), replace(["(provider)"], false)],
    ],
];

describe("replace rules (synthetic inventories)", () => {
    for (const [title, before, after, expected] of rows) {
        it(title, () => {
            const d = diffInventories(inv(...before), inv(...after));
            assert.deepStrictEqual(
                d.changes.map((c) => ({
                    op: c.op,
                    replaceBecause: c.replaceBecause,
                    deleteBeforeReplace: c.deleteBeforeReplace,
                })),
                expected,
            );
        });
    }

    it("a promotion whose program still sets masterInstanceName or replicaConfiguration fails the provider's diff: the preview refuses it", () => {
        const replica = sql({ instanceType: "READ_REPLICA_INSTANCE", masterInstanceName: "voice-db-a" });
        const check = (field: string) =>
            `Replica promote configuration check failed. Please remove ${field} and try again.`;
        for (const [inputs, field] of [
            [{ masterInstanceName: "voice-db-a" }, "master_instance_name"],
            [{ replicaConfiguration: { cascadableReplica: false } }, "replica_configuration"],
        ] as const) {
            const d = diffInventories(inv(replica), inv(sql({ instanceType: "CLOUD_SQL_INSTANCE", ...inputs })));
            assert.deepStrictEqual(
                d.changes.map((c) => [c.op, c.replaceBecause, c.providerError]),
                [["update", [], check(field)]],
            );
            assert.strictEqual(d.summary.refused, 1);
            assert.strictEqual(
                refusal(d.changes[0] ?? { op: "update", protect: false }),
                `the provider's diff fails: ${check(field)}`,
            );
        }
    });

    it("the promotion rule names the provider lines it follows", () => {
        const at = "terraform-provider-google-beta v7.45.0 google-beta/services/sql/resource_sql_database_instance.go";
        assert.ok(
            ruleFor("gcp:sql/databaseInstance:DatabaseInstance").provenance.sources.includes(
                `${at}:263 (isReplicaPromoteRequested :4082, checkPromoteConfigurationsAndUpdateDiff :4125, validatePromoteConfigurations :4146)`,
            ),
        );
    });

    it("a type without a rule is refused with the file to add it to", () => {
        assert.throws(() => ruleFor("gcp:compute/instance:Instance"), {
            message:
                "no replace rule for resource type gcp:compute/instance:Instance: read its provider's source and add it to tools/lib/engine/replaceRules.ts",
        });
    });
});

describe("replace rules table", () => {
    it("covers every custom resource type the program declares, toggles included, and each entry has provenance", async () => {
        const declared = new Set<string>();
        for (const [stack, sets] of [
            ...prodStacks.map(({ stack: s }) => [s, []] as [string, string[]]),
            ["drill-eu", []],
            ["prod-eu", ["cacheEpoch=1"]],
        ] as [string, string[]][]) {
            for (const r of (await planOf(stack, ...sets)).resources) if (r.custom) declared.add(r.type);
        }
        assert.strictEqual(declared.size, 53);
        const missing = [...declared].filter((t) => !replaceRules.has(t));
        assert.deepStrictEqual(missing, []);
        for (const t of declared) {
            const p = ruleFor(t).provenance;
            assert.ok(
                p.provider &&
                    p.version &&
                    p.sources.length > 0 &&
                    p.sources.every((s) => /\.go:\d+|^https:\/\//.test(s)),
                `${t}: ${JSON.stringify(p)}`,
            );
        }
    });

    it("has 53 entries (every declared type: project services, repository IAM members, the Pub/Sub service identity, the drill cells' RandomId and DNS record included) with these ForceNew counts for the stateful types", () => {
        assert.strictEqual(replaceRules.size, 53);
        assert.deepStrictEqual(
            [
                "gcp:sql/databaseInstance:DatabaseInstance",
                "gcp:redis/instance:Instance",
                "gcp:container/cluster:Cluster",
                "gcp:compute/globalAddress:GlobalAddress",
            ].map((t) => [t, ruleFor(t).forceNew.length]),
            [
                ["gcp:sql/databaseInstance:DatabaseInstance", 16],
                ["gcp:redis/instance:Instance", 11],
                ["gcp:container/cluster:Cluster", 161],
                ["gcp:compute/globalAddress:GlobalAddress", 9],
            ],
        );
        assert.deepStrictEqual(ruleFor("kubernetes:core/v1:ConfigMap").forceNew, [
            "metadata.name",
            "metadata.namespace",
        ]);
    });
});

describe("replace rule of the drill cells' random suffix", () => {
    const rid = (inputs: Record<string, unknown>) => ({
        urn: "u",
        type: "random:index/randomId:RandomId",
        name: "voice-db-suffix-id",
        parent: "",
        protect: false,
        custom: true,
        dependsOn: [],
        provider: "",
        inputs,
    });
    const decide = (o: Record<string, unknown>, n: Record<string, unknown>) =>
        ruleFor("random:index/randomId:RandomId").decide({
            old: rid(o),
            now: rid(n),
            changes: [],
            after: { project: "p", stack: "s", config: {}, resources: [], outputs: {} },
        }).replaceBecause;
    const table: [string, Record<string, unknown>, Record<string, unknown>, string[]][] = [
        ["unchanged: kept (the suffix is stable across updates)", { byteLength: 4 }, { byteLength: 4 }, []],
        ["byteLength changed: replaced", { byteLength: 4 }, { byteLength: 8 }, ["byteLength"]],
        ["prefix set: replaced", { byteLength: 4 }, { byteLength: 4, prefix: "x" }, ["prefix"]],
        [
            "a keeper changed: replaced",
            { byteLength: 4, keepers: { a: "1" } },
            { byteLength: 4, keepers: { a: "2" } },
            ["keepers"],
        ],
        [
            "a keeper set to null: kept",
            { byteLength: 4, keepers: { a: "1" } },
            { byteLength: 4, keepers: { a: null } },
            [],
        ],
    ];
    for (const [name, o, n, expected] of table) it(name, () => assert.deepStrictEqual(decide(o, n), expected));
});
