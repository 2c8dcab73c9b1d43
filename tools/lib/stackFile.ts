/**
 * Stack file I/O on the shared I/O layer (./io): a stack file is read only if it is a regular
 * file of at most `limits.stackFileBytes`, written only atomically through a temporary file beside
 * its real target after its content hash is checked again, and a read–edit–write holds the lock
 * of the resolved file, so two remediations at once (through any two names of the file) never
 * lose an edit.
 */
import * as path from "path";
import { FileError, type FileSystem, readRegularFile, type RegularFile, writeFileAtomic } from "./io";
import { limits } from "./limits";

export {
    acquireLock,
    describeHolder,
    type FileSystem,
    lockFileOf,
    type LockHolder,
    nodeFileSystem,
    sha256,
} from "./io";

/** A stack file is a few kilobytes; anything above this is not one. */
export const maxStackFileBytes = limits.stackFileBytes;

/** The stack file is unusable or the lock is held: exit 1, the message names the file. */
export const StackFileError = FileError;
export type StackFileError = FileError;

/** What a read returns: the text, the bytes' hash, and the file's mode for the write. */
export type StackText = RegularFile;

const what = "a stack file is a few kilobytes";

/** Reads a stack file: a regular file of at most `limit` bytes (default the stack-file limit). */
export function readStackText(
    file: string,
    opts: { fs?: FileSystem; limit?: number; label?: string; missing?: () => FileError } = {},
): StackText {
    return readRegularFile(file, {
        fs: opts.fs,
        limit: opts.limit ?? maxStackFileBytes,
        label: opts.label,
        missing: opts.missing,
        what,
    });
}

/**
 * Replaces the stack file's content atomically, provided it still holds the bytes `read` saw; a
 * read-only stack file is refused (its mode says nobody should edit it).
 */
export function writeStackTextAtomic(
    read: StackText,
    text: string,
    opts: { fs?: FileSystem; label?: string } = {},
): void {
    writeFileAtomic(read.target, text, {
        fs: opts.fs,
        label: opts.label ?? path.basename(read.file),
        expectHash: read.hash,
        refuseReadOnly: true,
        limit: maxStackFileBytes,
    });
}
