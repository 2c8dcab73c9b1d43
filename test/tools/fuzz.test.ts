/**
 * Property-based fuzzing of the incident tools' input handling (fast-check): stack files and
 * `--set` arguments generated from the config schema and mutated the way a tired on-call engineer
 * or a hostile input would (wrong types, unknown and near-miss keys, prototype names, deep paths,
 * huge numbers, odd YAML, regular-expression metacharacters, control characters).
 *
 * Properties:
 *  - every input either resolves to a config or is refused with a user error (exit 1) whose
 *    message names a key, a --set or the file and line, within a time bound, and without touching
 *    Object.prototype;
 *  - no message and no resolved config ever contains a secret's value;
 *  - a remediation's write under injected failures leaves the file as it was or fully edited;
 *  - concurrent remediations of one stack file lose no edit.
 * Runs in-process (a process costs seconds on CI), with a fixed seed; FUZZ_SEED and FUZZ_RUNS
 * change them. Inputs that once failed are kept below as regression cases.
 */
import { defined } from "../../core/defined";
import * as assert from "assert";
import * as fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { configKeySchema, secretConfigKeys, type KeySchema } from "../../infra/config";
import { isUserError } from "../../tools/lib/cli";
import { plan, resolveConfig } from "../../tools/lib/plan";
import { actions, yamlEdits } from "../../tools/lib/remediate";
import {
    acquireLock,
    type FileSystem,
    nodeFileSystem,
    readStackText,
    writeStackTextAtomic,
} from "../../tools/lib/stackFile";
import { parseStackText } from "../../tools/lib/stackConfig";
import { editYamlText } from "../../tools/lib/yamlEdit";

const root = path.resolve(__dirname, "..", "..");
const prodEu = fs.readFileSync(path.join(root, "Pulumi.prod-eu.yaml"), "utf8");
const seed = Number(process.env.FUZZ_SEED ?? 20261201);
const runs = Number(process.env.FUZZ_RUNS ?? 300);
const label = "Pulumi.fuzz.yaml";
/** One input must be judged well within this (the slowest real input takes a few ms). */
const timeBoundMs = 2000;

/** Every key path the schema knows, with the regions of prod-eu for the map of regions. */
function schemaPaths(node: KeySchema | undefined, prefix: string[], out: string[][]): string[][] {
    if (!node || prefix.length > 6) return out;
    out.push(prefix);
    if (node.properties) for (const [k, v] of Object.entries(node.properties)) schemaPaths(v, [...prefix, k], out);
    else if (typeof node.additionalProperties === "object")
        for (const r of ["europe-west1", "europe-west4"]) schemaPaths(node.additionalProperties, [...prefix, r], out);
    else if (node.type === "array" && node.items) schemaPaths(node.items, [...prefix, "0"], out);
    return out;
}
const paths = schemaPaths(configKeySchema(), [], []).filter((p) => p.length > 0);

const metachars = ["(a|a)+", "europe-west1(", ".*", "[", "\\", "$", "^", "a{1,99999}", "(?<x>", "europe-west1-b|.*"];
const protoNames = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];
const oddYaml = [
    "&a [*a]",
    "*nope",
    "[1",
    "{a: 1, a: 2}",
    "!!js/function x",
    "? [a]\n: b",
    "- - - - x",
    "'unterminated",
    "a: b: c",
    "\t- x",
    "[".repeat(40) + "]".repeat(40),
];
const controls = ["\u001b[31mred\u001b[0m", "a\rb", "\u0000", "\u202eevil", "line\nbreak"];

const word = fc.string({ minLength: 0, maxLength: 12 });
const nearMiss = (k: string) =>
    fc.constantFrom(
        k.replace("voice-agent:", "voice_agent:"),
        k.replace("voice-agent:", "voiceagent:"),
        k.replace("voice-agent:", ""),
        k.slice(0, -1),
        k + "s",
        k.length > 3 ? k.slice(0, 2) + k[3] + k[2] + k.slice(4) : k,
    );
const valueText = fc.oneof(
    word,
    fc.constantFrom(...metachars, ...oddYaml, ...controls, ...protoNames),
    fc.constantFrom(
        "1e10",
        "-1",
        "2147483648",
        "9".repeat(400),
        "0x10",
        "010",
        "0123",
        "1.5",
        "NaN",
        ".inf",
        "null",
        "~",
        "true",
        "yes",
        "",
        " ",
        "a #b",
    ),
    fc.integer().map(String),
    fc.double().map(String),
    fc.array(word, { maxLength: 4 }).map((a) => `[${a.join(", ")}]`),
    fc.dictionary(word, word, { maxKeys: 3 }).map((o) => JSON.stringify(o)),
);
const keyPath = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...paths).map((p) => p.join(".")) },
    {
        weight: 1,
        arbitrary: fc
            .constantFrom(...paths)
            .chain((p) => nearMiss(`voice-agent:${p[0]}`).map((k) => [k, ...p.slice(1)].join("."))),
    },
    {
        weight: 1,
        arbitrary: fc
            .tuple(fc.constantFrom(...paths), fc.constantFrom(...protoNames))
            .map(([p, n]) => [...p.slice(0, 1), n, ...p.slice(1)].join(".")),
    },
    {
        weight: 1,
        arbitrary: fc
            .tuple(fc.constantFrom(...paths), fc.integer({ min: 1, max: 70000 }))
            .map(([p, n]) => [...p, ...Array(Math.min(n, 70000)).fill("a")].join(".")),
    },
    {
        weight: 1,
        arbitrary: fc
            .tuple(
                fc.constantFrom("masterAuthorizedNetworks", "drainRegions", "regions.europe-west1.zones"),
                fc.constantFrom("length", "-1", "2", "1000", "20000000", "1e3"),
            )
            .map(([p, i]) => `${p}.${i}`),
    },
    { weight: 1, arbitrary: fc.constantFrom(...metachars).map((m) => `regions.${m}.zones`) },
);
/** A value of the key's own type (in or out of range), so that inputs also reach the rules and the plan. */
function typedValue(node: KeySchema | undefined): fc.Arbitrary<string> {
    if (node?.enum) return fc.constantFrom(...node.enum.map(String));
    switch (node?.type) {
        case "boolean":
            return fc.boolean().map(String);
        case "integer":
        case "number":
            return fc
                .oneof(fc.integer({ min: -2, max: 400 }), fc.constantFrom(2147483647, 2147483648, 1e10))
                .map(String);
        case "string":
            return fc.oneof(
                fc.constantFrom(
                    "europe-west1",
                    "europe-west4",
                    "europe-west1-b",
                    "10.10.0.0/20",
                    "eu",
                    "01:00",
                    "#x",
                    "a@b.co",
                ),
                word,
            );
        default:
            return valueText;
    }
}
const typedSet = fc.constantFrom(...paths).chain((p) => {
    let node: KeySchema | undefined = configKeySchema();
    for (const k of p)
        node =
            node?.properties?.[k] ??
            (typeof node?.additionalProperties === "object" ? node.additionalProperties : node?.items);
    return typedValue(node).map((v) => `${p.join(".")}=${v}`);
});
const setArg = fc.oneof(
    { weight: 2, arbitrary: typedSet },
    { weight: 2, arbitrary: fc.tuple(keyPath, valueText).map(([k, v]) => `${k}=${v}`) },
);

/** prod-eu with `key: text` in place of the key's entry (its lines), or appended. */
function withKey(key: string, text: string): string {
    const lines = prodEu.split("\n");
    const at = lines.findIndex((l) => l.startsWith(`  ${key}:`));
    if (at < 0) return `${prodEu}  ${key}: ${text}\n`;
    let end = at + 1;
    while (end < lines.length && /^( {3,}|\s*$)/.test(lines[end] ?? "") && lines[end] !== "") end++;
    return [...lines.slice(0, at), `  ${key}: ${text}`, ...lines.slice(end)].join("\n");
}

/** A stack file: prod-eu with one mutation of its text. */
const stackText = fc.oneof(
    { weight: 3, arbitrary: fc.constant(prodEu) },
    // A key replaced by a value of any type, or a new key, written by hand as text.
    fc
        .tuple(keyPath, valueText)
        .map(([k, v]) =>
            withKey(
                k.includes(":") ? k.replace(/\..*$/, "") : `voice-agent:${k.replace(/\..*$/, "")}`,
                v.replace(/\n/g, " "),
            ),
        ),
    fc.tuple(fc.constantFrom(...paths), valueText).map(([p, v]) => withKey(`voice-agent:${p[0]}`, JSON.stringify(v))),
    fc.constantFrom(...oddYaml, ...controls).map((v) => withKey("voice-agent:cell", v)),
    fc.constantFrom(...protoNames).map((n) => `${prodEu}  ${n}: 1\n`),
    fc.constant(prodEu.replace(/\n/g, "\r\n")),
    fc.constant(prodEu.replace("voice-agent:cell: eu", "voice-agent:cell: null")),
    fc.constant(prodEu.replace("voice-agent:cell: eu", "voice-agent:cell: eu\n  voice-agent:cell: me")),
    fc.constant(prodEu.replace("europe-west1:\n      zones:", "(a|a)+:\n      zones:")),
    fc.constant(`${prodEu}  voice-agent:domain:\n    secure: v1:abc\n`),
    fc.integer({ min: 30, max: 3000 }).map((n) => `${prodEu}  voice-agent:x: ${"[".repeat(n)}${"]".repeat(n)}\n`),
    fc.constant(
        `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n${prodEu}`,
    ),
);

/** A refusal names what is wrong: a key of the config, a --set, or the file and line. */
const namesAKey =
    /^(invalid configuration:\n {2}- (voice-agent|gcp):|Pulumi\.fuzz\.yaml(:\d+)?[: ]|--set[ :]|--stack|(voice-agent|gcp):\S*: )/;

function judge(text: string, sets: string[]): { ok: true; config: unknown } | { ok: false; message: string } {
    try {
        const stackConfig = parseStackText(text, label);
        return { ok: true, config: resolveConfig({ stack: "fuzz", stackConfig, sets }).config };
    } catch (e) {
        if (!isUserError(e)) throw e;
        return { ok: false, message: e.message };
    }
}

const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(",");

describe("fuzz: incident tool inputs (fast-check, in-process)", function () {
    this.timeout(600000);
    const cleanProto = protoKeys();

    it("every stack file and --set either resolves or is refused naming a key, within the time bound, Object.prototype untouched", () => {
        fc.assert(
            fc.property(stackText, fc.array(setArg, { maxLength: 3 }), (text, sets) => {
                const started = Date.now();
                const r = judge(text, sets);
                const ms = Date.now() - started;
                assert.ok(ms < timeBoundMs, `took ${ms} ms`);
                if (!r.ok) assert.match(r.message, namesAKey);
                assert.strictEqual(protoKeys(), cleanProto);
                assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
            }),
            { seed, numRuns: runs },
        );
    });

    it("no message and no resolved config contains a secret's value", () => {
        const secret = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((s) => `S3CR3T${s}`);
        fc.assert(
            fc.property(
                secret,
                fc.constantFrom(...secretConfigKeys),
                fc.array(setArg, { maxLength: 2 }),
                fc.constantFrom("set", "file-plain", "file-secure", "bad-yaml"),
                (value, key, others, where) => {
                    let text = prodEu;
                    let sets = others;
                    if (where === "set") sets = [`${key}=${value}`, ...others];
                    if (where === "file-plain") text = `${prodEu}  voice-agent:${key}: ${value}\n`;
                    if (where === "file-secure") text = `${prodEu}  voice-agent:${key}:\n    secure: ${value}\n`;
                    if (where === "bad-yaml") sets = [`${key}=[${value}`, ...others];
                    const r = judge(text, sets);
                    const shown = r.ok ? JSON.stringify(r.config) : r.message;
                    assert.ok(!shown.includes(value), `the secret appears in: ${shown.slice(0, 300)}`);
                },
            ),
            { seed, numRuns: Math.ceil(runs / 3) },
        );
    });

    it("inputs the config accepts plan without a crash, and the inventory never holds a secret's value", async () => {
        // A plan takes a second or two: a handful of cases, each a full run of the program.
        const secret = fc.stringMatching(/^[A-Za-z0-9]{16}$/).map((v) => `S3CR3T${v}`);
        let planned = 0;
        await fc.assert(
            fc.asyncProperty(fc.array(typedSet, { maxLength: 2 }), secret, async (sets, value) => {
                const all = [...sets, `pagerDutyServiceKey=${value}`];
                if (!judge(prodEu, all).ok) return;
                planned++;
                const inventory = await plan({ stack: "fuzz", stackConfig: parseStackText(prodEu, label), sets: all });
                assert.ok(!JSON.stringify(inventory).includes(value), "the secret's value is in the inventory");
            }),
            { seed, numRuns: Number(process.env.FUZZ_PLANS ?? 6) },
        );
        assert.ok(planned > 0, "at least one generated input planned");
    });

    describe("remediation writes", () => {
        let dir: string;
        beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "fuzz-remediate-"))));
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

        const simple = actions.filter((a) => !a.takes);
        const { config } = resolveConfig({ stack: "prod-eu" });

        it("under an injected failure (ENOSPC, EIO, EACCES or a kill) at any call, the file is as it was or fully edited", () => {
            fc.assert(
                fc.property(
                    fc.constantFrom(...simple),
                    fc.integer({ min: 1, max: 20 }),
                    fc.constantFrom("ENOSPC", "EIO", "EACCES", "kill"),
                    (action, n, failure) => {
                        const file = path.join(dir, "Pulumi.f.yaml");
                        fs.writeFileSync(file, prodEu);
                        const read = readStackText(file);
                        const edited = editYamlText(read.text, yamlEdits(action.edits(config, {})));
                        let calls = 0;
                        let dead = false;
                        const layer = Object.fromEntries(
                            Object.entries(nodeFileSystem).map(([name, fn]) => [
                                name,
                                (...args: unknown[]) => {
                                    if (dead) throw new Error("killed");
                                    if (++calls === n) {
                                        if (failure === "kill") dead = true;
                                        throw Object.assign(new Error(failure), {
                                            code: failure === "kill" ? undefined : failure,
                                        });
                                    }
                                    return (fn as (...a: unknown[]) => unknown)(...args);
                                },
                            ]),
                        ) as unknown as FileSystem;
                        try {
                            writeStackTextAtomic(read, edited, { fs: layer });
                        } catch {
                            // refused or killed: only the bytes on disk matter
                        }
                        const now = fs.readFileSync(file, "utf8");
                        assert.ok(
                            now === prodEu || now === edited,
                            `${action.name}, ${failure} at call ${n}: ${JSON.stringify(now.slice(-80))}`,
                        );
                    },
                ),
                { seed, numRuns: Math.ceil(runs / 3) },
            );
        });

        it("concurrent remediations of one stack file lose no edit", async () => {
            await fc.assert(
                fc.asyncProperty(
                    fc.shuffledSubarray(
                        simple.filter((a) =>
                            ["cache-off", "hold-mode", "pms-queue", "region-failover"].includes(a.name),
                        ),
                        { minLength: 2 },
                    ),
                    fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 4, maxLength: 4 }),
                    async (chosen, delays) => {
                        const file = path.join(dir, "Pulumi.c.yaml");
                        fs.writeFileSync(file, prodEu);
                        const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
                        await Promise.all(
                            chosen.map(async (action, i) => {
                                await sleep(defined(delays[i % delays.length], "a delay"));
                                const release = await acquireLock(file, `remediate ${action.name}`, {
                                    waitMs: 10000,
                                    pollMs: 2,
                                });
                                try {
                                    const read = readStackText(file);
                                    await sleep(defined(delays[(i + 1) % delays.length], "a delay"));
                                    writeStackTextAtomic(
                                        read,
                                        editYamlText(read.text, yamlEdits(action.edits(config, {}))),
                                    );
                                } finally {
                                    release();
                                }
                            }),
                        );
                        const written = parseStackText(fs.readFileSync(file, "utf8"), label);
                        for (const action of chosen) {
                            for (const e of action.edits(config, {}))
                                assert.deepStrictEqual(
                                    written[`voice-agent:${e.path[0]}`],
                                    e.value,
                                    `${action.name} lost`,
                                );
                        }
                    },
                ),
                { seed, numRuns: 25 },
            );
        });
    });

    /** Inputs that failed a property once, kept as they were found. */
    const regressions: [string, string, string[], RegExp][] = [];
    for (const [what, text, sets, message] of regressions) {
        it(`regression: ${what}`, () => {
            const r = judge(text, sets);
            assert.ok(!r.ok);
            assert.match(r.message, message);
        });
    }
});
