/**
 * The program itself (what `pulumi up` runs) refuses config keys it would ignore and secrets kept
 * in the wrong form, so a key typed with a namespace typo never plans as if absent, whichever tool
 * set it.
 */
import * as assert from "assert";
import { ConfigError, closestConfigKey, configKeyProblems } from "../../../infra/config";
import { resolveConfig, runProgram } from "../../../tools/lib/plan";

describe("config keys: known namespace and key, secrets only where declared", () => {
    const table: [string, Record<string, string>, string[], string[]][] = [
        [
            "voice_agent:forcedFailover",
            { "voice_agent:forcedFailover": "true" },
            [],
            [
                "voice_agent:forcedFailover: is in an unknown namespace (known: voice-agent, gcp) (did you mean voice-agent:forcedFailover?)",
            ],
        ],
        [
            "forcedFailover without namespace",
            { forcedFailover: "true" },
            [],
            ["forcedFailover: has no namespace (did you mean voice-agent:forcedFailover?)"],
        ],
        ["gcp:projcet", { "gcp:projcet": "p" }, [], ["gcp:projcet: is not a known key (did you mean gcp:project?)"]],
        [
            "a far-fetched key gets no guess",
            { "voice-agent:zzzzzzzzzzzz": "1" },
            [],
            ["voice-agent:zzzzzzzzzzzz: is not a known key"],
        ],
        [
            "secure domain",
            { "voice-agent:domain": "v1:x" },
            ["voice-agent:domain"],
            [
                "voice-agent:domain: is not a secret key, so a secure value is not allowed (it would be printed in resources and outputs); secret keys: voice-agent:pagerDutyServiceKey, voice-agent:slackAuthToken",
            ],
        ],
        [
            "a plain-text secret",
            { "voice-agent:slackAuthToken": "xoxb" },
            [],
            [
                "voice-agent:slackAuthToken: is a secret key in plain text; set it with pulumi config set --secret voice-agent:slackAuthToken (the value is not shown)",
            ],
        ],
        [
            "known keys, secret as secret",
            { "gcp:project": "p", "voice-agent:cell": "eu", "voice-agent:slackAuthToken": "x" },
            ["voice-agent:slackAuthToken"],
            [],
        ],
    ];
    for (const [what, raw, secret, expected] of table) {
        it(what, () =>
            assert.deepStrictEqual(
                configKeyProblems(raw, (k) => secret.includes(k)),
                expected,
            ),
        );
    }

    it("closest key by name across namespaces, by edits within a third of the length", () => {
        assert.deepStrictEqual(
            [
                "voiceagent:drainRegions",
                "voice-agent:forcedFailovr",
                "voice-agent:regoins",
                "voice-agent:nothingLikeIt",
            ].map((k) => closestConfigKey(k)),
            ["voice-agent:drainRegions", "voice-agent:forcedFailover", "voice-agent:regions", undefined],
        );
    });

    it("the program refuses an unknown key under its own config reader (as pulumi up would run it)", async () => {
        const { raw, secretKeys } = resolveConfig({ stack: "prod-eu" });
        await assert.rejects(
            runProgram({
                stack: "prod-eu",
                project: "edentist-voice-prod-eu",
                raw: { ...raw, "voice_agent:forcedFailover": "true" },
                secretKeys,
                // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program is loaded fresh inside the mock runtime, as the plan does
                program: require("../../../infra/index"),
                dryRun: true,
            }),
            (e: Error) =>
                e instanceof ConfigError &&
                e.message ===
                    "invalid configuration:\n  - voice_agent:forcedFailover: is in an unknown namespace (known: voice-agent, gcp) (did you mean voice-agent:forcedFailover?)",
        );
    });
});
