/**
 * Pulumi's SDK passes every promise it makes through `debuggablePromise` (four for each output
 * property of each resource: over twenty thousand in a prod plan), which captures and formats
 * `new Error().stack` at once for a single reader: the promise-leak report, which prints those
 * stacks only when PULUMI_DEBUG_PROMISE_LEAKS is set. Capturing and formatting them was the largest
 * cost of the plan's evaluation after the SDK's own bookkeeping. So while a plan runs, unless leak
 * debugging is on, the wrapper runs with a stack depth of zero: each promise is still tracked for
 * leaks exactly as before, and its debug stack is the bare line `Error`.
 */

import { debuggableModule } from "../../core/pulumiInternals";

export const debuggable = debuggableModule();

/** Runs `fn` with the SDK's promise debug stacks left empty (unless leak debugging is on), and restores the wrapper after. */
export async function withoutPromiseStacks<T>(fn: () => Promise<T>): Promise<T> {
    if (debuggable.debugPromiseLeaks) return fn();
    const original = debuggable.debuggablePromise;
    debuggable.debuggablePromise = (p, ctx) => {
        const depth = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return original(p, ctx);
        } finally {
            Error.stackTraceLimit = depth;
        }
    };
    try {
        return await fn();
    } finally {
        debuggable.debuggablePromise = original;
    }
}
