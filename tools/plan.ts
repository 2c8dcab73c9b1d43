/**
 * `npm run plan -- --stack <name> [--set key=value ...] [--json] [--policy]`: the offline plan of a
 * stack. No Pulumi CLI, no credentials, no network: infra/index.ts runs under Pulumi's mock
 * runtime. `--policy` also judges the plan with the policy pack (policies/), as
 * `pulumi preview --policy-pack policies` would, and exits 1 on a mandatory violation.
 */
import { collect, command, runCli } from "./lib/cli";
import { cannotApplyWarnings } from "./lib/bringUp/applicable";
import { plan } from "./lib/plan";
import { renderViolations, runPolicies } from "./lib/policy";
import { renderTree } from "./lib/render";
import { readStackConfig } from "./lib/stackConfig";

const program = command("plan", "Evaluate the voice-agent program offline for a stack's config and print its resources")
    .requiredOption("--stack <name>", "stack whose Pulumi.<name>.yaml config to use")
    .option(
        "--set <key=value>",
        "override a config key (no namespace; dots for nested fields; YAML value); repeatable",
        collect,
        [],
    )
    .option("--json", "print only the inventory as JSON")
    .option(
        "--policy",
        "also run the policy pack on the plan (violations on stderr with --json); exit 1 on a mandatory one",
    );

runCli("plan", program, async (p) => {
    const opts = p.opts<{ stack: string; set: string[]; json?: boolean; policy?: boolean }>();
    const inventory = await plan({ stack: opts.stack, sets: opts.set });
    process.stdout.write(opts.json ? JSON.stringify(inventory, null, 2) + "\n" : renderTree(inventory) + "\n");
    if (opts.policy) {
        const violations = runPolicies(inventory);
        // With --json, stdout stays the inventory alone; the verdict goes to stderr.
        (opts.json ? process.stderr : process.stdout).write(`\npolicy pack:\n${renderViolations(violations)}\n`);
        if (violations.some((v) => v.enforcementLevel === "mandatory")) process.exitCode = 1;
    }
    // The plan stands; whether `pulumi up` can apply it yet is said last, on stderr.
    for (const w of cannotApplyWarnings(opts.stack, readStackConfig(opts.stack))) process.stderr.write(`${w}\n`);
});
