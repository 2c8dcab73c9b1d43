/**
 * `npm run diff -- --stack <s> --set key=value … [--json]`: what the overrides change against the
 * stack file's config, per resource, offline.
 */
import { collect, command, runCli } from "./lib/cli";
import { diffInventories, renderDiff } from "./lib/diff";
import { plan } from "./lib/plan";
import { maskSet } from "./lib/stackConfig";

const program = command("diff", "Show what config overrides change, per resource, against the stack file (offline)")
    .requiredOption("--stack <name>", "stack whose Pulumi.<name>.yaml is the base")
    .option("--set <key=value>", "override a config key (no namespace; dots for nested fields; YAML value); repeatable", collect, [])
    .option("--json", "print the diff as JSON");

runCli("diff", program, async (p) => {
    const opts = p.opts<{ stack: string; set: string[]; json?: boolean }>();
    const d = diffInventories(await plan({ stack: opts.stack }), await plan({ stack: opts.stack, sets: opts.set }));
    process.stdout.write(opts.json ? JSON.stringify({ stack: opts.stack, sets: opts.set.map(maskSet), ...d }, null, 2) + "\n" : renderDiff(d) + "\n");
});
