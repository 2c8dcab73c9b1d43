/**
 * The offline diff: what `pulumi up` would do to go from one offline plan to another, per resource
 * (matched by URN), as the engine's steps decide it (engine/stepGenerator.ts): each change says its
 * operation (create, update, replace, delete), why a replacement happens and whether it deletes
 * first, which other changes of the update it waits for, and what its step waits for. This file
 * only words and renders those steps. Replacing or deleting a protected resource, and a change
 * the provider's diff fails on, are operations `pulumi preview` refuses; the summary counts them.
 * Secrets are masked in both plans already, so a changed secret shows only through what it feeds
 * (the pods' config checksum). Stateful resources touched are flagged: a remediation must not
 * touch them.
 */
import { statefulTypes } from "../../core/resourceKinds";
import type { Await } from "./engine/awaits";
import { waves } from "./engine/ordering";
import { generateSteps, type Op, type PathChange, type StepOptions } from "./engine/stepGenerator";
import type { Inventory, InventoryResource } from "./plan";

export type { Op, PathChange };

export interface ResourceChange {
    op: Op;
    urn: string;
    type: string;
    name: string;
    /** The resource's `protect` (for a delete: as it was). */
    protect: boolean;
    /** A replacement that deletes the old resource before creating the new one (a fixed name). */
    deleteBeforeReplace: boolean;
    /** Input paths that force the replacement; `(provider)` when its provider changes or is replaced. */
    replaceBecause: string[];
    /** URNs of the other changes of this update that complete before this one starts. */
    waitsFor: string[];
    stateful: boolean;
    /**
     * Every changed input path, and `protect` when it changes. Dependencies alone are not a change
     * (the engine does not diff them either).
     */
    changes: PathChange[];
    /** What the step waits for once the provider has applied it. */
    await: Await;
    /** The provider's diff fails with this message, so the preview does (engine/replaceRules.ts). */
    providerError?: string;
}

export interface PlanDiff {
    changes: ResourceChange[];
    summary: {
        create: number;
        update: number;
        replace: number;
        delete: number;
        stateful: number;
        unchanged: number;
        refused: number;
    };
}

function isStateful(r: InventoryResource): boolean {
    return statefulTypes.includes(r.type);
}

/**
 * `pulumi preview` fails on replacing a protected resource (old and new protected), on deleting
 * one, and where the provider's diff fails.
 */
export function refusal(c: Pick<ResourceChange, "op" | "protect" | "providerError">): string | undefined {
    if (c.providerError !== undefined) return `the provider's diff fails: ${c.providerError}`;
    if (c.op === "replace" && c.protect) return "replacing a protected resource";
    if (c.op === "delete" && c.protect) return "deleting a protected resource";
    return undefined;
}

export type DiffOptions = StepOptions;

/** What a preview of `after` over `before` creates or replaces: whose outputs it cannot know. */
function unknownAtPreviewOf(before: Inventory, after: Inventory, options: DiffOptions = {}): Set<string> {
    return new Set(
        diffInventories(before, after, options)
            .changes.filter((c) => c.op === "create" || c.op === "replace")
            .map((c) => c.urn),
    );
}

/**
 * The plan a preview compares with `before`: the program run again with the outputs of what it
 * creates or replaces unknown, until that set no longer grows. A real preview gives the program
 * only what the provider plans for such a resource (its inputs; what the cloud computes is
 * unknown), so a value derived from it, such as a ConfigMap entry from a new instance's write
 * endpoint or a checksum of it, is unknown too and shows as a change. The mocks would answer it.
 */
export async function previewPlan(
    before: Inventory,
    planOf: (unknownAtPreview?: ReadonlySet<string>) => Promise<Inventory>,
    options: DiffOptions = {},
): Promise<Inventory> {
    let after = await planOf();
    let unknown = new Set<string>();
    // Each round can only add resources (an unknown input replaces or creates, never undoes one);
    // the bound is the number of resources, the rounds in practice two or three.
    for (let round = 0; round <= after.resources.length; round++) {
        const next = unknownAtPreviewOf(before, after, options);
        if ([...next].every((u) => unknown.has(u))) return after;
        unknown = new Set([...unknown, ...next]);
        after = await planOf(unknown);
    }
    return after;
}

/** The diff from an old inventory (a plan, or a deployed state) to a new one. */
export function diffInventories(before: Inventory, after: Inventory, options: DiffOptions = {}): PlanDiff {
    const { steps, unchanged } = generateSteps(before, after, options);
    const changes: ResourceChange[] = steps.map((s) => ({
        op: s.op,
        urn: s.r.urn,
        type: s.r.type,
        name: s.r.name,
        protect: s.op === "replace" ? s.r.protect && (s.prev?.protect ?? s.r.protect) : s.r.protect,
        deleteBeforeReplace: s.deleteBeforeReplace,
        replaceBecause: s.replaceBecause,
        waitsFor: s.waitsFor,
        stateful: isStateful(s.r),
        changes: s.paths,
        await: s.await,
        ...(s.providerError !== undefined ? { providerError: s.providerError } : {}),
    }));
    return summarize(changes, unchanged);
}

/** A diff of these changes, its summary counted from them. */
export function summarize(changes: ResourceChange[], unchanged: number): PlanDiff {
    const count = (op: Op) => changes.filter((c) => c.op === op).length;
    return {
        changes,
        summary: {
            create: count("create"),
            update: count("update"),
            replace: count("replace"),
            delete: count("delete"),
            stateful: changes.filter((c) => c.stateful).length,
            unchanged,
            refused: changes.filter((c) => refusal(c) !== undefined).length,
        },
    };
}

function show(v: unknown): string {
    if (v === undefined) return "(unset)";
    const s = JSON.stringify(v);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/**
 * Old → new of one path. Two long strings (a dashboard's JSON, a PromQL query) are shown around
 * their first difference, where the change is, rather than by their common beginning.
 */
export function showChange(old: unknown, now: unknown): string {
    if (typeof old === "string" && typeof now === "string" && (old.length > 120 || now.length > 120)) {
        let i = 0;
        while (i < old.length && i < now.length && old[i] === now[i]) i++;
        const from = Math.max(0, i - 40);
        const cut = (t: string) =>
            `${from > 0 ? "…" : ""}${JSON.stringify(t.slice(from, i + 60))}${i + 60 < t.length ? "…" : ""}`;
        return `${cut(old)} → ${cut(now)}`;
    }
    return `${show(old)} → ${show(now)}`;
}

const sigil: Record<Op, string> = { create: "+", delete: "-", update: "~", replace: "+-" };

function changeLine(c: ResourceChange): string {
    const notes: string[] = [];
    if (c.op === "replace")
        notes.push(
            `${c.deleteBeforeReplace ? "delete-before-replace" : "create-before-delete"}, because ${c.replaceBecause.join(", ")}`,
        );
    const refused = refusal(c);
    const loud = [refused ? `  !! PREVIEW REFUSES: ${refused}` : "", c.stateful ? "  !! STATEFUL RESOURCE" : ""].join(
        "",
    );
    return `${sigil[c.op]} ${c.op} ${c.type} ${c.name}${notes.length ? ` (${notes.join("; ")})` : ""}${loud}`;
}

export function renderDiff(diff: PlanDiff): string {
    const lines: string[] = [];
    const byUrn = new Map(diff.changes.map((c) => [c.urn, c]));
    const order = new Map(diff.changes.map((c) => [c.urn, c.waitsFor]));
    waves(order).forEach((wave, i) => {
        lines.push(`wave ${i + 1}:`);
        for (const urn of wave) {
            const c = byUrn.get(urn)!;
            lines.push(`  ${changeLine(c)}`);
            lines.push(`      await: ${c.await.kind}: ${c.await.detail}`);
            if (c.waitsFor.length > 0)
                lines.push(`      waits for: ${c.waitsFor.map((w) => byUrn.get(w)!.name).join(", ")}`);
            for (const p of c.changes) lines.push(`      ${p.path}: ${showChange(p.old, p.new)}`);
        }
    });
    const s = diff.summary;
    if (diff.changes.length === 0) lines.push("no changes");
    lines.push(
        `summary: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete, ${s.unchanged} unchanged; ` +
            (s.stateful > 0
                ? `!! ${s.stateful} stateful resource${s.stateful === 1 ? "" : "s"} touched`
                : "no stateful resource touched"),
    );
    if (s.refused > 0) {
        lines.push(`!! pulumi preview will refuse ${s.refused} operation${s.refused === 1 ? "" : "s"}:`);
        for (const c of diff.changes) {
            const why = refusal(c);
            if (why) lines.push(`!!   ${c.op} ${c.type} ${c.name}: ${why}`);
        }
    }
    return lines.join("\n");
}
