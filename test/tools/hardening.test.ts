/**
 * The incident tools against hostile files and arguments, end to end (each case runs the CLI as
 * the on-call engineer would): special files are refused at once and never read, a stack file is
 * validated by drill exactly as by plan, a report directory that cannot take the report is refused
 * naming it, one bad record never breaks the index, an interrupted dry run records nothing, and no
 * refusal echoes a secret or a raw control sequence. Every case is bounded in time: a hang fails.
 */
import * as assert from "assert";
import { execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { broadSpecialRange } from "../../infra/config/rules";
import { resolveConfig } from "../../tools/lib/plan";
import { projectRoot } from "../support/paths";

const secret = "S3CR3T-pagerduty-0123456789";
const drillEu = fs.readFileSync(path.join(projectRoot, "Pulumi.drill-eu.yaml"), "utf8");

function tool(name: string, args: string[], timeout = 60_000) {
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", `tools/${name}.ts`, ...args], {
        cwd: projectRoot,
        encoding: "utf8",
        timeout,
    });
    return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe("incident tools against hostile input (CLI)", function () {
    this.timeout(300_000);
    let dir: string;
    /** Stack files this suite puts beside the real ones (removed after each case). */
    const stacks: string[] = [];
    const stack = (name: string, make: (file: string) => void): string => {
        const file = path.join(projectRoot, `Pulumi.${name}.yaml`);
        make(file);
        stacks.push(file);
        return name;
    };
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "hardening-"))));
    afterEach(() => {
        for (const f of stacks.splice(0)) fs.rmSync(f, { force: true });
        fs.rmSync(dir, { recursive: true, force: true });
    });

    describe("drill", () => {
        it("a stack file that is a FIFO, or a link to /dev/zero: refused at once, exit 1", () => {
            const fifo = stack("hardening-fifo", (f) => execFileSync("mkfifo", [f]));
            const zero = stack("hardening-zero", (f) => fs.symlinkSync("/dev/zero", f));
            assert.deepStrictEqual(
                tool("drill", ["pod-crash", "--stack", fifo, "--dry-run", "--report-dir", dir], 20_000),
                {
                    code: 1,
                    signal: null,
                    stdout: "",
                    stderr: "error: Pulumi.hardening-fifo.yaml: is a FIFO, not a regular file\n",
                },
            );
            assert.deepStrictEqual(
                tool("drill", ["pod-crash", "--stack", zero, "--dry-run", "--report-dir", dir], 20_000),
                {
                    code: 1,
                    signal: null,
                    stdout: "",
                    stderr: "error: Pulumi.hardening-zero.yaml: is a character device, not a regular file\n",
                },
            );
        });

        it("validates the stack file as plan does: a secret key in plain text, __proto__, a 10 MB file", () => {
            const plain = stack("hardening-plain", (f) =>
                fs.writeFileSync(f, `${drillEu}  voice-agent:pagerDutyServiceKey: ${secret}\n`),
            );
            const r = tool("drill", ["pod-crash", "--stack", plain, "--dry-run", "--report-dir", dir]);
            assert.strictEqual(r.code, 1);
            assert.match(
                r.stderr,
                /^error: Pulumi\.hardening-plain\.yaml:\d+: voice-agent:pagerDutyServiceKey: is a secret key in plain text; set it with pulumi config set --secret voice-agent:pagerDutyServiceKey \(the value is not shown\)\n$/,
            );
            const proto = stack("hardening-proto", (f) =>
                fs.writeFileSync(f, drillEu.replace("config:\n", "config:\n  __proto__: {polluted: true}\n")),
            );
            assert.deepStrictEqual(
                tool("drill", ["pod-crash", "--stack", proto, "--dry-run", "--report-dir", dir]).stderr,
                "error: Pulumi.hardening-proto.yaml:5:3: config.__proto__: __proto__ is not allowed as a key\n",
            );
            const big = stack("hardening-big", (f) =>
                fs.writeFileSync(f, drillEu + `# ${"x".repeat(10 * 1024 * 1024)}\n`),
            );
            assert.deepStrictEqual(
                tool("drill", ["pod-crash", "--stack", big, "--dry-run", "--report-dir", dir]).stderr,
                `error: Pulumi.hardening-big.yaml: is ${Buffer.byteLength(drillEu) + 10 * 1024 * 1024 + 3} bytes, larger than 1048576; a stack file is a few kilobytes\n`,
            );
        });

        it("duplicate keys, bad YAML, deep nesting and alias bombs: one line naming file, line and column, no file text, no secret", () => {
            const cases: [string, string, RegExp][] = [
                [
                    "dup",
                    `${drillEu}  voice-agent:pagerDutyServiceKey: ${secret}\n  voice-agent:pagerDutyServiceKey: ${secret}\n`,
                    /^error: Pulumi\.hardening-dup\.yaml:\d+:3: not valid YAML \(DUPLICATE_KEY\)\n$/,
                ],
                [
                    "bad",
                    `${drillEu}  voice-agent:x: [${secret}\n`,
                    /^error: Pulumi\.hardening-bad\.yaml:\d+:\d+: not valid YAML \([A-Z_]+\)\n$/,
                ],
                [
                    "deep",
                    `${drillEu}  voice-agent:x: ${"[".repeat(60)}${"]".repeat(60)}\n`,
                    /^error: Pulumi\.hardening-deep\.yaml:\d+:\d+: (not valid YAML \([A-Z_]+\)|config\.voice-agent:x(\.0)+: nested deeper than the limit \(32\))\n$/,
                ],
                [
                    "bomb",
                    `${drillEu}  voice-agent:a: &a [${secret},${secret}]\n  voice-agent:b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  voice-agent:c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n  voice-agent:d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`,
                    /^error: Pulumi\.hardening-bomb\.yaml: aliases expand beyond the limit \(100\)\n$/,
                ],
            ];
            for (const [name, text, message] of cases) {
                const s = stack(`hardening-${name}`, (f) => fs.writeFileSync(f, text));
                const r = tool("drill", ["pod-crash", "--stack", s, "--dry-run", "--report-dir", dir]);
                assert.strictEqual(r.code, 1, name);
                assert.match(r.stderr, message, name);
                assert.ok(!r.stderr.includes(secret) && !r.stdout.includes(secret), `${name} leaks the secret`);
            }
        });

        it("--report-dir that is a file, under /proc, or where nothing can be created: exit 1 naming it, before the drill runs", () => {
            const file = path.join(dir, "file");
            fs.writeFileSync(file, "");
            for (const [reportDir, why] of <[string, string][]>[
                [file, "is a regular file, not a directory"],
                ["/proc/self/drills", "is under /proc, which holds no files; name another directory"],
                [path.join(file, "sub"), "a component of its path is not a directory"],
            ]) {
                assert.deepStrictEqual(
                    tool("drill", ["pod-crash", "--stack", "drill-eu", "--dry-run", "--report-dir", reportDir]),
                    {
                        code: 1,
                        signal: null,
                        stdout: "",
                        stderr: `error: --report-dir ${reportDir}: ${why}\n`,
                    },
                );
            }
        });

        it("corrupt, non-record, directory and FIFO entries named like records are skipped with a warning; the report and index are written", () => {
            fs.writeFileSync(path.join(dir, "2026-01-01-drill-eu-a.json"), "{not json");
            fs.writeFileSync(path.join(dir, "2026-01-02-drill-eu-b.json"), JSON.stringify({ hello: "world" }));
            fs.mkdirSync(path.join(dir, "2026-01-03-drill-eu-c.json"));
            execFileSync("mkfifo", [path.join(dir, "2026-01-04-drill-eu-d.json")]);
            const r = tool("drill", ["pod-crash", "--stack", "drill-eu", "--dry-run", "--report-dir", dir], 240_000);
            assert.strictEqual(r.code, 0, r.stderr);
            assert.strictEqual(
                r.stderr,
                [
                    "warning: 2026-01-01-drill-eu-a.json: is not JSON; skipped in the index",
                    "warning: 2026-01-02-drill-eu-b.json: is not a drill record; skipped in the index",
                    "warning: 2026-01-03-drill-eu-c.json: is a directory, not a regular file; skipped in the index",
                    "warning: 2026-01-04-drill-eu-d.json: is a FIFO, not a regular file; skipped in the index",
                    "",
                ].join("\n"),
            );
            const index = fs.readFileSync(path.join(dir, "README.md"), "utf8");
            assert.strictEqual(index.split("\n").filter((l) => l.startsWith("| 20")).length, 1);
        });

        it("Ctrl-C during a dry run: exit 130, no record written", async () => {
            const p = spawn(
                process.execPath,
                [
                    "-r",
                    "ts-node/register/transpile-only",
                    "tools/drill.ts",
                    "region-failover",
                    "--stack",
                    "drill-eu",
                    "--dry-run",
                    "--report-dir",
                    dir,
                ],
                { cwd: projectRoot },
            );
            let out = "";
            let err = "";
            p.stderr.on("data", (d: Buffer) => (err += d.toString()));
            let sent = false;
            const code = await new Promise<number | null>((resolve) => {
                p.stdout.on("data", (d: Buffer) => {
                    out += d.toString();
                    if (!sent && out.includes("[1/")) {
                        sent = true;
                        p.kill("SIGINT");
                    }
                });
                p.on("exit", (c) => resolve(c));
            });
            assert.strictEqual(code, 130, err);
            assert.ok(err.endsWith("drill region-failover: dry run interrupted; no report written\n"), err);
            assert.deepStrictEqual(fs.readdirSync(dir), []);
        });
    });

    describe("policy, probe, plan, remediate", () => {
        it("policy --inventory on a FIFO: refused at once (exit 2)", () => {
            const fifo = path.join(dir, "inv.json");
            execFileSync("mkfifo", [fifo]);
            assert.deepStrictEqual(tool("policy", ["--inventory", fifo], 20_000), {
                code: 2,
                signal: null,
                stdout: "",
                stderr: `error: ${fifo}: is a FIFO, not a regular file\n`,
            });
        });

        it("probe --ca on a FIFO or /dev/zero: refused at once (exit 1)", () => {
            const fifo = path.join(dir, "ca.pem");
            execFileSync("mkfifo", [fifo]);
            for (const [ca, kind] of <[string, string][]>[
                [fifo, "a FIFO"],
                ["/dev/zero", "a character device"],
            ]) {
                assert.deepStrictEqual(
                    tool("probe", ["--url", "http://127.0.0.1:9/", "--duration", "1", "--ca", ca], 20_000),
                    {
                        code: 1,
                        signal: null,
                        stdout: "",
                        stderr: `error: --ca ${ca}: is ${kind}, not a regular file\n`,
                    },
                );
            }
        });

        it("--set syntax errors never echo a secret: key:value, key value, with the namespace", () => {
            for (const set of [
                `pagerDutyServiceKey:${secret}`,
                `pagerDutyServiceKey ${secret}`,
                `voice-agent:pagerDutyServiceKey:${secret}`,
            ]) {
                const r = tool("plan", ["--stack", "prod-eu", "--set", set]);
                assert.strictEqual(r.code, 1, set);
                assert.ok(!r.stderr.includes(secret) && !r.stdout.includes(secret), `${set}: ${r.stderr}`);
            }
            assert.strictEqual(
                tool("plan", ["--stack", "prod-eu", "--set", `voice-agent:pagerDutyServiceKey:${secret}`]).stderr,
                'error: --set: an override starting with "voice-agent" is not key=value (its text is not shown: it may hold a secret)\n',
            );
        });

        it("--stack given twice is a usage error (exit 2), in every tool that takes it", () => {
            for (const t of ["plan", "diff", "remediate", "drill"]) {
                const args = t === "remediate" ? ["cache-off"] : t === "drill" ? ["pod-crash"] : [];
                const r = tool(t, [...args, "--stack", "drill-eu", "--stack", "prod-eu"]);
                assert.deepStrictEqual(
                    [r.code, r.stderr],
                    [2, "error: option '--stack <name>' given more than once; it takes one value\n"],
                    t,
                );
            }
        });

        it("diff reports a secret rotation as a change, masked", () => {
            const s = stack("hardening-rot", (f) =>
                fs.writeFileSync(
                    f,
                    `${drillEu}  voice-agent:pagerDutyServiceKey:\n    secure: v1:b2xkLWNpcGhlcnRleHQ=\n`,
                ),
            );
            const r = tool("diff", ["--stack", s, "--set", `pagerDutyServiceKey=${secret}`]);
            assert.strictEqual(r.code, 0, r.stderr);
            // The rotation is the first change named, right after the header says what is compared.
            const lines = r.stdout.split("\n");
            assert.strictEqual(
                lines[lines.indexOf(`base: Pulumi.${s}.yaml`) + 1],
                "voice-agent:pagerDutyServiceKey: [secret] → [secret] (changed)",
            );
            assert.ok(!r.stdout.includes(secret) && !r.stdout.includes("b2xkLWNpcGhlcnRleHQ"));
            const json = JSON.parse(
                tool("diff", ["--stack", s, "--set", `pagerDutyServiceKey=${secret}`, "--json"]).stdout,
            );
            assert.deepStrictEqual(json.secretsChanged, ["voice-agent:pagerDutyServiceKey"]);
        });

        it("remediate rollback --tag with a line break: refused, escaped, nothing written", () => {
            const before = fs.readFileSync(path.join(projectRoot, "Pulumi.drill-eu.yaml"), "utf8");
            const r = tool("remediate", ["rollback", "--tag", "v1\nwrote Pulumi.prod-eu.yaml", "--stack", "drill-eu"]);
            assert.deepStrictEqual(
                [r.code, r.stdout, r.stderr],
                [
                    1,
                    "",
                    'error: rollback: --tag "v1\\nwrote Pulumi.prod-eu.yaml" contains a control character or line break; nothing written\n',
                ],
            );
            assert.strictEqual(fs.readFileSync(path.join(projectRoot, "Pulumi.drill-eu.yaml"), "utf8"), before);
        });

        it("remediate on a tagged value (!!str false): exit 1 naming the key, never a crash", () => {
            const s = stack("hardening-tagged", (f) =>
                fs.writeFileSync(f, `${drillEu}  voice-agent:cacheDisabled: !!bool false\n`),
            );
            const before = fs.readFileSync(path.join(projectRoot, `Pulumi.${s}.yaml`), "utf8");
            const r = tool("remediate", ["cache-off", "--stack", s]);
            assert.deepStrictEqual(
                [r.code, r.stderr],
                [
                    1,
                    `error: config.voice-agent:cacheDisabled (line ${before.split("\n").length - 1}): carries the explicit tag !!bool; edit it by hand\n`,
                ],
            );
            assert.strictEqual(fs.readFileSync(path.join(projectRoot, `Pulumi.${s}.yaml`), "utf8"), before);
        });
    });

    describe("masterAuthorizedNetworks", () => {
        it("broad special-purpose blocks are refused by name (ipaddr.js ranges); private and narrow documentation blocks pass", () => {
            for (const [cidr, range] of <[string, string][]>[
                ["100.64.0.0/10", "carrierGradeNat"],
                ["198.18.0.0/15", "reserved"],
                ["224.0.0.0/3", "multicast"],
                ["169.254.0.0/16", "linkLocal"],
                ["127.0.0.0/8", "loopback"],
            ]) {
                assert.strictEqual(broadSpecialRange(cidr), range, cidr);
                assert.throws(
                    () => resolveConfig({ stack: "prod-eu", sets: [`masterAuthorizedNetworks.0.cidr=${cidr}`] }),
                    (e: Error) =>
                        e.message.includes(
                            `voice-agent:masterAuthorizedNetworks.0.cidr: ${cidr} is a ${range} block broader than a /24`,
                        ),
                    cidr,
                );
            }
            for (const cidr of ["10.0.0.0/8", "203.0.113.0/28", "8.8.8.0/24"])
                assert.strictEqual(broadSpecialRange(cidr), undefined, cidr);
        });
    });
});
