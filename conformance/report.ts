/**
 * docs/conformance.json (the evidence, machine-readable) and docs/conformance.md (the same for a
 * reader), both written by `npm run conformance` from what the run observed.
 */
import { ModuleAnswer, Resolution } from "./resolve";

export interface VersionRecord {
    label: string;
    npm: string;
    /** The version package.json pins. */
    pin: string;
    /** The Go module and version (or commit) the run asked the module proxy for. */
    module: string;
    /** The release commit, when the proxy named one. */
    commit: string | null;
    /** The version the run used: the pin when built, null when nothing could be built. */
    built: string | null;
    /** Where the built source came from. */
    source: string;
    /** Why it was not built, verbatim from the go command. */
    blocked: string | null;
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
    /** The real preview's per-resource result, or null with the reason it did not run. */
    real: null;
    notRun: string;
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
    out.push("npm run conformance");
    out.push("```");
    out.push("");
    out.push(
        "It needs Go (the version in conformance/engine/go.mod or newer) with the Go module proxy, Node and the " +
            "project's node_modules; no cloud account and no network beyond the module proxy. It builds the " +
            "Pulumi CLI and the Node.js language host from conformance/engine into .cache/conformance/ (a folder " +
            "named by a hash " +
            "of go.mod, go.sum, the language host's source, the Go version and the release), asks the module proxy " +
            "for each pinned provider, imports a state built from `npm run plan -- --json` into a file backend, runs " +
            "`pulumi preview --json` with fake credentials and a passphrase secrets manager, and writes this " +
            "file. It " +
            "exits 0 only when every comparison ran and agreed; otherwise 1, after writing the report.",
    );
    out.push("");
    out.push("How long (on the project's machine, 2 cores):");
    out.push("");
    out.push(timingLine("cold (nothing cached: module downloads and the engine build)", r.timings.cold));
    out.push(timingLine("warm (engine cached)", r.timings.warm));
    out.push("");
    out.push(`## Verdict: ${r.conforms ? "conforms" : "not established"}`);
    out.push("");
    for (const b of r.blockers) out.push(`- ${b}`);
    out.push("");
    out.push("## Versions");
    out.push("");
    out.push("| component | pin (package.json) | Go module asked | release commit | built | source |");
    out.push("| --- | --- | --- | --- | --- | --- |");
    for (const v of r.versions) {
        out.push(
            `| ${v.label} | ${v.npm} ${v.pin} | \`${v.module}\` | ${v.commit ?? "none named"} | ` +
                `${v.built ?? "no"} | ${cell(v.source)} |`,
        );
    }
    out.push("");
    out.push(`Go: ${r.go}.`);
    out.push("");
    const blocked = r.versions.filter((v) => v.blocked !== null);
    if (blocked.length > 0) {
        out.push("What the module proxy answered for each component that could not be built:");
        out.push("");
        for (const v of blocked) out.push(`- ${v.label}: \`${cell(v.blocked ?? "")}\``);
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
        if (s.baseline !== null) {
            out.push(`- Real preview of the imported state: ${previewLine(s.baseline)}.`);
            for (const e of s.baseline.errors) out.push(`  - \`${cell(e)}\``);
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
                    `${model} | not run |`,
            );
        }
        out.push("");
        out.push(
            "The model's replacements per case (resource, reasons, delete-before-replace), to compare once " +
                "the real preview runs:",
        );
        out.push("");
        for (const c of s.cases) {
            const replaced = c.model.changes.filter((ch) => ch.op === "replace" || ch.op === "delete");
            if (replaced.length === 0) continue;
            out.push(`- ${c.id}:`);
            for (const ch of replaced) {
                const name = ch.urn.split("::").pop() ?? ch.urn;
                const type = ch.urn.split("::")[2]?.split("$").pop() ?? "";
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
