/**
 * `npm run remediate -- <action> [value] --stack <s> [--to <region>] [--region <region>] [--tag <t>]
 *   [--digest <d>] [--phase <n>] [--state <export.json>] [--dry-run] [--wait <s>]`
 *
 * Applies a runbook remediation to a stack file: validates the result with the program's own
 * config schema, prints what the action really does, its phases (tools/lib/phases.ts, from the
 * remediation-action table) with their exact commands and predicted diffs, the time each takes to
 * take effect, and writes the file (unless --dry-run). `--phase <n>` writes the edits of phase n
 * of an action whose later phases edit the file (a failback's capacity stages). The whole
 * read–edit–write holds the stack file's lock, so a second remediation on the same stack waits for
 * it (or refuses naming its holder). The edit changes only the edited keys' lines, and the write is
 * atomic. Anything invalid exits 1 and leaves the file untouched.
 */
import { InvalidArgumentError } from "commander";
import { cannotApplyWarnings } from "./lib/bringUp/applicable";
import { remediateCommand } from "../infra/config/remediations";
import { command, runCli } from "./lib/cli";
import { stackFileWarnings } from "./lib/gitStatus";
import { limits } from "./lib/limits";
import { phasesWith, renderPhases } from "./lib/phases";
import { plan, resolveConfig } from "./lib/plan";
import {
    actionNamed,
    actions,
    asUserError,
    checkArgs,
    firstEditingPhase,
    RemediationError,
    yamlEdits,
} from "./lib/remediate";
import { compareWithState, readStateFile } from "./lib/deployedState";
import { acquireLock, writeStackTextAtomic } from "./lib/stackFile";
import { checkStackName, parseStackText, readStackFileText, stackFile } from "./lib/stackConfig";
import { timeToEffect } from "./lib/timeToEffect";
import { editYamlText } from "./lib/yamlEdit";

function seconds(v: string): number {
    if (!/^\d{1,4}$/.test(v)) throw new InvalidArgumentError("give whole seconds, 0 to 9999");
    return Number(v);
}

function phaseNumber(v: string): number {
    if (!/^[1-9]\d?$/.test(v)) throw new InvalidArgumentError("give a phase number from 1");
    return Number(v);
}

const program = command(
    "remediate",
    `Apply a runbook remediation to a stack file.\nActions:\n${actions.map((a) => `  ${a.usage.padEnd(44)} ${a.runbook}`).join("\n")}`,
)
    .argument("<action>", "the remediation")
    .argument("[value]", "the action's argument (provider, on|off)")
    .requiredOption("--stack <name>", "stack whose Pulumi.<name>.yaml to edit")
    .option("--to <region>", "db-switchover, db-promote-replica: the region that becomes primary")
    .option("--region <region>", "drain-region: the region to drain; region-failback: the one region to restore")
    .option("--tag <tag>", "rollback: the release tag to run")
    .option("--digest <digest>", "rollback: the image digest to run")
    .option("--phase <n>", "write the edits of phase n (a later phase that edits the stack file)", phaseNumber)
    .option("--state <file>", "the deployed state (`pulumi stack export` JSON) to compare the stack file with")
    .option("--dry-run", "print the phases and their diffs, write nothing")
    .option(
        "--wait <seconds>",
        "how long to wait for another remediation of the same stack file",
        seconds,
        limits.lockWaitSeconds,
    );

interface Options {
    stack: string;
    to?: string;
    region?: string;
    tag?: string;
    digest?: string;
    phase?: number;
    state?: string;
    dryRun?: boolean;
    wait: number;
}

runCli("remediate", program, async (p) => {
    const [actionName, value] = p.args as [string, string | undefined];
    const opts = p.opts<Options>();
    const action = actionNamed(actionName);
    const args = { value, to: opts.to, tag: opts.tag, digest: opts.digest, region: opts.region };
    checkArgs(action, args);
    checkStackName(opts.stack);
    const label = `Pulumi.${opts.stack}.yaml`;
    const fromPhase = (opts.phase ?? firstEditingPhase(action) + 1) - 1;
    if (fromPhase >= action.phases.length)
        throw new RemediationError(`${action.name}: --phase ${opts.phase}: it has ${action.phases.length} phase(s)`);
    const writtenPhase = action.phases[fromPhase];
    if (opts.phase !== undefined && !writtenPhase?.edits) {
        throw new RemediationError(
            `${action.name}: phase ${opts.phase} edits nothing; run its commands (remediate --dry-run lists them)`,
        );
    }
    const state = opts.state !== undefined ? readStateFile(opts.state, opts.stack) : undefined;

    // A dry run writes nothing, so it does not wait for a writer.
    const release = opts.dryRun
        ? () => undefined
        : await acquireLock(stackFile(opts.stack), `remediate ${action.name}`, { waitMs: opts.wait * 1000, label });
    try {
        const read = readStackFileText(opts.stack);
        const current = resolveConfig({ stack: opts.stack, stackConfig: parseStackText(read.text, label) }).config;
        const invocation = remediateCommand(opts.stack, action.name, args)
            .replace(/^npm run remediate -- /, "")
            .replace(/ --stack \S+$/, "");
        const out: string[] = [`remediate ${invocation} on ${opts.stack} (runbook: ${action.runbook})`];
        const already = fromPhase <= firstEditingPhase(action) ? action.already?.(current, args) : undefined;
        if (already !== undefined) {
            out.push(`nothing to change: ${already}; ${label} not changed`);
            process.stdout.write(out.join("\n") + "\n");
            return;
        }
        out.push(`what it does: ${asUserError(() => action.does(current, args))}`);
        const planOf = (config: Record<string, unknown>, unknownAtPreview?: ReadonlySet<string>) =>
            plan({ stack: opts.stack, stackConfig: config, ...(unknownAtPreview ? { unknownAtPreview } : {}) });
        const phases = await phasesWith(
            action.name,
            args,
            opts.stack,
            { config: current, stackText: read.text, planOf, ...(state ? { deployed: state.inventory } : {}) },
            fromPhase,
        );
        const written = phases[0];
        const edited = written && written.writes.length > 0 ? written : undefined;
        // Validate with the program's schema before anything is written (phasesWith resolved each phase's config).
        const editedText = edited ? editYamlText(read.text, yamlEdits(edited.writes)) : read.text;
        parseStackText(editedText, label);

        out.push(...stackFileWarnings(opts.stack));
        out.push(...(await compareWithState(opts.stack, state, planOf(parseStackText(read.text, label)), opts.state)));
        out.push(
            "",
            renderPhases(phases),
            "",
            "time to effect:",
            ...timeToEffect(action.name, phases, opts.stack).map((l) => `  ${l}`),
            "",
        );
        if (!edited) {
            out.push(`nothing to write: ${label} already says what phase ${fromPhase + 1} needs`);
        } else if (opts.dryRun) {
            out.push(`--dry-run: ${label} not changed`);
        } else {
            writeStackTextAtomic(read, editedText, { label });
            out.push(`wrote ${label} (phase ${edited.number}'s edits)`);
        }
        out.push(
            `next: commit ${label} (git commit) so the team sees what is being applied, then run the phases above in order, ` +
                "reading each preview before its up",
        );
        for (const w of cannotApplyWarnings(opts.stack, parseStackText(editedText, label)))
            process.stderr.write(`${w}\n`);
        process.stdout.write(out.join("\n") + "\n");
    } finally {
        release();
    }
});
