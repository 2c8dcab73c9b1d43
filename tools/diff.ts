/**
 * `npm run diff -- --stack <s> --set key=value … [--json]`: what the overrides change against the
 * stack file's config, per resource, offline.
 */
import { Command } from "commander";
import { ConfigError } from "../infra/config";
import { exitWhenFlushed } from "./lib/exit";
import { diffInventories, renderDiff } from "./lib/diff";
import { plan } from "./lib/plan";
import { StackConfigError } from "./lib/stackConfig";

const collect = (value: string, previous: string[]) => [...previous, value];

async function main(argv: string[]): Promise<number> {
    const program = new Command()
        .name("diff")
        .description("Show what config overrides change, per resource, against the stack file (offline)")
        .requiredOption("--stack <name>", "stack whose Pulumi.<name>.yaml is the base")
        .option("--set <key=value>", "override a config key (no namespace; dots for nested fields; YAML value); repeatable", collect, [])
        .option("--json", "print the diff as JSON")
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s) });
    try {
        program.parse(argv, { from: "user" });
    } catch (e) {
        return (e as { exitCode?: number }).exitCode ?? 2;
    }
    const opts = program.opts<{ stack: string; set: string[]; json?: boolean }>();
    try {
        const before = await plan({ stack: opts.stack });
        const after = await plan({ stack: opts.stack, sets: opts.set });
        const d = diffInventories(before, after);
        process.stdout.write(opts.json ? JSON.stringify({ stack: opts.stack, sets: opts.set, ...d }, null, 2) + "\n" : renderDiff(d) + "\n");
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
        process.stderr.write(`diff failed: ${(e as Error).stack ?? String(e)}\n`);
        exitWhenFlushed(3);
    },
);
