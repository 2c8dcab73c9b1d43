/**
 * A step's expectations against what happened, each with pass or fail (or "not measured" where a
 * dry run cannot know: the probe, the wall-clock budget). Pure.
 */
import { isDeepStrictEqual } from "util";
import type { PlanDiff } from "../diff";
import type { Violation } from "../policy";
import type { ProbeReport } from "../probe/summary";
import type { DrillChange } from "./stackOps";
import type { Expectations } from "./scenario";

export type Verdict = "pass" | "fail" | "not measured";

export interface ExpectationResult {
    what: string;
    expected: string;
    actual: string;
    result: Verdict;
}

const verdict = (ok: boolean): Verdict => (ok ? "pass" : "fail");

/** Which ops a diff count counts; a replacement is counted as such, not as a create and a delete. */
const countOf: Record<string, (c: DrillChange) => boolean> = {
    create: (c) => c.op === "create",
    update: (c) => c.op === "update",
    replace: (c) => c.op === "replace",
    delete: (c) => c.op === "delete",
    stateful: (c) => c.stateful,
};

export function checkDiff(expected: Expectations["diff"], changes: readonly DrillChange[]): ExpectationResult[] {
    return Object.entries(expected ?? {}).map(([key, n]) => {
        const counts = countOf[key];
        if (!counts) throw new Error(`no count is known for diff expectation ${key}`);
        const actual = changes.filter(counts).length;
        return { what: `diff: ${key}`, expected: String(n), actual: String(actual), result: verdict(actual === n) };
    });
}

/**
 * A remediation phase's preview against what `npm run remediate` predicts for it: the same
 * counts of creates, updates, replacements, deletes and stateful resources touched.
 */
export function checkPredicted(predicted: PlanDiff, changes: readonly DrillChange[]): ExpectationResult[] {
    const s = predicted.summary;
    return (["create", "update", "replace", "delete", "stateful"] as const).map((key) => {
        const actual = changes.filter(countOf[key]!).length;
        return {
            what: `diff: ${key} (as remediate predicts)`,
            expected: String(s[key]),
            actual: String(actual),
            result: verdict(actual === s[key]),
        };
    });
}

/** A preview that must plan nothing (a read-back after a refresh). */
export function checkNothingPlanned(changes: readonly DrillChange[]): ExpectationResult {
    return {
        what: "preview plans nothing",
        expected: "no change",
        actual: changes.length === 0 ? "no change" : changes.map((c) => `${c.op} ${c.name}`).join(", "),
        result: verdict(changes.length === 0),
    };
}

export function checkKeeps(types: readonly string[] | undefined, changes: readonly DrillChange[]): ExpectationResult[] {
    return (types ?? []).map((type) => {
        const lost = changes.filter((c) => c.type === type && c.op !== "update");
        return {
            what: `keeps every ${type}`,
            expected: "no create, delete or replace",
            actual: lost.length === 0 ? "none" : lost.map((c) => `${c.op} ${c.name}`).join(", "),
            result: verdict(lost.length === 0),
        };
    });
}

export function checkPolicy(expected: Expectations["policy"], violations: readonly Violation[]): ExpectationResult[] {
    if (!expected) return [];
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory");
    return [
        {
            what: "policy pack",
            expected: "no mandatory violation",
            actual:
                mandatory.length === 0
                    ? `no mandatory violation (${violations.length} advisory)`
                    : mandatory.map((v) => v.policy).join(", "),
            result: verdict(mandatory.length === 0),
        },
    ];
}

/** `database.primaryRegion` → outputs.database.primaryRegion. */
export function outputAt(outputs: Record<string, unknown>, dotted: string): unknown {
    let v: unknown = outputs;
    for (const k of dotted.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
    return v;
}

export function checkOutputs(
    expected: Record<string, unknown> | undefined,
    outputs: Record<string, unknown>,
): ExpectationResult[] {
    return Object.entries(expected ?? {}).map(([key, want]) => {
        const got = outputAt(outputs, key);
        return {
            what: `output ${key}`,
            expected: JSON.stringify(want),
            actual: got === undefined ? "(unset)" : JSON.stringify(got),
            result: verdict(isDeepStrictEqual(got, want)),
        };
    });
}

export function checkProbe(expected: Expectations["probe"], seen: ProbeReport | undefined): ExpectationResult[] {
    const rows: ExpectationResult[] = [];
    const wanted = expected ?? {};
    const add = (what: string, want: string, actual: () => string, ok: () => boolean) =>
        rows.push(
            !seen
                ? { what, expected: want, actual: "dry run: no probe", result: "not measured" }
                : seen.requests === 0
                  ? { what, expected: want, actual: "no probe request while the step ran", result: "not measured" }
                  : { what, expected: want, actual: actual(), result: verdict(ok()) },
        );
    if (wanted.minAvailability !== undefined) {
        add(
            "probe availability",
            `≥ ${(wanted.minAvailability * 100).toFixed(2)}%`,
            () => (seen!.availability === null ? "no request" : `${(seen!.availability * 100).toFixed(2)}%`),
            () => seen!.availability !== null && seen!.availability >= wanted.minAvailability!,
        );
    }
    if (wanted.maxErrorWindowMs !== undefined) {
        add(
            "probe longest error window",
            `≤ ${wanted.maxErrorWindowMs} ms`,
            () => `${seen!.longestErrorWindowMs} ms`,
            () => seen!.longestErrorWindowMs <= wanted.maxErrorWindowMs!,
        );
    }
    if (wanted.maxDroppedSessions !== undefined) {
        // A session that never opened is lost as surely as one dropped: both count.
        add(
            "probe sessions dropped or never opened",
            `≤ ${wanted.maxDroppedSessions}`,
            () =>
                `${seen!.sessions.dropped + seen!.sessions.failed} (${seen!.sessions.dropped} dropped, ${seen!.sessions.failed} never opened)`,
            () => seen!.sessions.dropped + seen!.sessions.failed <= wanted.maxDroppedSessions!,
        );
    }
    return rows;
}

export function checkBudget(budgetSeconds: number, elapsedMs: number | undefined): ExpectationResult {
    if (elapsedMs === undefined)
        return {
            what: "time budget",
            expected: `≤ ${budgetSeconds} s`,
            actual: "dry run: not timed",
            result: "not measured",
        };
    return {
        what: "time budget",
        expected: `≤ ${budgetSeconds} s`,
        actual: `${(elapsedMs / 1000).toFixed(1)} s`,
        result: verdict(elapsedMs <= budgetSeconds * 1000),
    };
}
