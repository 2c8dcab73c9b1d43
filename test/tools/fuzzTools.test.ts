/**
 * Property-based fuzzing (fast-check, fixed seed) of the tools beyond the stack-file editor's own
 * suite (fuzz.test.ts: plan, remediate): policy, review, drill, probe and diff, and the I/O layer,
 * locks and signal handling they share. Generators include special files (FIFOs, devices,
 * directories, dangling and chained symlinks), signals at any moment, and type-confused
 * inventories. Properties: no run crashes (every refusal is the tool's own user error), hangs
 * (each input is bounded in time), grows past 512 MB, leaks a secret, changes a file it was not
 * asked to change, or leaves a temporary file behind.
 */
import * as assert from "assert";
import { execFileSync, spawn, spawnSync } from "child_process";
import * as fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { isUserError } from "../../tools/lib/cli";
import { readRecords } from "../../tools/lib/drill/report/write";
import { MemoryStore } from "../../tools/lib/drill/store";
import { FileError, readRegularFile, writeFileAtomic } from "../../tools/lib/io";
import { InventoryError, parseInventory } from "../../tools/lib/inventoryInput";
import { plan } from "../../tools/lib/plan";
import { renderViolations, runPolicies } from "../../tools/lib/policy";
import { validateProbeOptions } from "../../tools/lib/probe/run";
import { sideResultOf } from "../../tools/lib/reviewSide";
import { UserInputError } from "../../tools/lib/userError";
import { projectRoot } from "../support/paths";

const seed = Number(process.env.FUZZ_SEED ?? 20261207);
const scale = Number(process.env.FUZZ_SCALE ?? 1);
const runs = (n: number) => ({ seed, numRuns: Math.max(1, Math.round(n * scale)) });
const secret = "FUZZ-S3CR3T-4242";
const drillEu = fs.readFileSync(path.join(projectRoot, "Pulumi.drill-eu.yaml"), "utf8");
const maxRssBytes = 512 * 1024 * 1024;
const ESC = "\u001b";

/** What a property's runs may add to this process's memory (the test process holds the rest of the suite too). */
function assertBoundedMemory(since: number): void {
    const grown = process.memoryUsage().rss - since;
    assert.ok(grown < maxRssBytes, `grew ${grown} bytes`);
}

/** Paths of every value inside `v` (object keys and list indexes), up to `depth`. */
function valuePaths(
    v: unknown,
    depth: number,
    prefix: (string | number)[] = [],
    out: (string | number)[][] = [],
): (string | number)[][] {
    if (prefix.length > 0) out.push(prefix);
    if (prefix.length >= depth || v === null || typeof v !== "object") return out;
    if (Array.isArray(v)) v.forEach((x, i) => valuePaths(x, depth, [...prefix, i], out));
    else for (const [k, x] of Object.entries(v)) valuePaths(x, depth, [...prefix, k], out);
    return out;
}

/** Whether a process runs (a zombie no init has reaped yet counts as gone). */
function running(pid: number): boolean {
    try {
        return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
        return false;
    }
}

const confused = fc.constantFrom<unknown>(
    42,
    -1,
    "",
    "str",
    `${ESC}[2J`,
    true,
    null,
    [],
    [null],
    [42],
    {},
    { a: 1 },
    [{}],
    "[unknown]",
);

describe("fuzz: every tool against hostile input", function () {
    this.timeout(300_000);
    let dir: string;
    let rssBefore = 0;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "fuzz-tools-"));
        rssBefore = process.memoryUsage().rss;
    });
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        assertBoundedMemory(rssBefore);
    });

    describe("policy: type-confused inventories", () => {
        let small: { resources: { type: string; inputs?: Record<string, unknown> }[] } & Record<string, unknown>;
        before(async function () {
            this.timeout(120_000);
            const inv = await plan({ stack: "drill-eu" });
            const seen = new Set<string>();
            // One resource of each type: every resource policy runs, at a fraction of a plan's cost.
            small = {
                ...inv,
                resources: inv.resources.filter((r) => !seen.has(r.type) && seen.add(r.type)),
            };
        });

        it("any one input replaced by a value of another type: refused (exit 2) or judged, never a crash", () => {
            const targets = small.resources.flatMap((r, i) => valuePaths(r.inputs ?? {}, 7).map((p) => ({ i, p })));
            fc.assert(
                fc.property(fc.constantFrom(...targets), confused, ({ i, p }, value) => {
                    const copy = structuredClone(small);
                    let node = copy.resources[i]!.inputs as Record<string | number, unknown>;
                    for (const k of p.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
                    node[p[p.length - 1]!] = value;
                    let inventory;
                    try {
                        inventory = parseInventory(JSON.stringify(copy), "inventory.json");
                    } catch (e) {
                        assert.ok(e instanceof InventoryError, String(e));
                        assert.ok(!e.message.includes(ESC));
                        return;
                    }
                    const out = renderViolations(runPolicies(inventory));
                    assert.ok(!out.includes(ESC), "a raw escape sequence reached the terminal");
                }),
                runs(200),
            );
        });

        it("URNs and names with control characters are printed escaped", () => {
            fc.assert(
                fc.property(
                    fc.string({ maxLength: 8 }),
                    fc.constantFrom(`${ESC}[31m`, "\r", "\n", "\u202e"),
                    (name, control) => {
                        const inv = {
                            resources: [
                                {
                                    urn: `urn:pulumi:s::p::gcp:compute/firewall:Firewall::${name}${control}`,
                                    type: "gcp:compute/firewall:Firewall",
                                    name,
                                    inputs: { sourceRanges: ["0.0.0.0/0"] },
                                },
                            ],
                        };
                        const out = renderViolations(runPolicies(parseInventory(JSON.stringify(inv), "i.json")));
                        assert.ok(
                            !out.includes(ESC) && !out.includes("\r") && !out.includes("\u202e"),
                            JSON.stringify(out),
                        );
                    },
                ),
                runs(20),
            );
        });
    });

    describe("review: what a side prints", () => {
        it("any output, status and signal of a side: a result or a user error, escaped", () => {
            const jsonish = fc.oneof(
                fc.json(),
                fc.string(),
                fc.constantFrom(
                    '{"stacks":{}}',
                    '{"stacks":{"a":{"present":true,"inventory":{"resources":7}}}}',
                    `${ESC}[2J{}`,
                ),
            );
            fc.assert(
                fc.property(
                    jsonish,
                    fc.string(),
                    fc.constantFrom(0, 1, 3, null),
                    fc.boolean(),
                    (stdout, stderr, status, timedOut) => {
                        try {
                            const r = sideResultOf(
                                {
                                    status,
                                    signal: status === null ? "SIGKILL" : null,
                                    stdout,
                                    stderr: `${stderr}${ESC}[2J`,
                                    timedOut,
                                    truncated: false,
                                },
                                "HEAD~1",
                                60,
                            );
                            assert.strictEqual(typeof r.stacks, "object");
                        } catch (e) {
                            assert.ok(e instanceof UserInputError, String(e));
                            assert.ok(!e.message.includes(ESC));
                        }
                    },
                ),
                runs(300),
            );
        });
    });

    describe("drill: report directories and stack files", () => {
        const entry = fc.constantFrom(
            "garbage",
            "record",
            "other-json",
            "dir",
            "fifo",
            "zero-link",
            "dangling",
            "empty",
            "big",
        );
        it("any mix of entries named like records: the valid ones indexed, every other one skipped with a warning", () => {
            fc.assert(
                fc.property(fc.array(entry, { maxLength: 8 }), (kinds) => {
                    const d = fs.mkdtempSync(path.join(dir, "reports-"));
                    let valid = 0;
                    kinds.forEach((k, i) => {
                        const f = path.join(d, `2026-01-${String(i + 1).padStart(2, "0")}-drill-eu-x.json`);
                        if (k === "garbage") fs.writeFileSync(f, "{not json");
                        else if (k === "record") {
                            valid++;
                            fs.writeFileSync(
                                f,
                                JSON.stringify({
                                    date: "2026-01-01",
                                    stack: "drill-eu",
                                    scenario: "x",
                                    startedAt: i,
                                    dryRun: true,
                                    outcome: "pass",
                                    steps: [],
                                }),
                            );
                        } else if (k === "other-json") fs.writeFileSync(f, JSON.stringify([1, 2]));
                        else if (k === "dir") fs.mkdirSync(f);
                        else if (k === "fifo") execFileSync("mkfifo", [f]);
                        else if (k === "zero-link") fs.symlinkSync("/dev/zero", f);
                        else if (k === "dangling") fs.symlinkSync(path.join(d, "gone"), f);
                        else if (k === "empty") fs.writeFileSync(f, "");
                        else fs.writeFileSync(f, `"${"x".repeat(64)}"`);
                    });
                    const warnings: string[] = [];
                    const records = readRecords(d, (l) => warnings.push(l));
                    assert.strictEqual(records.length, valid);
                    assert.strictEqual(warnings.length, kinds.length - valid);
                }),
                runs(40),
            );
        });

        it("a drill stack file with a secret and any one line damaged: validated as plan does, never the secret in a message", () => {
            const lines = `${drillEu}  voice-agent:pagerDutyServiceKey: {secure: v1:abc}\n`.split("\n");
            const damage = fc.constantFrom(
                `  voice-agent:pagerDutyServiceKey: ${secret}`,
                `  voice-agent:pagerDutyServiceKey: [${secret}`,
                `  __proto__: ${secret}`,
                `  voice-agent:x: &a [${secret}]`,
                "  voice-agent:pagerDutyServiceKey: *nope",
                "  voice-agent:cacheEpoch: 010",
                `  voice-agent:environment: drill\n  voice-agent:environment: ${secret}`,
                `\t${secret}`,
                `  ${"[".repeat(40)}`,
            );
            fc.assert(
                fc.property(fc.nat({ max: lines.length - 1 }), damage, (at, text) => {
                    const edited = [...lines.slice(0, at), text, ...lines.slice(at + 1)].join("\n");
                    try {
                        new MemoryStore(edited, "Pulumi.fuzz.yaml").config();
                    } catch (e) {
                        assert.ok(isUserError(e), `${(e as Error).name}: ${(e as Error).message}`);
                        assert.ok(!e.message.includes(secret), e.message);
                    }
                }),
                runs(150),
            );
        });
    });

    describe("probe options and CA bundles", () => {
        it("any options: valid or one refusal naming the option", () => {
            const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.NaN, Infinity, -0, 1e300));
            fc.assert(
                fc.property(
                    fc.string(),
                    fc.option(fc.string()),
                    fc.option(anyNumber),
                    fc.option(anyNumber),
                    anyNumber,
                    fc.option(anyNumber),
                    (url, ws, sessions, rate, duration, timeout) => {
                        try {
                            validateProbeOptions({
                                url,
                                ws: ws ?? undefined,
                                sessions: sessions ?? undefined,
                                rate: rate ?? undefined,
                                durationSeconds: duration,
                                timeoutMs: timeout ?? undefined,
                            });
                        } catch (e) {
                            assert.ok(isUserError(e), String(e));
                            assert.match(e.message, /^--(url|ws|sessions|rate|duration|timeout|reopenMs)|^reopenMs/);
                        }
                    },
                ),
                runs(300),
            );
        });
    });

    describe("the I/O layer: special files and symlink aliases", () => {
        const kinds = [
            "regular",
            "new",
            "fifo",
            "dir",
            "dev-null",
            "link-regular",
            "link-link-regular",
            "link-fifo",
            "dangling",
            "missing-parent",
            "parent-is-file",
        ] as const;
        it("a write to any kind of path: the target (through its links) written, or a refusal; nothing else changed, no temporary file", () => {
            fc.assert(
                fc.property(fc.constantFrom(...kinds), fc.string({ maxLength: 40 }), (kind, text) => {
                    const d = fs.mkdtempSync(path.join(dir, "w-"));
                    const real = path.join(d, "real.md");
                    fs.writeFileSync(real, "old");
                    let target = path.join(d, "target");
                    if (kind === "regular") target = real;
                    else if (kind === "fifo") execFileSync("mkfifo", [target]);
                    else if (kind === "dir") fs.mkdirSync(target);
                    else if (kind === "dev-null") target = "/dev/null";
                    else if (kind === "link-regular") fs.symlinkSync(real, target);
                    else if (kind === "link-link-regular") {
                        fs.symlinkSync(real, path.join(d, "mid"));
                        fs.symlinkSync(path.join(d, "mid"), target);
                    } else if (kind === "link-fifo") {
                        execFileSync("mkfifo", [path.join(d, "fifo")]);
                        fs.symlinkSync(path.join(d, "fifo"), target);
                    } else if (kind === "dangling") fs.symlinkSync(path.join(d, "gone"), target);
                    else if (kind === "missing-parent") target = path.join(d, "no", "x.md");
                    else if (kind === "parent-is-file") target = path.join(real, "x.md");
                    const before = new Map(fs.readdirSync(d).map((n) => [n, fs.lstatSync(path.join(d, n)).mode]));
                    let wrote = true;
                    try {
                        writeFileAtomic(target, text);
                    } catch (e) {
                        assert.ok(e instanceof FileError, String(e));
                        wrote = false;
                    }
                    const writes = ["regular", "new", "link-regular", "link-link-regular"].includes(kind);
                    assert.strictEqual(wrote, writes, kind);
                    const after = fs.readdirSync(d);
                    assert.ok(!after.some((n) => n.endsWith(".tmp")), `${kind}: a temporary file left`);
                    for (const [n, mode] of before)
                        assert.strictEqual(
                            fs.lstatSync(path.join(d, n)).mode,
                            mode,
                            `${kind}: ${n} changed kind or mode`,
                        );
                    const expectReal =
                        kind === "regular" || kind.startsWith("link-link-regular") || kind === "link-regular"
                            ? text
                            : "old";
                    assert.strictEqual(fs.readFileSync(real, "utf8"), expectReal, kind);
                    if (kind === "new") assert.strictEqual(fs.readFileSync(target, "utf8"), text);
                    assert.ok(fs.statSync("/dev/null").isCharacterDevice());
                }),
                runs(80),
            );
        });

        it("a read of any kind of path: the bytes of a regular file, or a refusal; never blocks", () => {
            fc.assert(
                fc.property(
                    fc.constantFrom(
                        "regular",
                        "fifo",
                        "dir",
                        "dev-zero",
                        "link-dev-zero",
                        "dangling",
                        "missing",
                        "big",
                    ),
                    (kind) => {
                        const f = path.join(dir, `r-${kind}-${Math.random().toString(36).slice(2)}`);
                        if (kind === "regular") fs.writeFileSync(f, "pem");
                        else if (kind === "fifo") execFileSync("mkfifo", [f]);
                        else if (kind === "dir") fs.mkdirSync(f);
                        else if (kind === "link-dev-zero") fs.symlinkSync("/dev/zero", f);
                        else if (kind === "dangling") fs.symlinkSync(path.join(dir, "gone"), f);
                        else if (kind === "big") fs.writeFileSync(f, "x".repeat(2048));
                        const file = kind === "dev-zero" ? "/dev/zero" : f;
                        try {
                            assert.strictEqual(readRegularFile(file, { limit: 1024 }).text, "pem");
                            assert.strictEqual(kind, "regular");
                        } catch (e) {
                            assert.ok(e instanceof FileError && kind !== "regular", String(e));
                        }
                    },
                ),
                runs(40),
            );
        });
    });

    describe("signals and children", () => {
        it("SIGINT, SIGTERM, SIGHUP or SIGQUIT at any moment after start: the signal's exit code, clean-ups run, the child's group killed", async () => {
            const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129, SIGQUIT: 131 } as const;
            await fc.assert(
                fc.asyncProperty(
                    fc.constantFrom("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT" as const),
                    fc.nat({ max: 300 }),
                    async (signal, delay) => {
                        const scratch = fs.mkdtempSync(path.join(dir, "sig-"));
                        const p = spawn(
                            process.execPath,
                            ["-r", "ts-node/register/transpile-only", "test/support/signalHarness.ts", scratch],
                            { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] },
                        );
                        let out = "";
                        const ready = new Promise<number>((resolve) =>
                            p.stdout.on("data", (d: Buffer) => {
                                out += d.toString();
                                const m = /ready (\d+)/.exec(out);
                                if (m) resolve(Number(m[1]));
                            }),
                        );
                        const exited = new Promise<number | null>((resolve) => p.on("exit", (c) => resolve(c)));
                        const child = await ready;
                        await new Promise((r) => setTimeout(r, delay));
                        p.kill(signal);
                        assert.strictEqual(await exited, codes[signal]);
                        assert.strictEqual(fs.existsSync(scratch), false, "the clean-up ran");
                        await new Promise((r) => setTimeout(r, 100));
                        assert.ok(!running(child), "the child's group was killed");
                    },
                ),
                runs(4),
            );
        });
    });

    describe("diff", () => {
        it("a rotated secret is named, never shown", () => {
            fc.assert(
                fc.property(fc.stringMatching(/^[A-Za-z0-9]{12,24}$/), (value) => {
                    const r = spawnSync(
                        process.execPath,
                        [
                            "-r",
                            "ts-node/register/transpile-only",
                            "tools/diff.ts",
                            "--stack",
                            "prod-eu",
                            "--set",
                            `pagerDutyServiceKey=${value}`,
                        ],
                        {
                            cwd: projectRoot,
                            encoding: "utf8",
                            timeout: 120_000,
                        },
                    );
                    assert.strictEqual(r.status, 0, r.stderr);
                    // Named right after the header that says what is compared.
                    assert.ok(
                        r.stdout.includes(
                            "\nbase: Pulumi.prod-eu.yaml\nvoice-agent:pagerDutyServiceKey: (unset) → [secret] (added)\n",
                        ),
                        r.stdout,
                    );
                    assert.ok(!r.stdout.includes(value) && !r.stderr.includes(value));
                }),
                runs(1),
            );
        });
    });
});
