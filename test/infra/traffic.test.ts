import * as assert from "assert";
import { drainedRegions } from "../../core/drain";
import { capacityScaler, negStatusWaitFor, negUrl } from "../../infra/traffic";
import { jsonPathSatisfied, parseWaitFor } from "../../tools/lib/engine/awaits";

const regions = { "europe-west1": {}, "europe-west4": {}, "europe-north1": {} };

describe("traffic decisions", () => {
    const drains: { name: string; forcedFailover: boolean; drainRegions: string[]; drained: string[] }[] = [
        { name: "nothing drained by default", forcedFailover: false, drainRegions: [], drained: [] },
        {
            name: "forcedFailover drains the primary",
            forcedFailover: true,
            drainRegions: [],
            drained: ["europe-west1"],
        },
        {
            name: "drainRegions drains the named region",
            forcedFailover: false,
            drainRegions: ["europe-west4"],
            drained: ["europe-west4"],
        },
        {
            name: "both combine",
            forcedFailover: true,
            drainRegions: ["europe-north1"],
            drained: ["europe-west1", "europe-north1"],
        },
        {
            name: "the primary named twice counts once",
            forcedFailover: true,
            drainRegions: ["europe-west1"],
            drained: ["europe-west1"],
        },
    ];
    for (const d of drains) {
        it(`drainedRegions: ${d.name}`, () => {
            const input = {
                regions,
                primaryRegion: "europe-west1",
                forcedFailover: d.forcedFailover,
                drainRegions: d.drainRegions,
            };
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

describe("NEG Service await: every zone's NEG reported by the controller", () => {
    const expr = negStatusWaitFor("voice-agent-neg-europe-west1", 80, [
        "europe-west1-d",
        "europe-west1-b",
        "europe-west1-c",
    ]);
    const service = (annotations: Record<string, string>) => ({
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "voice-agent", annotations },
    });
    // What the controller writes (Go encoding/json of negannotation.NegStatus; zones sorted; omitted when empty).
    const status = (zones: string[]) =>
        JSON.stringify({
            network_endpoint_groups: { "80": "voice-agent-neg-europe-west1" },
            ...(zones.length ? { zones } : {}),
        });

    // The braces of the pattern are the string literal's \u escapes: the pinned provider ends the path
    // at its first `}`, quoted or not.
    it("matches the whole status, zones sorted, with match() in RFC 9535 bracket notation", () => {
        assert.strictEqual(
            expr,
            "jsonpath={.metadata[?match(@['cloud.google.com/neg-status'], " +
                `'\\\\\\u007b"network_endpoint_groups":\\\\\\u007b"80":"voice-agent-neg-europe-west1"\\\\\\u007d,` +
                `"zones":\\\\["europe-west1-b","europe-west1-c","europe-west1-d"\\\\]\\\\\\u007d')]}`,
        );
    });

    it("has no value for the provider to compare: later releases refuse one beginning with {", () => {
        const [cond] = parseWaitFor(expr);
        assert.ok(cond?.kind === "jsonpath");
        assert.strictEqual(cond.jsonpath.value, undefined);
    });

    const cases: [string, Record<string, string>, boolean][] = [
        ["no status yet", {}, false],
        ["status before any node exists (no zones)", { "cloud.google.com/neg-status": status([]) }, false],
        [
            "two of three zones have nodes",
            { "cloud.google.com/neg-status": status(["europe-west1-b", "europe-west1-c"]) },
            false,
        ],
        [
            "every zone has its NEG",
            { "cloud.google.com/neg-status": status(["europe-west1-b", "europe-west1-c", "europe-west1-d"]) },
            true,
        ],
        [
            "another NEG name",
            {
                "cloud.google.com/neg-status": status(["europe-west1-b", "europe-west1-c", "europe-west1-d"]).replace(
                    "neg-europe",
                    "neg-x",
                ),
            },
            false,
        ],
        [
            "a fourth zone",
            {
                "cloud.google.com/neg-status": status([
                    "europe-west1-a",
                    "europe-west1-b",
                    "europe-west1-c",
                    "europe-west1-d",
                ]),
            },
            false,
        ],
    ];
    for (const [what, annotations, satisfied] of cases) {
        it(`${what}: ${satisfied ? "satisfied" : "keeps waiting"}`, () => {
            const [cond] = parseWaitFor(expr);
            assert.ok(cond?.kind === "jsonpath");
            assert.strictEqual(
                jsonPathSatisfied(cond.jsonpath, service({ ...annotations, "pulumi.com/waitFor": expr })),
                satisfied,
            );
        });
    }
});
