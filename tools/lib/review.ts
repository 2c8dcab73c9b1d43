/**
 * The change review of one stack: the offline diff between the base revision's plan and the
 * working tree's, why each change is dangerous (protected, stateful, replaced, delete-before-
 * replace, waits on something), the policy findings of both sides split into new / fixed /
 * pre-existing, the remediation toggles whose resolved value changed, and the stack file's config
 * keys added or removed. Pure: plans and findings come in, the review goes out.
 */
import { remediationKeyPaths } from "./remediationKeys";
import { diffInventories, refusal, type Op, type ResourceChange } from "./diff";
import { formatPath } from "./engine/paths";
import { advisories } from "./reviewAdvice";
import { labelBackends } from "./pathLabels";
import type { Inventory } from "./plan";
import type { Violation } from "./policy";

/** One resource's change as the diff predicts it (op, protect, replacement, ordering, await). */
export type ReviewChange = ResourceChange;
export type { Op };

export interface Finding {
    policy: string;
    enforcementLevel: "advisory" | "mandatory";
    severity: string;
    urn: string;
    message: string;
}

export interface Findings {
    new: Finding[];
    fixed: Finding[];
    preExisting: Finding[];
}

/**
 * A finding is the same on both sides when its policy, resource URN and message are. The message
 * is part of the key on purpose: a finding whose message changes (another port, another region
 * count) now says something else, and the reviewer sees the old one fixed and the new one new.
 * URNs are stable across revisions unless the resource itself is renamed (which is then a
 * delete and a create, and its findings move with it).
 */
export function findingKey(f: Finding): string {
    return JSON.stringify([f.policy, f.urn, f.message]);
}

export function compareFindings(base: Finding[], head: Finding[]): Findings {
    const baseKeys = new Set(base.map(findingKey));
    const headKeys = new Set(head.map(findingKey));
    return {
        new: head.filter((f) => !baseKeys.has(findingKey(f))),
        fixed: base.filter((f) => !headKeys.has(findingKey(f))),
        preExisting: head.filter((f) => baseKeys.has(findingKey(f))),
    };
}

export interface ValueChange {
    key: string;
    old?: unknown;
    new?: unknown;
}

function at(config: Record<string, unknown>, dotted: string): unknown {
    let node: unknown = config;
    for (const part of dotted.split(".")) {
        if (node === null || typeof node !== "object") return undefined;
        node = (node as Record<string, unknown>)[part];
    }
    return node;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The leaf keys under `key` whose values differ: a capacity change names `….workload.minReplicas`, not the whole map. */
function leafChanges(key: string, o: unknown, n: unknown): ValueChange[] {
    if (JSON.stringify(o) === JSON.stringify(n)) return [];
    if (isMap(o) && isMap(n)) {
        return [...new Set([...Object.keys(o), ...Object.keys(n)])]
            .sort()
            .flatMap((k) => leafChanges(`${key}.${k}`, o[k], n[k]));
    }
    return [{ key, ...(o !== undefined ? { old: o } : {}), ...(n !== undefined ? { new: n } : {}) }];
}

/** The remediation toggles (resolved config, defaults applied, secrets masked) whose value differs, by the key that changed. */
export function toggleChanges(
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    keyPaths: readonly string[] = remediationKeyPaths,
): ValueChange[] {
    const regions = [
        ...new Set([...Object.keys((before.regions as object) ?? {}), ...Object.keys((after.regions as object) ?? {})]),
    ].sort();
    const keys = keyPaths.flatMap((k) => (k.includes("<region>") ? regions.map((r) => k.replace("<region>", r)) : [k]));
    return keys.flatMap((key) => leafChanges(key, at(before, key), at(after, key)));
}

/** Top-level keys of the stack files' `config:` maps (namespaced, as the file spells them). */
export function configKeyChanges(
    before: Record<string, unknown> | undefined,
    after: Record<string, unknown> | undefined,
): { added: string[]; removed: string[] } {
    const b = Object.keys(before ?? {});
    const a = Object.keys(after ?? {});
    return { added: a.filter((k) => !b.includes(k)).sort(), removed: b.filter((k) => !a.includes(k)).sort() };
}

export type StackStatus = "changed" | "unchanged" | "new stack file" | "stack file deleted";

export interface StackReview {
    stack: string;
    status: StackStatus;
    summary: {
        create: number;
        update: number;
        replace: number;
        delete: number;
        unchanged: number;
        statefulTouched: number;
        refused: number;
    };
    changes: ReviewChange[];
    /** URNs of stateful resources the change touches. */
    statefulTouched: string[];
    /** Protected resources the change replaces or deletes: `pulumi preview` refuses these. */
    refused: { urn: string; op: Op }[];
    toggles: ValueChange[];
    configKeys: { added: string[]; removed: string[] };
    findings: Findings;
    /** Facts the reviewer must know that no count shows. */
    notes: string[];
    /** Per changed URN, what its meaning risks though its operation looks harmless, with the source. */
    advice: Record<string, string[]>;
    /** The working tree's plan against the deployed state, where `--state` gave one (lines). */
    deployed?: string[];
    /** Per created URN, its inputs in full (leaf path → value). */
    created: Record<string, { path: string; value: unknown }[]>;
    verdict: "reviewable" | "blocked";
    /** Why the verdict is "blocked". */
    blockedBecause: string[];
}

export interface Side {
    inventory?: Inventory;
    findings?: Finding[] | null;
    /** The stack file's `config:` map, for the keys added and removed. */
    stackConfig?: Record<string, unknown>;
}

/** Every leaf of an input map with its path, as the diff spells paths. */
export function leaves(v: unknown, path: (string | number)[] = []): { path: string; value: unknown }[] {
    if (Array.isArray(v) && v.length > 0) return v.flatMap((x, i) => leaves(x, [...path, i]));
    if (isMap(v) && Object.keys(v).length > 0)
        return Object.keys(v)
            .sort()
            .flatMap((k) => leaves(v[k], [...path, k]));
    return path.length === 0 ? [] : [{ path: formatPath(path), value: v }];
}

const empty = (stack: string): Inventory => ({ project: "voice-agent", stack, config: {}, resources: [], outputs: {} });

/** Reviews one stack: `base` or `head` lacks an inventory when that side has no stack file. */
export function reviewStack(stack: string, base: Side, head: Side): StackReview {
    const before = base.inventory ?? empty(stack);
    const after = head.inventory ?? empty(stack);
    const { changes, summary } = labelBackends(diffInventories(before, after), after, before);
    const refused = changes.filter((c) => refusal(c) !== undefined).map((c) => ({ urn: c.urn, op: c.op }));
    const findings = compareFindings(base.findings ?? [], head.findings ?? []);
    const status: StackStatus = !base.inventory
        ? "new stack file"
        : !head.inventory
          ? "stack file deleted"
          : changes.length > 0
            ? "changed"
            : "unchanged";
    const notes: string[] = [];
    if (status === "stack file deleted")
        notes.push(
            `Pulumi.${stack}.yaml is deleted: every resource of the stack is counted as deleted (pulumi destroy)`,
        );
    if (status === "new stack file")
        notes.push(`Pulumi.${stack}.yaml is new: every resource of the stack is counted as created`);
    if (base.inventory && base.findings === null)
        notes.push("the base revision has no offline policy runner: every finding counts as new");
    const newMandatory = findings.new.filter((f) => f.enforcementLevel === "mandatory").length;
    const blockedBecause: string[] = [];
    if (newMandatory > 0)
        blockedBecause.push(`${newMandatory} new mandatory violation${newMandatory === 1 ? "" : "s"}`);
    if (refused.length > 0)
        blockedBecause.push(
            `${refused.length} protected resource${refused.length === 1 ? "" : "s"} replaced or deleted, which the preview refuses`,
        );
    return {
        stack,
        status,
        summary: {
            create: summary.create,
            update: summary.update,
            replace: summary.replace,
            delete: summary.delete,
            unchanged: summary.unchanged,
            statefulTouched: summary.stateful,
            refused: summary.refused,
        },
        changes,
        statefulTouched: changes.filter((c) => c.stateful).map((c) => c.urn),
        refused,
        toggles: base.inventory && head.inventory ? toggleChanges(before.config, after.config) : [],
        configKeys:
            base.inventory && head.inventory
                ? configKeyChanges(base.stackConfig, head.stackConfig)
                : { added: [], removed: [] },
        findings,
        notes,
        advice: Object.fromEntries(
            changes
                .map(
                    (c) =>
                        [
                            c.urn,
                            advisories(
                                c,
                                before.resources.find((r) => r.urn === c.urn)?.inputs,
                                after.resources.find((r) => r.urn === c.urn)?.inputs,
                            ),
                        ] as const,
                )
                .filter(([, a]) => a.length > 0),
        ),
        created: Object.fromEntries(
            changes
                .filter((c) => c.op === "create")
                .map((c) => [c.urn, leaves(after.resources.find((r) => r.urn === c.urn)?.inputs ?? {})]),
        ),
        verdict: blockedBecause.length > 0 ? "blocked" : "reviewable",
        blockedBecause,
    };
}

export interface Review {
    base: { rev: string; commit: string };
    stacks: StackReview[];
    verdict: "reviewable" | "blocked";
}

/** 0 reviewable, 1 blocked (a new mandatory violation, or a protected resource replaced or deleted). */
export function exitCodeOf(review: Review): 0 | 1 {
    return review.verdict === "blocked" ? 1 : 0;
}

export function assemble(base: Review["base"], stacks: StackReview[]): Review {
    return { base, stacks, verdict: stacks.some((s) => s.verdict === "blocked") ? "blocked" : "reviewable" };
}

/** The runner's violations as findings (the same fields; kept apart so the review owns its shape). */
export function asFindings(violations: readonly Violation[]): Finding[] {
    return violations.map((v) => ({
        policy: v.policy,
        enforcementLevel: v.enforcementLevel,
        severity: v.severity,
        urn: v.urn,
        message: v.message,
    }));
}
