/**
 * `npm run remediate -- <action> [value] --stack <s> [--to <region>] [--tag <t>] [--digest <d>] [--dry-run]`
 *
 * Applies a runbook remediation to a stack file: validates the result with the program's own
 * config schema, prints the offline diff against the current file, writes the file (unless
 * --dry-run) and prints the commands to run next. Anything invalid exits non-zero and leaves the
 * file untouched.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { command, runCli } from "./lib/cli";
import { phasesWith, renderPhases } from "./lib/phases";
import { plan, resolveConfig } from "./lib/plan";
import { actionNamed, actions, applyEdits, describeEdit } from "./lib/remediate";
import { stackFile } from "./lib/stackConfig";

const program = command("remediate", `Apply a runbook remediation to a stack file.\nActions:\n${actions.map((a) => `  ${a.usage.padEnd(44)} ${a.runbook}`).join("\n")}`)
    .argument("<action>", "the remediation")
    .argument("[value]", "the action's argument (provider, on|off)")
    .requiredOption("--stack <name>", "stack whose Pulumi.<name>.yaml to edit")
    .option("--to <region>", "db-switchover: the region that becomes primary")
    .option("--tag <tag>", "rollback: the release tag to run")
    .option("--digest <digest>", "rollback: the image digest to run")
    .option("--dry-run", "print the diff and the commands, write nothing");

runCli("remediate", program, async (p) => {
    const [actionName, value] = p.args as [string, string | undefined];
    const opts = p.opts<{ stack: string; to?: string; tag?: string; digest?: string; dryRun?: boolean }>();
    const action = actionNamed(actionName);
    const current = resolveConfig({ stack: opts.stack }).config;
    const edits = action.edits(current, { value, to: opts.to, tag: opts.tag, digest: opts.digest });

    const file = stackFile(opts.stack);
    const text = fs.readFileSync(file, "utf8");
    const doc = YAML.parseDocument(text);
    applyEdits(doc, edits);
    // flowCollectionPadding false keeps `[a, b]` as written by hand.
    const edited = doc.toString({ flowCollectionPadding: false });
    const editedConfig = (YAML.parse(edited) as { config: Record<string, unknown> }).config;

    // Validate with the program's schema before anything is written.
    resolveConfig({ stack: opts.stack, stackConfig: editedConfig });

    const phases = await phasesWith(action.name, { value, to: opts.to, tag: opts.tag, digest: opts.digest }, opts.stack, {
        config: current,
        stackText: text,
        planOf: (stackConfig) => plan({ stack: opts.stack, stackConfig }),
    });
    const out: string[] = [`remediate ${action.name} on ${opts.stack} (runbook: ${action.runbook})`];
    for (const e of edits) out.push(`  ${describeEdit(current, e)}`);
    out.push("", renderPhases(current, phases), "");
    if (edited === text) {
        out.push(`nothing to change: ${path.relative(process.cwd(), file)} already says so`);
    } else if (opts.dryRun) {
        out.push(`--dry-run: ${path.relative(process.cwd(), file)} not changed`);
    } else {
        fs.writeFileSync(file, edited);
        out.push(`wrote ${path.relative(process.cwd(), file)}`);
    }
    out.push("next: run the phases above in order, reading each preview before its up");
    process.stdout.write(out.join("\n") + "\n");
});
