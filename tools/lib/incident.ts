/**
 * The runbook's communication and post-incident steps from what the repository records: the
 * stack file's history (each remediation is a committed edit of it) and the drill and probe
 * records. `statusUpdate` fills the communication template (Status, Start, Scope, Findings,
 * Actions, Next Update, Contact); `timeline` lists every remediation change of a stack file in a
 * window, with when, who, what and its commit, and the drill and probe records of that window.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { drainedRegions } from "../../core/drain";
import { remediationActions } from "../../infra/config/remediations";
import { resolveConfig } from "./plan";
import { activeToggles } from "./render";
import { namespace, projectRoot } from "./stackConfig";
import { FileError, readRegularFile } from "./io";
import { limits } from "./limits";
import { escapeControl, UsageError, UserInputError } from "./userError";

export const statuses = ["Investigating", "Mitigating", "Monitoring", "Resolved"] as const;
export type Status = (typeof statuses)[number];

export interface Commit {
    hash: string;
    /** ISO author date. */
    at: string;
    author: string;
    subject: string;
}

function git(cwd: string, args: string[]): string {
    try {
        return execFileSync("git", args, {
            cwd,
            encoding: "utf8",
            timeout: 30_000,
            stdio: ["ignore", "pipe", "pipe"],
            maxBuffer: 64 * 1024 * 1024,
        });
    } catch (e) {
        const err = e as { stderr?: string; code?: string };
        throw new UserInputError(
            `git ${args[0]} failed in ${cwd}: ${(err.stderr ?? err.code ?? String(e)).toString().trim().split("\n")[0]}`,
        );
    }
}

/** The commits that changed the stack file, newest first. */
export function stackFileCommits(stack: string, cwd = projectRoot): Commit[] {
    const args = ["log", "--format=%H%x09%aI%x09%an%x09%s", "--", `Pulumi.${stack}.yaml`];
    return git(cwd, args)
        .split("\n")
        .filter(Boolean)
        .map((l) => {
            const [hash = "", at = "", author = "", ...subject] = l.split("\t");
            return { hash, at, author, subject: subject.join("\t") };
        });
}

function configAt(stack: string, cwd: string, rev: string | undefined): Record<string, unknown> {
    let text: string;
    if (rev === undefined) {
        const file = path.join(cwd, `Pulumi.${stack}.yaml`);
        text = readRegularFile(file, {
            limit: limits.stackFileBytes,
            label: `Pulumi.${stack}.yaml`,
            what: "a stack file is a few kilobytes",
        }).text;
    } else {
        try {
            text = execFileSync("git", ["show", `${rev}:Pulumi.${stack}.yaml`], {
                cwd,
                encoding: "utf8",
                stdio: ["ignore", "pipe", "ignore"],
                timeout: 30_000,
            });
        } catch {
            return {};
        }
    }
    return (YAML.parse(text) as { config?: Record<string, unknown> } | null)?.config ?? {};
}

/** The stack file's remediation keys (as the file spells them, namespaced) and their values. */
function remediationValues(config: Record<string, unknown>): Map<string, unknown> {
    const owned = new Set(remediationActions.flatMap((a) => a.keys));
    const out = new Map<string, unknown>();
    const walk = (key: string, v: unknown) => {
        if ([...owned].some((k) => k === key)) out.set(key, v);
        else if (
            v !== null &&
            typeof v === "object" &&
            !Array.isArray(v) &&
            [...owned].some((k) => k.startsWith(`${key}.`))
        ) {
            for (const [k, x] of Object.entries(v)) walk(`${key}.${k}`, x);
        }
    };
    for (const [k, v] of Object.entries(config))
        if (k.startsWith(`${namespace}:`)) walk(k.slice(namespace.length + 1), v);
    return out;
}

export interface KeyChange {
    key: string;
    old?: unknown;
    new?: unknown;
}

/** The remediation keys a commit changed in the stack file. */
export function remediationChanges(before: Record<string, unknown>, after: Record<string, unknown>): KeyChange[] {
    const [b, a] = [remediationValues(before), remediationValues(after)];
    return [...new Set([...b.keys(), ...a.keys()])]
        .sort()
        .filter((k) => JSON.stringify(b.get(k)) !== JSON.stringify(a.get(k)))
        .map((k) => ({ key: k, ...(b.has(k) ? { old: b.get(k) } : {}), ...(a.has(k) ? { new: a.get(k) } : {}) }));
}

const show = (v: unknown) => (v === undefined ? "(unset)" : JSON.stringify(v));
export const describeChange = (c: KeyChange) => `${namespace}:${c.key} ${show(c.old)} → ${show(c.new)}`;

/** Since when each of the stack file's remediation keys holds its current value: the commit that set it. */
export function activeSince(
    stack: string,
    cwd = projectRoot,
): { key: string; value: unknown; since?: Commit; uncommitted: boolean }[] {
    const now = remediationValues(configAt(stack, cwd, undefined));
    const head = remediationValues(configAt(stack, cwd, "HEAD"));
    const commits = stackFileCommits(stack, cwd);
    return [...now.entries()].map(([key, value]) => {
        if (JSON.stringify(head.get(key)) !== JSON.stringify(value)) return { key, value, uncommitted: true };
        let since: Commit | undefined;
        for (const c of commits) {
            if (JSON.stringify(remediationValues(configAt(stack, cwd, c.hash)).get(key)) !== JSON.stringify(value))
                break;
            since = c;
        }
        return { key, value, ...(since ? { since } : {}), uncommitted: false };
    });
}

export interface StatusOptions {
    stack: string;
    status: Status;
    findings?: string;
    actions?: string;
    contact?: string;
    /** The time of the update (now unless given). */
    at: Date;
    format: "markdown" | "text";
    cwd?: string;
}

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** The runbook's communication template, its scope filled from the stack file and its history. */
export function statusUpdate(options: StatusOptions): string {
    if (!statuses.includes(options.status))
        throw new UsageError(`--status: "${options.status}" is not one of ${statuses.join(", ")}`);
    const cwd = options.cwd ?? projectRoot;
    const stackConfig = configAt(options.stack, cwd, undefined);
    const config = resolveConfig({ stack: options.stack, stackConfig }).config;
    const drained = drainedRegions(config);
    const serving = Object.keys(config.regions).filter((r) => !drained.includes(r));
    const toggles = activeToggles(config);
    // The keys of the active toggles (not at their default); the release is a deploy, not a remediation in force.
    const activeKeys = new Set(toggles.map((t) => t.slice(0, t.indexOf("="))));
    const active = activeSince(options.stack, cwd).filter(
        (a) => activeKeys.has(a.key) || activeKeys.has(a.key.split(".")[0] ?? a.key),
    );
    const when = (a: (typeof active)[number]) =>
        a.uncommitted
            ? "not committed yet"
            : a.since
              ? `since ${utc(new Date(a.since.at))} (${a.since.hash.slice(0, 7)} by ${a.since.author})`
              : "since before the history";
    const starts = active.flatMap((a) => (a.since ? [new Date(a.since.at).getTime()] : []));
    const start = starts.length > 0 ? new Date(Math.min(...starts)) : undefined;
    const scope = [
        `cell ${config.cell} (${options.stack}, project ${config.project})`,
        drained.length > 0
            ? `drained: ${drained.join(", ")}; serving: ${serving.join(", ")}`
            : `every region serving (${serving.join(", ")})`,
        `remediation toggles: ${toggles.length > 0 ? toggles.join(", ") : "none active"}`,
    ].join("; ");
    const changes = active.map(
        (a) => `${namespace}:${a.key}=${JSON.stringify(a.value)} on ${options.stack} ${when(a)}`,
    );
    const actions = [options.actions, ...changes].filter((x): x is string => !!x && x.trim() !== "").join("; ");
    const contact =
        options.contact ?? (git(cwd, ["config", "--default", "", "user.name"]).trim() || "<on-call engineer>");
    const fields: [string, string][] = [
        ["Status", options.status],
        ["Start", start ? utc(start) : `${utc(options.at)} (no remediation active in the stack file)`],
        ["Scope", scope],
        ["Findings", options.findings?.trim() || "under investigation"],
        ["Actions", actions || "none yet"],
        [
            "Next Update",
            options.status === "Resolved" ? "none (resolved)" : utc(new Date(options.at.getTime() + 15 * 60_000)),
        ],
        ["Contact", `${contact} / Slack @mentions`],
    ];
    return fields.map(([k, v]) => (options.format === "markdown" ? `*${k}:* ${v}` : `${k}: ${v}`)).join("\n") + "\n";
}

interface DrillRecordLike {
    scenario: string;
    stack: string;
    dryRun: boolean;
    outcome: string;
    startedAt: number;
    endedAt: number;
    probe?: {
        report: {
            availability: number | null;
            longestErrorWindowMs: number;
            errorWindows: { start: number; end: number }[];
        };
    };
}

interface ProbeReportLike {
    errorWindows?: { start: number; end: number }[];
    requests?: number;
    failures?: number;
}

export interface TimelineOptions {
    stack: string;
    since: string;
    cwd?: string;
    /** Saved `npm run probe -- --json` reports. */
    probes?: string[];
    /** Where the drill records are (docs/drills unless given). */
    drillDir?: string;
}

interface Entry {
    at: number;
    who: string;
    what: string;
    ref: string;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The post-incident timeline as markdown. */
export function timeline(options: TimelineOptions): string {
    const cwd = options.cwd ?? projectRoot;
    const since = new Date(options.since);
    if (Number.isNaN(since.getTime()))
        throw new UsageError(`--since: "${options.since}" is not a time (ISO 8601, e.g. 2026-12-07T21:00:00Z)`);
    const entries: Entry[] = [];
    // By author date (when the engineer made the change), not git's --since, which reads the committer date.
    for (const commit of stackFileCommits(options.stack, cwd)
        .filter((x) => new Date(x.at).getTime() >= since.getTime())
        .reverse()) {
        const parent = git(cwd, ["rev-list", "--parents", "-n", "1", commit.hash]).trim().split(" ")[1];
        const changes = remediationChanges(
            parent ? configAt(options.stack, cwd, parent) : {},
            configAt(options.stack, cwd, commit.hash),
        );
        for (const ch of changes)
            entries.push({
                at: new Date(commit.at).getTime(),
                who: commit.author,
                what: describeChange(ch),
                ref: `${commit.hash.slice(0, 7)} ${commit.subject}`,
            });
    }
    const drillDir = options.drillDir ?? path.join(cwd, "docs", "drills");
    if (fs.existsSync(drillDir)) {
        for (const fileName of fs
            .readdirSync(drillDir)
            .filter((x) => /^\d{4}-\d\d-\d\d-.+\.json$/.test(x))
            .sort()) {
            let drill: DrillRecordLike;
            try {
                const text = readRegularFile(path.join(drillDir, fileName), {
                    limit: limits.inventoryBytes,
                    label: fileName,
                    what: "a drill record is a few hundred kilobytes",
                }).text;
                drill = JSON.parse(text) as DrillRecordLike;
                if (typeof drill.startedAt !== "number" || typeof drill.endedAt !== "number")
                    throw new Error("not a drill record");
            } catch (e) {
                // One bad file in the records never hides the others from the timeline.
                process.stderr.write(
                    `timeline: skipped ${escapeControl(fileName)}: ${escapeControl((e as Error).message)}\n`,
                );
                continue;
            }
            if (drill.endedAt < since.getTime()) continue;
            const kind = drill.dryRun ? "rehearsal plan" : "drill";
            const p = drill.probe?.report;
            entries.push({
                at: drill.startedAt,
                who: kind,
                what: `${drill.scenario} on ${drill.stack}: ${drill.outcome}${p ? `; availability ${p.availability === null ? "n/a" : `${(p.availability * 100).toFixed(2)}%`}, longest error window ${p.longestErrorWindowMs} ms` : ""}`,
                ref: path.relative(cwd, path.join(drillDir, fileName.replace(/\.json$/, ".md"))),
            });
        }
    }
    for (const file of options.probes ?? []) {
        let report: ProbeReportLike;
        try {
            report = JSON.parse(
                readRegularFile(file, {
                    limit: limits.inventoryBytes,
                    label: `--probe ${file}`,
                    what: "a probe report is a few kilobytes",
                }).text,
            ) as ProbeReportLike;
        } catch (e) {
            if (e instanceof FileError) throw e;
            throw new UserInputError(
                `--probe: ${escapeControl(file)} is not a probe report (${escapeControl((e as Error).message)})`,
            );
        }
        for (const w of report.errorWindows ?? []) {
            if (w.end < since.getTime()) continue;
            entries.push({
                at: w.start,
                who: "probe",
                what: `error window until ${new Date(w.end).toISOString()} (${w.end - w.start} ms)`,
                ref: path.basename(file),
            });
        }
    }
    entries.sort((a, b) => a.at - b.at);
    return [
        `# Timeline of ${options.stack} since ${since.toISOString()}`,
        "",
        "Every remediation change of the stack file (its commits), and the drill and probe records of the window.",
        "",
        "| when (UTC) | who | what | record |",
        "| --- | --- | --- | --- |",
        ...entries.map(
            (e) =>
                `| ${new Date(e.at).toISOString().replace("T", " ").slice(0, 19)} | ${cell(e.who)} | ${cell(e.what)} | ${cell(e.ref)} |`,
        ),
        ...(entries.length === 0 ? ["", "Nothing recorded in the window."] : []),
        "",
    ].join("\n");
}
