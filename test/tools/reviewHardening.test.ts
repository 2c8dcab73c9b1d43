/**
 * `npm run review` against hostile paths, signals and base revisions, in a throwaway repository:
 * --out never replaces a special file, an untracked stack file that is a FIFO is refused at once,
 * SIGHUP, SIGQUIT and a signal during `git worktree add` leave no worktree, temporary directory or
 * child behind, and a base whose program hangs, prints garbage or commits node_modules is refused
 * with exit 1 and a clear message.
 */
import * as assert from "assert";
import { execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TempRepo } from "../support/gitRepo";

/** The reviews' temporary directory (TMPDIR): other runs on this machine use their own. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "review-hostile-tmp-"));
const env = { ...process.env, TMPDIR: tmp };
const node = (cwd: string, args: string[], timeout?: number) =>
    spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", ...args], {
        cwd,
        encoding: "utf8",
        env,
        ...(timeout ? { timeout } : {}),
    });
const start = (cwd: string, args: string[]) =>
    spawn(process.execPath, ["-r", "ts-node/register/transpile-only", ...args], { cwd, stdio: "ignore", env });

/** Processes whose command line names this repository's review child. */
function reviewChildren(repo: TempRepo): string[] {
    const ps = spawnSync("ps", ["-eo", "args"], { encoding: "utf8" }).stdout;
    return ps
        .split("\n")
        .filter(
            (l) =>
                l.includes(path.join(repo.dir, "tools", "lib", "reviewChild.ts")) ||
                l.includes("voice-agent-review-hook"),
        );
}

/** A commit on no branch: HEAD's tree with `files` replaced or added (never checked out here). */
function commitWith(repo: TempRepo, files: Record<string, string>, message: string): string {
    const index = path.join(os.tmpdir(), `review-index-${process.pid}`);
    const env = {
        ...process.env,
        GIT_INDEX_FILE: index,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@example.invalid",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@example.invalid",
    };
    const git = (args: string[], input?: string) =>
        execFileSync("git", args, { cwd: repo.dir, env, input, encoding: "utf8" }).trim();
    try {
        git(["read-tree", "HEAD"]);
        for (const [file, text] of Object.entries(files)) {
            const blob = git(["hash-object", "-w", "--stdin"], text);
            git(["update-index", "--add", "--cacheinfo", `100644,${blob},${file}`]);
        }
        return git(["commit-tree", git(["write-tree"]), "-p", "HEAD", "-m", message]);
    } finally {
        fs.rmSync(index, { force: true });
    }
}

async function waitFor(what: string, ok: () => boolean, ms = 120_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!ok()) {
        assert.ok(Date.now() < deadline, what);
        await new Promise((r) => setTimeout(r, 50));
    }
}

describe("npm run review against hostile input (temporary git repository)", function () {
    this.timeout(600_000);
    let repo: TempRepo;
    let dir: string;
    const review = (...args: string[]) => node(repo.dir, ["tools/review.ts", ...args]);

    before(() => (repo = new TempRepo()));
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "review-hostile-"))));
    afterEach(async () => {
        fs.rmSync(dir, { recursive: true, force: true });
        // Nothing left behind: no worktree, no temporary directory, no child.
        assert.deepStrictEqual(repo.worktrees(), [fs.realpathSync(repo.dir)]);
        assert.deepStrictEqual(
            fs.readdirSync(tmp).filter((d) => d.startsWith("voice-agent-review-")),
            [],
        );
        await waitFor(
            `children left: ${reviewChildren(repo).join("; ")}`,
            () => reviewChildren(repo).length === 0,
            5000,
        );
        fs.rmSync(path.join(repo.dir, ".git", "hooks", "post-checkout"), { force: true });
        repo.reset();
    });
    after(() => {
        repo.dispose();
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("--out at a FIFO, a symlink to one, a directory or under a missing directory: exit 1 naming it, before planning, nothing replaced", () => {
        const fifo = path.join(dir, "fifo");
        execFileSync("mkfifo", [fifo]);
        fs.symlinkSync(fifo, path.join(dir, "link"));
        for (const [out, why] of <[string, string][]>[
            [fifo, "is a FIFO; only a regular file is replaced"],
            [path.join(dir, "link"), "is a FIFO; only a regular file is replaced"],
            [dir, "is a directory; only a regular file is replaced"],
            [path.join(dir, "none", "r.md"), `its directory ${path.join(dir, "none")} does not exist`],
        ]) {
            const r = review("--base", "HEAD", "--stack", "prod-eu", "--out", out);
            assert.deepStrictEqual([r.status, r.stdout, r.stderr], [1, "", `error: --out ${out}: ${why}\n`]);
        }
        assert.ok(fs.lstatSync(fifo).isFIFO() && fs.lstatSync(path.join(dir, "link")).isSymbolicLink());
        assert.deepStrictEqual(fs.readdirSync(dir).sort(), ["fifo", "link"]);
    });

    it("an untracked stack file that is a FIFO, or a link to /dev/zero: refused at once, exit 1", () => {
        execFileSync("mkfifo", [path.join(repo.dir, "Pulumi.fifo.yaml")]);
        fs.symlinkSync("/dev/zero", path.join(repo.dir, "Pulumi.zero.yaml"));
        const r = node(repo.dir, ["tools/review.ts", "--base", "HEAD", "--stack", "fifo", "--stack", "zero"], 240_000);
        assert.deepStrictEqual(
            [r.status, r.stdout, r.stderr],
            [1, "", "error: Pulumi.fifo.yaml: is a FIFO, not a regular file\n"],
        );
    });

    for (const [signal, code] of [
        ["SIGHUP", 129],
        ["SIGQUIT", 131],
        ["SIGTERM", 143],
    ] as const) {
        it(`${signal} while planning: exit ${code}, the worktree, its directory and the children removed`, async () => {
            const p = start(repo.dir, ["tools/review.ts", "--base", "HEAD", "--stack", "prod-eu"]);
            const exited = new Promise<number | null>((resolve) => p.on("exit", (c) => resolve(c)));
            await waitFor("the review never started its children", () => reviewChildren(repo).length === 2);
            p.kill(signal);
            assert.strictEqual(await exited, code);
        });
    }

    it("a signal during git worktree add (held in a checkout hook): exit 143, nothing left", async () => {
        const hook = path.join(repo.dir, ".git", "hooks", "post-checkout");
        fs.writeFileSync(hook, "#!/bin/sh\nexec sh -c 'sleep 60; true' voice-agent-review-hook\n", { mode: 0o755 });
        const p = start(repo.dir, ["tools/review.ts", "--base", "HEAD", "--stack", "prod-eu"]);
        const exited = new Promise<number | null>((resolve) => p.on("exit", (c) => resolve(c)));
        await waitFor("git worktree add never reached its hook", () => reviewChildren(repo).length === 1);
        p.kill("SIGTERM");
        assert.strictEqual(await exited, 143);
    });

    it("a base whose program never returns: stopped at --timeout, exit 1", () => {
        const base = commitWith(
            repo,
            {
                "tools/lib/plan.ts":
                    "export function plan(): Promise<never> {\n    setInterval(() => undefined, 1000);\n    return new Promise(() => undefined);\n}\n",
            },
            "a plan that hangs",
        );
        const t = Date.now();
        const r = review("--base", base, "--stack", "drill-eu", "--timeout", "8");
        assert.deepStrictEqual(
            [r.status, r.stdout, r.stderr],
            [1, "", `error: planning ${base} took longer than 8 s (--timeout); stopped\n`],
        );
        assert.ok(Date.now() - t < 120_000);
    });

    it("a base whose program prints garbage: exit 1 saying so", () => {
        const garbage =
            'export async function plan() {\n    process.stdout.write("\\u001b[2J not json");\n    return { resources: [] };\n}\n';
        const base = commitWith(repo, { "tools/lib/plan.ts": garbage }, "a plan that prints");
        const r = review("--base", base, "--stack", "drill-eu");
        assert.deepStrictEqual(
            [r.status, r.stdout, r.stderr],
            [
                1,
                "",
                `error: planning ${base} printed something that is not a review result (not JSON; its program prints to stdout?)\n`,
            ],
        );
    });

    it("a base that commits a node_modules file: exit 1 saying so", () => {
        const base = commitWith(
            repo,
            { "node_modules/left-pad/index.js": "module.exports = 1;\n" },
            "node_modules committed",
        );
        const r = review("--base", base, "--stack", "drill-eu");
        assert.deepStrictEqual(
            [r.status, r.stdout, r.stderr],
            [
                1,
                "",
                "error: the base revision commits node_modules (git ls-tree shows it): its dependencies cannot be provided; review against a revision without it\n",
            ],
        );
    });
});
