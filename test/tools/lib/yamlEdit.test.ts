/**
 * A one-key edit changes only that key's text: exact file bytes before and after, for the
 * shapes hand-written stack files take (CRLF, 4-space indentation, flow maps and lists, octal-
 * looking numbers, long values, comments around the key).
 */
import * as assert from "assert";
import { editYamlText, YamlEditError } from "../../../tools/lib/yamlEdit";

const ns = "voice-agent";
const at = (...p: string[]) => ["config", ...p.map((k, i) => (i === 0 ? `${ns}:${k}` : k))];

describe("minimal YAML edits (remediate rewrites only the edited key)", () => {
    it("a CRLF file keeps CRLF on every line, the edited one included", () => {
        const before =
            "config:\r\n  gcp:project: p\r\n  voice-agent:forcedFailover: false\r\n  voice-agent:cell: eu\r\n";
        const after = editYamlText(before, [{ path: at("forcedFailover"), value: true }]);
        assert.strictEqual(
            after,
            "config:\r\n  gcp:project: p\r\n  voice-agent:forcedFailover: true\r\n  voice-agent:cell: eu\r\n",
        );
    });

    it("a new key in a CRLF file gets CRLF", () => {
        const before = "config:\r\n  gcp:project: p\r\n";
        assert.strictEqual(
            editYamlText(before, [{ path: at("cacheDisabled"), value: true }]),
            "config:\r\n  gcp:project: p\r\n  voice-agent:cacheDisabled: true\r\n",
        );
    });

    it("a file indented with 4 spaces keeps them, and a new nested key is indented by 4", () => {
        const before =
            'config:\n    gcp:project: p\n    voice-agent:release:\n        image: r/i\n        tag: "1.0"\n';
        assert.strictEqual(
            editYamlText(before, [{ path: at("rateLimit", "enabled"), value: true }]),
            'config:\n    gcp:project: p\n    voice-agent:release:\n        image: r/i\n        tag: "1.0"\n    voice-agent:rateLimit:\n        enabled: true\n',
        );
    });

    it("flow lists and maps, 010, and a long value elsewhere in the file stay as written", () => {
        const long = "x".repeat(200);
        const before = [
            "config:",
            "  voice-agent:regions: {europe-west1: {zones: [europe-west1-b,europe-west1-c,europe-west1-d], subnet: {nodes: 10.10.0.0/20}}}",
            `  voice-agent:domain: ${long}`,
            "  voice-agent:cacheEpoch: 010",
            "  voice-agent:voiceMode: live",
            "",
        ].join("\n");
        const after = editYamlText(before, [{ path: at("voiceMode"), value: "hold" }]);
        assert.strictEqual(after, before.replace("voiceMode: live", "voiceMode: hold"));
    });

    it("comments above, beside and below the edited key stay", () => {
        const before =
            "config:\n  # why the cache is off\n  voice-agent:cacheDisabled: false # set by remediate\n  # trailing note\n";
        assert.strictEqual(
            editYamlText(before, [{ path: at("cacheDisabled"), value: true }]),
            "config:\n  # why the cache is off\n  voice-agent:cacheDisabled: true # set by remediate\n  # trailing note\n",
        );
    });

    it("rollback --digest: the digest takes the tag's line, the comment attached to tag stays", () => {
        const digest = `sha256:${"a".repeat(64)}`;
        const before =
            'config:\n  voice-agent:release:\n    image: r/i\n    # pinned by the release train\n    tag: "2026.11.3"\n  voice-agent:cell: eu\n';
        const after = editYamlText(before, [
            { path: at("release", "digest"), value: digest },
            { path: at("release", "tag"), value: undefined },
        ]);
        assert.strictEqual(
            after,
            `config:\n  voice-agent:release:\n    image: r/i\n    # pinned by the release train\n    digest: ${digest}\n  voice-agent:cell: eu\n`,
        );
    });

    it("rollback --tag keeps a quoted tag quoted (2026.11 stays a string)", () => {
        const before = 'config:\n  voice-agent:release:\n    image: r/i\n    tag: "2026.11.3"\n';
        assert.strictEqual(
            editYamlText(before, [
                { path: at("release", "tag"), value: "2026.11" },
                { path: at("release", "digest"), value: undefined },
            ]),
            'config:\n  voice-agent:release:\n    image: r/i\n    tag: "2026.11"\n',
        );
    });

    it("removing a key removes its lines only", () => {
        const before =
            "config:\n  voice-agent:a: 1\n  voice-agent:drainRegions:\n    - europe-west1\n  voice-agent:b: 2\n";
        assert.strictEqual(
            editYamlText(before, [{ path: at("drainRegions"), value: undefined }]),
            "config:\n  voice-agent:a: 1\n  voice-agent:b: 2\n",
        );
    });

    it("a block list stays a block list: entries edited in place, new ones added in its indentation", () => {
        const before = "config:\n  voice-agent:pmsDisabledProviders:\n    - dentrix\n  voice-agent:b: 2\n";
        assert.strictEqual(
            editYamlText(before, [{ path: at("pmsDisabledProviders"), value: ["dentrix", "opendental"] }]),
            "config:\n  voice-agent:pmsDisabledProviders:\n    - dentrix\n    - opendental\n  voice-agent:b: 2\n",
        );
    });

    it("comments in a block list on the edited path stay; removed entries lose only their lines", () => {
        const before =
            "config:\n  voice-agent:pmsDisabledProviders:\n    # outage INC-1\n    - dentrix # since Monday\n    - opendental\n    - eaglesoft\n  voice-agent:b: 2\n";
        assert.strictEqual(
            editYamlText(before, [{ path: at("pmsDisabledProviders"), value: ["dentrix", "curve"] }]),
            "config:\n  voice-agent:pmsDisabledProviders:\n    # outage INC-1\n    - dentrix # since Monday\n    - curve\n  voice-agent:b: 2\n",
        );
    });

    it("comments inside a flow map on the edited path stay, and a sibling's 0x12C stays as written", () => {
        const before =
            "config:\n  voice-agent:rateLimit: {\n    enabled: false, # INC-7\n    requestsPerInterval: 0x12C\n  }\n";
        assert.strictEqual(
            editYamlText(before, [{ path: at("rateLimit", "enabled"), value: true }]),
            "config:\n  voice-agent:rateLimit: {\n    enabled: true, # INC-7\n    requestsPerInterval: 0x12C\n  }\n",
        );
        assert.strictEqual(
            editYamlText(before, [{ path: at("rateLimit", "banDurationSec"), value: 60 }]),
            "config:\n  voice-agent:rateLimit: {\n    enabled: false, # INC-7\n    requestsPerInterval: 0x12C, banDurationSec: 60\n  }\n",
        );
        assert.strictEqual(
            editYamlText("config:\n  voice-agent:rateLimit: {enabled: false, requestsPerInterval: 0x12C}\n", [
                { path: at("rateLimit", "enabled"), value: undefined },
            ]),
            "config:\n  voice-agent:rateLimit: {requestsPerInterval: 0x12C}\n",
        );
    });

    for (const [what, value, message] of [
        ["!!str false", "!!str false", "!!str"],
        ["!!float 3", "!!float 3", "!!float"],
        ["a custom tag", "!pagerduty false", "!pagerduty"],
    ] as const) {
        it(`a tagged value on the edited key (${what}) is refused naming the key, never a crash`, () => {
            assert.throws(
                () =>
                    editYamlText(`config:\n  voice-agent:cacheDisabled: ${value}\n`, [
                        { path: at("cacheDisabled"), value: true },
                    ]),
                new YamlEditError(
                    `config.voice-agent:cacheDisabled (line 2): carries the explicit tag ${message}; edit it by hand`,
                ),
            );
        });
    }

    it("refuses an alias on the edited path, naming the key and line", () => {
        const before = "base: &r {enabled: false}\nconfig:\n  voice-agent:rateLimit: *r\n";
        assert.throws(
            () => editYamlText(before, [{ path: at("rateLimit", "enabled"), value: true }]),
            new YamlEditError(
                "config.voice-agent:rateLimit (line 3): is an alias (*r); edit the anchored value itself",
            ),
        );
    });

    it("refuses a path through a scalar", () => {
        assert.throws(
            () =>
                editYamlText("config:\n  voice-agent:rateLimit: 3\n", [
                    { path: at("rateLimit", "enabled"), value: true },
                ]),
            new YamlEditError("config.voice-agent:rateLimit (line 2): is not a map, so enabled cannot be set in it"),
        );
    });
});
