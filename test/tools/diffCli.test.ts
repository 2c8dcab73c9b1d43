/**
 * `npm run diff` and `npm run plan` as processes, for what only a process shows: the exit code,
 * stdout and stderr exactly as the on-call engineer sees them.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");

function run(tool: "diff" | "plan", ...args: string[]) {
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", `tools/${tool}.ts`, ...args], {
        cwd: root,
        encoding: "utf8",
        timeout: 120000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run diff / plan: typos refused, secrets masked, messages escaped", function () {
    this.timeout(300000);

    it("diff --set voice_agent:forcedFailover=true exits 1 naming the key, instead of printing no changes", () => {
        assert.deepStrictEqual(run("diff", "--stack", "prod-eu", "--set", "voice_agent:forcedFailover=true"), {
            code: 1,
            stdout: "",
            stderr: "error: --set voice_agent:forcedFailover: is in an unknown namespace (known: voice-agent, gcp) (did you mean voice-agent:forcedFailover?)\n",
        });
    });

    it("diff --json does not echo a secret's value in sets (nor anywhere else)", () => {
        const secret = "pd-S3CR3T-0123456789abcdef";
        const r = run("diff", "--stack", "prod-eu", "--json", "--set", `pagerDutyServiceKey=${secret}`);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.deepStrictEqual(JSON.parse(r.stdout).sets, ["pagerDutyServiceKey=[secret]"]);
        assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret));
    });

    it("plan: control characters in a refused value reach the terminal escaped, with exit 1 and no stack trace", () => {
        const r = run("plan", "--stack", "prod-eu", "--set", "cell=\u001b[2J\u001b[31mx\r");
        assert.deepStrictEqual(r, {
            code: 1,
            stdout: "",
            stderr: 'error: invalid configuration:\n  - voice-agent:cell: "\\x1b[2J\\x1b[31mx\\x0d" is not a cell id: 2 to 10 lowercase letters or digits, starting with a letter\n',
        });
    });
});
