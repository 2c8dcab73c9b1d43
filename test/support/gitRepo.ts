/**
 * A throwaway git repository holding the project's tracked files (their working-tree content)
 * with node_modules linked in, for tests of tools that read git history (npm run review).
 * Commits have fixed author, committer and dates so a test's history does not depend on who
 * runs it or when.
 */
import { spawnSync, type SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectRoot } from "./paths";

const gitEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: "review test",
    GIT_AUTHOR_EMAIL: "review-test@example.invalid",
    GIT_COMMITTER_NAME: "review test",
    GIT_COMMITTER_EMAIL: "review-test@example.invalid",
    GIT_AUTHOR_DATE: "2026-11-30T12:00:00Z",
    GIT_COMMITTER_DATE: "2026-11-30T12:00:00Z",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
};

export class TempRepo {
    readonly dir: string;

    constructor() {
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "voice-agent-repo-"));
        const files = spawnSync("git", ["ls-files", "-z"], { cwd: projectRoot, encoding: "utf8" })
            .stdout.split("\0")
            .filter(Boolean);
        for (const f of files) {
            const from = path.join(projectRoot, f);
            if (!fs.existsSync(from)) continue; // deleted in the working tree, not yet committed
            fs.mkdirSync(path.dirname(path.join(this.dir, f)), { recursive: true });
            fs.copyFileSync(from, path.join(this.dir, f));
        }
        fs.symlinkSync(path.join(projectRoot, "node_modules"), path.join(this.dir, "node_modules"), "dir");
        this.git("init", "--quiet", "--initial-branch=main");
        this.commit("the project");
    }

    git(...args: string[]): string {
        const r = spawnSync("git", args, { cwd: this.dir, encoding: "utf8", env: gitEnv });
        if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${r.stderr}`);
        return r.stdout;
    }

    commit(message: string): string {
        this.git("add", "-A");
        this.git("commit", "--quiet", "--allow-empty", "-m", message);
        return this.git("rev-parse", "HEAD").trim();
    }

    /** A commit (on no branch) whose tree holds only `files` with their current content. */
    commitOnly(files: string[], message: string): string {
        const entries = files.map((f) => `100644 blob ${this.git("hash-object", "-w", f).trim()}\t${f}\n`).join("");
        const tree = spawnSync("git", ["mktree"], {
            cwd: this.dir,
            input: entries,
            encoding: "utf8",
            env: gitEnv,
        }).stdout.trim();
        return this.git("commit-tree", tree, "-m", message).trim();
    }

    read(file: string): string {
        return fs.readFileSync(path.join(this.dir, file), "utf8");
    }

    write(file: string, text: string): void {
        fs.writeFileSync(path.join(this.dir, file), text);
    }

    /** Replaces exactly one occurrence of `from` in `file` (fails loudly if the text moved). */
    edit(file: string, from: string, to: string): void {
        const text = this.read(file);
        const count = text.split(from).length - 1;
        if (count !== 1) throw new Error(`${file}: expected exactly one ${JSON.stringify(from)}, found ${count}`);
        this.write(file, text.replace(from, to));
    }

    remove(file: string): void {
        fs.rmSync(path.join(this.dir, file));
    }

    /** Back to the last commit: tracked files restored, untracked ones removed. */
    reset(): void {
        this.git("reset", "--quiet", "--hard");
        this.git("clean", "--quiet", "-fd", "--exclude=node_modules");
    }

    /** Runs an npm script's TypeScript entry in the repo as `npm run <script>` would. */
    run(tool: string, args: string[]): SpawnSyncReturns<string> {
        return spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", tool, ...args], {
            cwd: this.dir,
            encoding: "utf8",
            env: gitEnv,
            maxBuffer: 64 * 1024 * 1024,
        });
    }

    worktrees(): string[] {
        return this.git("worktree", "list", "--porcelain")
            .split("\n")
            .filter((l) => l.startsWith("worktree "))
            .map((l) => l.slice("worktree ".length));
    }

    dispose(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
