/**
 * The base revision of a review, checked out with `git worktree` into a temporary directory so
 * that its own program plans it. Dependencies: when the base's package-lock.json equals the
 * working tree's, the installed node_modules are linked in (the same packages, nothing to
 * install); otherwise `npm ci` installs the base's own. The worktree is removed when the review
 * ends, fails, or is interrupted (SIGINT/SIGTERM): a leftover worktree would keep a lock in
 * .git/worktrees and a copy of the tree in the temp directory.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UsageError, UserInputError } from "./userError";

/** A usage error: the revision does not name a commit. */
export class RevisionError extends UsageError {}

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
    const r = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return { ok: r.status === 0, out: r.stdout ?? "", err: r.stderr ?? "" };
}

/** The commit a revision names, or RevisionError. */
export function resolveRevision(root: string, rev: string): string {
    // `--end-of-options` keeps a revision starting with "-" from being read as an option.
    const r = git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`]);
    if (!r.ok || !/^[0-9a-f]{40,64}$/.test(r.out.trim())) throw new RevisionError(`--base: unknown revision '${rev}' (not a commit in ${root})`);
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
        .filter((l) => l !== "" && !l.startsWith("A complete log") && !l.startsWith("Run \"npm help"))
        .slice(-6)
        .join(" ");
}

export interface BaseCheckout {
    dir: string;
    /** How its dependencies were provided. */
    dependencies: "linked" | "installed";
    remove(): void;
}

const live = new Set<() => void>();
let handlersInstalled = false;

/** Registers a clean-up to run on SIGINT/SIGTERM (e.g. killing a child); returns its unregistration. */
export function atInterrupt(cleanup: () => void): () => void {
    installSignalHandlers();
    live.add(cleanup);
    return () => live.delete(cleanup);
}

/** On Ctrl-C or a kill, run every clean-up (children first, then worktrees) and exit with the signal's code. */
function installSignalHandlers(): void {
    if (handlersInstalled) return;
    handlersInstalled = true;
    for (const [signal, code] of [
        ["SIGINT", 130],
        ["SIGTERM", 143],
    ] as const) {
        process.once(signal, () => {
            for (const cleanup of [...live].reverse()) cleanup();
            process.stderr.write(`review: interrupted (${signal}); base worktree removed\n`);
            process.exit(code);
        });
    }
}

/**
 * Checks out `commit` into a fresh temporary directory and provides its dependencies. The caller
 * must call remove() (also on failure); signals are handled here.
 */
export function checkoutBase(root: string, commit: string, log: (line: string) => void = () => {}): BaseCheckout {
    installSignalHandlers();
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "voice-agent-review-"));
    const dir = path.join(parent, "base");
    let removed = false;
    const remove = () => {
        if (removed) return;
        removed = true;
        live.delete(remove);
        git(root, ["worktree", "remove", "--force", dir]);
        fs.rmSync(parent, { recursive: true, force: true });
        git(root, ["worktree", "prune"]);
    };
    live.add(remove);
    try {
        const add = git(root, ["worktree", "add", "--detach", "--quiet", dir, commit]);
        if (!add.ok) throw new Error(`git worktree add failed: ${add.err.trim()}`);
        const baseLock = path.join(dir, "package-lock.json");
        const ownLock = path.join(root, "package-lock.json");
        if (!fs.existsSync(baseLock)) throw new UserInputError("the base revision has no package-lock.json: its dependencies cannot be installed (npm ci needs one)");
        const same = fs.readFileSync(baseLock, "utf8") === fs.readFileSync(ownLock, "utf8");
        if (same) {
            fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
            return { dir, dependencies: "linked", remove };
        }
        log(`the base's package-lock.json differs from the working tree's: npm ci in the base worktree`);
        // The base's own .npmrc applies (ignore-scripts); --ignore-scripts again in case it has none.
        const ci = spawnSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
        if (ci.status !== 0) {
            throw new UserInputError(`the base revision's dependencies cannot be installed (npm ci in its worktree failed): ${npmReason(ci.stderr ?? "")}`);
        }
        return { dir, dependencies: "installed", remove };
    } catch (e) {
        remove();
        throw e;
    }
}
