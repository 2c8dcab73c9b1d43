import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { projectRoot } from "./paths";

describe("closing line reporter (.mocharc.json)", () => {
    it("ends mocha's output with `N passed, N failed` from mocha's counts, after the failures' details, and keeps the failing exit code", () => {
        const mocha = path.join(projectRoot, "node_modules", "mocha", "bin", "mocha.js");
        const fixture = path.join("test", "support", "fixtures", "twoPassOneFails.fixture.ts");
        const r = spawnSync(process.execPath, [mocha, fixture], { cwd: projectRoot, encoding: "utf8" });
        const lines = r.stdout.trimEnd().split("\n");
        assert.strictEqual(r.status, 1, r.stderr);
        assert.strictEqual(lines[lines.length - 1], "2 passed, 1 failed");
        assert.match(r.stdout, /1\) fixture\n\s+fails:\n\s+AssertionError/);
        assert.ok(r.stdout.indexOf("AssertionError") < r.stdout.lastIndexOf("2 passed, 1 failed"));
    });
});
