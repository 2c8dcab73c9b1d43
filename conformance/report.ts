/**
 * docs/conformance.json (the evidence, machine-readable) and docs/conformance.md (the same for a
 * reader), both written by `npm run conformance` from what the run observed.
 */
import type { Disagreement, RealChange } from "./compare";
import type { HandBuild } from "./handBuilds";
import { ModuleAnswer, Resolution } from "./resolve";
import { urnParts } from "../tools/lib/plan";

export interface VersionRecord {
    label: string;
    npm: string;
    /** The version package.json pins. */
    pin: string;
    /** The Go module and version (or commit) the run asked the module proxy for. */
    module: string;
    /** The release commit, when the proxy named one. */
    commit: string | null;
    /**
     * The version the run used: the pin when built from the module proxy, the plugin's own
     * reported version when prebuilt, null when nothing could be built.
     */
    built: string | null;
    /** Where the built source came from. */
    source: string;
    /** Why it was not built, verbatim from the go command. */
    blocked: string | null;
    /** The prebuilt plugin the run used (`--plugins DIR`), null when none. */
    plugin: { file: string; sha256: string; reportedVersion: string } | null;
    /** How the prebuilt plugin was built, when conformance/handBuilds.ts records it; else null. */
    handBuild: HandBuild | null;
}

export interface ModelChange {
    urn: string;
    op: string;
    replaceBecause: string[];
    deleteBeforeReplace: boolean;
}

export interface CaseRecord {
    id: string;
    title: string;
    remediation: boolean;
    sets: string[];
    model: { summary: Record<string, number>; changes: ModelChange[] };
    /** The real preview of the case (exit, step counts, errors), null when it did not run. */
    preview: PreviewRecord | null;
    /** The real preview's per-resource changes, null when it did not run. */
    real: RealChange[] | null;
    /** Where the model and the real preview differ, null when it did not run. */
    disagreements: Disagreement[] | null;
    /** Why the real preview did not run, null when it ran. */
    notRun: string | null;
}

export interface StateRound {
    /** Resources the round's preview changes (update, replace, create or delete). */
    changes: number;
    /** Outputs the providers left unknown, given a value of their schema type (`<urn> <path>`). */
    filled: string[];
    /** Outputs the schema gives no type for, left unknown. */
    left: string[];
    /** Certificate-shaped outputs given a real certificate. */
    certified: string[];
}

export interface PreviewRecord {
    exitCode: number | null;
    /** Step counts by operation, as the preview's changeSummary gives them. */
    summary: Record<string, number>;
    errors: string[];
    seconds: number;
}

export interface StackRecord {
    stack: string;
    planResources: number;
    /** Keys Pulumi.yaml requires that the committed stack settings do not set. */
    missingConfig: string[];
    import: { ok: boolean; resources: number; sameUrns: boolean; error: string | null } | null;
    /** The program under the language host as Pulumi.yaml runs it (no tsconfig path from the run). */
    compileWithoutTsconfig: PreviewRecord;
    /** The real preview of the imported state with the committed settings. */
    baseline: PreviewRecord | null;
    /** What that preview changes, per resource (the model changes nothing), null when it did not run. */
    baselineChanges: RealChange[] | null;
    /**
     * The rounds that made the imported state what an up of the plan leaves: each round previews
     * the state, folds what the providers planned into it and imports it again, until the preview
     * changes nothing or the rounds run out. Empty when the state was not imported.
     */
    stateRounds: StateRound[];
    /** The real preview from an empty state. */
    create: PreviewRecord;
    cases: CaseRecord[];
}

export interface Timing {
    seconds: number;
    engineBuildSeconds: number;
    at: string;
}

export interface Report {
    generatedBy: "npm run conformance";
    /** Where the provider plugins came from: built from the module proxy, or prebuilt (`--plugins`). */
    plugins: "module proxy" | "prebuilt";
    go: string;
    versions: VersionRecord[];
    resolutions: Resolution[];
    /** The upstream Terraform provider, whose own diff stands in when the GCP provider cannot be built. */
    gcpFallback: { module: string; answer: ModuleAnswer };
    stacks: StackRecord[];
    timings: { cold: Timing | null; warm: Timing | null };
    conforms: boolean;
    blockers: string[];
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function previewLine(p: PreviewRecord): string {
    const summary = Object.entries(p.summary)
        .map(([op, n]) => `${op} ${n}`)
        .join(", ");
    return `exit ${String(p.exitCode)}, steps: ${summary || "none"}, ${p.seconds.toFixed(0)} s`;
}

function timingLine(label: string, t: Timing | null): string {
    if (t === null) return `- ${label}: not measured yet`;
    const build = (t.engineBuildSeconds / 60).toFixed(1);
    return `- ${label}: ${(t.seconds / 60).toFixed(1)} min (engine build ${build} min), measured ${t.at}`;
}

/** A version as the report states it: a build at another version is never shown as the pin. */
export function versionLabel(v: VersionRecord): string {
    if (v.built === null) return "no";
    if (v.built === v.pin) return v.built;
    return `${v.built} (not the pin ${v.pin})`;
}

/** Cases compared, cases where model and real preview agree on every resource, and per resource. */
export function agreement(s: StackRecord): {
    cases: number;
    compared: number;
    agreeing: number;
    resources: number;
    resourcesAgreeing: number;
} {
    const ran = s.cases.filter((c) => c.real !== null && c.disagreements !== null);
    let resources = 0;
    let resourcesAgreeing = 0;
    for (const c of ran) {
        const urns = new Set([...c.model.changes.map((m) => m.urn), ...(c.real ?? []).map((r) => r.urn)]);
        resources += urns.size;
        resourcesAgreeing += urns.size - new Set((c.disagreements ?? []).map((d) => d.urn)).size;
    }
    return {
        cases: s.cases.length,
        compared: ran.length,
        agreeing: ran.filter((c) => (c.disagreements ?? []).length === 0).length,
        resources,
        resourcesAgreeing,
    };
}

function whatRanWhere(r: Report): string[] {
    const out: string[] = [];
    out.push("## What ran where");
    out.push("");
    const prebuilt = r.versions.filter((v) => v.plugin !== null);
    if (r.plugins === "prebuilt") {
        out.push(
            "This report comes from `npm run conformance -- --plugins DIR`: the Pulumi CLI and the Node.js language " +
                "host were built by the run from conformance/engine (module proxy, go.sum), and the provider plugins " +
                "were the prebuilt binaries in DIR, first on the engine's PATH. Those plugins were built by hand, " +
                "outside this repository, from fetched git snapshots of the providers' repositories, because the " +
                "module proxy serves none of the pinned providers:",
        );
        out.push("");
        for (const v of prebuilt) {
            const n = v.handBuild;
            const src =
                n === null
                    ? "no record in conformance/handBuilds.ts of how it was built"
                    : `built from ${n.repository} ${n.tag} (commit ${n.commit})` +
                      (n.upstream !== undefined
                          ? ` with ${n.upstream.repository} ${n.upstream.version} (commit ${n.upstream.commit})`
                          : "") +
                      ` in ${(n.buildSeconds / 60).toFixed(1)} min`;
            out.push(
                `- ${v.label} ${versionLabel(v)}, as the plugin itself reports; sha256 ${v.plugin?.sha256 ?? ""}; ${src}.`,
            );
        }
        out.push("");
        out.push(
            "By the workplace rule, neither the snapshots' code, nor the binaries, nor any recipe that would build " +
                "them is committed; conformance/handBuilds.ts records what was built (repository, tag, commit, " +
                "the version stamped, wall time) and where each build differs from the release's own:",
        );
        for (const v of prebuilt) {
            const n = v.handBuild;
            if (n === null) continue;
            out.push("");
            out.push(`### ${v.label} ${n.pin}`);
            out.push("");
            for (const d of n.deviations) out.push(`- ${d}`);
        }
    } else {
        out.push(
            "This report comes from `npm run conformance` without `--plugins`: the run built the Pulumi CLI and the " +
                "Node.js language host from conformance/engine and asked the module proxy for each pinned provider.",
        );
    }
    out.push("");
    out.push(
        "On a fresh clone, `npm run conformance` (no arguments) builds the engine into .cache/conformance/, asks the " +
            "module proxy for the pinned providers, which it refuses, and so writes a report whose previews stop at " +
            "`no resource plugin 'pulumi-resource-gcp' found`. It reproduces the comparisons below only when given " +
            "plugins with `--plugins DIR`.",
    );
    out.push("");
    return out;
}

function caseCell(c: CaseRecord): string {
    if (c.real === null || c.preview === null) return "not run";
    if (c.preview.exitCode !== 0) return `preview failed: ${cell(c.preview.errors[0] ?? "")}`;
    const count = (op: string) => c.real?.filter((x) => x.op === op).length ?? 0;
    const ops = ["create", "update", "replace", "delete"].map((op) => `${op} ${count(op)}`).join(", ");
    const d = c.disagreements ?? [];
    return `${ops}; ${d.length === 0 ? "agrees" : `${d.length} differ`}`;
}

export function renderMarkdown(r: Report): string {
    const out: string[] = [];
    out.push("# Conformance with the real engine and providers");
    out.push("");
    out.push("Written by `npm run conformance`; do not edit by hand. The evidence is in docs/conformance.json.");
    out.push("");
    out.push("## How to run it");
    out.push("");
    out.push("```");
    out.push("npm ci");
    out.push("npm run conformance                      # providers from the module proxy");
    out.push("npm run conformance -- --plugins DIR     # prebuilt pulumi-resource-* plugins in DIR");
    out.push("```");
    out.push("");
    out.push(
        "It needs Go (the version in conformance/engine/go.mod or newer) with the Go module proxy, Node and the " +
            "project's node_modules, and openssl (it signs the stand-in CA certificates of the imported state); " +
            "no cloud account and no network beyond the module proxy. It builds the " +
            "Pulumi CLI and the Node.js language host from conformance/engine into .cache/conformance/ (a folder " +
            "named by a hash " +
            "of go.mod, go.sum, the language host's source, the Go version and the release), asks the module proxy " +
            "for each pinned provider, imports a state built from `npm run plan -- --json` into a file backend " +
            "(settled to what the providers would store after an up: previewed with `--save-plan`, what they " +
            "planned folded back in and imported again, until the unchanged preview changes nothing), runs " +
            "`pulumi preview --json` with fake credentials and a passphrase secrets manager, and writes this " +
            "file. With `--plugins DIR` the providers are the plugins in DIR (each reports its own version, which " +
            "the report shows), and each prod stack's cases are previewed on the imported state and compared, " +
            "resource by resource, with `npm run diff -- --json`. It " +
            "exits 0 only when every comparison ran and agreed; otherwise 1, after writing the report.",
    );
    out.push("");
    out.push("How long (on the project's machine, 2 cores):");
    out.push("");
    out.push(timingLine("cold (nothing cached: module downloads and the engine build)", r.timings.cold));
    out.push(timingLine("warm (engine cached)", r.timings.warm));
    out.push("");
    out.push(...whatRanWhere(r));
    out.push(`## Verdict: ${r.conforms ? "conforms" : "not established"}`);
    out.push("");
    if (r.blockers.length === 0) {
        out.push(
            "Every component ran at its pin, every committed stack's create preview passed the providers' " +
                "Check, the imported state previews unchanged, and every resource of every case agrees.",
        );
    }
    for (const b of r.blockers) out.push(`- ${b}`);
    out.push("");
    for (const s of r.stacks) {
        if (s.cases.length === 0) continue;
        const a = agreement(s);
        out.push(
            `- ${s.stack}: ${a.compared} of ${a.cases} cases compared with a real preview; ${a.agreeing} agree on ` +
                `every resource compared; ${a.resourcesAgreeing} of ${a.resources} resource comparisons agree.`,
        );
    }
    out.push("");
    out.push("## Versions");
    out.push("");
    out.push("| component | pin (package.json) | Go module asked | release commit | ran | source |");
    out.push("| --- | --- | --- | --- | --- | --- |");
    for (const v of r.versions) {
        out.push(
            `| ${v.label} | ${v.npm} ${v.pin} | \`${v.module}\` | ${v.commit ?? "none named"} | ` +
                `${versionLabel(v)} | ${cell(v.source)} |`,
        );
    }
    out.push("");
    out.push(`Go: ${r.go}.`);
    out.push("");
    const refused = r.resolutions.filter((x) => (x.program?.error ?? x.tagged.error) !== undefined);
    if (refused.length > 0) {
        out.push("What the module proxy answered for each component it does not serve:");
        out.push("");
        for (const x of refused) out.push(`- ${x.component}: \`${cell(x.program?.error ?? x.tagged.error ?? "")}\``);
        out.push("");
    }
    const fb = r.gcpFallback;
    out.push(
        `GCP fallback (the upstream ${fb.module}'s own diff on the same inputs): ` +
            (fb.answer.error !== undefined
                ? `not available, \`${cell(fb.answer.error)}\``
                : `served at ${fb.answer.version ?? ""}`) +
            ".",
    );
    out.push("");
    out.push("## Stacks");
    for (const s of r.stacks) {
        out.push("");
        out.push(`### ${s.stack}`);
        out.push("");
        out.push(`- Plan: ${s.planResources} resources, each under the URN the engine gives it.`);
        out.push(
            s.missingConfig.length === 0
                ? "- Stack settings: every key Pulumi.yaml declares without a default is set."
                : "- Stack settings: Pulumi.yaml declares without a default, and " +
                      `Pulumi.${s.stack}.yaml does not set: ${s.missingConfig.join(", ")}. ` +
                      "The real CLI refuses to run the program until each has a value; " +
                      "the run gives the schema's default (a fake value for a secret) in its scratch copy.",
        );
        out.push(
            "- Program under the language host as Pulumi.yaml runs it: " +
                previewLine(s.compileWithoutTsconfig) +
                (s.compileWithoutTsconfig.errors.length > 0
                    ? `; first error: \`${cell(s.compileWithoutTsconfig.errors[0] ?? "")}\``
                    : ""),
        );
        if (s.import !== null) {
            out.push(
                s.import.ok
                    ? `- \`pulumi stack import\` of the plan's state: accepted, ${s.import.resources} resources, ` +
                          `URNs read back ${s.import.sameUrns ? "identical" : "DIFFERENT"}.`
                    : `- \`pulumi stack import\` refused the plan's state: \`${cell(s.import.error ?? "")}\``,
            );
        }
        if (s.stateRounds.length > 0) {
            out.push(
                `- State after an up of the plan, in ${s.stateRounds.length} rounds of preview, fold and import ` +
                    "(conformance/deployment.ts foldPreview); changes per round: " +
                    s.stateRounds.map((x) => x.changes).join(", ") +
                    "; outputs the providers leave unknown, given a value of their schema type: " +
                    `${s.stateRounds.reduce((n, x) => n + x.filled.length, 0)}` +
                    `; left unknown: ${s.stateRounds.reduce((n, x) => n + x.left.length, 0)}` +
                    `; certificate-shaped outputs given a real certificate: ` +
                    `${s.stateRounds.reduce((n, x) => n + x.certified.length, 0)}.`,
            );
        }
        if (s.baseline !== null) {
            out.push(`- Real preview of the imported state: ${previewLine(s.baseline)}.`);
            for (const e of s.baseline.errors) out.push(`  - \`${cell(e)}\``);
            for (const ch of s.baselineChanges ?? []) {
                const name = ch.urn.split("::").pop() ?? ch.urn;
                out.push(
                    `  - the model changes nothing; real: ${ch.op} ${name}` +
                        (ch.diffReasons.length > 0 ? ` (${ch.diffReasons.join(", ")})` : ""),
                );
            }
        }
        out.push(`- Real create preview from an empty state: ${previewLine(s.create)}.`);
        for (const e of s.create.errors) out.push(`  - \`${cell(e)}\``);
        if (s.cases.length === 0) continue;
        out.push("");
        out.push("| case | overrides | model (npm run diff) | real preview |");
        out.push("| --- | --- | --- | --- |");
        for (const c of s.cases) {
            const m = c.model.summary;
            const model = ["create", "update", "replace", "delete"].map((op) => `${op} ${m[op] ?? 0}`).join(", ");
            out.push(
                `| ${c.id}${c.remediation ? " (remediation)" : ""} | \`${cell(c.sets.join(" "))}\` | ` +
                    `${model} | ${caseCell(c)} |`,
            );
        }
        const notRun = [...new Set(s.cases.filter((c) => c.notRun !== null).map((c) => c.notRun))];
        if (notRun.length > 0) {
            out.push("");
            for (const why of notRun) out.push(`Not run: ${why ?? ""}`);
        }
        const differing = s.cases.filter((c) => (c.disagreements ?? []).length > 0);
        if (differing.length > 0) {
            out.push("");
            out.push("Where the model and the real preview differ (resource: model / real):");
            out.push("");
            for (const c of differing) {
                out.push(`- ${c.id}:`);
                for (const d of c.disagreements ?? []) {
                    const { type, name } = urnParts(d.urn);
                    out.push(
                        `  - ${type} ${name}: ${d.model} / ${d.real}` +
                            (d.reason !== undefined
                                ? ` (${d.modelWrong === true ? "the model is wrong" : "not the model's"}: ${d.reason})`
                                : " (unexplained)"),
                    );
                }
            }
        }
        out.push("");
        out.push("The model's replacements per case (resource, reasons, delete-before-replace):");
        out.push("");
        for (const c of s.cases) {
            const replaced = c.model.changes.filter((ch) => ch.op === "replace" || ch.op === "delete");
            if (replaced.length === 0) continue;
            out.push(`- ${c.id}:`);
            for (const ch of replaced) {
                const { type, name } = urnParts(ch.urn);
                const why =
                    ch.op === "replace"
                        ? ` because ${ch.replaceBecause.join(", ") || "(none)"}` +
                          (ch.deleteBeforeReplace ? ", delete before replace" : "")
                        : "";
                out.push(`  - ${ch.op} ${type} ${name}${why}`);
            }
        }
    }
    out.push("");
    return out.join("\n");
}
