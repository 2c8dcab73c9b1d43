/**
 * A drill's record: `docs/drills/<date>-<stack>-<scenario>.md` with its `.json` and `.svg` beside
 * it, and the index `docs/drills/README.md` (the runbook's appendix of drills by date and
 * outcome), rebuilt from every report's JSON so it never drifts from them. A dry run's report is a
 * rehearsal plan, never a pass, and the index lists rehearsal plans apart from real drills. A live
 * report gives what a drill lead signs: RTO and RPO against the scenario's targets, the abort
 * criteria and whether they fired, observations and action items drawn from the measurements.
 */
import * as path from "path";
import { z } from "zod";
import { ensureWritableDirectory, FileError, listDirectory, readRegularFile, readRegularFileIfExists } from "../../io";
import { escapeControl } from "../../userError";
import type { ProbeReport } from "../../probe/summary";
import { DrillError } from "../errors";
import { rpoLines, secondsText } from "../rpo";
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
            byStep: Object.fromEntries(
                run.steps
                    .filter((s) => s.outcome !== "skipped")
                    .map((s) => [s.id, probeDuring(probe, s.startedAt, s.endedAt)]),
            ),
        };
    }
    return record;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const pct = (v: number | null) => (v === null ? "n/a" : `${(v * 100).toFixed(2)}%`);

/** The abort criteria of a live drill, each with whether it fired during this run. */
export function abortCriteria(record: DrillRecord): { criterion: string; fired: string | undefined }[] {
    const errors = record.steps.filter((s) => s.outcome === "error");
    const mismatch = errors.find((s) => s.error?.startsWith("the preview is not what"));
    const probeFail = record.steps.flatMap((s) =>
        s.expectations
            .filter((e) => e.what.startsWith("probe") && e.result === "fail")
            .map((e) => `${s.id}: ${e.what} ${e.actual}`),
    );
    const applyFail = errors.find((s) => s !== mismatch && s.error !== "interrupted");
    const missedRpo = (record.rpo ?? [])
        .filter((m) => m.verdict === "MISSED")
        .map((m) => `${m.step}: ${secondsText(m.lagSeconds ?? 0)} of replica lag on ${m.instance}`);
    return [
        {
            criterion:
                "a preview differs from what remediate predicts: the phase is not applied, the drill stops and restores",
            fired: mismatch ? `${mismatch.id}: ${mismatch.error}` : undefined,
        },
        {
            criterion: "an update, refresh or command fails: the drill stops and restores",
            fired: applyFail ? `${applyFail.id}: ${applyFail.error}` : undefined,
        },
        {
            criterion: "the drill lead interrupts (Ctrl-C): the update is cancelled, the drill restores",
            fired: record.outcome === "aborted" ? "interrupted" : undefined,
        },
        {
            criterion:
                "the probe sees customers affected beyond a step's expectation (availability, error window, dropped sessions)",
            fired: probeFail.length > 0 ? probeFail.join("; ") : undefined,
        },
        {
            criterion: `a failover loses more writes than the RPO target (${record.targets.rpoSeconds} s of replica lag when the new primary took over)`,
            fired: missedRpo.length > 0 ? missedRpo.join("; ") : undefined,
        },
    ];
}

/**
 * RTO measured by the probe (its longest error window) and RPO measured from Cloud SQL's replica
 * lag at each move of the primary role (tools/lib/drill/rpo.ts), against the scenario's targets.
 */
export function recovery(r: DrillRecord): string[] {
    const p = r.probe?.report;
    const rto = p ? p.longestErrorWindowMs / 1000 : undefined;
    return [
        `- RTO: target ≤ ${r.targets.rtoSeconds} s; measured ${rto === undefined ? "n/a (no probe)" : `${rto} s (the probe's longest error window)`}: ${rto === undefined ? "not measured" : rto <= r.targets.rtoSeconds ? "met" : "MISSED"}`,
        ...rpoLines(r.rpo, r.targets.rpoSeconds),
    ];
}

export function renderMarkdown(record: DrillRecord, svgFile: string): string {
    const failed = record.steps.flatMap((s) =>
        s.expectations.filter((e) => e.result === "fail").map((e) => ({ step: s.id, e })),
    );
    const out: string[] = [
        record.dryRun
            ? `# Rehearsal plan: ${record.scenario} on ${record.stack}, ${record.date} (dry run, not a drill)`
            : `# Drill: ${record.scenario} on ${record.stack}, ${record.date}`,
        "",
        `- Scenario: \`${record.scenario}\` (runbook: ${record.runbook})`,
        `- Stack: \`${record.stack}\``,
        record.dryRun
            ? "- Kind: **dry run**: offline plans, predicted diffs, policy verdicts and budgets; nothing was applied to a cell, no probe ran, no step was timed"
            : "- Kind: live: Pulumi Automation API on the drill cell, measured by the probe",
        `- Started ${iso(record.startedAt)}, ended ${iso(record.endedAt)}`,
        record.dryRun
            ? record.outcome === "rehearsal plan"
                ? "- Outcome: **REHEARSAL PLAN**: every step planned with no failed expectation; nothing was applied, timed or measured, so nothing passed yet"
                : `- Outcome: **${record.outcome.toUpperCase()}**: the plan itself fails (${failed.map((f) => `${f.step}: ${f.e.what}`).join("; ") || record.steps.find((s) => s.error)?.error || "a step errs"})`
            : `- Outcome: **${record.outcome.toUpperCase()}** (${record.steps.filter((s) => s.outcome === "pass").length} of ${record.steps.length} steps passed)`,
        "",
        `![${record.dryRun ? "step budgets" : "probe timeline"}](${svgFile})`,
        "",
        "## Steps",
        "",
        "| # | step | does | started (UTC) | took | budget | outcome |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        ...record.steps.map(
            (s, i) =>
                `| ${i + 1} | ${s.id} | ${s.do} | ${iso(s.startedAt).slice(11, 23)} | ${record.dryRun ? "not timed" : `${((s.endedAt - s.startedAt) / 1000).toFixed(1)} s`} | ${s.budgetSeconds} s | ${s.outcome} |`,
        ),
    ];
    if (record.probe) {
        const p = record.probe.report;
        out.push(
            "",
            "## Probe",
            "",
            `${p.requests} requests, ${p.failures} failed: availability ${pct(p.availability)}; latency p50 ${p.p50Ms ?? "n/a"} ms, p95 ${p.p95Ms ?? "n/a"} ms; longest error window ${p.longestErrorWindowMs} ms; sessions ${p.sessions.opened} opened, ${p.sessions.dropped} dropped.`,
            "",
            ...p.errorWindows.map((w) => `- error window ${iso(w.start)} → ${iso(w.end)} (${w.end - w.start} ms)`),
        );
    }
    record.steps.forEach((s, i) => {
        out.push("", `## ${i + 1}. ${s.id} (${s.do}): ${s.outcome}`, "", s.why, "");
        if (s.plan.length > 0) out.push("```text", ...s.plan, "```", "");
        if (s.diff) out.push(record.dryRun ? "Predicted diff:" : "Diff:", "", "```text", s.diff, "```", "");
        if (s.policy)
            out.push(`Policy pack: ${s.policy.mandatory} mandatory, ${s.policy.advisory} advisory violation(s).`, "");
        if (s.error) out.push(`Error: ${s.error}`, "");
        if (s.expectations.length > 0) {
            out.push("| expectation | expected | actual | result |", "| --- | --- | --- | --- |");
            for (const e of s.expectations)
                out.push(`| ${cell(e.what)} | ${cell(e.expected)} | ${cell(e.actual)} | ${e.result} |`);
        }
    });
    out.push("", "## Restore", "", ...record.restore.map((l) => `- ${l}`), "");
    if (!record.dryRun) {
        out.push("## Recovery", "", ...recovery(record), "");
        out.push(
            "## Abort criteria",
            "",
            "| criterion | fired |",
            "| --- | --- |",
            ...abortCriteria(record).map(
                (a) => `| ${cell(a.criterion)} | ${a.fired ? `yes: ${cell(a.fired)}` : "no"} |`,
            ),
            "",
        );
        const over = record.steps.filter(
            (s) => s.outcome !== "skipped" && s.endedAt - s.startedAt > 0.8 * s.budgetSeconds * 1000,
        );
        const p = record.probe?.report;
        const unmeasured = (record.rpo ?? []).filter((m) => m.verdict === "not measured");
        out.push(
            "## Observations",
            "",
            ...(p
                ? [
                      `- the probe: ${p.requests} requests, ${p.failures} failed; ${p.errorWindows.length} error window(s), the longest ${p.longestErrorWindowMs} ms`,
                  ]
                : ["- no probe ran"]),
            ...over.map(
                (s) =>
                    `- ${s.id} took ${((s.endedAt - s.startedAt) / 1000).toFixed(1)} s of its ${s.budgetSeconds} s budget (over 80 %)`,
            ),
            ...failed.map((f) => `- ${f.step}: ${f.e.what} expected ${f.e.expected}, measured ${f.e.actual}`),
            "",
            "## Action items",
            "",
            ...(failed.length + over.length + unmeasured.length === 0
                ? ["- none from the measurements; add the drill lead's own below"]
                : [
                      ...failed.map(
                          (f) =>
                              `- [ ] ${f.step}: find why ${f.e.what} was ${f.e.actual} (expected ${f.e.expected}) and fix it or the expectation, with a reason`,
                      ),
                      ...over.map(
                          (s) =>
                              `- [ ] ${s.id}: review its ${s.budgetSeconds} s budget against the measured ${((s.endedAt - s.startedAt) / 1000).toFixed(1)} s`,
                      ),
                      ...unmeasured.map(
                          (m) =>
                              `- [ ] ${m.step}: RPO not measured (${m.reason ?? "no figure"}); read the replica lag of the ${m.region} instance at ${iso(m.at)} on the Database Health dashboard and record it here`,
                      ),
                  ]),
            "",
            "## Sign-off",
            "",
            "Drill lead: name, date, and whether the cell may count this drill for the quarter.",
            "",
        );
    }
    return out.join("\n");
}

/** The index's RPO figure: the worst move's lag, how many moves went unmeasured, or none to measure. */
function rpoMeasured(r: DrillRecord): string {
    const rpo = r.rpo;
    if (rpo === undefined) return "n/a";
    if (rpo.length === 0) return "no failover";
    const lags = rpo.flatMap((m) => (m.lagSeconds !== undefined ? [m.lagSeconds] : []));
    const unmeasured = rpo.length - lags.length;
    const worst = lags.length > 0 ? `${secondsText(Math.max(...lags))}` : "";
    const missing = unmeasured > 0 ? `${unmeasured} of ${rpo.length} not measured` : "";
    return [worst, missing].filter(Boolean).join("; ");
}

/** The index of every report in `dir`, newest first. */
export function renderIndex(records: DrillRecord[]): string {
    const rows = [...records].sort((a, b) => b.startedAt - a.startedAt);
    const live = rows.filter((r) => !r.dryRun);
    const plans = rows.filter((r) => r.dryRun);
    return [
        "# Drills",
        "",
        'The record of every drill, newest first: the appendix the runbook\'s "Testing and drills" section',
        "points to. `npm run drill` writes each report and rebuilds this index from the reports' JSON;",
        'do not edit it by hand. How to run a drill: docs/runbook.md, "Testing and drills".',
        "",
        "## Drills (live)",
        "",
        "| date | stack | scenario | outcome | steps passed | availability | longest error window | RTO target | RPO target | RPO measured | report |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ...live.map((r) => {
            const name = baseName(r);
            const p = r.probe?.report;
            return `| ${r.date} | ${r.stack} | ${r.scenario} | ${r.outcome} | ${r.steps.filter((s) => s.outcome === "pass").length}/${r.steps.length} | ${p ? pct(p.availability) : "n/a"} | ${p ? `${p.longestErrorWindowMs} ms` : "n/a"} | ${r.targets?.rtoSeconds ?? "n/a"} s | ${r.targets?.rpoSeconds ?? "n/a"} s | ${rpoMeasured(r)} | [${name}.md](${name}.md) |`;
        }),
        ...(live.length === 0 ? ["", "No live drill yet."] : []),
        "",
        "## Rehearsal plans (dry runs: nothing applied, nothing measured; not drills)",
        "",
        "| date | stack | scenario | outcome | steps | report |",
        "| --- | --- | --- | --- | --- | --- |",
        ...plans.map((r) => {
            const name = baseName(r);
            const outcome = r.outcome === ("pass" as string) ? "rehearsal plan" : r.outcome;
            return `| ${r.date} | ${r.stack} | ${r.scenario} | ${outcome} | ${r.steps.length} | [${name}.md](${name}.md) |`;
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
        probe: z
            .object({
                report: z.object({ availability: z.number().nullable(), longestErrorWindowMs: z.number() }).loose(),
            })
            .loose()
            .optional(),
        rpo: z.array(z.object({ lagSeconds: z.number().optional() }).loose()).optional(),
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
            json = JSON.parse(
                readRegularFile(path.join(dir, name), { limit: maxRecordBytes, label: shown, noFollow: true }).text,
            );
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
export async function writeReport(
    run: DrillRun,
    dir: string,
    warn: (line: string) => void = (l) => void process.stderr.write(`warning: ${l}\n`),
): Promise<WrittenReport> {
    // A file, a read-only or full directory, or one under /proc is refused here, naming it.
    dir = ensureWritableDirectory(dir, `--report-dir ${escapeControl(dir)}`);
    const name = baseName(run);
    const files = {
        markdown: path.join(dir, `${name}.md`),
        json: path.join(dir, `${name}.json`),
        svg: path.join(dir, `${name}.svg`),
        index: path.join(dir, "README.md"),
    };
    if (run.dryRun) {
        let previous: unknown;
        try {
            previous = JSON.parse(
                readRegularFileIfExists(files.json, { limit: maxRecordBytes, label: escapeControl(files.json) })
                    ?.text ?? "null",
            );
        } catch {
            // not a record: replaced like any other file
        }
        if ((previous as Partial<DrillRecord> | null)?.dryRun === false) {
            throw new DrillError(
                `${escapeControl(files.json)} records a live drill of the same day; a dry run does not replace it (use --report-dir)`,
            );
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
