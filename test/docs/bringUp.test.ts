/**
 * docs/bring-up.md and the runbook's "New cell" and "Destroy a drill cell": the rehearsal they quote
 * is what `npm run bringup -- --rehearse` prints today, every rule of the check is documented, and
 * the quota figures are the plans' own.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { bringUpRules, checkBringUp } from "../../tools/lib/bringUp/check";
import { findRehearsalQuotes, rehearsalQuoteText } from "../../tools/lib/bringUp/quotes";
import { planOf } from "../support/plans";
import { projectRoot } from "../support/paths";

const read = (file: string) => fs.readFileSync(path.join(projectRoot, file), "utf8");

describe("docs/runbook.md: New cell and Destroy a drill cell", function () {
    this.timeout(120_000);
    const doc = read("docs/runbook.md");

    it("has both procedures, each quoting its part of the drill-eu rehearsal", () => {
        const newCell = doc.indexOf("\n## New cell\n");
        const destroy = doc.indexOf("\n## Destroy a drill cell\n");
        assert.ok(newCell > 0 && destroy > newCell, "New cell, then Destroy a drill cell");
        const quotes = findRehearsalQuotes(doc);
        assert.deepStrictEqual(
            quotes.map((q) => [q.stack, q.part, q.start > newCell, q.start > destroy]),
            [
                ["drill-eu", "up", true, false],
                ["drill-eu", "destroy", true, true],
            ],
        );
    });

    for (const q of findRehearsalQuotes(doc)) {
        it(`the quoted ${q.part} of ${q.stack} is what the rehearsal prints (npm run docs:runbook)`, async () => {
            assert.strictEqual(q.text, await rehearsalQuoteText(q));
        });
    }

    it("the quoted rehearsal is refused by nothing: no refused step, no finding", async () => {
        const quotes = findRehearsalQuotes(doc).map((q) => q.text);
        for (const text of quotes)
            for (const line of text.split("\n").filter((l) => /refused$/.test(l))) assert.match(line, /; 0 refused$/);
        assert.deepStrictEqual(checkBringUp(await planOf("drill-eu")).findings, []);
    });
});

describe("docs/bring-up.md", function () {
    this.timeout(120_000);
    const doc = read("docs/bring-up.md");

    it("documents every rule of the check in its table", () => {
        const rows = [...doc.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
        assert.deepStrictEqual(
            rows,
            bringUpRules.map((r) => r.id),
        );
    });

    it("gives each committed stack's peak as the check computes it", async () => {
        for (const [stack, figure] of [
            ["prod-eu", "`prod-eu` needs 264 vCPUs"],
            ["prod-me", "`prod-me` 84"],
            ["drill-eu", "`drill-eu` 48"],
        ] as const) {
            assert.ok(doc.includes(figure), figure);
            const peak = Number(/(\d+)/.exec(figure.slice(figure.indexOf("` ")))?.[1]);
            for (const line of checkBringUp(await planOf(stack)).quota)
                assert.ok(line.includes(`: ${peak} vCPUs at the peak`), `${stack}: ${line}`);
        }
    });

    it("names the backend and the secrets provider that Pulumi.yaml and the stack files declare", () => {
        assert.ok(read("Pulumi.yaml").includes("  url: gs://edentist-pulumi-state\n"));
        assert.ok(doc.includes("`gs://edentist-pulumi-state`"));
        for (const stack of ["prod-eu", "prod-me", "drill-eu"]) {
            const provider = /^secretsprovider: (\S+)/m.exec(read(`Pulumi.${stack}.yaml`))?.[1];
            assert.ok(provider !== undefined && doc.includes(provider), stack);
        }
    });

    it("is linked from the README", () => {
        assert.ok(read("README.md").includes("](docs/bring-up.md)"));
    });
});
