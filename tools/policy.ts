/**
 * `npm run policy -- --inventory <file|-> [--json]`: judges an offline-plan inventory
 * (`npm run plan -- --stack <s> --json`) with the policy pack, without the Pulumi CLI.
 * Exit codes: 0 no mandatory violation, 1 at least one mandatory violation, 2 unreadable input,
 * 3 a policy failed (a bug in the pack); commander reports usage errors with 1.
 */
import { Command } from "commander";
import { readFileSync } from "fs";
import { PolicyPackConfig } from "@pulumi/policy";
import { PolicyInventory, renderViolations, runPolicies } from "./lib/policy";

/**
 * The inventory text. Stdin is read as a stream: a pipe from `npm run plan` may not have data
 * yet, and a synchronous read of a non-blocking pipe fails with EAGAIN.
 */
async function readInput(path: string): Promise<string> {
    if (path !== "-") return readFileSync(path, "utf8");
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString("utf8");
}

async function main(argv: string[]): Promise<number> {
    const program = new Command()
        .name("policy")
        .description("Run the voice-agent policy pack against an offline-plan inventory")
        .requiredOption("--inventory <file|->", "inventory JSON from `npm run plan -- --json` (- reads stdin)")
        .option("--config <file>", "policy pack config JSON (policy name → enforcement level or settings), as for --policy-pack-config")
        .option("--json", "print { violations: [...] } as JSON")
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s) });
    try {
        program.parse(argv, { from: "user" });
    } catch (e) {
        return (e as { exitCode?: number }).exitCode ?? 2;
    }
    const opts = program.opts<{ inventory: string; config?: string; json?: boolean }>();
    let inventory: PolicyInventory;
    let config: PolicyPackConfig = {};
    try {
        inventory = JSON.parse(await readInput(opts.inventory));
        if (!inventory || !Array.isArray(inventory.resources)) throw new Error("it has no \"resources\" array");
        if (opts.config) config = JSON.parse(readFileSync(opts.config, "utf8"));
    } catch (e) {
        process.stderr.write(`error: cannot read the inventory or config: ${(e as Error).message}\n`);
        return 2;
    }
    const violations = runPolicies(inventory, config);
    process.stdout.write(opts.json ? JSON.stringify({ violations }, null, 2) + "\n" : renderViolations(violations) + "\n");
    return violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (e) => {
        process.stderr.write(`policy failed: ${(e as Error).stack ?? String(e)}\n`);
        process.exitCode = 3;
    },
);
