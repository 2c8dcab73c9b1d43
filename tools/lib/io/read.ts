/**
 * Reading a file a person named: only a regular file, only up to a byte cap. The open is
 * non-blocking (a FIFO without a writer is refused instead of waited on) and the checks run on
 * the opened descriptor (`fstat`), so a file swapped for a FIFO or a device between a check and
 * the open is still refused. Nothing here calls `readFileSync` on a path: /dev/zero would never
 * end and a 10 GB file would exhaust memory.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { describeFailure, errno, FileError, kindOf, shownPath } from "./errors";
import { type FileSystem, nodeFileSystem } from "./fileSystem";

export function sha256(text: string | Buffer): string {
    return createHash("sha256").update(text).digest("hex");
}

/** What a read returns: the bytes as text, their hash, and the file's mode and owner for a rewrite. */
export interface RegularFile {
    /** The path named (a symlink stays a symlink: a rewrite goes to its target). */
    file: string;
    /** Where the bytes are: the symlink chain resolved (realpath). */
    target: string;
    text: string;
    hash: string;
    mode: number;
    uid: number;
    gid: number;
}

export interface ReadOptions {
    fs?: FileSystem;
    /** Bytes; a larger file is refused. */
    limit: number;
    /** How the file is named in messages (default: its base name). */
    label?: string;
    /** The refusal for a missing file (default "<label>: does not exist"). */
    missing?: () => FileError;
    /** What a file of this kind is, for the size refusal ("a stack file is a few kilobytes"). */
    what?: string;
    /** Refuse a symlink as the last component (O_NOFOLLOW). */
    noFollow?: boolean;
}

/** Reads at most `limit` bytes from fd; more is a refusal. */
function readBounded(fsys: FileSystem, fd: number, label: string, limit: number, what: string): Buffer {
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
        const n = fsys.read(fd, buffer, 0, buffer.length, null);
        if (n === 0) break;
        total += n;
        if (total > limit) throw new FileError(`${label}: is larger than ${limit} bytes${what}`);
        chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    return Buffer.concat(chunks);
}

/**
 * Reads a regular file of at most `limit` bytes. Refuses (FileError, exit 1) a missing file, a
 * dangling symlink, a directory, a FIFO, a device, a socket and a file over the limit, each with
 * a message naming the file.
 */
export function readRegularFile(file: string, opts: ReadOptions): RegularFile {
    const fsys = opts.fs ?? nodeFileSystem;
    const label = opts.label ?? shownPath(path.basename(file));
    const what = opts.what ? `; ${opts.what}` : "";
    const flags =
        fs.constants.O_RDONLY |
        fs.constants.O_NONBLOCK |
        fs.constants.O_NOCTTY |
        (opts.noFollow ? fs.constants.O_NOFOLLOW : 0);
    let fd: number;
    try {
        fd = fsys.open(file, flags);
    } catch (error) {
        if (errno(error) === "ENOENT") {
            let link: fs.Stats | undefined;
            try {
                link = fsys.lstat(file);
            } catch {
                // no entry at all: a missing file
            }
            if (link?.isSymbolicLink()) {
                let to = "";
                try {
                    to = ` (to ${shownPath(fsys.readlink(file))})`;
                } catch {
                    // removed meanwhile; the refusal stands without the target
                }
                throw new FileError(`${label}: is a dangling symlink${to}; its target does not exist`);
            }
            throw opts.missing?.() ?? new FileError(`${label}: does not exist`);
        }
        if (errno(error) === "ELOOP" && opts.noFollow)
            throw new FileError(`${label}: is a symlink; give the file itself`);
        throw describeFailure(label, error);
    }
    let result: RegularFile;
    try {
        const st = fsys.fstat(fd);
        if (!st.isFile()) throw new FileError(`${label}: is ${kindOf(st)}, not a regular file`);
        if (st.size > opts.limit)
            throw new FileError(`${label}: is ${st.size} bytes, larger than ${opts.limit}${what}`);
        const bytes = readBounded(fsys, fd, label, opts.limit, what);
        const target = fsys.realpath(file);
        result = {
            file,
            target,
            text: bytes.toString("utf8"),
            hash: sha256(bytes),
            mode: st.mode & 0o7777,
            uid: st.uid,
            gid: st.gid,
        };
    } catch (e) {
        try {
            fsys.close(fd);
        } catch {
            // the read's own failure is the one to report
        }
        throw describeFailure(label, e);
    }
    try {
        fsys.close(fd);
    } catch (e) {
        throw describeFailure(label, e);
    }
    return result;
}

/** Like readRegularFile, but a missing file (no entry at all) gives undefined. */
export function readRegularFileIfExists(file: string, opts: ReadOptions): RegularFile | undefined {
    const absent = new FileError("absent");
    try {
        return readRegularFile(file, { ...opts, missing: () => absent });
    } catch (e) {
        if (e === absent) return undefined;
        throw e;
    }
}
