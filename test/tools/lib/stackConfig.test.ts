/**
 * Stack files and `--set` overrides as the tools read them: every bad input is refused with a
 * message naming the key (and the file and line), never a crash, a hang, a silently ignored key
 * or a secret quoted back. Exact messages.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../../infra/config";
import { resolveConfig } from "../../../tools/lib/plan";
import {
    applyOverrides,
    maskSet,
    parseStackText,
    StackConfigError,
    toRuntimeConfig,
} from "../../../tools/lib/stackConfig";

const root = path.resolve(__dirname, "..", "..", "..");
const prodEu = fs.readFileSync(path.join(root, "Pulumi.prod-eu.yaml"), "utf8");
const label = "Pulumi.prod-eu.yaml";
const end = prodEu.split("\n").length; // the line an appended key lands on

/** The message of the user error `text` + `sets` is refused with (or "resolved"). */
function refusal(text: string, sets: string[] = []): string {
    try {
        resolveConfig({ stack: "prod-eu", stackConfig: parseStackText(text, label), sets });
        return "resolved";
    } catch (e) {
        assert.ok(e instanceof StackConfigError || e instanceof ConfigError, `not a user error: ${(e as Error).stack}`);
        return e.message;
    }
}

const table: [string, string, string[], string][] = [
    // Typos in a namespace are silently ignored: now refused with the closest key.
    [
        "a namespace typo in the stack file (voice_agent:)",
        `${prodEu}  voice_agent:forcedFailover: true\n`,
        [],
        `${label}:${end}: voice_agent:forcedFailover: is in an unknown namespace (known: voice-agent, gcp) (did you mean voice-agent:forcedFailover?)`,
    ],
    [
        "voiceagent:drainRegions",
        `${prodEu}  voiceagent:drainRegions: [europe-west1]\n`,
        [],
        `${label}:${end}: voiceagent:drainRegions: is in an unknown namespace (known: voice-agent, gcp) (did you mean voice-agent:drainRegions?)`,
    ],
    [
        "a key without namespace",
        `${prodEu}  forcedFailover: true\n`,
        [],
        `${label}:${end}: forcedFailover: has no namespace (did you mean voice-agent:forcedFailover?)`,
    ],
    [
        "gcp:projcet",
        `${prodEu}  gcp:projcet: x\n`,
        [],
        `${label}:${end}: gcp:projcet: is not a known key (did you mean gcp:project?)`,
    ],
    [
        "--set with a namespace typo",
        prodEu,
        ["voice_agent:forcedFailover=true"],
        "--set voice_agent:forcedFailover: is in an unknown namespace (known: voice-agent, gcp) (did you mean voice-agent:forcedFailover?)",
    ],
    // User mistakes crash with a stack trace: now each is a refusal naming the key, file and line.
    [
        "a YAML syntax error",
        `${prodEu}  voice-agent:drainRegions: [europe-west1\n`,
        [],
        `${label}:${end + 1}:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ],
    [
        "a duplicate key",
        `${prodEu}  voice-agent:cell: me\n`,
        [],
        `${label}:${end}:3: not valid YAML: Map keys must be unique`,
    ],
    [
        "deep nesting",
        `${prodEu}  voice-agent:drainRegions: ${"[".repeat(100)}${"]".repeat(100)}\n`,
        [],
        `${label}:${end}:60: config.voice-agent:drainRegions${".0".repeat(31)}: nested deeper than the limit (32)`,
    ],
    [
        "an alias bomb",
        `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n${prodEu}`,
        [],
        `${label}: aliases expand beyond the limit (100)`,
    ],
    [
        "an undefined alias",
        `${prodEu}  voice-agent:drainRegions: *regions\n`,
        [],
        `${label}:${end}:29: config.voice-agent:drainRegions: alias *regions names no anchor defined before it`,
    ],
    [
        "a circular value",
        `${prodEu}  voice-agent:drainRegions: &d [*d]\n`,
        [],
        `${label}:${end}:33: config.voice-agent:drainRegions.0: is a circular value (alias *d inside its own anchor)`,
    ],
    [
        "a __proto__ key in the file",
        `${prodEu}  __proto__: 1\n`,
        [],
        `${label}:${end}:3: config.__proto__: __proto__ is not allowed as a key`,
    ],
    [
        "a constructor key nested in the file",
        prodEu.replace(
            "      nodePool:\n        machineType: n2-standard-8",
            "      nodePool:\n        constructor: 1\n        machineType: n2-standard-8",
        ),
        [],
        `${label}:17:9: config.voice-agent:regions.europe-west1.nodePool.constructor: constructor is not allowed as a key`,
    ],
    ["toString through --set", prodEu, ["toString=1"], "--set voice-agent:toString: is not a known key"],
    [
        "hasOwnProperty through --set",
        prodEu,
        ["regions.europe-west1.hasOwnProperty=1"],
        "invalid configuration:\n  - voice-agent:regions.europe-west1.hasOwnProperty: unknown key; allowed keys here: zones, subnet, nodePool, workload, maintenance",
    ],
    [
        "--set cell.x=1 (a path through a scalar)",
        prodEu,
        ["cell.x=1"],
        '--set cell.x: voice-agent:cell is "eu", not a map or list, so x cannot be set in it',
    ],
    [
        "a 60,000-segment path",
        prodEu,
        [`${Array(60000).fill("a").join(".")}=1`],
        "--set: an override longer than 65536 characters",
    ],
    [
        "a 20-segment path",
        prodEu,
        [`${Array(20).fill("a").join(".")}=1`],
        `--set ${Array(20).fill("a").join(".")}: the path has 20 segments; at most 16`,
    ],
    // One --set exhausts memory or pollutes Object.prototype: now bounded and refused.
    [
        "--set masterAuthorizedNetworks.length=20000000",
        prodEu,
        ["masterAuthorizedNetworks.length=20000000"],
        "--set masterAuthorizedNetworks.length: voice-agent:masterAuthorizedNetworks is a list of 2; length is not an index from 0 to 2",
    ],
    [
        "--set regions.__proto__.polluted=1",
        prodEu,
        ["regions.__proto__.polluted=1"],
        "--set regions.__proto__.polluted: __proto__ is not allowed in a key path",
    ],
    // Secrets are printed: secure: only on secret keys, secret keys never in plain text.
    [
        "secure: on a key not declared secret",
        prodEu.replace("voice-agent:domain: voice.eu.edentist.ai", "voice-agent:domain:\n    secure: v1:AAAA"),
        [],
        `${label}:6: voice-agent:domain: is not a secret key, so secure: is not allowed; secret keys: voice-agent:pagerDutyServiceKey, voice-agent:slackAuthToken`,
    ],
    [
        "secure: on gcp:project",
        prodEu.replace("gcp:project: edentist-voice-prod-eu", "gcp:project:\n    secure: v1:AAAA"),
        [],
        `${label}:3: gcp:project: is not a secret key, so secure: is not allowed; secret keys: voice-agent:pagerDutyServiceKey, voice-agent:slackAuthToken`,
    ],
    [
        "a secret key in plain text in the stack file",
        `${prodEu}  voice-agent:pagerDutyServiceKey: pd-0123456789\n`,
        [],
        `${label}:${end}: voice-agent:pagerDutyServiceKey: is a secret key in plain text; set it with pulumi config set --secret voice-agent:pagerDutyServiceKey (the value is not shown)`,
    ],
    // Wrong types and ranges are accepted: now refused.
    [
        "cell: null",
        prodEu.replace("voice-agent:cell: eu", "voice-agent:cell: null"),
        [],
        `${label}:4: voice-agent:cell: is null; give it a value or remove the key`,
    ],
    [
        "maxReplicas: 10000000000 (beyond int32)",
        prodEu.replace("maxReplicas: 60", "maxReplicas: 10000000000"),
        [],
        "invalid configuration:\n  - voice-agent:regions.europe-west1.workload.maxReplicas: number 10000000000 is above the maximum 2147483647",
    ],
    // Forms yaml.v3 (pulumi up) and the YAML 1.2 core schema read differently: refused, key named.
    ...(
        [
            ["1e10", "1e10"],
            ["010", "010"],
            ["0x10", "0x10"],
            ["+5", "+5"],
            ["1_000", "1_000"],
            ["0b11", "0b11"],
            [".inf", ".inf"],
        ] as const
    ).map(([form, shown]): [string, string, string[], string] => [
        `maxReplicas: ${form} (read differently by pulumi up)`,
        prodEu.replace("maxReplicas: 60", `maxReplicas: ${form}`),
        [],
        `Pulumi.prod-eu.yaml:22:22: config.voice-agent:regions.europe-west1.workload.maxReplicas: ${shown} is a number written in a form pulumi up reads differently (it follows yaml.v3's int and float rules: 010 is octal, 1_000 drops its underscores, 0b1 is binary, and a top-level key gets the text as written); write it in plain decimal such as 300, or quote it to mean text`,
    ]),
    [
        "a CIDR with host bits set",
        prodEu,
        ["regions.europe-west1.subnet.nodes=10.10.0.1/20"],
        'invalid configuration:\n  - voice-agent:regions.europe-west1.subnet.nodes: "10.10.0.1/20" has host bits set; the range is 10.10.0.0/20',
    ],
    // A region name can hang or crash every tool: names are checked before any use.
    [
        "the region key (a|a)+ with a zone of 34 a's and a !",
        prodEu.replace("europe-west1:\n      zones: [europe-west1-b", `(a|a)+:\n      zones: [${"a".repeat(34)}!`),
        [],
        'invalid configuration:\n  - voice-agent:regions.(a|a)+: "(a|a)+" is not a GCP region name such as europe-west1',
    ],
    [
        "the region key europe-west1(",
        prodEu.replace(/europe-west4/g, "europe-west1("),
        [],
        'invalid configuration:\n  - voice-agent:regions.europe-west1(: "europe-west1(" is not a GCP region name such as europe-west1\n  - voice-agent:quota.europe-west1(: "europe-west1(" is not a GCP region name such as europe-west1',
    ],
    // The whole internet can reach the GKE control plane: measured in addresses.
    [
        "masterAuthorizedNetworks 0.0.0.0/1 + 128.0.0.0/1",
        prodEu,
        ["masterAuthorizedNetworks=[{name: a, cidr: 0.0.0.0/1}, {name: b, cidr: 128.0.0.0/1}]"],
        "invalid configuration:\n  - voice-agent:masterAuthorizedNetworks: 0.0.0.0/1, 128.0.0.0/1 together open the GKE control plane to 3702257664 public addresses; at most 65536 (one /16): name the on-call and CI egress ranges",
    ],
];

describe("stack files and --set: refused cleanly, naming the key", () => {
    for (const [what, text, sets, message] of table) {
        it(`refuses ${what}`, () => {
            const started = Date.now();
            const got = refusal(text, sets);
            if (message.endsWith("is not a known key")) assert.ok(got.startsWith(message), got);
            else assert.strictEqual(got, message);
            assert.ok(Date.now() - started < 2000, "within the time bound");
        });
    }

    it("no parser writes to Object.prototype", () => {
        refusal(prodEu, ["regions.__proto__.polluted=1"]);
        refusal(`${prodEu}  __proto__:\n    polluted: 1\n`);
        assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
    });

    it("--set values are parsed by the key's type: a string key takes the raw text", () => {
        const merged = applyOverrides({}, [
            "pagerDutyServiceKey=0123",
            "domain=a #b",
            "cacheEpoch=010",
            "forcedFailover=true",
            "drainRegions=[europe-west4]",
        ]);
        assert.deepStrictEqual(merged, {
            "voice-agent:pagerDutyServiceKey": "0123",
            "voice-agent:domain": "a #b",
            "voice-agent:cacheEpoch": 10,
            "voice-agent:forcedFailover": true,
            "voice-agent:drainRegions": ["europe-west4"],
        });
    });

    it("a secret given with --set is passed marked secret, so the inventory masks it", () => {
        assert.deepStrictEqual(toRuntimeConfig(applyOverrides({}, ["slackAuthToken=xoxb-1"])), {
            raw: { "voice-agent:slackAuthToken": "xoxb-1" },
            secretKeys: ["voice-agent:slackAuthToken"],
        });
    });

    it("a --set value that is not YAML is never quoted back for a secret key (it is not parsed at all)", () => {
        assert.deepStrictEqual(applyOverrides({}, ["pagerDutyServiceKey=[pd-0123"]), {
            "voice-agent:pagerDutyServiceKey": "[pd-0123",
        });
    });

    it("diff --json shows a secret --set masked", () => {
        assert.deepStrictEqual(["pagerDutyServiceKey=pd-1", "voice-agent:slackAuthToken=x", "cell=eu"].map(maskSet), [
            "pagerDutyServiceKey=[secret]",
            "voice-agent:slackAuthToken=[secret]",
            "cell=eu",
        ]);
    });
});
