/**
 * The committed evidence of `npm run checkov` (docs/checkov/): what Checkov found, compact and in a
 * fixed order so that a run on the same plans writes the same bytes. Per stack and framework: the
 * number of resources, passed and failed results, and for each check its passed and failed resources.
 * For the broken variants: for each variant, the checks it is meant to break and the resources
 * Checkov failed them on.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { UserInputError } from "../userError";

export const frameworks = ["terraform_plan", "kubernetes"] as const;

/** The committed stacks Checkov scans, and the one the broken variants start from. */
export const checkovStacks = ["prod-eu", "prod-me", "drill-eu"] as const;
export const breakageBase = "prod-eu";
export type Framework = (typeof frameworks)[number];

export const evidenceDir = join(__dirname, "..", "..", "..", "docs", "checkov");
export const requirementsPath = join(__dirname, "..", "..", "..", "checkov", "requirements.txt");

/** One result of Checkov's JSON report (`-o json`), the fields the evidence keeps. */
export interface CheckovResult {
    check_id: string;
    check_name: string;
    resource: string;
    file_path: string;
}

/** One framework's report: `{ check_type, results: { passed_checks, failed_checks }, summary }`. */
export interface CheckovReport {
    check_type: string;
    results: { passed_checks?: CheckovResult[]; failed_checks?: CheckovResult[] };
    summary: { passed: number; failed: number; resource_count: number; checkov_version: string };
}

export interface CheckEvidence {
    name: string;
    passed: string[];
    failed: string[];
}

export interface FrameworkEvidence {
    resources: number;
    passed: number;
    failed: number;
    checks: Record<string, CheckEvidence>;
}

export interface StackEvidence {
    checkov: string;
    stack: string;
    frameworks: Record<Framework, FrameworkEvidence>;
}

export interface BreakageEvidence {
    name: string;
    framework: Framework;
    /** Each check the variant is meant to break → the resources Checkov failed it on (none: it passed). */
    failed: Record<string, string[]>;
}

export interface BreakagesEvidence {
    checkov: string;
    base: string;
    breakages: BreakageEvidence[];
}

/** Natural order, so CKV_GCP_9 sorts before CKV_GCP_10. */
export function naturalCompare(a: string, b: string): number {
    return a.localeCompare(b, "en", { numeric: true });
}

/** The Checkov version checkov/requirements.txt pins (`checkov==X.Y.Z`). */
export function pinnedCheckovVersion(path: string = requirementsPath): string {
    const m = /^checkov==(\S+)/m.exec(readFileSync(path, "utf8"));
    if (!m?.[1]) throw new UserInputError(`${path}: pins no checkov==<version>`);
    return m[1];
}

/**
 * A result's resource as the evidence names it: the Terraform address, or for a manifest the cluster
 * (its file's name) and Checkov's `Kind.namespace.name`.
 */
export function resourceName(framework: Framework, r: CheckovResult): string {
    if (framework === "terraform_plan") return r.resource;
    const file = r.file_path.replace(/^.*\//, "").replace(/\.yaml$/, "");
    return `${file}: ${r.resource}`;
}

/** A report's results grouped by check, for the results whose file `keep` accepts (all by default). */
export function summarize(
    framework: Framework,
    report: CheckovReport,
    keep: (r: CheckovResult) => boolean = () => true,
): FrameworkEvidence {
    const checks = new Map<string, CheckEvidence>();
    const add = (r: CheckovResult, outcome: "passed" | "failed") => {
        const c = checks.get(r.check_id) ?? { name: r.check_name, passed: [], failed: [] };
        c[outcome].push(resourceName(framework, r));
        checks.set(r.check_id, c);
    };
    const passed = (report.results.passed_checks ?? []).filter(keep);
    const failed = (report.results.failed_checks ?? []).filter(keep);
    passed.forEach((r) => add(r, "passed"));
    failed.forEach((r) => add(r, "failed"));
    const sorted: Record<string, CheckEvidence> = {};
    for (const id of [...checks.keys()].sort(naturalCompare)) {
        const c = checks.get(id);
        if (c) sorted[id] = { name: c.name, passed: c.passed.sort(), failed: c.failed.sort() };
    }
    return { resources: report.summary.resource_count, passed: passed.length, failed: failed.length, checks: sorted };
}

/** A Checkov run's JSON output: one report, or a list of them; none when nothing was scanned. */
export function reportsOf(output: string, where: string): CheckovReport[] {
    let json: unknown;
    try {
        json = JSON.parse(output);
    } catch (e) {
        throw new UserInputError(`${where}: Checkov printed no JSON report (${(e as Error).message})`);
    }
    const list = Array.isArray(json) ? json : [json];
    return list.filter((r): r is CheckovReport => typeof r === "object" && r !== null && "check_type" in r);
}

export function readStackEvidence(stack: string, dir: string = evidenceDir): StackEvidence {
    return JSON.parse(readFileSync(join(dir, `${stack}.json`), "utf8")) as StackEvidence;
}

export function readBreakagesEvidence(dir: string = evidenceDir): BreakagesEvidence {
    return JSON.parse(readFileSync(join(dir, "breakages.json"), "utf8")) as BreakagesEvidence;
}
