/**
 * Directories a tool writes into (a drill's report directory): created if missing, refused with a
 * message naming them when they are a file, a special file, read-only, or on a file system that
 * takes no new files (/proc, /sys).
 */
import * as fs from "fs";
import * as path from "path";
import { describeFailure, errno, FileError, kindOf } from "./errors";
import { type FileSystem, nodeFileSystem } from "./fileSystem";
import { temporaryFileOf } from "./write";

/** Pseudo file systems: nothing written there is a file. */
const pseudoRoots = ["/proc", "/sys", "/dev"];

/**
 * Makes sure `dir` is a directory this process can create files in (creating it and its parents
 * if missing) and returns its real path. The check creates and removes one temporary file, so a
 * read-only or full directory is refused before any report file is written.
 */
export function ensureWritableDirectory(dir: string, label: string, fsys: FileSystem = nodeFileSystem): string {
    if (dir === "") throw new FileError(`${label}: is empty; name a directory`);
    const resolved = path.resolve(dir);
    for (const root of pseudoRoots) {
        if (resolved === root || resolved.startsWith(`${root}/`))
            throw new FileError(`${label}: is under ${root}, which holds no files; name another directory`);
    }
    let st: fs.Stats | undefined;
    try {
        st = fsys.lstat(resolved);
    } catch (e) {
        if (errno(e) !== "ENOENT") throw describeFailure(label, e);
    }
    if (!st) {
        try {
            fsys.mkdir(resolved);
        } catch (e) {
            throw new FileError(`${describeFailure(label, e).message} (creating the directory)`);
        }
    }
    let real: string;
    try {
        real = fsys.realpath(resolved);
    } catch (e) {
        throw describeFailure(label, e);
    }
    for (const root of pseudoRoots) {
        if (real === root || real.startsWith(`${root}/`))
            throw new FileError(`${label}: is under ${root}, which holds no files; name another directory`);
    }
    const rst = fsys.lstat(real);
    if (!rst.isDirectory()) throw new FileError(`${label}: is ${kindOf(rst)}, not a directory`);
    const probe = temporaryFileOf(path.join(real, ".write-check"));
    try {
        const fd = fsys.open(
            probe,
            fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW,
            0o600,
        );
        try {
            fsys.write(fd, Buffer.from("x"), 0, 1);
        } finally {
            fsys.close(fd);
            fsys.unlink(probe);
        }
    } catch (e) {
        throw new FileError(`${describeFailure(label, e).message}; no file can be written there`);
    }
    return real;
}

/** The names in a directory, sorted; a refusal naming it when it cannot be listed. */
export function listDirectory(dir: string, label: string, fsys: FileSystem = nodeFileSystem): string[] {
    try {
        return fsys.readdir(dir).sort();
    } catch (e) {
        throw describeFailure(label, e);
    }
}
