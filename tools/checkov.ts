/**
 * `npm run checkov`: runs Checkov, the peer scanner, beside the policy pack. For each committed stack it
 * renders the offline plan's Google Cloud resources as a Terraform plan JSON and its Kubernetes objects as
 * manifests (under .cache/checkov/), runs the pinned Checkov on both (terraform_plan and kubernetes
 * frameworks) and writes the results to docs/checkov/<stack>.json; then it renders the broken variants of
 * the prod-eu plan (test/checkov/breakages.ts), runs Checkov on them and writes docs/checkov/breakages.json,
 * and regenerates policies/COVERAGE.md, whose Checkov section comes from that evidence.
 * Checkov comes from `--checkov`, else .cache/checkov-venv/bin/checkov, else PATH, and must be the version
 * checkov/requirements.txt pins.
 *
 * `npm run checkov -- --names-from <bridge-metadata.json> --names-tag <vX.Y.Z>` instead regenerates
 * checkov/gcp-names.json from pulumi-gcp's bridge metadata at that release tag.
 */
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { basename, join } from "path";
import { policies } from "../policies/policies";
import { breakages } from "../test/checkov/breakages";
import { command, runCli } from "./lib/cli";
import { renderCoverage } from "./lib/coverage";
import {
    breakageBase,
    BreakagesEvidence,
    CheckovReport,
    checkovStacks,
    evidenceDir,
    Framework,
    pinnedCheckovVersion,
    reportsOf,
    resourceName,
    StackEvidence,
    summarize,
} from "./lib/checkov/evidence";
import { renderManifests } from "./lib/checkov/manifests";
import { cutNameTable, loadNameTable, nameTablePath, NameTable } from "./lib/checkov/names";
import { renderTerraformPlan } from "./lib/checkov/terraformPlan";
import { plan, type Inventory } from "./lib/plan";
import { UsageError, UserInputError } from "./lib/userError";

const root = join(__dirname, "..");
const work = join(root, ".cache", "checkov");

const program = command("checkov", "Run the pinned Checkov on every committed stack and on the broken variants")
    .option(
        "--checkov <path>",
        "the Checkov executable (default: .cache/checkov-venv/bin/checkov, else checkov on PATH)",
    )
    .option("--names-from <file>", "regenerate checkov/gcp-names.json from this pulumi-gcp bridge-metadata.json")
    .option("--names-tag <tag>", "the pulumi-gcp release tag the bridge metadata is from (with --names-from)");

function checkovExecutable(given: string | undefined): string {
    if (given) return given;
    const venv = join(root, ".cache", "checkov-venv", "bin", "checkov");
    return existsSync(venv) ? venv : "checkov";
}

/**
 * Runs Checkov on `files` (paths under .cache/checkov, its working directory). Files are named one by
 * one: given a folder, Checkov would skip it for being under a hidden one.
 */
function runCheckov(exe: string, framework: Framework, files: string[]): CheckovReport {
    const args = [...files.flatMap((f) => ["-f", f]), "--framework", framework, "-o", "json"];
    const r = spawnSync(exe, [...args, "--skip-download", "--soft-fail", "--compact"], {
        cwd: work,
        encoding: "utf8",
        maxBuffer: 1024 * 1024 * 1024,
    });
    if (r.error)
        throw new UserInputError(`${exe}: cannot run Checkov (${r.error.message}); see checkov/requirements.txt`);
    if (r.status !== 0) {
        const tail = r.stderr.trim().split("\n").slice(-3).join(" ");
        throw new UserInputError(`${exe} on ${files.length} ${framework} files: exit ${r.status}: ${tail}`);
    }
    return report(r.stdout, framework, `Checkov's ${framework} report`);
}

function checkovVersion(exe: string): string {
    const r = spawnSync(exe, ["--version"], { encoding: "utf8" });
    if (r.error || r.status !== 0) {
        throw new UserInputError(`${exe}: cannot run Checkov; pip install -r checkov/requirements.txt`);
    }
    return r.stdout.trim();
}

/** The one report of a single-framework run (an empty one when Checkov found nothing to scan). */
function report(output: string, framework: Framework, where: string): CheckovReport {
    const found = reportsOf(output, where).filter((r) => r.check_type === framework);
    if (found.length > 1) throw new UserInputError(`${where}: Checkov printed ${found.length} ${framework} reports`);
    return (
        found[0] ?? {
            check_type: framework,
            results: {},
            summary: { passed: 0, failed: 0, resource_count: 0, checkov_version: "" },
        }
    );
}

function writeJson(path: string, value: unknown): void {
    writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}

/**
 * Writes a stack's or a variant's files under `dir` (relative to .cache/checkov): plan.json, or one
 * manifest per cluster; returns their paths relative to .cache/checkov.
 */
function renderTo(inventory: Inventory, names: NameTable, framework: Framework, dir: string): string[] {
    mkdirSync(join(work, dir), { recursive: true });
    if (framework === "terraform_plan") {
        writeJson(join(work, dir, "plan.json"), renderTerraformPlan(inventory, names));
        return [join(dir, "plan.json")];
    }
    return renderManifests(inventory).map((m) => {
        writeFileSync(join(work, dir, `${m.cluster}.yaml`), m.yaml);
        return join(dir, `${m.cluster}.yaml`);
    });
}

async function scanStack(exe: string, version: string, names: NameTable, stack: string): Promise<Inventory> {
    const inventory = await plan({ stack });
    const evidence: StackEvidence = {
        checkov: version,
        stack,
        frameworks: {
            terraform_plan: summarize(
                "terraform_plan",
                runCheckov(exe, "terraform_plan", renderTo(inventory, names, "terraform_plan", stack)),
            ),
            kubernetes: summarize(
                "kubernetes",
                runCheckov(exe, "kubernetes", renderTo(inventory, names, "kubernetes", stack)),
            ),
        },
    };
    writeJson(join(evidenceDir, `${stack}.json`), evidence);
    for (const f of ["terraform_plan", "kubernetes"] as const) {
        const e = evidence.frameworks[f];
        const failing = Object.entries(e.checks)
            .filter(([, c]) => c.failed.length > 0)
            .map(([id]) => id);
        process.stdout.write(
            `${stack} ${f}: ${e.resources} resources, ${Object.keys(e.checks).length} checks, ` +
                `${e.passed} passed, ${e.failed} failed${failing.length ? ` (${failing.join(", ")})` : ""}\n`,
        );
    }
    return inventory;
}

/** The framework of a variant: Kubernetes checks read manifests, every other check the plan. */
function frameworkOf(checks: string[], name: string): Framework {
    const kinds = new Set(checks.map((c) => (/^CKV2?_K8S_/.test(c) ? "kubernetes" : "terraform_plan")));
    const [only, ...more] = [...kinds];
    if (!only || more.length > 0) throw new UserInputError(`breakage "${name}": its checks mix frameworks`);
    return only;
}

function slug(name: string): string {
    return name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
}

function scanBreakages(exe: string, version: string, names: NameTable, base: Inventory): void {
    const variants = breakages.map((b) => {
        const framework = frameworkOf(b.checks, b.name);
        const broken = b.edit(base);
        if (!broken) throw new UserInputError(`breakage "${b.name}": its target is not in the ${breakageBase} plan`);
        const dir = join("breakages", slug(b.name));
        return { breakage: b, framework, dir, files: renderTo(broken as Inventory, names, framework, dir) };
    });
    const reports = new Map<Framework, CheckovReport>();
    for (const framework of ["terraform_plan", "kubernetes"] as const) {
        const files = variants.filter((v) => v.framework === framework).flatMap((v) => v.files);
        reports.set(framework, runCheckov(exe, framework, files));
    }
    const evidence: BreakagesEvidence = {
        checkov: version,
        base: breakageBase,
        breakages: variants.map(({ breakage, framework, dir }) => {
            const failed = reports.get(framework)?.results.failed_checks ?? [];
            // Checkov names a plan file from the files' common folder, a manifest from its working directory.
            const inVariant = failed.filter((r) => `/${r.file_path.replace(/^\//, "")}`.includes(`/${basename(dir)}/`));
            return {
                name: breakage.name,
                framework,
                failed: Object.fromEntries(
                    breakage.checks.map((c) => [
                        c,
                        inVariant
                            .filter((r) => r.check_id === c)
                            .map((r) => resourceName(framework, r))
                            .sort(),
                    ]),
                ),
            };
        }),
    };
    writeJson(join(evidenceDir, "breakages.json"), evidence);
    const missed = evidence.breakages.flatMap((b) =>
        Object.entries(b.failed)
            .filter(([, list]) => list.length === 0)
            .map(([c]) => `${c} (${b.name})`),
    );
    process.stdout.write(
        `breakages: ${evidence.breakages.length} variants; Checkov passed ${missed.length} of their checks` +
            `${missed.length ? `: ${missed.join(", ")}` : ""}\n`,
    );
}

/** pulumi-gcp's bridge metadata, read before any plan runs so that a wrong file fails fast. */
function readMetadata(metadataFile: string): unknown {
    try {
        return JSON.parse(readFileSync(metadataFile, "utf8"));
    } catch (e) {
        throw new UserInputError(`${metadataFile}: cannot read the bridge metadata (${(e as Error).message})`);
    }
}

function regenerateNames(metadata: unknown, tag: string, types: string[]): void {
    const table = cutNameTable(metadata, types, {
        pulumiGcp: tag,
        file: "provider/cmd/pulumi-resource-gcp/bridge-metadata.json",
    });
    writeJson(nameTablePath, table);
    process.stdout.write(`wrote ${nameTablePath}: ${Object.keys(table.resources).length} resource types\n`);
}

runCli("checkov", program, async (p) => {
    const opts = p.opts<{ checkov?: string; namesFrom?: string; namesTag?: string }>();
    if (opts.namesFrom || opts.namesTag) {
        if (!opts.namesFrom || !opts.namesTag) throw new UsageError("--names-from and --names-tag go together");
        const metadata = readMetadata(opts.namesFrom);
        // The types of the committed stacks and of the broken variants (which may add a resource).
        const types = new Set<string>();
        for (const stack of checkovStacks) {
            const inventory = await plan({ stack });
            const variants = stack === breakageBase ? breakages.map((b) => b.edit(inventory)) : [];
            for (const inv of [inventory, ...variants]) {
                for (const r of inv?.resources ?? []) if (r.type.startsWith("gcp:")) types.add(r.type);
            }
        }
        regenerateNames(metadata, opts.namesTag, [...types]);
        return;
    }
    const exe = checkovExecutable(opts.checkov);
    const version = checkovVersion(exe);
    const pinned = pinnedCheckovVersion();
    if (version !== pinned) {
        throw new UserInputError(`${exe} is Checkov ${version}; checkov/requirements.txt pins ${pinned}`);
    }
    const names = loadNameTable();
    rmSync(work, { recursive: true, force: true });
    mkdirSync(evidenceDir, { recursive: true });
    let base: Inventory | undefined;
    for (const stack of checkovStacks) {
        const inventory = await scanStack(exe, version, names, stack);
        if (stack === breakageBase) base = inventory;
    }
    if (!base) throw new UserInputError(`${breakageBase} is not a Checkov stack`);
    scanBreakages(exe, version, names, base);
    const coverage = join(root, "policies", "COVERAGE.md");
    writeFileSync(coverage, renderCoverage(policies));
    process.stdout.write(`wrote ${coverage}\n`);
});
