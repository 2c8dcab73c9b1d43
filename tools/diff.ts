/**
 * `npm run diff -- --stack <s> [--set key=value …] [--state <export.json>] [--json]`: what the
 * overrides change, per resource, offline. Without `--state` the base is the stack file's own
 * plan (the output says it compares stack files); with it the base is the deployed state (the JSON
 * of `pulumi stack export`), so drift and edits not applied yet show too.
 */
import { collect, command, runCli } from "./lib/cli";
import { readStateFile, stackFilesOnly } from "./lib/deployedState";
import { diffInventories, previewPlan, renderDiff } from "./lib/diff";
import { stackFileWarnings } from "./lib/gitStatus";
import { labelBackends } from "./lib/pathLabels";
import { plan, resolveConfig } from "./lib/plan";
import { checkStackName, maskSet } from "./lib/stackConfig";

/** Secret keys whose value differs between two resolved configs (values never returned). */
function changedSecrets(a: ReturnType<typeof resolveConfig>, b: ReturnType<typeof resolveConfig>): string[] {
    const keys = [...new Set([...a.secretKeys, ...b.secretKeys])].sort();
    return keys.filter((k) => a.raw[k] !== b.raw[k]);
}

function secretChange(from: string | undefined, to: string | undefined): string {
    if (from === undefined) return "(unset) → [secret] (added)";
    if (to === undefined) return "[secret] → (unset) (removed)";
    return "[secret] → [secret] (changed)";
}

const program = command(
    "diff",
    "Show what config overrides change, per resource, against the stack file or the deployed state (offline)",
)
    .requiredOption("--stack <name>", "stack whose Pulumi.<name>.yaml is the base")
    .option(
        "--set <key=value>",
        "override a config key (no namespace; dots for nested fields; YAML value); repeatable",
        collect,
        [],
    )
    .option("--state <file>", "compare with the deployed state: the JSON of `pulumi stack export`")
    .option("--json", "print the diff as JSON");

runCli("diff", program, async (p) => {
    const opts = p.opts<{ stack: string; set: string[]; state?: string; json?: boolean }>();
    checkStackName(opts.stack);
    const state = opts.state !== undefined ? readStateFile(opts.state, opts.stack) : undefined;
    const before = state ? state.inventory : await plan({ stack: opts.stack });
    const after = await previewPlan(before, (unknownAtPreview) =>
        plan({ stack: opts.stack, sets: opts.set, ...(unknownAtPreview ? { unknownAtPreview } : {}) }),
    );
    const diff = labelBackends(diffInventories(before, after), after, before);
    // The inventories mask every secret, so a rotated one changes nothing in them: named here, masked.
    const configBefore = resolveConfig({ stack: opts.stack });
    const configAfter = resolveConfig({ stack: opts.stack, sets: opts.set });
    const secrets = changedSecrets(configBefore, configAfter);
    const rotated = secrets.map((k) => `${k}: ${secretChange(configBefore.raw[k], configAfter.raw[k])}`);
    const base = state ? `the deployed state ${opts.state}` : `Pulumi.${opts.stack}.yaml`;
    if (opts.json) {
        process.stdout.write(
            JSON.stringify(
                {
                    stack: opts.stack,
                    sets: opts.set.map(maskSet),
                    base: state ? { state: opts.state } : { stackFile: `Pulumi.${opts.stack}.yaml` },
                    ...diff,
                    secretsChanged: secrets,
                },
                null,
                2,
            ) + "\n",
        );
        return;
    }
    const head = [
        state
            ? `compares the deployed state ${opts.state} (${state.inventory.resources.length} resources) with the plan of Pulumi.${opts.stack}.yaml${opts.set.length > 0 ? " and the overrides" : ""}: drift and edits not applied yet included`
            : stackFilesOnly,
        ...(state && state.pending > 0
            ? [
                  `warning: the state has ${state.pending} pending operation(s): an update was interrupted; \`pulumi refresh\` before trusting it`,
              ]
            : []),
        ...stackFileWarnings(opts.stack).filter((l) => !l.startsWith("note:")),
    ];
    process.stdout.write(`${head.join("\n")}\nbase: ${base}\n${[...rotated, renderDiff(diff)].join("\n")}\n`);
});
