/**
 * The I/O layer every tool reads and writes through: nothing but a regular file is read or
 * replaced, writes go beside the resolved target, refusals name the path and leave no temporary
 * file, temporary files of killed runs are removed, and the lock of a file is the lock of every
 * name it has.
 */
import * as assert from "assert";
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    acquireLock,
    ensureWritableDirectory,
    FileError,
    type FileSystem,
    lockFileOf,
    nodeFileSystem,
    readRegularFile,
    writeFileAtomic,
} from "../../../tools/lib/io";
import { projectRoot } from "../../support/paths";

const enospc = (at: keyof FileSystem): FileSystem => ({
    ...nodeFileSystem,
    [at]: () => {
        throw Object.assign(new Error(`ENOSPC: no space left on device, ${at}`), { code: "ENOSPC" });
    },
});

describe("the I/O layer", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "io-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const names = () => fs.readdirSync(dir).sort();

    describe("writeFileAtomic", () => {
        it("a FIFO, a symlink to a FIFO, a directory and a character device at the path are refused, left as they were", () => {
            execFileSync("mkfifo", [path.join(dir, "fifo")]);
            fs.symlinkSync(path.join(dir, "fifo"), path.join(dir, "link"));
            fs.mkdirSync(path.join(dir, "sub"));
            const cases: [string, string][] = [
                [path.join(dir, "fifo"), "is a FIFO; only a regular file is replaced; nothing written"],
                [path.join(dir, "link"), "is a FIFO; only a regular file is replaced; nothing written"],
                [path.join(dir, "sub"), "is a directory; only a regular file is replaced; nothing written"],
                ["/dev/null", "is a character device; only a regular file is replaced; nothing written"],
            ];
            for (const [target, why] of cases) {
                assert.throws(
                    () => writeFileAtomic(target, "x", { label: `--out ${target}` }),
                    new FileError(`--out ${target}: ${why}`),
                );
            }
            assert.ok(fs.lstatSync(path.join(dir, "fifo")).isFIFO());
            assert.ok(fs.lstatSync(path.join(dir, "link")).isSymbolicLink());
            assert.ok(fs.statSync("/dev/null").isCharacterDevice());
            assert.deepStrictEqual(names(), ["fifo", "link", "sub"]);
        });

        it("a missing parent, and a parent that is a file, are refused naming them", () => {
            const missing = path.join(dir, "no", "out.md");
            assert.throws(
                () => writeFileAtomic(missing, "x", { label: "--out x" }),
                new FileError(`--out x: its directory ${path.join(dir, "no")} does not exist; nothing written`),
            );
            fs.writeFileSync(path.join(dir, "file"), "");
            assert.throws(
                () => writeFileAtomic(path.join(dir, "file", "out.md"), "x", { label: "--out y" }),
                new FileError("--out y: a component of its path is not a directory; nothing written"),
            );
            assert.deepStrictEqual(names(), ["file"]);
        });

        it("ENOSPC at the write, the fsync or the rename: exit-1 refusal naming the file, no temporary file, the file as it was", () => {
            const file = path.join(dir, "report.md");
            fs.writeFileSync(file, "old");
            for (const at of ["write", "fsync", "rename"] as const) {
                assert.throws(
                    () => writeFileAtomic(file, "new", { fs: enospc(at), label: "report.md" }),
                    new FileError("report.md: no space left on the device; nothing written, the file is as it was"),
                );
                assert.strictEqual(fs.readFileSync(file, "utf8"), "old");
                assert.deepStrictEqual(names(), ["report.md"]);
            }
        });

        it("writes through a chain of symlinks to the real file, beside it, keeping the links", () => {
            fs.mkdirSync(path.join(dir, "real"));
            const real = path.join(dir, "real", "out.md");
            fs.writeFileSync(real, "old", { mode: 0o600 });
            fs.symlinkSync(real, path.join(dir, "a"));
            fs.symlinkSync(path.join(dir, "a"), path.join(dir, "b"));
            writeFileAtomic(path.join(dir, "b"), "new");
            assert.strictEqual(fs.readFileSync(real, "utf8"), "new");
            assert.strictEqual(fs.statSync(real).mode & 0o777, 0o600);
            assert.ok(
                fs.lstatSync(path.join(dir, "b")).isSymbolicLink() &&
                    fs.lstatSync(path.join(dir, "a")).isSymbolicLink(),
            );
            assert.deepStrictEqual(fs.readdirSync(path.join(dir, "real")), ["out.md"]);
        });

        it("a temporary file left by a killed run (its pid gone) is removed by the next write; a live one's is kept", () => {
            const file = path.join(dir, "Pulumi.t.yaml");
            fs.writeFileSync(file, "a: 1\n");
            const dead = `.Pulumi.t.yaml.${2 ** 22 + 17}.0badf00d.tmp`;
            const live = `.Pulumi.t.yaml.${process.ppid}.0badf00d.tmp`;
            fs.writeFileSync(path.join(dir, dead), "half");
            fs.writeFileSync(path.join(dir, live), "half");
            writeFileAtomic(file, "a: 2\n");
            assert.deepStrictEqual(names(), [live, "Pulumi.t.yaml"]);
        });
    });

    describe("readRegularFile", () => {
        it("a FIFO with a writer attached is refused on the opened descriptor, never read", () => {
            const fifo = path.join(dir, "f");
            execFileSync("mkfifo", [fifo]);
            const writer = spawn("sh", ["-c", `exec 3>"${fifo}"; sleep 5`]);
            try {
                assert.throws(
                    () => readRegularFile(fifo, { limit: 10 }),
                    new FileError("f: is a FIFO, not a regular file"),
                );
            } finally {
                writer.kill("SIGKILL");
            }
        });

        it("/dev/zero and a symlink to it are refused at once", () => {
            fs.symlinkSync("/dev/zero", path.join(dir, "z"));
            assert.throws(
                () => readRegularFile(path.join(dir, "z"), { limit: 10 }),
                new FileError("z: is a character device, not a regular file"),
            );
        });
    });

    describe("ensureWritableDirectory", () => {
        it("a file, a path under /proc and an empty name are refused naming them; a missing directory is created", () => {
            fs.writeFileSync(path.join(dir, "file"), "");
            assert.throws(
                () => ensureWritableDirectory(path.join(dir, "file"), "--report-dir f"),
                new FileError("--report-dir f: is a regular file, not a directory"),
            );
            assert.throws(
                () => ensureWritableDirectory("/proc/self/drills", "--report-dir p"),
                new FileError("--report-dir p: is under /proc, which holds no files; name another directory"),
            );
            assert.throws(
                () => ensureWritableDirectory("", "--report-dir"),
                new FileError("--report-dir: is empty; name a directory"),
            );
            assert.strictEqual(
                ensureWritableDirectory(path.join(dir, "new", "deep"), "d"),
                path.join(fs.realpathSync(dir), "new", "deep"),
            );
            assert.deepStrictEqual(fs.readdirSync(path.join(dir, "new", "deep")), []);
        });

        it("a directory where no file can be created (ENOSPC, EROFS) is refused before any report is written", () => {
            for (const [code, why] of [
                ["ENOSPC", "no space left on the device"],
                ["EROFS", "is on a read-only file system"],
            ]) {
                const failing: FileSystem = {
                    ...nodeFileSystem,
                    open: () => {
                        throw Object.assign(new Error(code), { code });
                    },
                };
                assert.throws(
                    () => ensureWritableDirectory(dir, "--report-dir r", failing),
                    new FileError(`--report-dir r: ${why}; no file can be written there`),
                );
            }
        });
    });

    describe("acquireLock", () => {
        it("two symlinked names of one file share one lock (the resolved file's)", async () => {
            const file = path.join(dir, "Pulumi.real.yaml");
            fs.writeFileSync(file, "n: 0\n");
            fs.symlinkSync(file, path.join(dir, "Pulumi.alias.yaml"));
            const release = await acquireLock(path.join(dir, "Pulumi.alias.yaml"), "remediate cache-off");
            assert.ok(fs.existsSync(lockFileOf(fs.realpathSync(file))));
            await assert.rejects(
                acquireLock(file, "remediate hold-mode", { waitMs: 100, pollMs: 10, label: "Pulumi.real.yaml" }),
                (e: Error) =>
                    e.message.startsWith("Pulumi.real.yaml: another remediation holds its lock: remediate cache-off"),
            );
            release();
        });

        it("a dead holder on this host is reported at once, not after the wait", async () => {
            const file = path.join(dir, "Pulumi.t.yaml");
            fs.writeFileSync(file, "");
            const holder = {
                pid: 2 ** 22 + 17,
                host: os.hostname(),
                action: "remediate cache-off",
                since: "2026-01-01T00:00:00.000Z",
            };
            fs.writeFileSync(lockFileOf(fs.realpathSync(file)), JSON.stringify(holder));
            const t = Date.now();
            await assert.rejects(
                acquireLock(file, "remediate hold-mode", { waitMs: 30_000 }),
                (e: Error) => e instanceof FileError && /the lock is stale, remove the lock file/.test(e.message),
            );
            assert.ok(Date.now() - t < 1000, `${Date.now() - t} ms`);
        });

        it("a lock file that is not a lock gets a message saying which file to remove", async () => {
            const file = path.join(dir, "Pulumi.t.yaml");
            fs.writeFileSync(file, "");
            const lock = lockFileOf(fs.realpathSync(file));
            fs.writeFileSync(lock, "\u001b[2Jgarbage");
            await assert.rejects(
                acquireLock(file, "remediate hold-mode", { waitMs: 30_000, pollMs: 20, label: "Pulumi.t.yaml" }),
                new FileError(
                    `Pulumi.t.yaml: its lock file ${lock} is not a lock this tool wrote (no pid, host, action and since in it); nothing written. If no remediation is running, remove that file and run the command again`,
                ),
            );
        });

        it("two processes editing one file through two symlinked names, 20 rounds each, lose no edit", async function () {
            this.timeout(120_000);
            const file = path.join(dir, "Pulumi.real.yaml");
            fs.writeFileSync(file, "n: 0\n");
            fs.symlinkSync(file, path.join(dir, "Pulumi.a.yaml"));
            fs.symlinkSync(file, path.join(dir, "Pulumi.b.yaml"));
            const run = (name: string) =>
                new Promise<number | null>((resolve) => {
                    const p = spawn(
                        process.execPath,
                        [
                            "-r",
                            "ts-node/register/transpile-only",
                            "test/support/lockedIncrement.ts",
                            path.join(dir, name),
                            "20",
                        ],
                        {
                            cwd: projectRoot,
                            stdio: "inherit",
                        },
                    );
                    p.on("exit", resolve);
                });
            assert.deepStrictEqual(await Promise.all([run("Pulumi.a.yaml"), run("Pulumi.b.yaml")]), [0, 0]);
            assert.strictEqual(fs.readFileSync(file, "utf8"), "n: 40\n");
            assert.deepStrictEqual(names(), ["Pulumi.a.yaml", "Pulumi.b.yaml", "Pulumi.real.yaml"]);
        });
    });
});
