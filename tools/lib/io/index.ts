/**
 * The incident tools' one I/O layer: every file a tool reads or writes a person named (stack
 * files, inventories, CA bundles, drill records and report directories, `--out`) goes through it.
 *
 *  - `readRegularFile(file, { limit })`: a regular file only (FIFOs, devices, sockets and
 *    directories refused, checked on the opened descriptor), at most `limit` bytes.
 *  - `writeFileAtomic(file, data)`: a temporary file beside the real target (symlinks resolved),
 *    fsynced and renamed over it; never replaces a non-regular file; no temporary file left on
 *    failure, and those of killed runs are removed (`removeStaleTemporaryFiles`).
 *  - `acquireLock(file, action)`: the exclusive lock of the resolved file, held across a whole
 *    read–check–rename.
 *  - `ensureWritableDirectory(dir)`, `listDirectory(dir)`: report directories.
 *
 * Every refusal is a FileError (exit 1) whose message names the path, with control characters
 * escaped; no system error text or stack trace reaches the user.
 */
export { describeFailure, FileError, kindOf, shownPath } from "./errors";
export { type FileSystem, nodeFileSystem } from "./fileSystem";
export { readRegularFile, readRegularFileIfExists, sha256, type ReadOptions, type RegularFile } from "./read";
export {
    ChangedMeanwhileError,
    processAlive,
    removeStaleTemporaryFiles,
    resolveWriteTarget,
    temporaryFileOf,
    writeFileAtomic,
    type WriteOptions,
} from "./write";
export { acquireLock, describeHolder, lockFileOf, type LockHolder, type LockOptions } from "./lock";
export { ensureWritableDirectory, listDirectory } from "./dir";
