/**
 * How a replacement that a delete-before-replace takes with it is worded, and read back (the
 * review groups them by the resource they follow): `topic (unknown while pms-sync-jobs is
 * replaced)`. The decision itself is stepGenerator.ts calculateDependentReplacements.
 */

/** The reason a dependent is replaced: `input` takes its value from `root`, which is replaced delete-first. */
export function dependentReason(input: string, root: string): string {
    return `${input} (unknown while ${root} is replaced)`;
}

/** The input and the replaced resource of a reason dependentReason wrote, else undefined. */
export function readDependentReason(reason: string): { input: string; root: string } | undefined {
    const m = /^(.+) \(unknown while (.+) is replaced\)$/.exec(reason);
    return m?.[1] !== undefined && m[2] !== undefined ? { input: m[1], root: m[2] } : undefined;
}
