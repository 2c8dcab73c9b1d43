/**
 * Code and docs say the reason in the project's own terms: they cite no issue by number (a reader
 * of the code has no tracker at hand) and link nothing outside the repository.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import { projectRoot } from "../support/paths";

/** `file:line: text` of every tracked line matching the pattern (git grep's own extended regex). */
function grep(pattern: string): string[] {
    try {
        return execFileSync(
            "git",
            [
                "grep",
                "-n",
                "-I",
                "-i",
                "-E",
                pattern,
                "--",
                ".",
                ":!package-lock.json",
                ":!policies/package-lock.json",
                ":!test/docs/selfContained.test.ts",
            ],
            {
                cwd: projectRoot,
                encoding: "utf8",
            },
        )
            .split("\n")
            .filter(Boolean);
    } catch (e) {
        // git grep exits 1 when nothing matches.
        if ((e as { status?: number }).status === 1) return [];
        throw e;
    }
}

describe("self-contained code and docs", () => {
    it("no comment or doc cites an issue by number", () => {
        assert.deepStrictEqual(grep("(^|[^a-z])issues? #?[0-9]+"), []);
    });

    it("no link leaves the repository for the team's shared folder", () => {
        assert.deepStrictEqual(grep("\\.\\./shared"), []);
    });
});
