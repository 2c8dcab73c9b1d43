/**
 * The synchronous file-system calls the I/O layer makes, behind one interface: tests inject
 * failures (ENOSPC, EIO, a kill between two calls) exactly where the real system could fail.
 */
import * as fs from "fs";

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
    readdir(dir: string): string[];
    mkdir(dir: string): void;
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
    readdir: (d) => fs.readdirSync(d),
    mkdir: (d) => void fs.mkdirSync(d, { recursive: true }),
};
