/**
 * Stack file IO: a failed or killed write leaves the file as it was or fully edited, the lock
 * serialises read–edit–write, and files that are not regular stack files are refused cleanly.
 * Failures are injected through the FileSystem layer at every call the write makes.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    acquireLock,
    FileSystem,
    lockFileOf,
    nodeFileSystem,
    readStackText,
    StackFileError,
    writeStackTextAtomic,
} from "../../../tools/lib/stackFile";

const before = "config:\n  voice-agent:cacheDisabled: false\n";
const after = "config:\n  voice-agent:cacheDisabled: true\n";

class Killed extends Error {}

/** The real file system, failing at the n-th call (counted over every method) with `fail`. */
function failingAt(n: number, fail: (name: string) => Error, dieAfter = false): { fs: FileSystem; calls: string[] } {
    const calls: string[] = [];
    let dead = false;
    const layer = {} as Record<string, unknown>;
    for (const [name, fn] of Object.entries(nodeFileSystem)) {
        layer[name] = (...args: unknown[]) => {
            if (dead) throw new Killed(`${name} after the kill`);
            calls.push(name);
            if (calls.length === n) {
                if (dieAfter) dead = true;
                throw fail(name);
            }
            return (fn as (...a: unknown[]) => unknown)(...args);
        };
    }
    return { fs: layer as unknown as FileSystem, calls };
}

const errnoError = (code: string) => (name: string) => Object.assign(new Error(`${code}: ${name}`), { code });

describe("stack file IO", () => {
    let dir: string;
    let file: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackfile-"));
        file = path.join(dir, "Pulumi.t.yaml");
        fs.writeFileSync(file, before, { mode: 0o640 });
        fs.chmodSync(file, 0o640);
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("writes atomically and keeps the file's mode", () => {
        writeStackTextAtomic(readStackText(file), after);
        assert.strictEqual(fs.readFileSync(file, "utf8"), after);
        assert.strictEqual(fs.statSync(file).mode & 0o7777, 0o640);
        assert.deepStrictEqual(fs.readdirSync(dir), ["Pulumi.t.yaml"], "no temporary file left");
    });

    it("a failed write (ENOSPC, EIO at any call) leaves the file exactly as it was, no temporary file, and says nothing was written", () => {
        const probe = failingAt(Number.MAX_SAFE_INTEGER, errnoError("EIO"));
        writeStackTextAtomic(readStackText(file), after, { fs: probe.fs });
        const calls = probe.calls;
        const renameAt = calls.indexOf("rename") + 1;
        const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
        // Resolve the real target (lstat, realpath, lstat), write the temporary file, re-check the
        // target's hash, check what is at the path, rename.
        const resolving = ["lstat", "realpath", "lstat"];
        assert.deepStrictEqual(calls.slice(0, renameAt), [
            ...resolving,
            ...["open", "fchmod", ...(asRoot ? ["fchown"] : []), "write", "fsync", "close"],
            ...["open", "fstat", "read", "read", "realpath", "close", "lstat", "rename"],
        ]);
        for (const code of ["ENOSPC", "EIO"]) {
            // Every call up to the rename; after it the file is fully edited (the directory fsync may fail harmlessly).
            for (let n = 1; n <= renameAt; n++) {
                fs.writeFileSync(file, before);
                const read = readStackText(file);
                const layer = failingAt(n, errnoError(code));
                assert.throws(
                    () => writeStackTextAtomic(read, after, { fs: layer.fs }),
                    (e: Error) =>
                        e instanceof StackFileError &&
                        e.message.endsWith(
                            n <= resolving.length ? "; nothing written" : "nothing written, the file is as it was",
                        ),
                    `${code} at call ${n} (${calls[n - 1]})`,
                );
                assert.strictEqual(fs.readFileSync(file, "utf8"), before, `${code} at call ${n} (${calls[n - 1]})`);
                assert.deepStrictEqual(
                    fs.readdirSync(dir),
                    ["Pulumi.t.yaml"],
                    `${code} at call ${n}: the temporary file is removed`,
                );
            }
        }
    });

    it("a kill at any call of the write leaves the file as it was or fully edited, never empty or partial", () => {
        const probe = failingAt(Number.MAX_SAFE_INTEGER, errnoError("EIO"));
        writeStackTextAtomic(readStackText(file), after, { fs: probe.fs });
        const total = probe.calls.length;
        const seen = new Set<string>();
        for (let n = 1; n <= total; n++) {
            fs.writeFileSync(file, before);
            const read = readStackText(file);
            const layer = failingAt(n, () => new Killed("killed"), true);
            try {
                writeStackTextAtomic(read, after, { fs: layer.fs });
            } catch {
                // the process is gone; only the file's bytes matter
            }
            const now = fs.readFileSync(file, "utf8");
            assert.ok(
                now === before || now === after,
                `kill at call ${n} (${probe.calls[n - 1]}) left ${JSON.stringify(now)}`,
            );
            seen.add(now === before ? "before" : "after");
        }
        assert.deepStrictEqual(
            [...seen].sort(),
            ["after", "before"],
            "kills before the rename keep the old file, after it the new one",
        );
    });

    it("refuses to rename over a file edited meanwhile (content hash re-checked)", () => {
        const read = readStackText(file);
        fs.writeFileSync(file, "config:\n  voice-agent:cacheEpoch: 4\n");
        assert.throws(
            () => writeStackTextAtomic(read, after),
            new StackFileError(
                "Pulumi.t.yaml: changed while this edit was being prepared; nothing written. Run the command again on the current file",
            ),
        );
        assert.strictEqual(fs.readFileSync(file, "utf8"), "config:\n  voice-agent:cacheEpoch: 4\n");
    });

    it("refuses a read-only file", () => {
        fs.chmodSync(file, 0o444);
        assert.throws(
            () => writeStackTextAtomic(readStackText(file), after),
            new StackFileError(
                "Pulumi.t.yaml: is read-only (mode 0444); nothing written. Make it writable if the edit is intended",
            ),
        );
        assert.strictEqual(fs.readFileSync(file, "utf8"), before);
    });

    it("writes through a symlink to its target, keeping the symlink", () => {
        const link = path.join(dir, "Pulumi.l.yaml");
        fs.symlinkSync(file, link);
        writeStackTextAtomic(readStackText(link), after);
        assert.ok(fs.lstatSync(link).isSymbolicLink());
        assert.strictEqual(fs.readFileSync(file, "utf8"), after);
    });

    const refusals: [string, () => string, string | (() => string)][] = [
        [
            "a directory",
            () => (fs.mkdirSync(path.join(dir, "d")), path.join(dir, "d")),
            "d: is a directory, not a regular file",
        ],
        [
            "a FIFO (never blocks)",
            () => (execFileSync("mkfifo", [path.join(dir, "f")]), path.join(dir, "f")),
            "f: is a FIFO, not a regular file",
        ],
        ["a character device", () => "/dev/zero", "zero: is a character device, not a regular file"],
        [
            "a dangling symlink (not a missing file)",
            () => (fs.symlinkSync(path.join(dir, "gone"), path.join(dir, "s")), path.join(dir, "s")),
            () => `s: is a dangling symlink (to ${path.join(dir, "gone")}); its target does not exist`,
        ],
        ["a missing file", () => path.join(dir, "m"), "m: does not exist"],
        [
            "a file over the size limit",
            () => (fs.writeFileSync(path.join(dir, "big"), "#".repeat(2048)), path.join(dir, "big")),
            "big: is 2048 bytes, larger than 1024; a stack file is a few kilobytes",
        ],
    ];
    for (const [what, make, message] of refusals) {
        it(`refuses ${what} with a clean message`, () => {
            const target = make();
            assert.throws(
                () => readStackText(target, { limit: 1024 }),
                new StackFileError(typeof message === "string" ? message : message()),
            );
        });
    }

    describe("the per-file lock", () => {
        it("a second holder waits a bounded time, then refuses naming the holder (pid, host, action, since)", async () => {
            const release = await acquireLock(file, "remediate cache-off");
            const holder = JSON.parse(fs.readFileSync(lockFileOf(file), "utf8"));
            assert.deepStrictEqual(Object.keys(holder), ["pid", "host", "action", "since"]);
            const started = Date.now();
            await assert.rejects(
                acquireLock(file, "remediate hold-mode", { waitMs: 300, pollMs: 20 }),
                new StackFileError(
                    `Pulumi.t.yaml: another remediation holds its lock: remediate cache-off (pid ${process.pid} on ${os.hostname()}, since ${holder.since}) (lock file Pulumi.t.yaml.lock); nothing written`,
                ),
            );
            assert.ok(Date.now() - started >= 300 && Date.now() - started < 5000);
            release();
            assert.strictEqual(fs.existsSync(lockFileOf(file)), false);
        });

        it("a waiter gets the lock as soon as the holder releases it", async () => {
            const release = await acquireLock(file, "remediate cache-off");
            setTimeout(release, 100);
            const second = await acquireLock(file, "remediate hold-mode", { waitMs: 5000, pollMs: 20 });
            assert.strictEqual(JSON.parse(fs.readFileSync(lockFileOf(file), "utf8")).action, "remediate hold-mode");
            second();
        });

        it("a lock left by a process that is gone is reported as stale, never taken over silently", async () => {
            fs.writeFileSync(
                lockFileOf(file),
                JSON.stringify({
                    pid: 2 ** 22 + 17,
                    host: os.hostname(),
                    action: "remediate cache-off",
                    since: "2026-01-01T00:00:00.000Z",
                }),
            );
            await assert.rejects(
                acquireLock(file, "remediate hold-mode", { waitMs: 0 }),
                new StackFileError(
                    `Pulumi.t.yaml: another remediation holds its lock: remediate cache-off (pid ${2 ** 22 + 17} on ${os.hostname()}, since 2026-01-01T00:00:00.000Z); that process is not running: the lock is stale, remove the lock file if no remediation is running (lock file Pulumi.t.yaml.lock); nothing written`,
                ),
            );
        });
    });
});
