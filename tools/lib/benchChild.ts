/**
 * One benchmark measurement in a fresh process: `plan` runs the offline plan of a stack, `floor`
 * registers the same number of resources through a trivial program under the same mock runtime.
 * Prints one JSON line: resources, evaluation milliseconds, peak RSS in MiB.
 */
import * as pulumi from "@pulumi/pulumi";
import { plan } from "./plan";

/** A custom resource of a type no provider has: the mock runtime registers it like any other. */
class Thing extends pulumi.CustomResource {
    constructor(name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super("bench:index:Thing", name, props, opts);
    }
}

async function main(): Promise<void> {
    const [mode, stack, setsJson, countText] = process.argv.slice(2);
    const sets = JSON.parse(setsJson) as string[];
    const started = process.hrtime.bigint();
    let resources: number;
    if (mode === "plan") {
        resources = (await plan({ stack, sets })).resources.length;
    } else {
        const count = Number(countText);
        const program = async () => {
            // One component per ten resources, like the cell's components, each child with a
            // small input map.
            let parent: pulumi.ComponentResource | undefined;
            for (let i = 1; i < count; i++) {
                if (i % 10 === 1) parent = new pulumi.ComponentResource("bench:index:Group", `group-${i}`, {});
                else new Thing(`thing-${i}`, { name: `thing-${i}`, labels: { cell: "bench" }, size: i }, { parent });
            }
            return {};
        };
        resources = (await plan({ stack, sets, program })).resources.length;
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(JSON.stringify({ resources, ms, rssMiB: process.resourceUsage().maxRSS / 1024 }) + "\n");
}

main().then(
    () => process.exit(0),
    (e) => {
        process.stderr.write(String((e as Error).stack ?? e) + "\n");
        process.exit(1);
    },
);
