/**
 * A drill's record: `docs/drills/<date>-<stack>-<scenario>.md` with its `.json` and `.svg` beside
 * it, and the index `docs/drills/README.md` (the runbook's appendix of drills by date and
 * outcome), rebuilt from every report's JSON so it never drifts from them.
 */
import * as path from "path";
import { z } from "zod";
import { ensureWritableDirectory, FileError, listDirectory, readRegularFile, readRegularFileIfExists } from "../../io";
import { escapeControl } from "../../userError";
import type { ProbeReport } from "../../probe/summary";
import { DrillError } from "../errors";
import { probeDuring, type DrillRun } from "../run";
import { writeAtomic } from "../store";
import { chartSpec, renderSvg } from "./chart";

/** The report's JSON: the run without the probe's raw samples (the per-step figures stand for them). */
export interface DrillRecord extends Omit<DrillRun, "probe"> {
    date: string;
    probe?: { startedAt: number; endedAt: number; report: ProbeReport; byStep: Record<string, ProbeReport> };
}

const iso = (t: number) => new Date(t).toISOString();
const dateOf = (t: number) => iso(t).slice(0, 10);

export function baseName(run: Pick<DrillRun, "startedAt" | "stack" | "scenario">): string {
    return `${dateOf(run.startedAt)}-${run.stack}-${run.scenario}`;
}

export function recordOf(run: DrillRun): DrillRecord {
    const { probe, ...rest } = run;
    const record: DrillRecord = { date: dateOf(run.startedAt), ...rest };
    if (probe) {
        record.probe = {
            startedAt: probe.startedAt,
            endedAt: probe.endedAt,
            report: probe.report,
            byStep: Object.fromEntries(run.steps.filter((s) => s.outcome !== "skipped").map((s) => [s.id, probeDuring(probe, s.startedAt, s.endedAt)])),
        };
    }
    return record;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const pct = (v: number | null) => (v === null ? "n/a" : `${(v * 100).toFixed(2)}%`);

export function renderMarkdown(r: DrillRecord, svgFile: string): string {
    const out: string[] = [
        `# Drill: ${r.scenario} on ${r.stack}, ${r.date}${r.dryRun ? " (DRY RUN)" : ""}`,
        "",
        `- Scenario: \`${r.scenario}\` (runbook: ${r.runbook})`,
        `- Stack: \`${r.stack}\``,
        r.dryRun
            ? "- Kind: **dry run**: offline plans, predicted diffs, policy verdicts and budgets; nothing was applied to a cell, no probe ran, no step was timed"
            : "- Kind: live: Pulumi Automation API on the drill cell, measured by the probe",
        `- Started ${iso(r.startedAt)}, ended ${iso(r.endedAt)}`,
        `- Outcome: **${r.outcome.toUpperCase()}** (${r.steps.filter((s) => s.outcome === "pass").length} of ${r.steps.length} steps passed)`,
        "",
        `![${r.dryRun ? "step budgets" : "probe timeline"}](${svgFile})`,
        "",
        "## Steps",
        "",
        "| # | step | does | started (UTC) | took | budget | outcome |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        ...r.steps.map(
            (s, i) =>
                `| ${i + 1} | ${s.id} | ${s.do} | ${iso(s.startedAt).slice(11, 23)} | ${r.dryRun ? "not timed" : `${((s.endedAt - s.startedAt) / 1000).toFixed(1)} s`} | ${s.budgetSeconds} s | ${s.outcome} |`,
        ),
    ];
    if (r.probe) {
        const p = r.probe.report;
        out.push(
            "",
            "## Probe",
            "",
            `${p.requests} requests, ${p.failures} failed: availability ${pct(p.availability)}; latency p50 ${p.p50Ms ?? "n/a"} ms, p95 ${p.p95Ms ?? "n/a"} ms; longest error window ${p.longestErrorWindowMs} ms; sessions ${p.sessions.opened} opened, ${p.sessions.dropped} dropped.`,
            "",
            ...p.errorWindows.map((w) => `- error window ${iso(w.start)} → ${iso(w.end)} (${w.end - w.start} ms)`),
        );
    }
    r.steps.forEach((s, i) => {
        out.push("", `## ${i + 1}. ${s.id} (${s.do}): ${s.outcome}`, "", s.why, "");
        if (s.plan.length > 0) out.push("```text", ...s.plan, "```", "");
        if (s.diff) out.push(r.dryRun ? "Predicted diff:" : "Diff:", "", "```text", s.diff, "```", "");
        if (s.policy) out.push(`Policy pack: ${s.policy.mandatory} mandatory, ${s.policy.advisory} advisory violation(s).`, "");
        if (s.error) out.push(`Error: ${s.error}`, "");
        if (s.expectations.length > 0) {
            out.push("| expectation | expected | actual | result |", "| --- | --- | --- | --- |");
            for (const e of s.expectations) out.push(`| ${cell(e.what)} | ${cell(e.expected)} | ${cell(e.actual)} | ${e.result} |`);
        }
    });
    out.push("", "## Restore", "", ...r.restore.map((l) => `- ${l}`), "");
    return out.join("\n");
}

/** The index of every report in `dir`, newest first. */
export function renderIndex(records: DrillRecord[]): string {
    const rows = [...records].sort((a, b) => b.startedAt - a.startedAt);
    return [
        "# Drills",
        "",
        "The record of every drill, newest first: the appendix the runbook's \"Testing and drills\" section",
        "points to. `npm run drill` writes each report and rebuilds this index from the reports' JSON;",
        "do not edit it by hand. How to run a drill: docs/runbook.md, \"Testing and drills\".",
        "",
        "| date | stack | scenario | kind | outcome | steps passed | availability | longest error window | report |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ...rows.map((r) => {
            const name = baseName(r);
            const p = r.probe?.report;
            return `| ${r.date} | ${r.stack} | ${r.scenario} | ${r.dryRun ? "dry run" : "live"} | ${r.outcome} | ${r.steps.filter((s) => s.outcome === "pass").length}/${r.steps.length} | ${p ? pct(p.availability) : "n/a"} | ${p ? `${p.longestErrorWindowMs} ms` : "n/a"} | [${name}.md](${name}.md) |`;
        }),
        "",
    ].join("\n");
}

/** Bytes of one drill record's JSON (a live drill's is a few hundred kilobytes). */
const maxRecordBytes = 16 * 1024 * 1024;

/** What the index reads of a record; a file without it is not a drill record. */
const indexedRecordSchema = z
    .object({
        date: z.string(),
        stack: z.string(),
        scenario: z.string(),
        startedAt: z.number(),
        dryRun: z.boolean(),
        outcome: z.string(),
        steps: z.array(z.object({ outcome: z.string() }).loose()),
        probe: z.object({ report: z.object({ availability: z.number().nullable(), longestErrorWindowMs: z.number() }).loose() }).loose().optional(),
    })
    .loose();

/**
 * The records in `dir`, each read through the I/O layer. A name that looks like a record but is
 * not one (corrupt JSON, another kind of JSON, a directory, a FIFO, a file too large) is skipped
 * with a warning: one bad file never breaks the index of every later drill.
 */
export function readRecords(dir: string, warn: (line: string) => void): DrillRecord[] {
    const out: DrillRecord[] = [];
    for (const name of listDirectory(dir, escapeControl(dir)).filter((f) => /^\d{4}-\d\d-\d\d-.+\.json$/.test(f))) {
        const shown = escapeControl(name);
        let json: unknown;
        try {
            json = JSON.parse(readRegularFile(path.join(dir, name), { limit: maxRecordBytes, label: shown, noFollow: true }).text);
        } catch (e) {
            warn(`${e instanceof FileError ? e.message : `${shown}: is not JSON`}; skipped in the index`);
            continue;
        }
        const parsed = indexedRecordSchema.safeParse(json);
        if (!parsed.success) {
            warn(`${shown}: is not a drill record; skipped in the index`);
            continue;
        }
        out.push(parsed.data as unknown as DrillRecord);
    }
    return out;
}

export interface WrittenReport {
    markdown: string;
    json: string;
    svg: string;
    index: string;
}

/** Writes the run's report into `dir` and rebuilds the index. A dry run never replaces a live run's record. */
export async function writeReport(run: DrillRun, dir: string, warn: (line: string) => void = (l) => void process.stderr.write(`warning: ${l}\n`)): Promise<WrittenReport> {
    // A file, a read-only or full directory, or one under /proc is refused here, naming it.
    dir = ensureWritableDirectory(dir, `--report-dir ${escapeControl(dir)}`);
    const name = baseName(run);
    const files = { markdown: path.join(dir, `${name}.md`), json: path.join(dir, `${name}.json`), svg: path.join(dir, `${name}.svg`), index: path.join(dir, "README.md") };
    if (run.dryRun) {
        let previous: unknown;
        try {
            previous = JSON.parse(readRegularFileIfExists(files.json, { limit: maxRecordBytes, label: escapeControl(files.json) })?.text ?? "null");
        } catch {
            // not a record: replaced like any other file
        }
        if ((previous as Partial<DrillRecord> | null)?.dryRun === false) {
            throw new DrillError(`${escapeControl(files.json)} records a live drill of the same day; a dry run does not replace it (use --report-dir)`);
        }
    }
    const record = recordOf(run);
    const svg = await renderSvg(chartSpec(run));
    writeAtomic(files.svg, svg);
    writeAtomic(files.json, JSON.stringify(record, null, 2) + "\n");
    writeAtomic(files.markdown, renderMarkdown(record, `${name}.svg`));
    writeAtomic(files.index, renderIndex(readRecords(dir, warn)));
    return files;
}
