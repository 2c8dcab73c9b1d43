/**
 * Writing a file atomically without clobbering what is at the path. The real target is resolved
 * first (`realpath` of the symlink chain, or of the parent directory for a new file), and only a
 * regular file or a free name is ever replaced: /dev/null, a FIFO, a socket or a directory at the
 * path is refused, never renamed over. The bytes go to a temporary file beside the target
 * (`.<name>.<pid>.<random>.tmp`, created O_EXCL|O_NOFOLLOW), are fsynced, get the old file's mode
 * (and owner, as root), and the temporary file is renamed over the target; the directory is
 * fsynced after. Any failure removes the temporary file and leaves the target as it was; a
 * temporary file left by a killed run (its pid gone) is removed by the next write beside it.
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { describeFailure, errno, FileError, kindOf, shownPath } from "./errors";
import { type FileSystem, nodeFileSystem } from "./fileSystem";
import { readRegularFile } from "./read";

export interface WriteOptions {
    fs?: FileSystem;
    /** How the file is named in messages (default: the path as given). */
    label?: string;
    /**
     * The target's current bytes must still hash to this right before the rename: a read–edit–
     * write never overwrites an edit made meanwhile.
     */
    expectHash?: string;
    /** The mode of a new file (an existing file keeps its own). */
    mode?: number;
    /** Refuse a target without write permission (the stack files: a read-only one is deliberate). */
    refuseReadOnly?: boolean;
    /** Byte cap for the re-read behind `expectHash`. */
    limit?: number;
}

/** The refusal of a read–edit–write whose file changed meanwhile. */
export class ChangedMeanwhileError extends FileError {}

interface Target {
    target: string;
    existing?: fs.Stats;
}

/** The path the bytes will really go to, and what is there now; refuses what must not be replaced. */
export function resolveWriteTarget(file: string, label: string, fsys: FileSystem = nodeFileSystem): Target {
    let st: fs.Stats | undefined;
    try {
        st = fsys.lstat(file);
    } catch (e) {
        if (errno(e) !== "ENOENT") throw describeFailure(label, e);
    }
    if (st) {
        let target: string;
        try {
            target = fsys.realpath(file);
        } catch (e) {
            if (errno(e) === "ENOENT" && st.isSymbolicLink())
                throw new FileError(`${label}: is a dangling symlink; its target does not exist`);
            throw describeFailure(label, e);
        }
        const real = fsys.lstat(target);
        if (!real.isFile()) throw new FileError(`${label}: is ${kindOf(real)}; only a regular file is replaced`);
        return { target, existing: real };
    }
    const dir = path.dirname(file);
    let realDir: string;
    try {
        realDir = fsys.realpath(dir);
    } catch (e) {
        if (errno(e) === "ENOENT") throw new FileError(`${label}: its directory ${shownPath(dir)} does not exist`);
        throw describeFailure(label, e);
    }
    const d = fsys.lstat(realDir);
    if (!d.isDirectory()) throw new FileError(`${label}: ${shownPath(dir)} is ${kindOf(d)}, not a directory`);
    return { target: path.join(realDir, path.basename(file)) };
}

/** Whether a process of this host with that pid exists (EPERM: it exists, owned by someone else). */
export function processAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return errno(e) === "EPERM";
    }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The temporary files of `target` in its directory: `.<name>.<pid>.<random>.tmp`. */
export function temporaryFileOf(target: string, pid: number = process.pid): string {
    return path.join(path.dirname(target), `.${path.basename(target)}.${pid}.${randomBytes(4).toString("hex")}.tmp`);
}

/** Removes the temporary files of `target` whose writer is gone (a killed run); best effort. */
export function removeStaleTemporaryFiles(target: string, fsys: FileSystem = nodeFileSystem): string[] {
    const removed: string[] = [];
    const pattern = new RegExp(`^\\.${escapeRegExp(path.basename(target))}\\.(\\d{1,10})\\.[0-9a-z]{1,16}\\.tmp$`);
    let names: string[];
    try {
        names = fsys.readdir(path.dirname(target));
    } catch {
        return removed;
    }
    for (const name of names) {
        const m = pattern.exec(name);
        const pid = m?.[1] !== undefined ? Number(m[1]) : undefined;
        if (pid === undefined || pid === process.pid || processAlive(pid)) continue;
        const tmp = path.join(path.dirname(target), name);
        try {
            if (!fsys.lstat(tmp).isFile()) continue;
            fsys.unlink(tmp);
            removed.push(tmp);
        } catch {
            // gone already, or not ours to remove
        }
    }
    return removed;
}

function writeAll(fsys: FileSystem, fd: number, data: Buffer): void {
    let off = 0;
    while (off < data.length) off += fsys.write(fd, data, off, data.length - off);
}

/**
 * Replaces (or creates) `file` with `data` atomically. Refuses with FileError (exit 1, naming the
 * file) a non-regular file at the path, a missing or non-directory parent, a read-only target
 * (with `refuseReadOnly`), a target changed since `expectHash`, and every system failure (EACCES,
 * EROFS, ENOSPC, EIO, …), leaving no temporary file.
 */
export function writeFileAtomic(file: string, data: string | Buffer, opts: WriteOptions = {}): void {
    const fsys = opts.fs ?? nodeFileSystem;
    const label = opts.label ?? shownPath(file);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let resolved: Target;
    try {
        resolved = resolveWriteTarget(file, label, fsys);
    } catch (e) {
        throw new FileError(`${describeFailure(label, e).message}; nothing written`);
    }
    const { target, existing } = resolved;
    const mode = existing ? existing.mode & 0o7777 : (opts.mode ?? 0o644);
    if (existing && opts.refuseReadOnly && (mode & 0o222) === 0) {
        throw new FileError(
            `${label}: is read-only (mode ${mode.toString(8).padStart(4, "0")}); nothing written. Make it writable if the edit is intended`,
        );
    }
    const tmp = temporaryFileOf(target);
    let fd: number | undefined;
    let created = false;
    try {
        fd = fsys.open(
            tmp,
            fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW,
            mode,
        );
        created = true;
        fsys.fchmod(fd, mode);
        if (existing && typeof process.getuid === "function" && process.getuid() === 0)
            fsys.fchown(fd, existing.uid, existing.gid);
        writeAll(fsys, fd, bytes);
        fsys.fsync(fd);
        fsys.close(fd);
        fd = undefined;
        if (opts.expectHash !== undefined) {
            const now = readRegularFile(target, { fs: fsys, label, limit: opts.limit ?? Number.MAX_SAFE_INTEGER });
            if (now.hash !== opts.expectHash) {
                throw new ChangedMeanwhileError(
                    `${label}: changed while this edit was being prepared; nothing written. Run the command again on the current file`,
                );
            }
        }
        // What is at the path right before the rename: a swap for a special file is refused too.
        let now: fs.Stats | undefined;
        try {
            now = fsys.lstat(target);
        } catch (e) {
            if (errno(e) !== "ENOENT") throw e;
        }
        if (now && !now.isFile()) throw new FileError(`${label}: is ${kindOf(now)}; only a regular file is replaced`);
        if (!now && existing) throw new FileError(`${label}: was removed while this edit was being prepared`);
        fsys.rename(tmp, target);
        created = false;
    } catch (error) {
        if (fd !== undefined) {
            try {
                fsys.close(fd);
            } catch {
                // the write failed already; the close error adds nothing
            }
        }
        if (created) {
            try {
                fsys.unlink(tmp);
            } catch {
                // already gone
            }
        }
        if (error instanceof ChangedMeanwhileError) throw error;
        throw new FileError(
            `${describeFailure(label, error).message}; nothing written${existing ? ", the file is as it was" : ""}`,
        );
    }
    try {
        const dfd = fsys.open(path.dirname(target), fs.constants.O_RDONLY);
        try {
            fsys.fsync(dfd);
        } finally {
            fsys.close(dfd);
        }
    } catch {
        // Some file systems refuse a directory fsync; the rename has happened either way.
    }
    removeStaleTemporaryFiles(target, fsys);
}
