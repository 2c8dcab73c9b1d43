/**
 * What one side of a review printed, judged before anything trusts it: a side that ran out of
 * time, failed, or printed something that is not the review child's JSON (a base revision whose
 * program prints garbage) is refused with exit 1 and a short, escaped excerpt of its stderr.
 */
import { z } from "zod";
import type { ChildResult } from "./children";
import type { SideResult } from "./reviewChild";
import { escapeControl, UserInputError } from "./userError";

const sidePlanSchema = z.object({
    present: z.boolean(),
    inventory: z
        .object({ resources: z.array(z.unknown()) })
        .loose()
        .optional(),
    violations: z.array(z.unknown()).nullable().optional(),
    error: z.string().optional(),
});
const sideResultSchema = z.object({ stacks: z.record(z.string(), sidePlanSchema) });

/** The last lines of a side's stderr, escaped and bounded, for a message. */
function tail(stderr: string): string {
    return escapeControl(stderr.trim().split("\n").slice(-10).join("\n").slice(-2000));
}

export function sideResultOf(result: ChildResult, label: string, timeoutSeconds: number): SideResult {
    if (result.timedOut)
        throw new UserInputError(`planning ${label} took longer than ${timeoutSeconds} s (--timeout); stopped`);
    if (result.spawnError !== undefined)
        throw new UserInputError(`planning ${label} could not start (${result.spawnError})`);
    // The side's tree cannot be planned at all (e.g. a revision older than the offline plan): the
    // input's fault, reported without a stack trace.
    if (result.status !== 0)
        throw new UserInputError(
            `planning ${label} failed (exit ${result.status ?? result.signal}): ${tail(result.stderr)}`,
        );
    if (result.truncated)
        throw new UserInputError(
            `planning ${label} printed more than the review reads; its output is not a review result`,
        );
    let json: unknown;
    try {
        json = JSON.parse(result.stdout);
    } catch {
        throw new UserInputError(
            `planning ${label} printed something that is not a review result (not JSON; its program prints to stdout?)`,
        );
    }
    const parsed = sideResultSchema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const at = issue ? issue.path.map(String).join(".") : "";
        throw new UserInputError(
            `planning ${label} printed JSON that is not a review result (at ${escapeControl(at) || "the top"})`,
        );
    }
    return parsed.data;
}
