/**
 * One procedure per remediation: the alert pages, docs/runbook.md, docs/design.md,
 * docs/observability.md, `remediate` and the drill scenarios all take their phases from the
 * remediation-action table. Each check below fails when one of them says something else.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { phaseOutline, remediateCommand, remediationActions } from "../../infra/config/remediations";
import { findPhaseQuotes, findProcedures, proceduresText } from "../../tools/lib/docDiffs";
import { loadScenario, scenarioNames } from "../../tools/lib/drill/scenario";
import { phasesFor } from "../../tools/lib/phases";
import { actions } from "../../tools/lib/remediate";
import { ofType, planOf } from "../support/plans";
import { projectRoot } from "../support/paths";

const read = (f: string) => fs.readFileSync(path.join(projectRoot, f), "utf8");
const docs = ["docs/runbook.md", "docs/design.md", "docs/observability.md", "README.md"];
const names = remediationActions.map((a) => a.name);

/** Every `npm run remediate -- <action>` a text names. */
const namedActions = (text: string) =>
    [...text.matchAll(/npm run remediate -- ([a-z][a-z-]*)/g)].map((m) => m[1] ?? "");

/** `pulumi config set … voice-agent:<key>` of a key an action owns: a procedure that bypasses the phases. */
function bypasses(text: string): string[] {
    const owned = new Set(remediationActions.flatMap((a) => a.keys.map((k) => k.split(".")[0] ?? k)));
    return [...text.matchAll(/pulumi config set (?:--path )?'?voice-agent:([A-Za-z]+)/g)]
        .map((m) => m[1] ?? "")
        .filter((k) => owned.has(k));
}

describe("one procedure per remediation", () => {
    it("remediate reads the table: the same actions in the same order", () => {
        assert.deepStrictEqual(
            actions.map((a) => a.name),
            names,
        );
    });

    for (const doc of docs) {
        it(`${doc} names only actions of the table and sets no key an action owns by hand`, () => {
            const text = read(doc);
            assert.deepStrictEqual(
                namedActions(text).filter((a) => !names.includes(a)),
                [],
            );
            assert.deepStrictEqual(bypasses(text), []);
        });
    }

    it("docs/runbook.md quotes the table itself (npm run docs:runbook)", () => {
        const blocks = findProcedures(read("docs/runbook.md"));
        assert.strictEqual(blocks.length, 1);
        assert.strictEqual(blocks[0]?.body, proceduresText("prod-eu"));
    });

    it("docs/runbook.md quotes the phases of every action that has more than one", () => {
        const quoted = new Set(findPhaseQuotes(read("docs/runbook.md")).map((q) => q.action));
        const multi = remediationActions
            .filter((a) => a.phases.length > 1 && a.name !== "drain-region")
            .map((a) => a.name);
        assert.deepStrictEqual(
            multi.filter((a) => !quoted.has(a)),
            [],
        );
    });

    for (const stack of ["prod-eu", "prod-me"]) {
        it(`${stack}'s alert pages give each action's command and the table's phases, and no config set of an owned key`, async () => {
            const policies = ofType(await planOf(stack), "gcp:monitoring/alertPolicy:AlertPolicy");
            let lines = 0;
            for (const p of policies) {
                const content = String((p.inputs.documentation as { content?: unknown }).content);
                assert.deepStrictEqual(bypasses(content), [], String(p.inputs.displayName));
                for (const line of content.split("\n").filter((l) => l.startsWith("- `npm run remediate -- "))) {
                    const action = remediationActions.find((a) => a.name === namedActions(line)[0]);
                    assert.ok(action, line);
                    assert.ok(line.includes(`--stack ${stack}\``), line);
                    const outline =
                        action.phases.length > 1 ? `; phases: ${phaseOutline(action)}` : "; then the full `pulumi up`";
                    assert.ok(line.endsWith(outline), `${line}\n  should end with ${outline}`);
                    lines++;
                }
            }
            assert.ok(lines >= policies.length, `${lines} remediation lines on ${policies.length} policies`);
        });
    }

    it("the drill scenarios rehearse remediations only through the table's phases, whole and in order", () => {
        // loadScenario refuses a `set` of an owned key, a phase out of order and a remediation cut short.
        const rehearsed = new Set(
            scenarioNames().flatMap((n) =>
                loadScenario(n).steps.flatMap((s) => (s.do === "remediate" ? [s.action] : [])),
            ),
        );
        for (const a of [
            "region-failover",
            "region-failback",
            "db-switchover",
            "db-promote-replica",
            "cache-off",
            "cache-restore",
        ]) {
            assert.ok(rehearsed.has(a), `a drill rehearses ${a}`);
        }
    });

    it("remediate's phases are the table's, in its order, with the table's commands", async function () {
        this.timeout(120000);
        for (const a of remediationActions.filter((x) =>
            ["region-failover", "db-switchover", "db-promote-replica"].includes(x.name),
        )) {
            const args = a.name === "region-failover" ? {} : { to: "europe-west4" };
            const phases = await phasesFor(a.name, args, "prod-eu");
            assert.deepStrictEqual(
                phases.map((p) => p.id),
                a.phases.map((p) => p.id),
                a.name,
            );
            assert.deepStrictEqual(
                phases.map((p) => p.ops.map((o) => o.do)),
                a.phases.map((p) => p.ops.map((o) => o.do)),
                a.name,
            );
        }
        assert.strictEqual(
            remediateCommand("prod-eu", "drain-region", { region: "europe-west4" }),
            "npm run remediate -- drain-region --region europe-west4 --stack prod-eu",
        );
    });
});
