/**
 * The exclusive lock of a file's read–edit–write. It is keyed on the file the path resolves to
 * (`realpath`), so two names of one file (symlinks, `./x` and `x`) share one lock: a lock file
 * `<real file>.lock`, created O_EXCL (atomic on a local file system), holding
 * { pid, host, action, since }. The caller holds it across the whole read, check and rename.
 *
 * A waiter polls until the holder releases it or the wait is over. Two cases are refused at once
 * instead of after the wait, each with what to do: a holder on this host whose process is gone (a
 * killed run: the lock is stale), and a lock file that is not one this tool wrote.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describeFailure, errno, FileError, shownPath } from "./errors";
import { type FileSystem, nodeFileSystem } from "./fileSystem";
import { readRegularFile } from "./read";
import { processAlive } from "./write";

/** Who holds a file's lock, as written in the lock file. */
export interface LockHolder {
    pid: number;
    host: string;
    action: string;
    since: string;
}

/** The lock file of a (resolved) file. */
export function lockFileOf(target: string): string {
    return `${target}.lock`;
}

/** How long a lock file may stay empty or unreadable while its creator writes it. */
const unreadableGraceMs = 2000;

type HolderRead = { holder: LockHolder } | { garbage: true } | { gone: true };

function readHolder(fsys: FileSystem, lock: string): HolderRead {
    let text: string;
    try {
        text = readRegularFile(lock, { fs: fsys, limit: 4096, noFollow: true }).text;
    } catch (e) {
        if (e instanceof FileError && /does not exist/.test(e.message)) return { gone: true };
        return { garbage: true };
    }
    try {
        const h = JSON.parse(text) as Partial<LockHolder> | null;
        if (
            h !== null &&
            typeof h === "object" &&
            typeof h.pid === "number" &&
            Number.isInteger(h.pid) &&
            h.pid > 0 &&
            typeof h.host === "string" &&
            typeof h.action === "string" &&
            typeof h.since === "string"
        ) {
            return { holder: h as LockHolder };
        }
    } catch {
        // not JSON: being written, or not ours
    }
    return { garbage: true };
}

const holderDead = (h: LockHolder) => h.host === os.hostname() && !processAlive(h.pid);

export function describeHolder(h: LockHolder | undefined): string {
    if (!h) return "a holder that has not written its name yet";
    const shown = `${shownPath(h.action)} (pid ${h.pid} on ${shownPath(h.host)}, since ${shownPath(h.since)})`;
    return `${shown}${holderDead(h) ? "; that process is not running: the lock is stale, remove the lock file if no remediation is running" : ""}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LockOptions {
    fs?: FileSystem;
    waitMs?: number;
    pollMs?: number;
    /** How the file is named in messages. */
    label?: string;
}

/**
 * Takes the exclusive lock of the file `file` resolves to; resolves to its release. Waits up to
 * `waitMs` for a live holder, then refuses naming it; refuses at once for a dead holder on this
 * host or a lock file that is not a lock, saying which file to remove.
 */
export async function acquireLock(file: string, action: string, opts: LockOptions = {}): Promise<() => void> {
    const fsys = opts.fs ?? nodeFileSystem;
    const label = opts.label ?? shownPath(path.basename(file));
    let target: string;
    try {
        target = fsys.realpath(file);
    } catch (e) {
        // A file not created yet is locked under the name it will have in its real directory.
        if (errno(e) !== "ENOENT") throw describeFailure(label, e);
        try {
            target = path.join(fsys.realpath(path.dirname(file)), path.basename(file));
        } catch (e2) {
            throw describeFailure(label, e2);
        }
    }
    const lock = lockFileOf(target);
    const lockName = shownPath(path.basename(lock));
    const deadline = Date.now() + (opts.waitMs ?? 30000);
    const holder: LockHolder = { pid: process.pid, host: os.hostname(), action, since: new Date().toISOString() };
    let unreadableSince: number | undefined;
    for (;;) {
        let fd: number | undefined;
        try {
            fd = fsys.open(
                lock,
                fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW,
                0o644,
            );
        } catch (e) {
            if (errno(e) !== "EEXIST") throw describeFailure(`${label} (its lock file ${lockName})`, e);
        }
        if (fd !== undefined) {
            try {
                const data = Buffer.from(JSON.stringify(holder) + "\n");
                let off = 0;
                while (off < data.length) off += fsys.write(fd, data, off, data.length - off);
                fsys.fsync(fd);
            } catch (e) {
                try {
                    fsys.unlink(lock);
                } catch {
                    // nothing to undo
                }
                throw describeFailure(`${label} (its lock file ${lockName})`, e);
            } finally {
                fsys.close(fd);
            }
            let released = false;
            return () => {
                if (released) return;
                released = true;
                try {
                    fsys.unlink(lock);
                } catch {
                    // already removed by hand
                }
            };
        }
        const read = readHolder(fsys, lock);
        if ("holder" in read) {
            unreadableSince = undefined;
            if (holderDead(read.holder) || Date.now() >= deadline) {
                throw new FileError(
                    `${label}: another remediation holds its lock: ${describeHolder(read.holder)} (lock file ${lockName}); nothing written`,
                );
            }
        } else if ("garbage" in read) {
            unreadableSince ??= Date.now();
            if (Date.now() - unreadableSince >= unreadableGraceMs || Date.now() >= deadline) {
                throw new FileError(
                    `${label}: its lock file ${shownPath(lock)} is not a lock this tool wrote (no pid, host, action and since in it); nothing written. If no remediation is running, remove that file and run the command again`,
                );
            }
        }
        await sleep(opts.pollMs ?? 50);
    }
}
