/**
 * `npm run bench`: wall time and peak RSS of the offline plan of each prod stack and of a
 * generated 6-region cell, against the floor (the same number of resources registered by a trivial
 * program under the same mock runtime). Not a test: it prints figures and the targets' verdicts.
 * Targets: each prod plan ≤ 1.5× its floor; the 6-region plan ≤ 3.5× the 2-region plan.
 * It also times `npm run review -- --base HEAD~1` over every stack against planning every stack
 * once (one `npm run plan -- --json` process per stack, as a reviewer would by hand); target
 * ≤ 2.5× when HEAD~1 has the same lockfile (otherwise the review's `npm ci` is part of the figure).
 * `BENCH_ONLY=plan` or `BENCH_ONLY=review` runs one part.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { fileAt, stackNames } from "./lib/baseCheckout";

const root = path.resolve(__dirname, "..");
const runs = Number(process.env.BENCH_RUNS ?? 3);

interface Sample {
    resources: number;
    /** Evaluation time inside the process (program start to last registration). */
    ms: number;
    /** Whole process: node start, module loading, evaluation, exit. */
    wallMs: number;
    rssMiB: number;
}

function measure(mode: "plan" | "floor", stack: string, sets: string[], count = 0): Sample {
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) {
        const started = process.hrtime.bigint();
        const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/lib/benchChild.ts", mode, stack, JSON.stringify(sets), String(count)], {
            cwd: root,
            encoding: "utf8",
        });
        const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
        if (r.status !== 0) throw new Error(`${mode} ${stack} failed: ${r.stderr}`);
        samples.push({ ...JSON.parse(r.stdout), wallMs });
    }
    const median = (k: keyof Sample) => samples.map((s) => s[k]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
    return { resources: samples[0].resources, ms: median("ms"), wallMs: median("wallMs"), rssMiB: median("rssMiB") };
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
    return `${label.padEnd(28)} ${String(s.resources).padStart(5)} resources  eval ${s.ms.toFixed(0).padStart(6)} ms  wall ${s.wallMs.toFixed(0).padStart(6)} ms  peak RSS ${s.rssMiB.toFixed(0).padStart(4)} MiB`;
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
    console.log(`median of ${runs} fresh processes each (BENCH_RUNS to change)`);
    const verdicts: string[] = [];
    if (process.env.BENCH_ONLY !== "plan") benchReview(verdicts);
    if (process.env.BENCH_ONLY === "review") {
        console.log("");
        for (const v of verdicts) console.log(v);
        return;
    }
    const results: Record<string, Sample> = {};
    for (const [label, stack, sets] of [
        ["prod-eu", "prod-eu", []],
        ["prod-me", "prod-me", []],
        ["6-region (prod-eu + 4)", "prod-eu", sixRegionSets()],
    ] as [string, string, string[]][]) {
        const p = measure("plan", stack, sets);
        const f = measure("floor", stack, sets, p.resources);
        results[label] = p;
        console.log(row(`${label} plan`, p));
        console.log(row(`${label} floor`, f));
        if (label.startsWith("prod")) {
            const ratio = p.wallMs / f.wallMs;
            const evalRatio = p.ms / f.ms;
            verdicts.push(`${label}: plan/floor wall ${ratio.toFixed(2)}× (eval ${evalRatio.toFixed(2)}×, RSS ${(p.rssMiB / f.rssMiB).toFixed(2)}×), target ≤ 1.5× wall: ${ratio <= 1.5 ? "met" : "MISSED"}`);
        }
    }
    const six = results["6-region (prod-eu + 4)"];
    const two = results["prod-eu"];
    const scale = six.wallMs / two.wallMs;
    verdicts.push(`6-region/2-region wall ${scale.toFixed(2)}× (eval ${(six.ms / two.ms).toFixed(2)}×), target ≤ 3.5×: ${scale <= 3.5 ? "met" : "MISSED"}`);
    console.log("");
    for (const v of verdicts) console.log(v);
}

main();
