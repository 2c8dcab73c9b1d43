/**
 * `npm run checkov` refuses what it cannot use before running anything: a Checkov it cannot start
 * (exit 1, naming it), a name-table option without its pair (usage, exit 2), an unreadable metadata file.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import { projectRoot } from "../support/paths";

function checkov(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/checkov.ts", ...args], {
        cwd: projectRoot,
        encoding: "utf8",
        timeout: 120000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run checkov: refusals", () => {
    it("a Checkov it cannot run: exit 1, naming the executable and the requirements", () => {
        assert.deepStrictEqual(checkov("--checkov", "/nonexistent/checkov"), {
            status: 1,
            stdout: "",
            stderr: "error: /nonexistent/checkov: cannot run Checkov; pip install -r checkov/requirements.txt\n",
        });
    });

    it("--names-tag without --names-from: usage, exit 2", () => {
        assert.deepStrictEqual(checkov("--names-tag", "v9.35.0"), {
            status: 2,
            stdout: "",
            stderr: "error: --names-from and --names-tag go together\n",
        });
    });

    it("a bridge metadata file that is not there: exit 1, naming it", () => {
        const r = checkov("--names-from", "/nonexistent/bridge-metadata.json", "--names-tag", "v9.35.0");
        assert.deepStrictEqual([r.status, r.stdout], [1, ""]);
        assert.match(
            r.stderr,
            /^error: \/nonexistent\/bridge-metadata\.json: cannot read the bridge metadata \(ENOENT/,
        );
    });
});
