import * as assert from "assert";
import { protectedTypes } from "../../core/resourceKinds";
import { lifecycleOf } from "../../infra/lifecycle";
import type { Inventory } from "../../tools/lib/plan";
import { planOf, prodStacks } from "../support/plans";

describe("lifecycle of a cell", () => {
    const table: [Parameters<typeof lifecycleOf>[0]["environment"], ReturnType<typeof lifecycleOf>][] = [
        [
            "prod",
            {
                protect: true,
                deletionProtection: true,
                nameSuffixBytes: 0,
                clusterAccessOutput: false,
                abandonOnDelete: false,
            },
        ],
        [
            "drill",
            {
                protect: false,
                deletionProtection: false,
                nameSuffixBytes: 4,
                clusterAccessOutput: true,
                abandonOnDelete: true,
            },
        ],
    ];
    for (const [environment, expected] of table) {
        it(`${environment}: ${JSON.stringify(expected)}`, () =>
            assert.deepStrictEqual(lifecycleOf({ environment }), expected));
    }
});

describe("lifecycle in the plans: what is protected", function () {
    this.timeout(120_000);
    const protectedOf = (inv: Inventory) => inv.resources.filter((r) => r.protect).map((r) => r.type);

    for (const { stack } of prodStacks) {
        it(`${stack}: protects every resource of a protected type, and nothing else`, async () => {
            const inv = await planOf(stack);
            const expected = inv.resources.filter((r) => protectedTypes.includes(r.type)).map((r) => r.type);
            assert.deepStrictEqual(protectedOf(inv), expected);
            assert.deepStrictEqual(new Set(expected), new Set(protectedTypes));
        });
    }

    it("drill-eu: protects nothing", async () => {
        assert.deepStrictEqual(protectedOf(await planOf("drill-eu")), []);
    });
});

describe("lifecycle in the plans: random Cloud SQL suffixes in drill cells only", function () {
    this.timeout(120_000);

    const sql = (inv: Inventory) =>
        inv.resources.filter((r) => r.type === "gcp:sql/databaseInstance:DatabaseInstance").map((r) => r.inputs as any);

    it("drill-eu: one RandomId of 4 bytes, and every instance name, replica name, DR designation and IAM condition carries its hex", async () => {
        const inv = await planOf("drill-eu");
        const ids = inv.resources.filter((r) => r.type === "random:index/randomId:RandomId");
        assert.deepStrictEqual(
            ids.map((r) => [r.name, r.inputs]),
            [["voice-db-suffix-id", { byteLength: 4 }]],
        );
        const hex = /^voice-db-([0-9a-f]{8})$/.exec(
            (inv.outputs as { database: { primary: string } }).database.primary,
        )![1];
        assert.deepStrictEqual(
            sql(inv).map((i) => [
                i.name,
                i.masterInstanceName,
                i.replicaNames,
                i.replicationCluster.failoverDrReplicaName,
            ]),
            [
                [
                    `voice-db-${hex}`,
                    undefined,
                    [`voice-db-europe-west4-${hex}`],
                    `edentist-voice-sandbox:voice-db-europe-west4-${hex}`,
                ],
                [`voice-db-europe-west4-${hex}`, `voice-db-${hex}`, [], ""],
            ],
        );
        const conditions = inv.resources
            .filter((r) => r.name.startsWith("voice-agent-cloudsql-"))
            .map((r) => (r.inputs as { condition: { expression: string } }).condition.expression);
        assert.strictEqual(conditions.length, 2);
        for (const c of conditions) {
            assert.strictEqual(
                c,
                `resource.type == 'sqladmin.googleapis.com/Instance' && (resource.name == 'projects/edentist-voice-sandbox/instances/voice-db-${hex}' || resource.name == 'projects/edentist-voice-sandbox/instances/voice-db-europe-west4-${hex}')`,
            );
        }
    });

    it("drill-eu: the suffix is stable across updates (a switchover changes neither the RandomId nor a name)", async () => {
        const before = await planOf("drill-eu");
        const after = await planOf("drill-eu", "database.primaryRegion=europe-west4");
        const id = (inv: Inventory) => inv.resources.find((r) => r.type === "random:index/randomId:RandomId");
        assert.deepStrictEqual(id(after), id(before));
        assert.deepStrictEqual(
            sql(after)
                .map((i) => i.name)
                .sort(),
            sql(before)
                .map((i) => i.name)
                .sort(),
        );
    });

    it("drill-eu exports each cluster's endpoint and CA certificate for the drill runner; production stacks do not", async () => {
        const drill = await planOf("drill-eu");
        const access = drill.outputs.clusterAccess as Record<string, { endpoint: string; caCertificate: string }>;
        assert.deepStrictEqual(Object.keys(access), ["europe-west1", "europe-west4"]);
        const clusters = drill.resources.filter((r) => r.type === "gcp:container/cluster:Cluster");
        assert.strictEqual(clusters.length, 2);
        for (const [region, a] of Object.entries(access)) {
            assert.match(a.endpoint, /^\d+\.\d+\.\d+\.\d+$/, region);
            assert.ok(a.caCertificate.length > 100, region);
        }
        for (const { stack } of prodStacks) assert.strictEqual("clusterAccess" in (await planOf(stack)).outputs, false);
    });

    /**
     * Every `database_id=~"…"` selector of the cell's alert policies and dashboards, with the Cloud
     * SQL instances of the plan it matches (PromQL regex matchers are anchored).
     */
    function sqlSelectors(inv: Inventory): [string, string[]][] {
        const ids = sql(inv).map((i) => `${inv.config.project}:${i.name}`);
        const out: [string, string[]][] = [];
        const scan = (where: string, text: string) => {
            for (const [, pattern = ""] of text.matchAll(/database_id=~"((?:[^"\\]|\\.)*)"/g)) {
                const re = new RegExp(`^(?:${pattern.replace(/\\(.)/g, "$1")})$`);
                out.push([where, ids.filter((id) => re.test(id))]);
            }
        };
        for (const r of inv.resources) {
            if (r.type === "gcp:monitoring/alertPolicy:AlertPolicy") {
                const conditions = (
                    r.inputs as { conditions: { conditionPrometheusQueryLanguage?: { query: string } }[] }
                ).conditions;
                for (const c of conditions)
                    if (c.conditionPrometheusQueryLanguage)
                        scan(`alert ${r.name}`, c.conditionPrometheusQueryLanguage.query);
            }
            if (r.type === "gcp:monitoring/dashboard:Dashboard") {
                const strings = (v: unknown): string[] =>
                    typeof v === "string" ? [v] : v && typeof v === "object" ? Object.values(v).flatMap(strings) : [];
                for (const text of strings(JSON.parse((r.inputs as { dashboardJson: string }).dashboardJson)))
                    scan(`dashboard ${r.name}`, text);
            }
        }
        return out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }

    for (const stack of ["drill-eu", ...prodStacks.map((p) => p.stack)]) {
        it(`${stack}: the alerts' and dashboards' Cloud SQL selectors match the cell's instances as named, suffix or not`, async () => {
            const inv = await planOf(stack);
            const names = sql(inv).map((i) => `${inv.config.project}:${i.name}`);
            const replicas = sql(inv)
                .filter((i) => i.masterInstanceName !== undefined)
                .map((i) => `${inv.config.project}:${i.name}`);
            assert.strictEqual(names.length, 2);
            assert.strictEqual(replicas.length, 1);
            const alerts = inv.resources.filter((r) => r.type === "gcp:monitoring/alertPolicy:AlertPolicy");
            const alertOf = (key: string) => alerts.find((r) => r.name.endsWith(key))!.name;
            const dashboard = inv.resources.find(
                (r) =>
                    r.type === "gcp:monitoring/dashboard:Dashboard" &&
                    (r.inputs as { dashboardJson: string }).dashboardJson.includes("Database Health"),
            )!.name;
            // The dashboard's CPU, memory, connections, instance-up and standby-ready charts watch
            // every instance; its lag chart the replica.
            const everyInstance: [string, string[]] = [`dashboard ${dashboard}`, names];
            assert.deepStrictEqual(
                sqlSelectors(inv),
                [
                    [`alert ${alertOf("sql-instance-down")}`, names],
                    [`alert ${alertOf("sql-replica-lag")}`, replicas],
                    ...Array.from({ length: 5 }, () => everyInstance),
                    [`dashboard ${dashboard}`, replicas],
                ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
            );
        });
    }

    for (const { stack } of prodStacks) {
        it(`${stack}: no random resource, the runbook's fixed instance names`, async () => {
            const inv = await planOf(stack);
            assert.deepStrictEqual(
                inv.resources.filter((r) => r.type.startsWith("random:")),
                [],
            );
            for (const name of sql(inv).map((i) => i.name)) assert.match(name, /^voice-db(-[a-z]+-[a-z]+\d)?$/);
        });
    }
});
