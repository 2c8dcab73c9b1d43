/**
 * Remediations as the phases the providers can apply: the drain alone first, the switchover as
 * targeted up, refresh and full up with no replacement anywhere, and the DR designation of a new
 * cell as an explicit step.
 */
import { defined } from "../../../core/defined";
import * as assert from "assert";
import { resolveConfig, type Inventory } from "../../../tools/lib/plan";
import { phasesFor, refreshDiff, renderPhases, withStateOf, type Phase } from "../../../tools/lib/phases";
import { prodStacks } from "../../support/plans";

const ops = (p: Phase | undefined) =>
    defined(p, "the phase")
        .diff.changes.map((c) => `${c.op} ${c.name}`)
        .sort();
/** The changes of a phase's first resource change. */
const firstChange = (p: Phase | undefined) =>
    defined(defined(p, "the phase").diff.changes[0], "the phase's first change");
const urnOf = (stack: string, type: string, name: string, parent: string) =>
    `urn:pulumi:${stack}::voice-agent::${parent}$${type}::${name}`;
const instanceUrn = (stack: string, region: string) =>
    urnOf(stack, "gcp:sql/databaseInstance:DatabaseInstance", `voice-db-${region}`, "voice-agent:database:Database");

for (const { stack, project, regions } of prodStacks) {
    const { config } = resolveConfig({ stack });
    const [primary, secondary] = regions;

    describe(`phases of db-switchover on ${stack}`, () => {
        let phases: Phase[];
        before(async () => {
            phases = await phasesFor("db-switchover", { to: secondary }, stack);
        });

        it("has three phases: the new primary alone, a refresh of both instances, the full up", () => {
            assert.deepStrictEqual(
                phases.map((p) => ({ edits: p.edits, target: p.target, refresh: p.refresh, commands: p.commands })),
                [
                    {
                        edits: [{ path: ["database", "primaryRegion"], value: secondary }],
                        target: [instanceUrn(stack, secondary)],
                        refresh: undefined,
                        commands: [
                            `pulumi preview --diff -s ${stack} --target '${instanceUrn(stack, secondary)}'`,
                            `pulumi up -s ${stack} --target '${instanceUrn(stack, secondary)}'`,
                        ],
                    },
                    {
                        edits: [],
                        target: undefined,
                        refresh: [instanceUrn(stack, secondary), instanceUrn(stack, primary)],
                        commands: [
                            `pulumi refresh -s ${stack} --target '${instanceUrn(stack, secondary)}' --target '${instanceUrn(stack, primary)}'`,
                        ],
                    },
                    {
                        edits: [],
                        target: undefined,
                        refresh: undefined,
                        commands: [`pulumi preview --diff -s ${stack}`, `pulumi up -s ${stack}`],
                    },
                ],
            );
        });

        it("phase 1 updates the new primary alone, in place", () => {
            assert.deepStrictEqual(ops(phases[0]), [`update voice-db-${secondary}`]);
            assert.deepStrictEqual(firstChange(phases[0]).changes, [
                { path: "instanceType", old: "READ_REPLICA_INSTANCE", new: "CLOUD_SQL_INSTANCE" },
                { path: "masterInstanceName", old: "voice-db" },
                { path: "replicaNames[0]", new: "voice-db" },
                { path: "replicationCluster.failoverDrReplicaName", old: "", new: `${project}:voice-db` },
                { path: "settings.backupConfiguration.enabled", old: false, new: true },
                { path: "settings.backupConfiguration.pointInTimeRecoveryEnabled", old: false, new: true },
            ]);
        });

        it("phase 2 reads the old primary back as a replica of the new one", () => {
            assert.deepStrictEqual(ops(phases[1]), [`update voice-db-${primary}`]);
            const paths = Object.fromEntries(firstChange(phases[1]).changes.map((p) => [p.path, p.new]));
            assert.deepStrictEqual(
                [paths.instanceType, paths.masterInstanceName],
                ["READ_REPLICA_INSTANCE", `voice-db-${secondary}`],
            );
        });

        it("phase 3 touches only monitoring: no instance, nothing replaced", () => {
            assert.deepStrictEqual(
                ops(phases[2]),
                [
                    "update voice-eu-obs-alerts-sql-instance-down",
                    "update voice-eu-obs-alerts-sql-replica-lag",
                    "update voice-eu-obs-dashboards-database",
                ]
                    .map((s) => s.replace("-eu-", `-${config.cell}-`))
                    .sort(),
            );
        });

        it("no phase replaces or deletes anything, and the preview refuses nothing", () => {
            for (const p of phases) {
                assert.deepStrictEqual(
                    p.diff.changes.filter((c) => c.op === "replace" || c.op === "delete").map((c) => c.name),
                    [],
                    p.title,
                );
                assert.strictEqual(p.diff.summary.refused, 0, p.title);
            }
        });
    });

    describe(`phases of db-promote-replica on ${stack} (region loss)`, () => {
        let phases: Phase[];
        before(async () => {
            phases = await phasesFor("db-promote-replica", { to: secondary }, stack);
        });

        it("promotes imperatively, edits and refreshes the promoted instance, ups everything but the lost one, and reads the lost one back only as its own step", () => {
            const lost = instanceUrn(stack, primary);
            const promoted = instanceUrn(stack, secondary);
            assert.deepStrictEqual(
                phases.map((p) => ({
                    edits: p.edits.length,
                    commands: p.commands,
                    target: p.target,
                    refresh: p.refresh,
                })),
                [
                    {
                        edits: 0,
                        commands: [
                            `gcloud sql instances promote-replica voice-db-${secondary} --failover --project ${project}`,
                        ],
                        target: undefined,
                        refresh: undefined,
                    },
                    {
                        edits: 1,
                        commands: [`pulumi refresh -s ${stack} --target '${promoted}'`],
                        target: undefined,
                        refresh: [promoted],
                    },
                    {
                        edits: 0,
                        commands: [
                            `pulumi preview --diff -s ${stack} --exclude '${lost}'`,
                            `pulumi up -s ${stack} --exclude '${lost}'`,
                        ],
                        target: undefined,
                        refresh: undefined,
                    },
                    {
                        edits: 0,
                        commands: [
                            `pulumi refresh -s ${stack} --target '${lost}'`,
                            `pulumi preview --diff -s ${stack} --target '${lost}'`,
                        ],
                        target: undefined,
                        refresh: [lost],
                    },
                ],
            );
            assert.ok(phases[3]?.title.startsWith(`explicit, reviewed, once ${primary} is back`), phases[3]?.title);
        });

        it("no phase creates, replaces or deletes an instance: the lost primary is never rebuilt by an up", () => {
            for (const p of phases) {
                assert.deepStrictEqual(
                    p.diff.changes.filter((c) => c.op !== "update").map((c) => `${c.op} ${c.name}`),
                    [],
                    p.title,
                );
                assert.strictEqual(p.diff.summary.refused, 0, p.title);
            }
            assert.deepStrictEqual(
                phases[2]?.diff.changes.filter((c) => c.stateful),
                [],
            );
        });
    });

    describe(`phases of region-failover on ${stack}`, () => {
        it("drains first with voice-lb alone, then pre-scales with the full up", async () => {
            const phases = await phasesFor("region-failover", {}, stack);
            const lb = urnOf(
                stack,
                "gcp:compute/backendService:BackendService",
                `voice-${config.cell}-lb-backend`,
                "voice-agent:loadBalancer:LoadBalancer",
            );
            assert.deepStrictEqual(
                phases.map((p) => [p.target, p.commands]),
                [
                    [
                        [lb],
                        [
                            `pulumi preview --diff -s ${stack} --target '${lb}'`,
                            `pulumi up -s ${stack} --target '${lb}'`,
                        ],
                    ],
                    [undefined, [`pulumi preview --diff -s ${stack}`, `pulumi up -s ${stack}`]],
                ],
            );
            assert.deepStrictEqual(ops(phases[0]), [`update voice-${config.cell}-lb-backend`]);
            assert.deepStrictEqual(firstChange(phases[0]).waitsFor, []);
            assert.deepStrictEqual(ops(phases[1]), [
                `update voice-agent-${secondary}-hpa`,
                `update voice-cluster-${secondary}-default`,
            ]);
        });
    });

    describe(`phases of db-designate-dr on ${stack}`, () => {
        it("reads the primary back, then designates its DR replica on the primary alone", async () => {
            const phases = await phasesFor("db-designate-dr", {}, stack);
            assert.deepStrictEqual(
                phases.map((p) => [p.refresh, p.target]),
                [
                    [[instanceUrn(stack, primary)], undefined],
                    [undefined, [instanceUrn(stack, primary)]],
                ],
            );
            assert.deepStrictEqual(
                defined(phases[1], "the second phase").diff.changes.map((c) => [c.op, c.name, c.changes]),
                [
                    [
                        "update",
                        `voice-db-${primary}`,
                        [
                            {
                                path: "replicationCluster.failoverDrReplicaName",
                                old: "",
                                new: `${project}:voice-db-${secondary}`,
                            },
                        ],
                    ],
                ],
            );
        });
    });
}

describe("phases: one phase for a plain toggle", () => {
    it("cache-off is the edit and the full up, with ConfigMaps updated in place", async () => {
        const phases = await phasesFor("cache-off", {}, "prod-eu");
        assert.strictEqual(phases.length, 1);
        assert.deepStrictEqual(phases[0]?.edits, [{ path: ["cacheDisabled"], value: true }]);
        assert.deepStrictEqual(
            phases[0].diff.changes.filter((c) => c.type === "kubernetes:core/v1:ConfigMap").map((c) => c.op),
            ["update", "update"],
        );
    });
});

describe("phases: modelling the state between phases", () => {
    const r = (urn: string, v: string) => ({
        urn,
        type: "gcp:sql/databaseInstance:DatabaseInstance",
        name: urn,
        parent: "",
        protect: true,
        custom: true,
        dependsOn: [],
        provider: "",
        inputs: { masterInstanceName: v },
    });
    const inv = (...resources: ReturnType<typeof r>[]): Inventory => ({
        project: "p",
        stack: "s",
        config: {},
        resources,
        outputs: {},
    });

    it("withStateOf takes the named resources from the other inventory and refuses an unknown URN", () => {
        assert.deepStrictEqual(
            withStateOf(inv(r("a", "x"), r("b", "x")), inv(r("a", "y")), ["a"]).resources.map(
                (x) => x.inputs.masterInstanceName,
            ),
            ["y", "x"],
        );
        assert.throws(() => withStateOf(inv(r("a", "x")), inv(r("a", "y")), ["zz"]), /no resource zz in the plan/);
    });

    it("a refresh shows what it reads as state updates, never a replacement", () => {
        const d = refreshDiff(inv(r("a", "")), inv(r("a", "voice-db-europe-west4")));
        assert.deepStrictEqual(
            d.changes.map((c) => [c.op, c.replaceBecause, c.deleteBeforeReplace, c.await.kind]),
            [["update", [], false, "none"]],
        );
        assert.deepStrictEqual([d.summary.update, d.summary.replace, d.summary.refused], [1, 0, 0]);
    });

    it("renders each phase with its commands and diff", async () => {
        const text = renderPhases(await phasesFor("region-failover", {}, "prod-eu"));
        assert.deepStrictEqual(
            text.split("\n").filter((l) => /^phase|^ {2}(edit|\$)/.test(l)),
            [
                "phase 1 of 2: drain the primary region europe-west1: the backend service alone (waits on nothing)",
                "  edit: voice-agent:forcedFailover false → true",
                "  $ pulumi preview --diff -s prod-eu --target 'urn:pulumi:prod-eu::voice-agent::voice-agent:loadBalancer:LoadBalancer$gcp:compute/backendService:BackendService::voice-eu-lb-backend'",
                "  $ pulumi up -s prod-eu --target 'urn:pulumi:prod-eu::voice-agent::voice-agent:loadBalancer:LoadBalancer$gcp:compute/backendService:BackendService::voice-eu-lb-backend'",
                "phase 2 of 2: pre-scale the serving regions: the full up",
                "  $ pulumi preview --diff -s prod-eu",
                "  $ pulumi up -s prod-eu",
            ],
        );
    });
});
