/**
 * `npm run remediate` under the conditions of an incident: two on-call engineers at once, stack
 * files edited by hand (CRLF, 4 spaces), files that are not regular files, arguments the action
 * does not read. Each case runs the CLI as a process on a throwaway stack file.
 */
import * as assert from "assert";
import { execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

const root = path.resolve(__dirname, "..", "..");
const prodEu = fs.readFileSync(path.join(root, "Pulumi.prod-eu.yaml"), "utf8");
const cli = ["-r", "ts-node/register/transpile-only", "tools/remediate.ts"];

function remediate(...args: string[]) {
    const r = spawnSync(process.execPath, [...cli, ...args], { cwd: root, encoding: "utf8", timeout: 120000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function remediateAsync(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [...cli, ...args], { cwd: root });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

describe("npm run remediate: edits are never lost, bad input is refused cleanly", function () {
    this.timeout(300000);
    const stack = "remediate-safety-test";
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    const cleanup = () => {
        for (const f of [file, `${file}.lock`]) fs.rmSync(f, { force: true, recursive: true });
    };
    beforeEach(cleanup);
    afterEach(cleanup);

    it("parallel remediations (cache-off and hold-mode at once) both land: neither edit is lost", async () => {
        fs.writeFileSync(file, prodEu);
        const [a, b] = await Promise.all([
            remediateAsync("cache-off", "--stack", stack),
            remediateAsync("hold-mode", "--stack", stack),
        ]);
        assert.strictEqual(a.code, 0, a.stderr);
        assert.strictEqual(b.code, 0, b.stderr);
        const written = fs.readFileSync(file, "utf8");
        const added = written.slice(prodEu.length).split("\n").filter(Boolean).sort();
        assert.ok(written.startsWith(prodEu));
        assert.deepStrictEqual(added, ["  voice-agent:cacheDisabled: true", "  voice-agent:voiceMode: hold"]);
        assert.strictEqual(fs.existsSync(`${file}.lock`), false, "the lock is released");
    });

    it("a one-key edit of a CRLF file indented with 4 spaces changes that key's line only", () => {
        const crlf4 = YAML.parseDocument(
            prodEu.replace("  voice-agent:release:", "  voice-agent:forcedFailover: false\n  voice-agent:release:"),
        )
            .toString({ indent: 4 })
            .replace(/\n/g, "\r\n");
        assert.ok(
            crlf4.includes(
                "\r\n    voice-agent:regions:\r\n        europe-west1:\r\n            zones: [ europe-west1-b",
            ),
        );
        fs.writeFileSync(file, crlf4);
        const r = remediate("region-failover", "--stack", stack);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.strictEqual(
            fs.readFileSync(file, "utf8"),
            crlf4.replace("voice-agent:forcedFailover: false", "voice-agent:forcedFailover: true"),
        );
    });

    it("remediate refuses an argument its action does not read (region-failover europe-west4): exit 1 naming it, nothing written", () => {
        fs.writeFileSync(file, prodEu);
        const r = remediate("region-failover", "europe-west4", "--stack", stack);
        assert.deepStrictEqual(
            [r.code, r.stdout, r.stderr],
            [
                1,
                "",
                'error: region-failover: does not take the argument "europe-west4" (usage: region-failover); nothing written\n',
            ],
        );
        assert.strictEqual(fs.readFileSync(file, "utf8"), prodEu);
    });

    it("db-switchover --to the current primary writes nothing and says so", () => {
        fs.writeFileSync(file, prodEu);
        const r = remediate("db-switchover", "--to", "europe-west1", "--stack", stack);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.strictEqual(
            r.stdout,
            `remediate db-switchover --to europe-west1 on ${stack} (runbook: Database Failover)\nnothing to change: europe-west1 already holds the database primary role; Pulumi.${stack}.yaml not changed\n`,
        );
        assert.strictEqual(fs.readFileSync(file, "utf8"), prodEu);
    });

    const unusable: [string, () => void, string][] = [
        [
            "a FIFO stack file is refused at once, never blocks",
            () => execFileSync("mkfifo", [file]),
            `error: Pulumi.${stack}.yaml: is a FIFO, not a regular file\n`,
        ],
        [
            "a directory stack file",
            () => fs.mkdirSync(file),
            `error: Pulumi.${stack}.yaml: is a directory, not a regular file\n`,
        ],
        [
            "a dangling symlink is not reported as a missing stack file",
            () => fs.symlinkSync("Pulumi.nowhere.yaml", file),
            `error: Pulumi.${stack}.yaml: is a dangling symlink (to Pulumi.nowhere.yaml); its target does not exist\n`,
        ],
        [
            "a read-only stack file",
            () => (fs.writeFileSync(file, prodEu), fs.chmodSync(file, 0o444)),
            `error: Pulumi.${stack}.yaml: is read-only (mode 0444); nothing written. Make it writable if the edit is intended\n`,
        ],
    ];
    for (const [what, make, message] of unusable) {
        it(`${what}: exit 1, a clean message`, () => {
            make();
            const started = Date.now();
            const r = remediate("cache-off", "--stack", stack);
            assert.deepStrictEqual([r.code, r.stdout, r.stderr], [1, "", message]);
            assert.ok(Date.now() - started < 60000);
        });
    }
});
