/**
 * RPO from the lag series: the last sample at or before the move, the verdict against the target,
 * the step's expectation and the report's lines, with a double of the source. Pure but for the
 * double's promises.
 */
import * as assert from "assert";
import { ReplicationLagError, type LagQuery, type LagPoint } from "../../../../tools/lib/drill/replicationLag";
import {
    lagAt,
    measureRpo,
    primaryMoveOf,
    rpoExpectation,
    rpoLines,
    type PrimaryMove,
} from "../../../../tools/lib/drill/rpo";

const at = Date.parse("2026-12-08T01:00:30.000Z");
const promotion: PrimaryMove = {
    step: "promote-replica",
    action: "db-promote-replica",
    phase: "promote",
    kind: "promotion",
    region: "europe-west4",
    at,
};
const switchBack: PrimaryMove = {
    step: "switch-back",
    action: "db-switchover",
    phase: "switch",
    kind: "switchover",
    region: "europe-west1",
    at: at + 600_000,
};
const outputs = async () => ({
    database: { instances: { "europe-west1": "voice-db-f159de63", "europe-west4": "voice-db-europe-west4-f159de63" } },
});
const metric = "Cloud Monitoring cloudsql.googleapis.com/database/replication/replica_lag";

/** A source answering from fixed series by instance, every query recorded. */
function double(byInstance: Record<string, LagPoint[] | Error>) {
    const queries: LagQuery[] = [];
    return {
        queries,
        source: {
            lagSeries: async (q: LagQuery) => {
                queries.push(q);
                const s = byInstance[q.instance];
                if (s instanceof Error) throw s;
                return s ?? [];
            },
        },
    };
}

describe("RPO of a drill's database steps", () => {
    it("only the promotion and the switchover's targeted up move the primary role", () => {
        assert.strictEqual(primaryMoveOf("db-promote-replica", "promote", 0), "promotion");
        assert.strictEqual(primaryMoveOf("db-switchover", "switch", 0), "switchover");
        assert.strictEqual(primaryMoveOf("db-switchover", "complete", 0), undefined);
        assert.strictEqual(primaryMoveOf("db-promote-replica", "config", 0), undefined);
        assert.strictEqual(primaryMoveOf("region-failover", "drain", 0), undefined);
    });

    it("the lag at a moment is the last sample at or before it, within five minutes", () => {
        const points = [
            { at: at - 400_000, seconds: 50 },
            { at: at - 90_000, seconds: 2 },
            { at: at - 30_000, seconds: 4 },
            { at: at + 30_000, seconds: 99 },
        ];
        assert.deepStrictEqual(lagAt(points, at), { at: at - 30_000, seconds: 4 });
        assert.deepStrictEqual(lagAt(points, at - 30_000), { at: at - 30_000, seconds: 4 });
        assert.deepStrictEqual(lagAt(points, at - 31_000), { at: at - 90_000, seconds: 2 });
        assert.strictEqual(lagAt([{ at: at - 400_000, seconds: 50 }], at), undefined);
        assert.strictEqual(lagAt([{ at: at + 1, seconds: 1 }], at), undefined);
        assert.strictEqual(lagAt([], at), undefined);
    });

    it("measured and met, measured and MISSED: the new primary's series over the five minutes before each move", async () => {
        const d = double({
            "voice-db-europe-west4-f159de63": [
                { at: at - 90_000, seconds: 2 },
                { at: at - 30_000, seconds: 75.04 },
            ],
            "voice-db-f159de63": [{ at: switchBack.at - 20_000, seconds: 0 }],
        });
        const rpo = await measureRpo([promotion, switchBack], {
            source: d.source,
            project: "edentist-voice-sandbox",
            outputs,
            targetSeconds: 60,
        });
        assert.deepStrictEqual(d.queries, [
            {
                project: "edentist-voice-sandbox",
                instance: "voice-db-europe-west4-f159de63",
                start: at - 300_000,
                end: at,
            },
            {
                project: "edentist-voice-sandbox",
                instance: "voice-db-f159de63",
                start: switchBack.at - 300_000,
                end: switchBack.at,
            },
        ]);
        assert.deepStrictEqual(rpo, [
            {
                ...promotion,
                instance: "voice-db-europe-west4-f159de63",
                lagSeconds: 75.04,
                pointAt: at - 30_000,
                verdict: "MISSED",
            },
            {
                ...switchBack,
                instance: "voice-db-f159de63",
                lagSeconds: 0,
                pointAt: switchBack.at - 20_000,
                verdict: "met",
            },
        ]);
        assert.deepStrictEqual(
            rpo.map((r) => rpoExpectation(r, 60)),
            [
                {
                    what: "RPO (replica lag of the new primary when the promotion began)",
                    expected: "≤ 60 s",
                    actual: "75 s",
                    result: "fail",
                },
                {
                    what: "RPO (replica lag of the new primary when the switchover began)",
                    expected: "≤ 60 s",
                    actual: "0 s",
                    result: "pass",
                },
            ],
        );
        assert.deepStrictEqual(rpoLines(rpo, 60), [
            `- RPO: target ≤ 60 s of writes; measured 75 s (replica lag of voice-db-europe-west4-f159de63 at 2026-12-08T01:00:00.000Z when promote-replica (db-promote-replica promote) began at 2026-12-08T01:00:30.000Z, ${metric}): MISSED`,
            `- RPO: target ≤ 60 s of writes; measured 0 s (replica lag of voice-db-f159de63 at 2026-12-08T01:10:10.000Z when switch-back (db-switchover switch) began at 2026-12-08T01:10:30.000Z, ${metric}): met`,
        ]);
    });

    it("no sample, the source's refusal, no instance in the outputs, no source: not measured, with the exact reason", async () => {
        const d = double({
            "voice-db-europe-west4-f159de63": [{ at: at + 10_000, seconds: 1 }],
            "voice-db-f159de63": new ReplicationLagError(
                "Cloud Monitoring answered HTTP 403 (PERMISSION_DENIED: Permission monitoring.timeSeries.list denied (or the resource may not exist).)",
            ),
        });
        const rpo = await measureRpo(
            [promotion, switchBack, { ...switchBack, step: "elsewhere", region: "us-east1" }],
            {
                source: d.source,
                project: "edentist-voice-sandbox",
                outputs,
                targetSeconds: 60,
            },
        );
        assert.deepStrictEqual(
            rpo.map((r) => [r.verdict, r.instance, r.reason]),
            [
                [
                    "not measured",
                    "voice-db-europe-west4-f159de63",
                    `${metric} has no sample of voice-db-europe-west4-f159de63 in the 5 minutes before 2026-12-08T01:00:30.000Z`,
                ],
                [
                    "not measured",
                    "voice-db-f159de63",
                    "Cloud Monitoring answered HTTP 403 (PERMISSION_DENIED: Permission monitoring.timeSeries.list denied (or the resource may not exist).)",
                ],
                ["not measured", undefined, "the stack output database.instances names no instance in us-east1"],
            ],
        );
        assert.deepStrictEqual(rpoExpectation(rpo[1]!, 60), {
            what: "RPO (replica lag of the new primary when the switchover began)",
            expected: "≤ 60 s",
            actual: "not measured: Cloud Monitoring answered HTTP 403 (PERMISSION_DENIED: Permission monitoring.timeSeries.list denied (or the resource may not exist).)",
            result: "not measured",
        });
        assert.deepStrictEqual(rpoLines(rpo.slice(0, 1), 60), [
            `- RPO: target ≤ 60 s of writes; not measured for promote-replica (db-promote-replica promote, began at 2026-12-08T01:00:30.000Z): ${metric} has no sample of voice-db-europe-west4-f159de63 in the 5 minutes before 2026-12-08T01:00:30.000Z`,
        ]);

        const none = await measureRpo([promotion], { project: "p", outputs, targetSeconds: 60 });
        assert.deepStrictEqual(none, [
            { ...promotion, reason: "the run had no replica-lag source", verdict: "not measured" },
        ]);
        const broken = await measureRpo([promotion], {
            source: d.source,
            project: "p",
            outputs: () => Promise.reject(new Error("pulumi stack output: no stack named drill-eu")),
            targetSeconds: 60,
        });
        assert.strictEqual(
            broken[0]?.reason,
            "the stack outputs could not be read for the instances' names (pulumi stack output: no stack named drill-eu)",
        );
    });

    it("a drill without a database step, and a record without a measurement, say so", async () => {
        assert.deepStrictEqual(await measureRpo([], { project: "p", outputs, targetSeconds: 60 }), []);
        assert.deepStrictEqual(rpoLines([], 60), [
            "- RPO: target ≤ 60 s of writes; not measured: no step of this drill moved the database's primary role, so no failover could lose writes",
        ]);
        assert.deepStrictEqual(rpoLines(undefined, 30), [
            "- RPO: target ≤ 30 s of writes; not measured: the run recorded no RPO measurement",
        ]);
    });
});
