/**
 * One benchmark measurement in a fresh process: `plan` runs the offline plan of a stack, `floor`
 * registers the same number of resources through a trivial program under the same mock runtime,
 * and `replay` and `bare` register the plan's own inventory again from a file with no logic of
 * their own, through the provider SDKs' classes or as bare custom resources (./benchReplay.ts).
 * Prints one JSON line: resources, setup and evaluation milliseconds, peak RSS in MiB.
 *
 * Evaluation is the program's own run: from the call of the program function to the plan's return,
 * which follows waitForRPCs (every registration answered by the mocks). Setup is what comes before
 * it in this process: reading and checking the stack's config and, for `plan`, loading infra/ and
 * the provider SDKs it imports. Node's start and the modules every plan loads (Pulumi's SDK, the
 * plan runner) come before both, so only the parent's wall time includes them.
 */
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { plan, type Inventory } from "./plan";

/** A custom resource of a type no provider has: the mock runtime registers it like any other. */
class Thing extends pulumi.CustomResource {
    constructor(name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super("bench:index:Thing", name, props, opts);
    }
}

type Program = () => Promise<Record<string, unknown>>;

/** The floor: one component per ten resources, like the cell's components, each child with a small input map. */
function floorProgram(count: number): Program {
    // eslint-disable-next-line @typescript-eslint/require-await -- a Pulumi program is an async function; the floor program registers synchronously
    return async () => {
        let parent: pulumi.ComponentResource | undefined;
        for (let i = 1; i < count; i++) {
            if (i % 10 === 1) parent = new pulumi.ComponentResource("bench:index:Group", `group-${i}`, {});
            else new Thing(`thing-${i}`, { name: `thing-${i}`, labels: { cell: "bench" }, size: i }, { parent });
        }
        return {};
    };
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

async function main(): Promise<void> {
    // The last argument: the floor's resource count, or the replays' inventory file.
    const [mode, stack = "", setsJson = "[]", last = ""] = process.argv.slice(2);
    const sets = JSON.parse(setsJson) as string[];
    const started = now();
    let program: Program;
    if (mode === "plan") {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program loads inside the measured span, as the plan loads it
        program = require("../../infra/index") as Program;
    } else if (mode === "replay" || mode === "bare") {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for the replay modes, inside the measured span
        const { replayProgram } = require("./benchReplay") as typeof import("./benchReplay");
        program = replayProgram(
            JSON.parse(fs.readFileSync(last, "utf8")) as Inventory,
            mode === "replay" ? "classes" : "bare",
        );
    } else if (mode === "floor") {
        program = floorProgram(Number(last));
    } else {
        throw new Error(`unknown mode ${mode}: plan, floor, replay or bare`);
    }
    let evaluating = 0;
    const inventory = await plan({
        stack,
        sets,
        program: () => {
            evaluating = now();
            return program();
        },
    });
    const done = now();
    process.stdout.write(
        JSON.stringify({
            resources: inventory.resources.length,
            setupMs: evaluating - started,
            evalMs: done - evaluating,
            rssMiB: process.resourceUsage().maxRSS / 1024,
        }) + "\n",
    );
}

main().then(
    () => process.exit(0),
    (e) => {
        process.stderr.write(String((e as Error).stack ?? e) + "\n");
        process.exit(1);
    },
);
