/**
 * `npm run remediate -- <action> [value] --stack <s> [--to <region>] [--tag <t>] [--digest <d>] [--dry-run] [--wait <s>]`
 *
 * Applies a runbook remediation to a stack file: validates the result with the program's own
 * config schema, prints the offline diff against the current file, writes the file (unless
 * --dry-run) and prints the commands to run next. The whole read–edit–write holds the stack
 * file's lock, so a second remediation on the same stack waits for it (or refuses naming its
 * holder) and then edits the file as the first one left it. The edit changes only the edited
 * keys' lines, and the write is atomic. Anything invalid exits 1 and leaves the file untouched.
 */
import { InvalidArgumentError } from "commander";
import { cannotApplyWarnings } from "./lib/bringUp/applicable";
import { command, runCli } from "./lib/cli";
import { limits } from "./lib/limits";
import { phasesWith, renderPhases } from "./lib/phases";
import { plan, resolveConfig } from "./lib/plan";
import { actionNamed, actions, checkArgs, describeEdit, yamlEdits } from "./lib/remediate";
import { acquireLock, writeStackTextAtomic } from "./lib/stackFile";
import { checkStackName, parseStackText, readStackFileText, stackFile } from "./lib/stackConfig";
import { editYamlText } from "./lib/yamlEdit";

function seconds(v: string): number {
    if (!/^\d{1,4}$/.test(v)) throw new InvalidArgumentError("give whole seconds, 0 to 9999");
    return Number(v);
}

const program = command("remediate", `Apply a runbook remediation to a stack file.\nActions:\n${actions.map((a) => `  ${a.usage.padEnd(44)} ${a.runbook}`).join("\n")}`)
    .argument("<action>", "the remediation")
    .argument("[value]", "the action's argument (provider, on|off)")
    .requiredOption("--stack <name>", "stack whose Pulumi.<name>.yaml to edit")
    .option("--to <region>", "db-switchover: the region that becomes primary")
    .option("--tag <tag>", "rollback: the release tag to run")
    .option("--digest <digest>", "rollback: the image digest to run")
    .option("--dry-run", "print the diff and the commands, write nothing")
    .option("--wait <seconds>", "how long to wait for another remediation of the same stack file", seconds, limits.lockWaitSeconds);

runCli("remediate", program, async (p) => {
    const [actionName, value] = p.args as [string, string | undefined];
    const opts = p.opts<{ stack: string; to?: string; tag?: string; digest?: string; dryRun?: boolean; wait: number }>();
    const action = actionNamed(actionName);
    const args = { value, to: opts.to, tag: opts.tag, digest: opts.digest };
    checkArgs(action, args);
    checkStackName(opts.stack);
    const label = `Pulumi.${opts.stack}.yaml`;

    // A dry run writes nothing, so it does not wait for a writer.
    const release = opts.dryRun ? () => undefined : await acquireLock(stackFile(opts.stack), `remediate ${action.name}`, { waitMs: opts.wait * 1000, label });
    try {
        const read = readStackFileText(opts.stack);
        const stackConfig = parseStackText(read.text, label);
        const current = resolveConfig({ stack: opts.stack, stackConfig }).config;
        const out: string[] = [`remediate ${action.name} on ${opts.stack} (runbook: ${action.runbook})`];
        const already = action.already?.(current, args);
        if (already !== undefined) {
            out.push(`nothing to change: ${already}; ${label} not changed`);
            process.stdout.write(out.join("\n") + "\n");
            return;
        }
        const edits = action.edits(current, args);
        const edited = editYamlText(read.text, yamlEdits(edits));
        const editedConfig = parseStackText(edited, label);

        // Validate with the program's schema before anything is written.
        resolveConfig({ stack: opts.stack, stackConfig: editedConfig });

        const phases = await phasesWith(action.name, args, opts.stack, {
            config: current,
            stackText: read.text,
            planOf: (config) => plan({ stack: opts.stack, stackConfig: config }),
        });
        for (const e of edits) out.push(`  ${describeEdit(current, e)}`);
        out.push("", renderPhases(current, phases), "");
        if (edited === read.text) {
            out.push(`nothing to change: ${label} already says so`);
        } else if (opts.dryRun) {
            out.push(`--dry-run: ${label} not changed`);
        } else {
            writeStackTextAtomic(read, edited, { label });
            out.push(`wrote ${label}`);
        }
        out.push("next: run the phases above in order, reading each preview before its up");
        for (const w of cannotApplyWarnings(opts.stack, editedConfig)) process.stderr.write(`${w}\n`);
        process.stdout.write(out.join("\n") + "\n");
    } finally {
        release();
    }
});
