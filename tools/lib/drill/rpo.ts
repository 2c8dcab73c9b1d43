/**
 * RPO of a live drill: the writes the new primary had not received when it took over. For a
 * region-loss promotion (db-promote-replica's `promote` phase) that is the DR replica's replication
 * lag when the promotion began; for a planned switchover (db-switchover's `switch` phase) the lag
 * when the switchover began, about 0 because Cloud SQL waits for the replica to catch up. The lag
 * is Cloud SQL's replica_lag gauge of the instance that becomes primary, the value of its last
 * sample at or before that moment; without such a sample RPO is "not measured", with the reason,
 * never a number made up.
 */
import { sqlReplicaLagMetric } from "../../../core/cloudSqlMonitoring";
import { remediationActions } from "../../../infra/config/remediations";
import { UserInputError } from "../userError";
import type { ExpectationResult } from "./expectations";
import { outputAt } from "./expectations";
import type { LagPoint, ReplicationLagSource } from "./replicationLag";

/** A step at which the database's primary role moved, recorded when the move began. */
export interface PrimaryMove {
    step: string;
    action: string;
    phase: string;
    kind: "promotion" | "switchover";
    /** The region whose instance becomes primary. */
    region: string;
    /** Epoch ms: when the promotion command or the switchover's update began. */
    at: number;
}

export interface RpoMeasurement extends PrimaryMove {
    /** The instance whose lag was read (the stack output database.instances of `region`). */
    instance?: string;
    /** The lag at `at`: the value of the last sample at or before it, taken at `pointAt`. */
    lagSeconds?: number;
    pointAt?: number;
    /** Why there is no figure. */
    reason?: string;
    verdict: "met" | "MISSED" | "not measured";
}

/** How far before a move a sample still counts: the gauge is sampled every 60 s, so five samples. */
export const lookbackMs = 5 * 60_000;

/**
 * How long after a sample Cloud Monitoring may take to show it (Cloud SQL's metrics list "after
 * sampling, data is not visible for up to 210 seconds"), with a margin: the query waits that long
 * after the last move so the sample before it is there to read.
 */
export const visibleAfterMs = 240_000;

/** The series the report names as RPO's source. */
export const rpoSource = `Cloud Monitoring ${sqlReplicaLagMetric.type}`;

/**
 * Whether op `opIndex` of `action`'s phase `phase` moves the primary role, and how: the
 * promotion command, or the switchover's update of the new primary alone.
 */
export function primaryMoveOf(action: string, phase: string, opIndex: number): PrimaryMove["kind"] | undefined {
    const op = remediationActions.find((a) => a.name === action)?.phases.find((p) => p.id === phase)?.ops[opIndex];
    if (op?.do === "promote-replica") return "promotion";
    if (op?.do === "up" && op.target === "database-new-primary") return "switchover";
    return undefined;
}

/** The last sample at or before `at`, within the lookback; undefined if there is none. */
export function lagAt(points: readonly LagPoint[], at: number): LagPoint | undefined {
    let found: LagPoint | undefined;
    for (const p of points) if (p.at <= at && p.at > at - lookbackMs && (!found || p.at >= found.at)) found = p;
    return found;
}

const iso = (t: number) => new Date(t).toISOString();
/** Seconds as the report shows them: to a tenth, no trailing zero. */
export const secondsText = (s: number) => `${Number(s.toFixed(1))} s`;

export interface MeasureInputs {
    /** Absent: the run was given no source (the report says so). */
    source?: ReplicationLagSource;
    project: string;
    /** The stack's outputs, read for database.instances (the instances' physical names). */
    outputs: () => Promise<Record<string, unknown>>;
    targetSeconds: number;
}

/** Each move's RPO against the target. A source's or the outputs' failure becomes the reason, never a throw. */
export async function measureRpo(moves: readonly PrimaryMove[], m: MeasureInputs): Promise<RpoMeasurement[]> {
    if (moves.length === 0) return [];
    const notMeasured = (move: PrimaryMove, reason: string, instance?: string): RpoMeasurement => ({
        ...move,
        ...(instance !== undefined ? { instance } : {}),
        reason,
        verdict: "not measured",
    });
    if (!m.source) return moves.map((move) => notMeasured(move, "the run had no replica-lag source"));
    let instances: unknown;
    try {
        instances = outputAt(await m.outputs(), "database.instances");
    } catch (e) {
        const reason = `the stack outputs could not be read for the instances' names (${(e as Error).message})`;
        return moves.map((move) => notMeasured(move, reason));
    }
    const out: RpoMeasurement[] = [];
    for (const move of moves) {
        const instance = (instances as Record<string, unknown> | undefined)?.[move.region];
        if (typeof instance !== "string" || instance === "") {
            out.push(notMeasured(move, `the stack output database.instances names no instance in ${move.region}`));
            continue;
        }
        let points: LagPoint[];
        try {
            points = await m.source.lagSeries({
                project: m.project,
                instance,
                start: move.at - lookbackMs,
                end: move.at,
            });
        } catch (e) {
            // A user's error (no gcloud, no login, the API's refusal) is the reason; a bug is named as one.
            const message = e instanceof UserInputError ? e.message : `${(e as Error).name}: ${(e as Error).message}`;
            out.push(notMeasured(move, message, instance));
            continue;
        }
        const point = lagAt(points, move.at);
        if (!point) {
            out.push(
                notMeasured(
                    move,
                    `${rpoSource} has no sample of ${instance} in the ${lookbackMs / 60_000} minutes before ${iso(move.at)}`,
                    instance,
                ),
            );
            continue;
        }
        out.push({
            ...move,
            instance,
            lagSeconds: point.seconds,
            pointAt: point.at,
            verdict: point.seconds <= m.targetSeconds ? "met" : "MISSED",
        });
    }
    return out;
}

/** The move's step expectation: a missed RPO fails the step, as a probe figure beyond its expectation does. */
export function rpoExpectation(r: RpoMeasurement, targetSeconds: number): ExpectationResult {
    return {
        what: `RPO (replica lag of the new primary when the ${r.kind} began)`,
        expected: `≤ ${targetSeconds} s`,
        actual: r.lagSeconds !== undefined ? secondsText(r.lagSeconds) : `not measured: ${r.reason ?? "no figure"}`,
        result: r.verdict === "met" ? "pass" : r.verdict === "MISSED" ? "fail" : "not measured",
    };
}

/** The report's RPO lines: one per move, or why there is none. */
export function rpoLines(rpo: readonly RpoMeasurement[] | undefined, targetSeconds: number): string[] {
    const head = `- RPO: target ≤ ${targetSeconds} s of writes;`;
    if (!rpo) return [`${head} not measured: the run recorded no RPO measurement`];
    if (rpo.length === 0)
        return [
            `${head} not measured: no step of this drill moved the database's primary role, so no failover could lose writes`,
        ];
    return rpo.map((r) =>
        r.lagSeconds !== undefined && r.pointAt !== undefined
            ? `${head} measured ${secondsText(r.lagSeconds)} (replica lag of ${r.instance} at ${iso(r.pointAt)} when ${r.step} (${r.action} ${r.phase}) began at ${iso(r.at)}, ${rpoSource}): ${r.verdict}`
            : `${head} not measured for ${r.step} (${r.action} ${r.phase}, began at ${iso(r.at)}): ${r.reason ?? "no figure"}`,
    );
}
