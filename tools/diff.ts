/**
 * `npm run diff -- --stack <s> --set key=value … [--json]`: what the overrides change against the
 * stack file's config, per resource, offline.
 */
import { collect, command, runCli } from "./lib/cli";
import { diffInventories, renderDiff } from "./lib/diff";
import { plan, resolveConfig } from "./lib/plan";
import { maskSet } from "./lib/stackConfig";

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

const program = command("diff", "Show what config overrides change, per resource, against the stack file (offline)")
    .requiredOption("--stack <name>", "stack whose Pulumi.<name>.yaml is the base")
    .option("--set <key=value>", "override a config key (no namespace; dots for nested fields; YAML value); repeatable", collect, [])
    .option("--json", "print the diff as JSON");

runCli("diff", program, async (p) => {
    const opts = p.opts<{ stack: string; set: string[]; json?: boolean }>();
    const d = diffInventories(await plan({ stack: opts.stack }), await plan({ stack: opts.stack, sets: opts.set }));
    // The inventories mask every secret, so a rotated one changes nothing in them: named here, masked.
    const before = resolveConfig({ stack: opts.stack });
    const after = resolveConfig({ stack: opts.stack, sets: opts.set });
    const secrets = changedSecrets(before, after);
    const rotated = secrets.map((k) => `${k}: ${secretChange(before.raw[k], after.raw[k])}`);
    process.stdout.write(
        opts.json
            ? JSON.stringify({ stack: opts.stack, sets: opts.set.map(maskSet), ...d, secretsChanged: secrets }, null, 2) + "\n"
            : [...rotated, renderDiff(d)].join("\n") + "\n",
    );
});
