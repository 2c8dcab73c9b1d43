/**
 * `npm run plan -- --stack <name> [--set key=value ...] [--json]`: the offline plan of a stack.
 * No Pulumi CLI, no credentials, no network: infra/index.ts runs under Pulumi's mock runtime.
 */
import { collect, command, runCli } from "./lib/cli";
import { plan } from "./lib/plan";
import { renderTree } from "./lib/render";

const program = command("plan", "Evaluate the voice-agent program offline for a stack's config and print its resources")
    .requiredOption("--stack <name>", "stack whose Pulumi.<name>.yaml config to use")
    .option("--set <key=value>", "override a config key (no namespace; dots for nested fields; YAML value); repeatable", collect, [])
    .option("--json", "print only the inventory as JSON");

runCli("plan", program, async (p) => {
    const opts = p.opts<{ stack: string; set: string[]; json?: boolean }>();
    const inventory = await plan({ stack: opts.stack, sets: opts.set });
    process.stdout.write(opts.json ? JSON.stringify(inventory, null, 2) + "\n" : renderTree(inventory) + "\n");
});
