/**
 * `npm run bench`: wall time, evaluation time and peak RSS of the offline plan of each prod stack
 * and of a generated 6-region cell, against the floor (the same number of resources registered by
 * a trivial program under the same mock runtime). Not a test: it prints figures and the targets'
 * verdicts. Targets: each prod plan ≤ 1.3× its floor in wall time and ≤ 2× in evaluation time (the
 * program's own run, tools/lib/benchChild.ts defines it); the 6-region plan ≤ 3.5× the 2-region
 * plan in wall time.
 * Two more programs split each plan's evaluation: `replay` registers the plan's own inventory again
 * through the provider SDKs' classes with no logic of its own (the least any program declaring
 * these resources can take), `bare` sends the same registrations with only the inputs that are set
 * (tools/lib/benchReplay.ts). plan/replay is then the program's own cost.
 * It also times `npm run review -- --base HEAD~1` over every stack against planning every stack
 * once (one `npm run plan -- --json` process per stack, as a reviewer would by hand); target
 * ≤ 2.5× when HEAD~1 has the same lockfile (otherwise the review's `npm ci` is part of the figure).
 * `BENCH_ONLY=plan` or `BENCH_ONLY=review` runs one part.
 *
 * Plan, replay, bare and floor processes take turns, and each ratio is the median of the ratios
 * within the rounds: on a shared machine the load drifts, and neighbouring processes see about the
 * same load.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defined } from "../core/defined";
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

type Mode = "plan" | "replay" | "bare" | "floor";

function sample(mode: Mode, stack: string, sets: string[], last: string): Sample {
    const started = process.hrtime.bigint();
    const r = spawnSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", "tools/lib/benchChild.ts", mode, stack, JSON.stringify(sets), last],
        {
            cwd: root,
            encoding: "utf8",
        },
    );
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0) throw new Error(`${mode} ${stack} failed: ${r.stderr}`);
    return { ...(JSON.parse(r.stdout) as Omit<Sample, "wallMs">), wallMs };
}

const median = (xs: number[]): number =>
    defined([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)], "a median of no samples");

interface Measured {
    plan: Sample;
    /** The plan's inventory registered again through the SDK classes, and as bare resources (tools/lib/benchReplay.ts). */
    replay: Sample;
    bare: Sample;
    floor: Sample;
    /** Medians of the per-round ratios. */
    wallRatio: number;
    evalRatio: number;
    replayEvalRatio: number;
    bareEvalRatio: number;
    planReplayEvalRatio: number;
}

/** The plan's inventory, written where the replays read it. */
function inventoryFile(dir: string, stack: string, sets: string[]): string {
    const args = [
        "-r",
        "ts-node/register/transpile-only",
        "tools/plan.ts",
        "--stack",
        stack,
        "--json",
        ...sets.flatMap((s) => ["--set", s]),
    ];
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`plan ${stack} failed: ${r.stderr}`);
    const file = path.join(dir, `${stack}-${sets.length}.json`);
    fs.writeFileSync(file, r.stdout);
    return file;
}

/** `runs` rounds of a plan, replay, bare and floor process each; each figure the median over its processes. */
function measure(dir: string, stack: string, sets: string[]): Measured {
    const inventory = inventoryFile(dir, stack, sets);
    const rounds: Record<Mode, Sample>[] = [];
    for (let i = 0; i < runs; i++) {
        const plan = sample("plan", stack, sets, "");
        const replay = sample("replay", stack, sets, inventory);
        const bare = sample("bare", stack, sets, inventory);
        rounds.push({ plan, replay, bare, floor: sample("floor", stack, sets, String(plan.resources)) });
    }
    const summary = (mode: Mode): Sample => {
        const xs = rounds.map((r) => r[mode]);
        return {
            resources: defined(xs[0], "a round").resources,
            setupMs: median(xs.map((x) => x.setupMs)),
            evalMs: median(xs.map((x) => x.evalMs)),
            wallMs: median(xs.map((x) => x.wallMs)),
            rssMiB: median(xs.map((x) => x.rssMiB)),
        };
    };
    const ratio = (f: (r: Record<Mode, Sample>) => number) => median(rounds.map(f));
    return {
        plan: summary("plan"),
        replay: summary("replay"),
        bare: summary("bare"),
        floor: summary("floor"),
        wallRatio: ratio((r) => r.plan.wallMs / r.floor.wallMs),
        evalRatio: ratio((r) => r.plan.evalMs / r.floor.evalMs),
        replayEvalRatio: ratio((r) => r.replay.evalMs / r.floor.evalMs),
        bareEvalRatio: ratio((r) => r.bare.evalMs / r.floor.evalMs),
        planReplayEvalRatio: ratio((r) => r.plan.evalMs / r.replay.evalMs),
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
    return extra
        .map(([region, zones, n, days, start], i) => {
            const spec = {
                zones: zones.map((z) => `${region}-${z}`),
                subnet: {
                    nodes: `10.${n}.0.0/20`,
                    pods: `10.${72 + i * 4}.0.0/14`,
                    services: `10.${22 + i}.0.0/20`,
                    controlPlane: `172.16.${i + 1}.0/28`,
                },
                maintenance: { days, start, hours: 6 },
                // Failover capacity defaults to the sum of all six regions' minimums: room for it.
                nodePool: { minPerZone: 1, maxPerZone: 10 },
            };
            return `regions.${region}=${JSON.stringify(spec)}`;
        })
        .concat(["database.drReplicaRegion=europe-west4"]);
}

function row(label: string, s: Sample): string {
    const ms = (x: number) => x.toFixed(0).padStart(6);
    return `${label.padEnd(30)} ${String(s.resources).padStart(5)} resources  setup ${ms(s.setupMs)} ms  eval ${ms(s.evalMs)} ms  wall ${ms(s.wallMs)} ms  peak RSS ${s.rssMiB.toFixed(0).padStart(4)} MiB`;
}

/** Median wall time of a command run `runs` times in the project root. */
function wallOf(label: string, args: string[]): number {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
        const started = process.hrtime.bigint();
        const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", ...args], {
            cwd: root,
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
        });
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
        // The review exits 1 on a blocking verdict; only 2 and 3 mean it did not run.
        if (r.status !== 0 && !(args[0] === "tools/review.ts" && r.status === 1))
            throw new Error(`${label} failed (${r.status}): ${r.stderr}`);
    }
    return median(times);
}

function benchReview(verdicts: string[]): void {
    const stacks = stackNames(fs.readdirSync(root));
    const lockUnchanged =
        fileAt(root, "HEAD~1", "package-lock.json") === fs.readFileSync(path.join(root, "package-lock.json"), "utf8");
    const plans = stacks.map((s) => wallOf(`plan ${s}`, ["tools/plan.ts", "--stack", s, "--json"]));
    const planAll = plans.reduce((a, b) => a + b, 0);
    const review = wallOf("review", ["tools/review.ts", "--base", "HEAD~1", "--format", "json"]);
    console.log(
        `${"plan every stack once".padEnd(30)} ${stacks.join(", ")}: ${plans.map((p) => p.toFixed(0)).join(" + ")} = ${planAll.toFixed(0)} ms wall`,
    );
    console.log(
        `${"review against HEAD~1".padEnd(30)} all ${stacks.length} stacks, both sides: ${review.toFixed(0)} ms wall (lockfile ${lockUnchanged ? "unchanged: node_modules linked" : "changed: npm ci included"})`,
    );
    const ratio = review / planAll;
    verdicts.push(
        `review/plan-every-stack wall ${ratio.toFixed(2)}×, target ≤ 2.5× with an unchanged lockfile: ${!lockUnchanged ? "not applicable (lockfile changed)" : ratio <= 2.5 ? "met" : "MISSED"}`,
    );
}

function main(): void {
    const verdicts: string[] = [];
    if (process.env.BENCH_ONLY !== "plan") {
        console.log(`${runs} runs of each command (BENCH_RUNS to change); figures are medians`);
        benchReview(verdicts);
    }
    if (process.env.BENCH_ONLY === "review") {
        console.log("");
        for (const v of verdicts) console.log(v);
        return;
    }
    console.log(
        `${runs} rounds of plan, replay, bare and floor processes (BENCH_RUNS to change); figures are medians, ratios the median of the rounds' ratios`,
    );
    const results: Record<string, Measured> = {};
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "voice-bench-"));
    try {
        for (const [label, stack, sets] of [
            ["prod-eu", "prod-eu", []],
            ["prod-me", "prod-me", []],
            ["6-region (prod-eu + 4)", "prod-eu", sixRegionSets()],
        ] as [string, string, string[]][]) {
            const r = measure(dir, stack, sets);
            results[label] = r;
            for (const mode of ["plan", "replay", "bare", "floor"] as const)
                console.log(row(`${label} ${mode}`, r[mode]));
            if (label.startsWith("prod")) {
                const met = r.wallRatio <= 1.3 && r.evalRatio <= 2;
                verdicts.push(
                    `${label}: plan/floor wall ${r.wallRatio.toFixed(2)}×, eval ${r.evalRatio.toFixed(2)}× (RSS ${(r.plan.rssMiB / r.floor.rssMiB).toFixed(2)}×); targets ≤ 1.3× wall, ≤ 2× eval: ${met ? "met" : "MISSED"}`,
                    `${" ".repeat(label.length)}  eval: replay/floor ${r.replayEvalRatio.toFixed(2)}× (these resources through the SDK classes, no program), bare/floor ${r.bareEvalRatio.toFixed(2)}× (their set inputs only), plan/replay ${r.planReplayEvalRatio.toFixed(2)}× (the program's own)`,
                );
            }
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    const six = defined(results["6-region (prod-eu + 4)"], "the 6-region result").plan;
    const two = defined(results["prod-eu"], "the prod-eu result").plan;
    const scale = six.wallMs / two.wallMs;
    verdicts.push(
        `6-region/2-region wall ${scale.toFixed(2)}× (eval ${(six.evalMs / two.evalMs).toFixed(2)}×), target ≤ 3.5×: ${scale <= 3.5 ? "met" : "MISSED"}`,
    );
    console.log("");
    for (const v of verdicts) console.log(v);
}

main();
