/**
 * How the I/O layer refuses: one error class (exit 1, the message names the path) and the
 * wording of each system error, so no raw `ENOSPC: no space left on device, open '…'` text (with
 * its stack) reaches the user.
 */
import type * as fs from "fs";
import { escapeControl, UserInputError } from "../userError";

/** A file or directory is unusable, or a lock is held: exit 1, the message names the path. */
export class FileError extends UserInputError {}

export const errno = (e: unknown): string | undefined => {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    return typeof code === "string" ? code : undefined;
};

/** What kind of non-regular file `st` is, as a phrase ("a FIFO"). */
export function kindOf(st: fs.Stats): string {
    if (st.isFile()) return "a regular file";
    if (st.isDirectory()) return "a directory";
    if (st.isFIFO()) return "a FIFO";
    if (st.isCharacterDevice()) return "a character device";
    if (st.isBlockDevice()) return "a block device";
    if (st.isSocket()) return "a socket";
    if (st.isSymbolicLink()) return "a symlink";
    return "not a regular file";
}

const reasons: Record<string, string> = {
    ENOENT: "does not exist",
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
    EXDEV: "is on another file system than its directory",
    EBUSY: "is busy (a mount point or in use)",
    EEXIST: "already exists",
    EINVAL: "cannot be used here (invalid argument)",
};

/** A path as it may appear in a message: control characters escaped. */
export const shownPath = (p: string): string => escapeControl(p);

/** The refusal for a system error on `label`: the errno's reason, never the library's text. */
export function describeFailure(label: string, e: unknown): FileError {
    if (e instanceof FileError) return e;
    const code = errno(e);
    const reason = code !== undefined ? reasons[code] : undefined;
    return new FileError(`${label}: ${reason ?? `cannot be used (${code ?? "unexpected error"})`}`);
}
