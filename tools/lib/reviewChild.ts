/**
 * One side of a review, in its own process: `node -r ts-node/register/transpile-only
 * <this file> <stack> ...` with the tree to plan as the working directory (the base revision's
 * worktree, or the working tree). It plans each stack with THAT tree's program and stack files,
 * judges each plan with that tree's policy pack, and prints one JSON document on stdout.
 *
 * It imports nothing of the tree it lives in: everything it runs is required from the working
 * directory, so the base side is the base revision's own program, config schema and pack. One
 * process plans every stack in turn (the SDK and providers load once, which is most of a plan's
 * time); the two sides run as two processes in parallel. With `--unknown-at-preview <json>`
 * (stack → URNs) it plans each stack as a preview over the other side sees it (PlanOptions
 * unknownAtPreview).
 */
import * as fs from "fs";
import * as path from "path";

export interface SidePlan {
    /** False when the tree has no `Pulumi.<stack>.yaml`. */
    present: boolean;
    inventory?: unknown;
    /** The tree's own pack's findings; null when the tree has no offline policy runner. */
    violations?: unknown[] | null;
    /** The plan failed (bad config at this revision): the message, as the plan CLI prints it. */
    error?: string;
}

export interface SideResult {
    stacks: Record<string, SidePlan>;
}

async function main(argv: string[]): Promise<SideResult> {
    const unknownFlag = argv[0] === "--unknown-at-preview";
    const unknownAt = unknownFlag ? (JSON.parse(argv[1] ?? "{}") as Record<string, string[]>) : {};
    const stacks = unknownFlag ? argv.slice(2) : argv;
    const root = process.cwd();
    const planModule = path.join(root, "tools", "lib", "plan.ts");
    if (!fs.existsSync(planModule)) throw new Error(`${root} has no offline plan (tools/lib/plan.ts)`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the plan of the checked-out tree, a path known only at run time
    const { plan } = require(planModule) as {
        plan: (o: { stack: string; unknownAtPreview?: ReadonlySet<string> }) => Promise<{ resources: unknown[] }>;
    };
    const policyModule = path.join(root, "tools", "lib", "policy.ts");
    const loadRunner = () =>
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the pack runner of the checked-out tree, a path known only at run time
        (require(policyModule) as { runPolicies: (i: unknown) => unknown[] }).runPolicies;
    const runPolicies = fs.existsSync(policyModule) ? loadRunner() : undefined;
    const result: SideResult = { stacks: {} };
    for (const stack of stacks) {
        if (!fs.existsSync(path.join(root, `Pulumi.${stack}.yaml`))) {
            result.stacks[stack] = { present: false };
            continue;
        }
        try {
            const unknown = unknownAt[stack];
            const inventory = await plan({ stack, ...(unknown ? { unknownAtPreview: new Set(unknown) } : {}) });
            result.stacks[stack] = {
                present: true,
                inventory,
                violations: runPolicies ? runPolicies(inventory) : null,
            };
        } catch (e) {
            // Config and stack-file errors are the input's fault and carry a message naming the key;
            // anything else is reported the same way, with its first line only (no stack trace).
            result.stacks[stack] = {
                present: true,
                error: String((e as Error).message ?? e)
                    .split("\n")
                    .slice(0, 20)
                    .join("\n"),
            };
        }
    }
    return result;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (r) => process.stdout.write(JSON.stringify(r), () => process.exit(0)),
        (e) => {
            process.stderr.write(`${(e as Error).message ?? String(e)}\n`);
            process.exit(3);
        },
    );
}
