/**
 * `npm run bringup -- --stack <name> [--set key=value ...] [--rehearse] [--json]`, or
 * `--inventory <file|->` for a saved plan: the bring-up check of a stack's offline plan (the
 * prerequisites Google's APIs enforce on a first `up` and on a drill cell's `destroy`, each rule
 * with its source), and with `--rehearse` the first up's waves and the destroy's phases.
 * Exit 1 when a prerequisite is missing, one line per finding; 2 on usage or a malformed inventory.
 */
import { checkBringUp, findingLine, renderReport } from "./lib/bringUp/check";
import { rehearse, renderRehearsal } from "./lib/bringUp/rehearse";
import { collect, command, runCli } from "./lib/cli";
import { parseInventory, readInput } from "./lib/inventoryInput";
import { plan, type Inventory } from "./lib/plan";
import { applyOverrides, readStackConfig } from "./lib/stackConfig";
import { UsageError } from "./lib/userError";

const program = command(
    "bringup",
    "Check a stack's offline plan for the prerequisites of a first pulumi up and a drill cell's destroy",
)
    .option("--stack <name>", "stack whose Pulumi.<name>.yaml to plan")
    .option("--set <key=value>", "override a config key, as for npm run plan; repeatable", collect, [])
    .option("--inventory <file|->", "check a saved inventory (npm run plan -- --json) instead of planning")
    .option(
        "--rehearse",
        "also print what the first up creates in which waves, and what destroy deletes in which order",
    )
    .option("--json", "print the report (and the rehearsal) as JSON");

/**
 * A saved inventory, checked against the inventory's schema first (exit 2 naming the problem); the
 * fields that schema leaves out (custom, propertyDependencies) are read from the JSON itself.
 */
function savedInventory(text: string, what: string): Inventory {
    parseInventory(text, what);
    const raw = JSON.parse(text) as Partial<Inventory> & { resources: Partial<Inventory["resources"][number]>[] };
    return {
        project: raw.project ?? "voice-agent",
        stack: raw.stack ?? what,
        config: raw.config ?? {},
        outputs: raw.outputs ?? {},
        resources: raw.resources.map((r) => ({
            ...r,
            urn: String(r.urn),
            type: String(r.type),
            name: String(r.name),
            parent: r.parent ?? "",
            protect: r.protect ?? false,
            custom: r.custom ?? true,
            dependsOn: r.dependsOn ?? [],
            provider: r.provider ?? "",
            inputs: r.inputs ?? {},
        })),
    };
}

runCli("bringup", program, async (p) => {
    const opts = p.opts<{ stack?: string; set: string[]; inventory?: string; rehearse?: boolean; json?: boolean }>();
    if ((opts.stack === undefined) === (opts.inventory === undefined))
        throw new UsageError("give exactly one of --stack <name> and --inventory <file|->");
    if (opts.inventory !== undefined && opts.set.length > 0) throw new UsageError("--set applies to --stack only");
    const inventory =
        opts.inventory !== undefined
            ? savedInventory(await readInput(opts.inventory), opts.inventory === "-" ? "stdin" : opts.inventory)
            : await plan({ stack: opts.stack ?? "", sets: opts.set });
    const report = checkBringUp(
        inventory,
        opts.stack !== undefined ? applyOverrides(readStackConfig(opts.stack), opts.set) : undefined,
    );
    const rehearsal = opts.rehearse ? rehearse(inventory) : undefined;
    if (opts.json) process.stdout.write(JSON.stringify(rehearsal ? { report, rehearsal } : { report }, null, 2) + "\n");
    else process.stdout.write(renderReport(report) + (rehearsal ? `\n\n${renderRehearsal(rehearsal)}` : "") + "\n");
    if (report.findings.length > 0) {
        if (opts.json) for (const f of report.findings) process.stderr.write(findingLine(f) + "\n");
        process.exitCode = 1;
    }
});
