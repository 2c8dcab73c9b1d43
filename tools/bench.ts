/**

 * `npm run bench`: wall time, evaluation time and peak RSS of the offline plan of each prod stack
 * and of a generated 6-region cell, against the floor (the same number of resources registered by
 * a trivial program under the same mock runtime). Not a test: it prints figures and the targets'
 * verdicts. Targets: each prod plan ≤ 1.3× its floor in wall time and ≤ 2× in evaluation time (the
 * program's own run, tools/lib/benchChild.ts defines it); the 6-region plan ≤ 3.5× the 2-region
 * plan in wall time.
 * It also times `npm run review -- --base HEAD~1` over every stack against planning every stack
 * once (one `npm run plan -- --json` process per stack, as a reviewer would by hand); target
 * ≤ 2.5× when HEAD~1 has the same lockfile (otherwise the review's `npm ci` is part of the figure).
 * `BENCH_ONLY=plan` or `BENCH_ONLY=review` runs one part.
 *
 * Plan and floor processes alternate, and each ratio is the median of the ratios of those pairs: on
 * a shared machine the load drifts, and two neighbouring processes see about the same load.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { fileAt, stackNames } from "./lib/baseCheckout";

const root = path.resolve(__dirname, "..");
const runs = Number(process.env.BENCH_RUNS ?? 5);

interface Sample {
    resources: number;
    /** In the process, before the program: config, and for a plan the loading of infra/ and its provider SDKs. */
    setupMs: number;
    /** The program's own run: its call to the end of waitForRPCs. */
    evalMs: number;
    /** The whole process: node's start, module loading, setup, evaluation, exit. */
    wallMs: number;
    rssMiB: number;
}

function sample(mode: "plan" | "floor", stack: string, sets: string[], count: number): Sample {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/lib/benchChild.ts", mode, stack, JSON.stringify(sets), String(count)], {
        cwd: root,
        encoding: "utf8",
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0) throw new Error(`${mode} ${stack} failed: ${r.stderr}`);
    return { ...JSON.parse(r.stdout), wallMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Pairs {
    plan: Sample;
    floor: Sample;
    /** Medians of the per-pair ratios plan/floor. */
    wallRatio: number;
    evalRatio: number;
}

/** `runs` alternating plan and floor processes; each figure the median over its processes. */
function measure(stack: string, sets: string[]): Pairs {
    const plans: Sample[] = [];
    const floors: Sample[] = [];
    for (let i = 0; i < runs; i++) {
        plans.push(sample("plan", stack, sets, 0));
        floors.push(sample("floor", stack, sets, plans[0].resources));
    }
    const summary = (xs: Sample[]): Sample => ({
        resources: xs[0].resources,
        setupMs: median(xs.map((x) => x.setupMs)),
        evalMs: median(xs.map((x) => x.evalMs)),
        wallMs: median(xs.map((x) => x.wallMs)),
        rssMiB: median(xs.map((x) => x.rssMiB)),
    });
    return {
        plan: summary(plans),
        floor: summary(floors),
        wallRatio: median(plans.map((p, i) => p.wallMs / floors[i].wallMs)),
        evalRatio: median(plans.map((p, i) => p.evalMs / floors[i].evalMs)),
    };
}

/** A 6-region European cell: prod-eu's two regions plus four more, non-overlapping ranges and windows. */
export function sixRegionSets(): string[] {
    const extra: [string, string[], number, string[], string][] = [
        ["europe-west3", ["a", "b", "c"], 12, ["SA", "SU"], "15:00"],
        ["europe-north1", ["a", "b", "c"], 13, ["TU", "WE"], "01:00"],
        ["europe-west2", ["a", "b", "c"], 14, ["TU", "WE"], "08:00"],
        ["europe-southwest1", ["a", "b", "c"], 15, ["TU", "WE"], "15:00"],
    ];
    return extra.map(([region, zones, n, days, start], i) => {
        const spec = {
            zones: zones.map((z) => `${region}-${z}`),
            subnet: { nodes: `10.${n}.0.0/20`, pods: `10.${72 + i * 4}.0.0/14`, services: `10.${22 + i}.0.0/20`, controlPlane: `172.16.${i + 1}.0/28` },
            maintenance: { days, start, hours: 6 },
            // Failover capacity defaults to the sum of all six regions' minimums: room for it.
            nodePool: { minPerZone: 1, maxPerZone: 10 },
        };
        return `regions.${region}=${JSON.stringify(spec)}`;
    }).concat(["database.drReplicaRegion=europe-west4"]);
}

function row(label: string, s: Sample): string {
    const ms = (x: number) => x.toFixed(0).padStart(6);
    return `${label.padEnd(28)} ${String(s.resources).padStart(5)} resources  setup ${ms(s.setupMs)} ms  eval ${ms(s.evalMs)} ms  wall ${ms(s.wallMs)} ms  peak RSS ${s.rssMiB.toFixed(0).padStart(4)} MiB`;
}

/** Median wall time of a command run `runs` times in the project root. */
function wallOf(label: string, args: string[]): number {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
        const started = process.hrtime.bigint();
        const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", ...args], { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
        // The review exits 1 on a blocking verdict; only 2 and 3 mean it did not run.
        if (r.status !== 0 && !(args[0] === "tools/review.ts" && r.status === 1)) throw new Error(`${label} failed (${r.status}): ${r.stderr}`);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

function benchReview(verdicts: string[]): void {
    const stacks = stackNames(fs.readdirSync(root));
    const lockUnchanged = fileAt(root, "HEAD~1", "package-lock.json") === fs.readFileSync(path.join(root, "package-lock.json"), "utf8");
    const plans = stacks.map((s) => wallOf(`plan ${s}`, ["tools/plan.ts", "--stack", s, "--json"]));
    const planAll = plans.reduce((a, b) => a + b, 0);
    const review = wallOf("review", ["tools/review.ts", "--base", "HEAD~1", "--format", "json"]);
    console.log(`${"plan every stack once".padEnd(28)} ${stacks.join(", ")}: ${plans.map((p) => p.toFixed(0)).join(" + ")} = ${planAll.toFixed(0)} ms wall`);
    console.log(`${"review against HEAD~1".padEnd(28)} all ${stacks.length} stacks, both sides: ${review.toFixed(0)} ms wall (lockfile ${lockUnchanged ? "unchanged: node_modules linked" : "changed: npm ci included"})`);
    const ratio = review / planAll;
    verdicts.push(`review/plan-every-stack wall ${ratio.toFixed(2)}×, target ≤ 2.5× with an unchanged lockfile: ${!lockUnchanged ? "not applicable (lockfile changed)" : ratio <= 2.5 ? "met" : "MISSED"}`);
}

function main(): void {
    console.log(`${runs} alternating plan/floor processes each (BENCH_RUNS to change); figures are medians, ratios the median of the pairs' ratios`);
    const verdicts: string[] = [];
    if (process.env.BENCH_ONLY !== "plan") benchReview(verdicts);
    if (process.env.BENCH_ONLY === "review") {
        console.log("");
        for (const v of verdicts) console.log(v);
        return;
    }
    const results: Record<string, Pairs> = {};
    for (const [label, stack, sets] of [
        ["prod-eu", "prod-eu", []],
        ["prod-me", "prod-me", []],
        ["6-region (prod-eu + 4)", "prod-eu", sixRegionSets()],
    ] as [string, string, string[]][]) {
        const r = measure(stack, sets);
        results[label] = r;
        console.log(row(`${label} plan`, r.plan));
        console.log(row(`${label} floor`, r.floor));
        if (label.startsWith("prod")) {
            const met = r.wallRatio <= 1.3 && r.evalRatio <= 2;
            verdicts.push(
                `${label}: plan/floor wall ${r.wallRatio.toFixed(2)}×, eval ${r.evalRatio.toFixed(2)}× (RSS ${(r.plan.rssMiB / r.floor.rssMiB).toFixed(2)}×); targets ≤ 1.3× wall, ≤ 2× eval: ${met ? "met" : "MISSED"}`,
            );
        }
    }
    const six = results["6-region (prod-eu + 4)"].plan;
    const two = results["prod-eu"].plan;
    const scale = six.wallMs / two.wallMs;
    verdicts.push(`6-region/2-region wall ${scale.toFixed(2)}× (eval ${(six.evalMs / two.evalMs).toFixed(2)}×), target ≤ 3.5×: ${scale <= 3.5 ? "met" : "MISSED"}`);
    console.log("");
    for (const v of verdicts) console.log(v);
}

main();
