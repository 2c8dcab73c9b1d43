import * as assert from "assert";
import { runProgram } from "../../../tools/lib/plan";
import { debuggable, withoutPromiseStacks } from "../../../tools/lib/promiseStacks";

/** The debug stack the SDK's wrapper recorded on a promise it wrapped (awaited, so no leak is left). */
async function debugStack(): Promise<string> {
    const p = Promise.resolve(42);
    assert.strictEqual(await debuggable.debuggablePromise(p, "test"), 42);
    return (p as unknown as { _debugStackTrace: string })._debugStackTrace;
}

describe("promise debug stacks under the plan (tools/lib/promiseStacks.ts)", () => {
    it("are the bare line `Error` inside, full stacks outside, and the wrapper is the SDK's own again after", async () => {
        const original = debuggable.debuggablePromise;
        assert.match(await debugStack(), /^Error\n {4}at /);
        assert.strictEqual(await withoutPromiseStacks(debugStack), "Error");
        assert.strictEqual(debuggable.debuggablePromise, original);
        assert.match(await debugStack(), /^Error\n {4}at /);
    });

    it("stay full when the SDK debugs promise leaks (PULUMI_DEBUG_PROMISE_LEAKS)", async () => {
        debuggable.debugPromiseLeaks = true;
        try {
            assert.match(await withoutPromiseStacks(debugStack), /^Error\n {4}at /);
        } finally {
            debuggable.debugPromiseLeaks = false;
        }
    });

    it("the SDK's wrapper is restored when the run fails, and the failure propagates", async () => {
        const original = debuggable.debuggablePromise;
        await assert.rejects(
            withoutPromiseStacks(() => Promise.reject(new Error("program failed"))),
            /^Error: program failed$/,
        );
        assert.strictEqual(debuggable.debuggablePromise, original);
    });

    it("a program run under the mock runtime runs without them", async () => {
        let inside = "";
        await runProgram({
            stack: "test",
            project: "p",
            raw: {},
            secretKeys: [],
            dryRun: true,
            program: async () => void (inside = await debugStack()),
        });
        assert.strictEqual(inside, "Error");
    });
});
