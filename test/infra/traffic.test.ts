import * as assert from "assert";
import { capacityScaler, drainedRegions, negUrl } from "../../infra/traffic";

const regions = { "europe-west1": {}, "europe-west4": {}, "europe-north1": {} };

describe("traffic decisions", () => {
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

});
