/**
 * The base revision of a review, checked out with `git worktree` into a temporary directory so
 * that its own program plans it. Dependencies: when the base's package-lock.json equals the
 * working tree's, the installed node_modules are linked in (the same packages, nothing to
 * install); otherwise `npm ci` installs the base's own. The worktree is removed when the review
 * ends, fails, or is interrupted (SIGINT, SIGTERM, SIGHUP, SIGQUIT): a leftover worktree would keep
 * a lock in .git/worktrees and a copy of the tree in the temp directory.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { atSignal, exitCleanlyOnSignals, runChild } from "./children";
import { readRegularFile } from "./io";
import { escapeControl, UsageError, UserInputError } from "./userError";

/** A usage error: the revision does not name a commit. */
export class RevisionError extends UsageError {}

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
    // Short calls (rev-parse, ls-tree, show, worktree remove): bounded, and their output capped.
    const r = spawnSync("git", args, {
        cwd,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        timeout: 60_000,
        killSignal: "SIGKILL",
    });
    return { ok: r.status === 0, out: r.stdout ?? "", err: r.stderr ?? "" };
}

/** The commit a revision names, or RevisionError. */
export function resolveRevision(root: string, rev: string): string {
    // `--end-of-options` keeps a revision starting with "-" from being read as an option.
    const r = git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`]);
    if (!r.ok || !/^[0-9a-f]{40,64}$/.test(r.out.trim()))
        throw new RevisionError(`--base: unknown revision '${rev}' (not a commit in ${root})`);
    return r.out.trim();
}

/** The stack names (`Pulumi.<stack>.yaml` at the top) of a commit. */
export function stacksAt(root: string, commit: string): string[] {
    const r = git(root, ["ls-tree", "--name-only", commit]);
    if (!r.ok) throw new Error(`git ls-tree ${commit} failed: ${r.err.trim()}`);
    return stackNames(r.out.split("\n"));
}

export function stackNames(files: string[]): string[] {
    return files
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f.trim())?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** A file's text at a commit, or undefined when the commit has no such file. */
export function fileAt(root: string, commit: string, file: string): string | undefined {
    const r = git(root, ["show", `${commit}:${file}`]);
    return r.ok ? r.out : undefined;
}

/** npm's own lines of an error, without the blank ones and the pointers to its log and help. */
function npmReason(stderr: string): string {
    return stderr
        .split("\n")
        .map((l) => l.replace(/^npm (error|ERR!) ?/, "").trim())
        .filter((l) => l !== "" && !l.startsWith("A complete log") && !l.startsWith('Run "npm help'))
        .slice(-6)
        .join(" ");
}

export interface BaseCheckout {
    dir: string;
    /** How its dependencies were provided. */
    dependencies: "linked" | "installed";
    remove(): void;
}

/** Time limits of the base checkout's children. */
export const checkoutLimits = { worktreeAddMs: 120_000, npmCiMs: 600_000 } as const;

/**
 * Removes the worktree at `dir` and everything under `parent`, whatever state `git worktree add`
 * was in when it stopped: a worktree killed while being added is still locked ("initializing"),
 * which `worktree remove` and `prune` leave alone, so its administrative directory is removed by
 * what its gitdir file points to.
 */
function removeWorktree(root: string, parent: string, dir: string): void {
    git(root, ["worktree", "remove", "--force", "--force", dir]);
    fs.rmSync(parent, { recursive: true, force: true });
    const common = git(root, ["rev-parse", "--path-format=absolute", "--git-common-dir"]);
    if (common.ok) {
        const admin = path.join(common.out.trim(), "worktrees");
        let names: string[] = [];
        try {
            names = fs.readdirSync(admin);
        } catch {
            // no worktrees at all
        }
        for (const name of names) {
            let gitdir: string;
            try {
                gitdir = fs.readFileSync(path.join(admin, name, "gitdir"), "utf8").trim();
            } catch {
                continue;
            }
            if (gitdir.startsWith(`${parent}${path.sep}`))
                fs.rmSync(path.join(admin, name), { recursive: true, force: true });
        }
    }
    git(root, ["worktree", "prune"]);
}

/**
 * Checks out `commit` into a fresh temporary directory and provides its dependencies. The caller
 * must call remove() (also on failure); a signal at any point (also during `git worktree add` or
 * `npm ci`) kills the child's process group and removes the worktree (see ./children).
 */
export async function checkoutBase(
    root: string,
    commit: string,
    log: (line: string) => void = () => {},
): Promise<BaseCheckout> {
    exitCleanlyOnSignals();
    const parent = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "voice-agent-review-")));
    const dir = path.join(parent, "base");
    let removed = false;
    let unregister: () => void = () => undefined;
    const remove = () => {
        if (removed) return;
        removed = true;
        unregister();
        removeWorktree(root, parent, dir);
    };
    unregister = atSignal(remove);
    try {
        const add = await runChild("git", ["worktree", "add", "--detach", "--quiet", dir, commit], {
            cwd: root,
            timeoutMs: checkoutLimits.worktreeAddMs,
        });
        if (add.timedOut)
            throw new UserInputError(
                `git worktree add of the base took longer than ${checkoutLimits.worktreeAddMs / 1000} s; stopped`,
            );
        if (add.status !== 0)
            throw new UserInputError(
                `git worktree add of the base failed: ${escapeControl(add.stderr.trim().split("\n").slice(-3).join(" "))}`,
            );
        const baseLock = path.join(dir, "package-lock.json");
        const ownLock = path.join(root, "package-lock.json");
        if (!fs.existsSync(baseLock))
            throw new UserInputError(
                "the base revision has no package-lock.json: its dependencies cannot be installed (npm ci needs one)",
            );
        let modules: fs.Stats | undefined;
        try {
            modules = fs.lstatSync(path.join(dir, "node_modules"));
        } catch {
            // the usual case: not committed
        }
        if (modules) {
            throw new UserInputError(
                "the base revision commits node_modules (git ls-tree shows it): its dependencies cannot be provided; review against a revision without it",
            );
        }
        const limit = { limit: 64 * 1024 * 1024, what: "a package-lock.json is a few megabytes" };
        const same =
            readRegularFile(baseLock, { ...limit, label: "the base's package-lock.json" }).hash ===
            readRegularFile(ownLock, { ...limit, label: "package-lock.json" }).hash;
        if (same) {
            fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
            return { dir, dependencies: "linked", remove };
        }
        log(`the base's package-lock.json differs from the working tree's: npm ci in the base worktree`);
        // The base's own .npmrc applies (ignore-scripts); --ignore-scripts again in case it has none.
        const ci = await runChild("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], {
            cwd: dir,
            timeoutMs: checkoutLimits.npmCiMs,
        });
        if (ci.timedOut)
            throw new UserInputError(
                `npm ci in the base worktree took longer than ${checkoutLimits.npmCiMs / 1000} s; stopped`,
            );
        if (ci.status !== 0) {
            throw new UserInputError(
                `the base revision's dependencies cannot be installed (npm ci in its worktree failed): ${escapeControl(npmReason(ci.stderr))}`,
            );
        }
        return { dir, dependencies: "installed", remove };
    } catch (e) {
        remove();
        throw e;
    }
}
