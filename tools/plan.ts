/**
 * `npm run plan -- --stack <name> [--set key=value ...] [--json]`: the offline plan of a stack.
 * No Pulumi CLI, no credentials, no network: infra/index.ts runs under Pulumi's mock runtime.
 */
import { Command } from "commander";
import { ConfigError } from "../infra/config";
import { exitWhenFlushed } from "./lib/exit";
import { plan } from "./lib/plan";
import { renderTree } from "./lib/render";
import { StackConfigError } from "./lib/stackConfig";

const collect = (value: string, previous: string[]) => [...previous, value];

async function main(argv: string[]): Promise<number> {
    const program = new Command()
        .name("plan")
        .description("Evaluate the voice-agent program offline for a stack's config and print its resources")
        .requiredOption("--stack <name>", "stack whose Pulumi.<name>.yaml config to use")
        .option("--set <key=value>", "override a config key (no namespace; dots for nested fields; YAML value); repeatable", collect, [])
        .option("--json", "print only the inventory as JSON")
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s) });
    try {
        program.parse(argv, { from: "user" });
    } catch (e) {
        return (e as { exitCode?: number }).exitCode ?? 2;
    }
    const opts = program.opts<{ stack: string; set: string[]; json?: boolean }>();
    try {
        const inventory = await plan({ stack: opts.stack, sets: opts.set });
        process.stdout.write(opts.json ? JSON.stringify(inventory, null, 2) + "\n" : renderTree(inventory) + "\n");
        return 0;
    } catch (e) {
        if (e instanceof ConfigError || e instanceof StackConfigError) {
            process.stderr.write(`error: ${e.message}\n`);
            return 1;
        }
        throw e;
    }
}

main(process.argv.slice(2)).then(
    (code) => exitWhenFlushed(code),
    (e) => {
        process.stderr.write(`plan failed: ${(e as Error).stack ?? String(e)}\n`);
        exitWhenFlushed(3);
    },
);
