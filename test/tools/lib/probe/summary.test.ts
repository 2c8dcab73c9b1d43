import * as assert from "assert";
import { errorWindows, percentile, summarize, verdictOf, type Sample } from "../../../../tools/lib/probe/summary";

const s = (sentAt: number, ok: boolean, latencyMs = 10): Sample => ({
    sentAt,
    ok,
    latencyMs,
    outcome: ok ? "HTTP 200" : "ECONNREFUSED",
});

describe("probe summary", () => {
    describe("error windows", () => {
        const table: [string, Sample[], number, { start: number; end: number }[]][] = [
            ["no failure, no window", [s(0, true), s(100, true)], 200, []],
            [
                "a failure opens, the next success closes at its send time",
                [s(0, true), s(100, false), s(200, false), s(300, true)],
                400,
                [{ start: 100, end: 300 }],
            ],
            [
                "still failing at the end: the window ends when the probe did",
                [s(0, true), s(100, false)],
                250,
                [{ start: 100, end: 250 }],
            ],
            [
                "two outages, two windows",
                [s(0, false), s(100, true), s(200, false), s(300, true)],
                400,
                [
                    { start: 0, end: 100 },
                    { start: 200, end: 300 },
                ],
            ],
            // A timeout completes after later requests; send order decides, not completion order.
            [
                "samples out of send order are ordered first",
                [s(300, true), s(100, false, 2000), s(200, false), s(0, true)],
                2200,
                [{ start: 100, end: 300 }],
            ],
            ["only failures", [s(0, false), s(100, false)], 150, [{ start: 0, end: 150 }]],
        ];
        for (const [name, samples, endedAt, expected] of table)
            it(name, () => assert.deepStrictEqual(errorWindows(samples, endedAt), expected));
    });

    describe("nearest-rank percentiles", () => {
        const table: [number[], number, number | null][] = [
            [[], 50, null],
            [[7], 95, 7],
            [[1, 2, 3, 4], 50, 2],
            [[4, 3, 2, 1], 95, 4],
            [Array.from({ length: 100 }, (_, i) => i + 1), 95, 95],
            [Array.from({ length: 100 }, (_, i) => i + 1), 50, 50],
            [Array.from({ length: 20 }, (_, i) => i + 1), 95, 19],
        ];
        for (const [values, p, expected] of table)
            it(`p${p} of [${values.length > 5 ? `1..${values.length}` : values}] is ${expected}`, () =>
                assert.strictEqual(percentile(values, p), expected));
    });

    it("summarize: counts, availability, latency of successes only, the longest window", () => {
        const samples = [
            s(0, true, 10),
            s(100, false, 1),
            s(200, true, 30),
            s(300, false, 2000),
            s(400, false, 3),
            s(1000, true, 20),
        ];
        assert.deepStrictEqual(summarize(samples, { opened: 4, dropped: 1 }, 1100), {
            requests: 6,
            failures: 3,
            availability: 0.5,
            p50Ms: 20,
            p95Ms: 30,
            errorWindows: [
                { start: 100, end: 200 },
                { start: 300, end: 1000 },
            ],
            longestErrorWindowMs: 700,
            sessions: { opened: 4, dropped: 1, failed: 0 },
            failureReasons: { requests: { ECONNREFUSED: 3 }, sessions: {} },
        });
    });

    it("summarize: nothing sent", () => {
        assert.deepStrictEqual(summarize([], { opened: 0, dropped: 0 }, 5), {
            requests: 0,
            failures: 0,
            availability: null,
            p50Ms: null,
            p95Ms: null,
            errorWindows: [],
            longestErrorWindowMs: 0,
            sessions: { opened: 0, dropped: 0, failed: 0 },
            failureReasons: { requests: {}, sessions: {} },
        });
    });

    it("verdict: a run past the failure-rate threshold fails and says why; sessions that never open count", () => {
        const failing = summarize(
            [s(0, false, 1), s(100, false, 1), s(200, true, 5)],
            {
                opened: 0,
                dropped: 0,
                failed: 3,
                failureReasons: [
                    "HTTP 403 instead of 101 Switching Protocols",
                    "HTTP 403 instead of 101 Switching Protocols",
                    "ECONNRESET",
                ],
            },
            300,
        );
        assert.deepStrictEqual(verdictOf(failing, 0.05), {
            ok: false,
            why: [
                "66.7% of 3 health requests failed (threshold 5.0%): ECONNREFUSED ×2",
                "3 of 3 WebSocket session attempts never opened (threshold 5.0%): HTTP 403 instead of 101 Switching Protocols ×2, ECONNRESET ×1",
            ],
        });
        assert.deepStrictEqual(verdictOf(summarize([s(0, true, 5)], { opened: 1, dropped: 1 }, 10), 0.05), {
            ok: true,
            why: [],
        });
        assert.deepStrictEqual(verdictOf(summarize([], { opened: 0, dropped: 0 }, 10), 0.05), {
            ok: false,
            why: ["no health request was made"],
        });
    });
});
