import * as assert from "assert";
import { cacheKeyPrefix, imageRef, runtimeFlags, type RuntimeFlagsInput } from "../../infra/runtimeFlags";

describe("runtime flags", () => {
    const base: RuntimeFlagsInput = {
        cell: "eu",
        cacheDisabled: false,
        cacheEpoch: 0,
        voiceMode: "live",
        pmsSyncMode: "live",
        pmsDisabledProviders: [],
    };
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
        [
            "pmsDisabledProviders",
            { pmsDisabledProviders: ["opendental", "dentrix"] },
            { PMS_DISABLED_PROVIDERS: "dentrix,opendental" },
        ],
    ];
    it("defaults", () => assert.deepStrictEqual(runtimeFlags(base, "europe-west1"), baseFlags));
    for (const [key, change, flags] of toggles) {
        it(`${key} changes only its own flag`, () =>
            assert.deepStrictEqual(runtimeFlags({ ...base, ...change }, "europe-west1"), { ...baseFlags, ...flags }));
    }
    it("cache key prefix per epoch", () => assert.strictEqual(cacheKeyPrefix("me", 12), "voice:me:e12:"));
    it("image by tag or digest", () => {
        assert.strictEqual(imageRef({ image: "r/i", tag: "1.2.3" }), "r/i:1.2.3");
        assert.strictEqual(
            imageRef({ image: "r/i", digest: `sha256:${"b".repeat(64)}` }),
            `r/i@sha256:${"b".repeat(64)}`,
        );
    });
});
