import * as assert from "assert";
import { cidrsOverlap } from "../infra/addresses";
import { recurringWindow, weeklyIntervals } from "../infra/maintenanceWindows";
import { capacityScaler, drainedRegions, negUrl } from "../infra/traffic";
import { cacheKeyPrefix, imageRef, runtimeFlags, type RuntimeFlagsInput } from "../infra/runtimeFlags";

const regions = { "europe-west1": {}, "europe-west4": {}, "europe-north1": {} };

describe("decisions", () => {
    const drains: { name: string; forcedFailover: boolean; drainRegions: string[]; drained: string[] }[] = [
        { name: "nothing drained by default", forcedFailover: false, drainRegions: [], drained: [] },
        { name: "forcedFailover drains the primary", forcedFailover: true, drainRegions: [], drained: ["europe-west1"] },
        { name: "drainRegions drains the named region", forcedFailover: false, drainRegions: ["europe-west4"], drained: ["europe-west4"] },
        { name: "both combine", forcedFailover: true, drainRegions: ["europe-north1"], drained: ["europe-west1", "europe-north1"] },
        { name: "the primary named twice counts once", forcedFailover: true, drainRegions: ["europe-west1"], drained: ["europe-west1"] },
    ];
    for (const d of drains) {
        it(`drainedRegions: ${d.name}`, () => {
            const input = { regions, primaryRegion: "europe-west1", forcedFailover: d.forcedFailover, drainRegions: d.drainRegions };
            assert.deepStrictEqual(drainedRegions(input), d.drained);
            assert.deepStrictEqual(
                Object.keys(regions).map((r) => capacityScaler(input, r)),
                Object.keys(regions).map((r) => (d.drained.includes(r) ? 0 : 1)),
            );
        });
    }

    it("builds the NEG URL GKE's controller creates", () => {
        assert.strictEqual(
            negUrl("p", "europe-west1-b", "voice-agent-neg-europe-west1"),
            "https://www.googleapis.com/compute/v1/projects/p/zones/europe-west1-b/networkEndpointGroups/voice-agent-neg-europe-west1",
        );
    });

    const windows: [{ days: string[]; start: string; hours: number }, { startTime: string; endTime: string; recurrence: string }][] = [
        [{ days: ["SA", "SU"], start: "01:00", hours: 6 }, { startTime: "2025-01-11T01:00:00Z", endTime: "2025-01-11T07:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SA,SU" }],
        [{ days: ["FR"], start: "22:30", hours: 12 }, { startTime: "2025-01-10T22:30:00Z", endTime: "2025-01-11T10:30:00Z", recurrence: "FREQ=WEEKLY;BYDAY=FR" }],
    ];
    for (const [input, expected] of windows) {
        it(`recurringWindow ${JSON.stringify(input)}`, () => assert.deepStrictEqual(recurringWindow(input), expected));
    }

    it("weeklyIntervals wraps a Sunday-night window into Monday", () => {
        assert.deepStrictEqual(weeklyIntervals({ days: ["SU"], start: "22:00", hours: 4 }), [
            [6 * 1440 + 22 * 60, 7 * 1440],
            [0, 120],
        ]);
    });

    const overlaps: [string, string, boolean][] = [
        ["10.0.0.0/8", "10.64.0.0/14", true],
        ["10.10.0.0/20", "10.10.16.0/20", false],
        ["172.16.0.0/28", "172.16.0.16/28", false],
        ["10.10.0.5/20", "10.10.15.0/24", true],
    ];
    for (const [a, b, expected] of overlaps) {
        it(`cidrsOverlap(${a}, ${b}) is ${expected}`, () => assert.strictEqual(cidrsOverlap(a, b), expected));
    }
});

describe("runtime flags", () => {
    const base: RuntimeFlagsInput = { cell: "eu", cacheDisabled: false, cacheEpoch: 0, voiceMode: "live", pmsSyncMode: "live", pmsDisabledProviders: [] };
    const baseFlags = {
        REGION: "europe-west1",
        CELL: "eu",
        CACHE_DISABLED: "false",
        CACHE_KEY_PREFIX: "voice:eu:e0:",
        VOICE_MODE: "live",
        PMS_SYNC_MODE: "live",
        PMS_DISABLED_PROVIDERS: "",
    };
    const toggles: [string, Partial<RuntimeFlagsInput>, Partial<typeof baseFlags>][] = [
        ["cacheDisabled", { cacheDisabled: true }, { CACHE_DISABLED: "true" }],
        ["cacheEpoch", { cacheEpoch: 3 }, { CACHE_KEY_PREFIX: "voice:eu:e3:" }],
        ["voiceMode", { voiceMode: "hold" }, { VOICE_MODE: "hold" }],
        ["pmsSyncMode", { pmsSyncMode: "queued" }, { PMS_SYNC_MODE: "queued" }],
        ["pmsDisabledProviders", { pmsDisabledProviders: ["opendental", "dentrix"] }, { PMS_DISABLED_PROVIDERS: "dentrix,opendental" }],
    ];
    it("defaults", () => assert.deepStrictEqual(runtimeFlags(base, "europe-west1"), baseFlags));
    for (const [key, change, flags] of toggles) {
        it(`${key} changes only its own flag`, () => assert.deepStrictEqual(runtimeFlags({ ...base, ...change }, "europe-west1"), { ...baseFlags, ...flags }));
    }
    it("cache key prefix per epoch", () => assert.strictEqual(cacheKeyPrefix("me", 12), "voice:me:e12:"));
    it("image by tag or digest", () => {
        assert.strictEqual(imageRef({ image: "r/i", tag: "1.2.3" }), "r/i:1.2.3");
        assert.strictEqual(imageRef({ image: "r/i", digest: `sha256:${"b".repeat(64)}` }), `r/i@sha256:${"b".repeat(64)}`);
    });
});
