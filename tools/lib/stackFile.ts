/**
 * Stack file IO for the incident tools. A stack file is read only if it is a regular file of a
 * bounded size (a FIFO would block the read forever, /dev/zero would never end); it is written
 * only through a temporary file in the same directory that is fsynced, given the file's mode and
 * renamed over it, so a failed or killed write leaves the file as it was or fully edited; and a
 * read–edit–write holds an exclusive per-file lock, so two remediations at once never lose an
 * edit. The file's content hash is checked again right before the rename: an edit made by hand
 * meanwhile is never overwritten.
 *
 * All file-system calls go through `FileSystem`, so tests inject failures (ENOSPC, EIO, a kill
 * between two calls) exactly where the real system could fail.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UserInputError } from "./userError";

/** A stack file is a few kilobytes; anything above this is not one. */
export const maxStackFileBytes = 1024 * 1024;

/** The synchronous file-system calls this module makes; `nodeFileSystem` is the real one. */
export interface FileSystem {
    open(file: string, flags: number, mode?: number): number;
    fstat(fd: number): fs.Stats;
    lstat(file: string): fs.Stats;
    readlink(file: string): string;
    realpath(file: string): string;
    read(fd: number, buffer: Buffer, offset: number, length: number, position: number | null): number;
    write(fd: number, buffer: Buffer, offset: number, length: number): number;
    fsync(fd: number): void;
    fchmod(fd: number, mode: number): void;
    fchown(fd: number, uid: number, gid: number): void;
    close(fd: number): void;
    rename(from: string, to: string): void;
    unlink(file: string): void;
}

export const nodeFileSystem: FileSystem = {
    open: (f, flags, mode) => fs.openSync(f, flags, mode),
    fstat: (fd) => fs.fstatSync(fd),
    lstat: (f) => fs.lstatSync(f),
    readlink: (f) => fs.readlinkSync(f),
    realpath: (f) => fs.realpathSync(f),
    read: (fd, b, o, l, p) => fs.readSync(fd, b, o, l, p),
    write: (fd, b, o, l) => fs.writeSync(fd, b, o, l),
    fsync: (fd) => fs.fsyncSync(fd),
    fchmod: (fd, m) => fs.fchmodSync(fd, m),
    fchown: (fd, u, g) => fs.fchownSync(fd, u, g),
    close: (fd) => fs.closeSync(fd),
    rename: (a, b) => fs.renameSync(a, b),
    unlink: (f) => fs.unlinkSync(f),
};

/** The stack file is unusable or the lock is held: exit 1, the message names the file. */
export class StackFileError extends UserInputError {}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException)?.code;

function kind(st: fs.Stats): string {
    if (st.isDirectory()) return "a directory";
    if (st.isFIFO()) return "a FIFO";
    if (st.isCharacterDevice()) return "a character device";
    if (st.isBlockDevice()) return "a block device";
    if (st.isSocket()) return "a socket";
    return "not a regular file";
}

export function sha256(text: string | Buffer): string {
    return createHash("sha256").update(text).digest("hex");
}

/** What a read returns: the text, the bytes' hash, and the file's mode for the write. */
export interface StackText {
    /** The file named (a symlink stays a symlink: the write goes to its target). */
    file: string;
    /** Where the bytes are: the symlink's target, or the file itself. */
    target: string;
    text: string;
    hash: string;
    mode: number;
    uid: number;
    gid: number;
}

function describeFailure(label: string, e: unknown): StackFileError {
    const code = errno(e);
    const why: Record<string, string> = {
        EACCES: "permission denied",
        EPERM: "operation not permitted",
        EISDIR: "is a directory",
        ENOTDIR: "a component of its path is not a directory",
        ENXIO: "is a socket or a device without a reader",
        ELOOP: "is a symlink loop",
        ENAMETOOLONG: "its path is too long",
        EROFS: "is on a read-only file system",
        ENOSPC: "no space left on the device",
        EDQUOT: "disk quota exceeded",
        EIO: "input/output error",
        EMFILE: "too many open files",
    };
    return new StackFileError(`${label}: ${code && why[code] ? why[code] : `cannot be used (${code ?? (e as Error)?.message ?? String(e)})`}`);
}

/** Reads at most `limit` bytes from fd; more is an error (the file is not a stack file). */
function readBounded(fsys: FileSystem, fd: number, label: string, limit: number): Buffer {
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
        const n = fsys.read(fd, buffer, 0, buffer.length, null);
        if (n === 0) break;
        total += n;
        if (total > limit) throw new StackFileError(`${label}: is larger than ${limit} bytes; a stack file is a few kilobytes`);
        chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    return Buffer.concat(chunks);
}

/**
 * Reads a stack file. Refuses (StackFileError, exit 1) a missing file (`missing` words it), a
 * dangling symlink, a directory, a FIFO, a device, a socket and a file over `limit` bytes. The
 * open is non-blocking, so a FIFO without a writer is refused instead of waited on.
 */
export function readStackText(
    file: string,
    opts: { fs?: FileSystem; limit?: number; label?: string; missing?: () => StackFileError } = {},
): StackText {
    const fsys = opts.fs ?? nodeFileSystem;
    const label = opts.label ?? path.basename(file);
    let fd: number;
    try {
        fd = fsys.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
    } catch (e) {
        if (errno(e) === "ENOENT") {
            let link: fs.Stats | undefined;
            try {
                link = fsys.lstat(file);
            } catch {
                // no entry at all: a missing file
            }
            if (link?.isSymbolicLink()) throw new StackFileError(`${label}: is a dangling symlink (to ${fsys.readlink(file)}); its target does not exist`);
            throw opts.missing?.() ?? new StackFileError(`${label}: does not exist`);
        }
        throw describeFailure(label, e);
    }
    try {
        const st = fsys.fstat(fd);
        if (!st.isFile()) throw new StackFileError(`${label}: is ${kind(st)}, not a regular file`);
        const limit = opts.limit ?? maxStackFileBytes;
        if (st.size > limit) throw new StackFileError(`${label}: is ${st.size} bytes, larger than ${limit}; a stack file is a few kilobytes`);
        const bytes = readBounded(fsys, fd, label, limit);
        let target = file;
        try {
            target = fsys.realpath(file);
        } catch (e) {
            throw describeFailure(label, e);
        }
        return { file, target, text: bytes.toString("utf8"), hash: sha256(bytes), mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
    } catch (e) {
        if (e instanceof StackFileError) throw e;
        throw describeFailure(label, e);
    } finally {
        fsys.close(fd);
    }
}

function writeAll(fsys: FileSystem, fd: number, data: Buffer): void {
    let off = 0;
    while (off < data.length) off += fsys.write(fd, data, off, data.length - off);
}

/**
 * Replaces the stack file's content atomically: a temporary file beside the target gets the new
 * bytes, the old file's mode (and owner when running as root), an fsync, and is renamed over the
 * target after the target's hash is checked to still be `read.hash`. Any failure removes the
 * temporary file and leaves the target as it was. The directory is fsynced after the rename so
 * the rename itself survives a crash.
 */
export function writeStackTextAtomic(read: StackText, text: string, opts: { fs?: FileSystem; label?: string } = {}): void {
    const fsys = opts.fs ?? nodeFileSystem;
    const label = opts.label ?? path.basename(read.file);
    if ((read.mode & 0o222) === 0) {
        throw new StackFileError(`${label}: is read-only (mode ${read.mode.toString(8).padStart(4, "0")}); nothing written. Make it writable if the edit is intended`);
    }
    const dir = path.dirname(read.target);
    const tmp = path.join(dir, `.${path.basename(read.target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    let fd: number | undefined;
    let renamed = false;
    try {
        fd = fsys.open(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, read.mode);
        fsys.fchmod(fd, read.mode);
        if (typeof process.getuid === "function" && process.getuid() === 0) fsys.fchown(fd, read.uid, read.gid);
        writeAll(fsys, fd, Buffer.from(text, "utf8"));
        fsys.fsync(fd);
        fsys.close(fd);
        fd = undefined;
        const now = readStackText(read.target, { fs: fsys, label });
        if (now.hash !== read.hash) {
            throw new StackFileError(`${label}: changed while this edit was being prepared; nothing written. Run the command again on the current file`);
        }
        fsys.rename(tmp, read.target);
        renamed = true;
    } catch (e) {
        if (fd !== undefined) {
            try {
                fsys.close(fd);
            } catch {
                // the write failed already; the close error adds nothing
            }
        }
        if (!renamed) {
            try {
                fsys.unlink(tmp);
            } catch {
                // never created, or already gone
            }
        }
        if (e instanceof StackFileError && e.message.includes("nothing written")) throw e;
        const why = e instanceof StackFileError ? e.message : describeFailure(label, e).message;
        throw new StackFileError(`${why}; nothing written, the file is as it was`);
    }
    try {
        const dfd = fsys.open(dir, fs.constants.O_RDONLY);
        try {
            fsys.fsync(dfd);
        } finally {
            fsys.close(dfd);
        }
    } catch {
        // Some file systems refuse a directory fsync; the rename has happened either way.
    }
}

/** Who holds a stack file's lock, as written in the lock file. */
export interface LockHolder {
    pid: number;
    host: string;
    action: string;
    since: string;
}

export function lockFileOf(target: string): string {
    return `${target}.lock`;
}

function readHolder(fsys: FileSystem, lock: string): LockHolder | undefined {
    try {
        const h = JSON.parse(readStackText(lock, { fs: fsys, limit: 4096 }).text) as Partial<LockHolder>;
        if (typeof h.pid === "number" && typeof h.host === "string" && typeof h.action === "string" && typeof h.since === "string") return h as LockHolder;
    } catch {
        // being written, or not ours
    }
    return undefined;
}

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return errno(e) === "EPERM";
    }
}

export function describeHolder(h: LockHolder | undefined): string {
    if (!h) return "a holder that has not written its name yet";
    const here = h.host === os.hostname();
    const dead = here && !isAlive(h.pid);
    return `${h.action} (pid ${h.pid} on ${h.host}, since ${h.since})${dead ? "; that process is not running: the lock is stale, remove the lock file if no remediation is running" : ""}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Takes the exclusive lock of a stack file: a lock file beside it created with O_EXCL (atomic on
 * a local file system) holding { pid, host, action, since }. Waits up to `waitMs`, then refuses
 * naming the holder. A lock left by a killed run is never taken over silently: the message says
 * the holder is not running and which file to remove.
 */
export async function acquireLock(
    target: string,
    action: string,
    opts: { fs?: FileSystem; waitMs?: number; pollMs?: number; label?: string } = {},
): Promise<() => void> {
    const fsys = opts.fs ?? nodeFileSystem;
    const lock = lockFileOf(target);
    const label = opts.label ?? path.basename(target);
    const deadline = Date.now() + (opts.waitMs ?? 30000);
    const holder: LockHolder = { pid: process.pid, host: os.hostname(), action, since: new Date().toISOString() };
    for (;;) {
        let fd: number | undefined;
        try {
            fd = fsys.open(lock, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o644);
        } catch (e) {
            if (errno(e) !== "EEXIST") throw describeFailure(`${label} (its lock file ${path.basename(lock)})`, e);
        }
        if (fd !== undefined) {
            try {
                writeAll(fsys, fd, Buffer.from(JSON.stringify(holder) + "\n"));
                fsys.fsync(fd);
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
        if (Date.now() >= deadline) {
            throw new StackFileError(`${label}: another remediation holds its lock: ${describeHolder(readHolder(fsys, lock))} (lock file ${path.basename(lock)}); nothing written`);
        }
        await sleep(opts.pollMs ?? 100);
    }
}
