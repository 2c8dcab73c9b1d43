/**
 * `npm run policy -- --inventory <file|-> [--json]`: judges an offline-plan inventory
 * (`npm run plan -- --stack <s> --json`) with the policy pack, without the Pulumi CLI.
 * Exit codes: 0 no mandatory violation, 1 at least one mandatory violation, 2 usage or an
 * unreadable or malformed inventory or config (the message names what is wrong), 3 a policy
 * failed (a bug in the pack).
 */
import { defined } from "../core/defined";
import { PolicyPackConfig } from "@pulumi/policy";
import { z } from "zod";
import { command, runCli } from "./lib/cli";
import { InventoryError, parseInventory, readInput } from "./lib/inventoryInput";
import { renderViolations, runPolicies } from "./lib/policy";

const levels = z.enum(["advisory", "mandatory", "remediate", "disabled"]);
const packConfigSchema = z.record(
    z.string(),
    z.union([levels, z.looseObject({ enforcementLevel: levels.optional() })]),
);

const program = command("policy", "Run the voice-agent policy pack against an offline-plan inventory")
    .requiredOption("--inventory <file|->", "inventory JSON from `npm run plan -- --json` (- reads stdin)")
    .option(
        "--config <file>",
        "policy pack config JSON (policy name → enforcement level or settings), as for --policy-pack-config",
    )
    .option("--json", "print { violations: [...] } as JSON");

runCli("policy", program, async (p) => {
    const opts = p.opts<{ inventory: string; config?: string; json?: boolean }>();
    const inventory = parseInventory(
        await readInput(opts.inventory),
        opts.inventory === "-" ? "stdin" : opts.inventory,
    );
    let config: PolicyPackConfig = {};
    if (opts.config) {
        let json: unknown;
        try {
            json = JSON.parse(await readInput(opts.config, 1024 * 1024));
        } catch (e) {
            if (e instanceof InventoryError) throw e;
            throw new InventoryError(`${opts.config}: is not JSON (${(e as Error).message})`);
        }
        const parsed = packConfigSchema.safeParse(json);
        if (!parsed.success) {
            const issue = defined(parsed.error.issues[0], "zod's first issue");
            throw new InventoryError(
                `${opts.config}: not a policy pack config: ${issue.path.map(String).join(".") || "(the whole file)"}: ${issue.message}`,
            );
        }
        config = parsed.data;
    }
    const violations = runPolicies(inventory, config);
    process.stdout.write(
        opts.json ? JSON.stringify({ violations }, null, 2) + "\n" : renderViolations(violations) + "\n",
    );
    if (violations.some((v) => v.enforcementLevel === "mandatory")) process.exitCode = 1;
});
