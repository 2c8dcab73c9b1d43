/**
 * The offline diff: what `pulumi up` would do to go from one offline plan to another, per resource
 * (matched by URN). Each change says its operation as the engine and the providers decide it
 * (create, update, replace, delete; engine/replaceRules.ts), why a replacement happens and whether
 * it deletes first, which other changes of the update it waits for (engine/ordering.ts), and what
 * its step waits for (engine/awaits.ts). Replacing or deleting a protected resource is an operation
 * `pulumi preview` refuses; the summary counts them. Secrets are masked in both plans already, so a
 * changed secret shows only through what it feeds (the pods' config checksum). Stateful resources
 * touched are flagged: a remediation must not touch them.
 */
import diff from "microdiff";
import { awaitOf, type Await } from "./engine/awaits";
import { dependentReplacements } from "./engine/dependents";
import { isIgnored } from "./engine/ignoreChanges";
import { waitsFor, waves } from "./engine/ordering";
import { fromRaw } from "./engine/paths";
import { providerChangeReason, ruleFor, type InputChange } from "./engine/replaceRules";
import type { Inventory, InventoryResource } from "./plan";
import { statefulTypes } from "../../core/resourceKinds";

export interface PathChange {
    /** `spec.template.metadata.annotations["x"]`-style path of the input. */
    path: string;
    old?: unknown;
    new?: unknown;
}

export type Op = "create" | "update" | "replace" | "delete";

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
}

export interface PlanDiff {
    changes: ResourceChange[];
    summary: { create: number; update: number; replace: number; delete: number; stateful: number; unchanged: number; refused: number };
}

export function formatPath(path: readonly (string | number)[]): string {
    return path
        .map((p, i) => (typeof p === "number" ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? (i === 0 ? p : `.${p}`) : `[${JSON.stringify(p)}]`))
        .join("");
}

function isStateful(r: InventoryResource): boolean {
    return statefulTypes.includes(r.type);
}

/** `pulumi preview` fails on replacing a protected resource (old and new protected) and on deleting one. */
export function refusal(c: Pick<ResourceChange, "op" | "protect">): string | undefined {
    if (c.op === "replace" && c.protect) return "replacing a protected resource";
    if (c.op === "delete" && c.protect) return "deleting a protected resource";
    return undefined;
}

interface Draft {
    op: Op;
    r: InventoryResource;
    prev?: InventoryResource;
    paths: PathChange[];
    inputChanges: InputChange[];
    replaceBecause: string[];
    deleteBeforeReplace: boolean;
}

export interface DiffOptions {
    /**
     * URNs an `up --exclude` leaves out: the engine plans no step for them, so they keep their
     * state, and a replacement they would need takes no dependents with it.
     */
    exclude?: readonly string[];
    /**
     * URNs of an `up --target`: only they get a step; every other resource keeps its state, unless
     * a targeted delete-before-replace takes it with it (the engine computes those regardless of
     * the targets).
     */
    target?: readonly string[];
}

export function diffInventories(before: Inventory, after: Inventory, options: DiffOptions = {}): PlanDiff {
    const old = new Map(before.resources.map((r) => [r.urn, r]));
    const now = new Map(after.resources.map((r) => [r.urn, r]));
    const excluded = new Set(options.exclude ?? []);
    const targeted = options.target ? new Set(options.target) : undefined;
    const skipped = (urn: string) => excluded.has(urn) || (targeted !== undefined && !targeted.has(urn));
    const drafts: Draft[] = [];
    let unchanged = 0;
    const unchangedResources: { r: InventoryResource; prev: InventoryResource }[] = [];
    // Resources without a step, until a delete-before-replace takes one with it.
    const quiet = new Map<string, { r: InventoryResource; prev: InventoryResource }>();
    for (const r of after.resources) {
        const prev = old.get(r.urn);
        if (skipped(r.urn)) {
            if (prev) quiet.set(r.urn, { r: prev, prev });
            else unchanged++;
            continue;
        }
        if (!prev) {
            drafts.push({ op: "create", r, paths: [], inputChanges: [], replaceBecause: [], deleteBeforeReplace: false });
            continue;
        }
        // The engine keeps the old value of an ignored input: no change there reaches the provider.
        const raw = diff(prev.inputs, r.inputs).filter((d) => !isIgnored(d.path, r.ignoreChanges));
        const paths: PathChange[] = raw.map((d) => ({
            path: formatPath(d.path),
            ...(d.type !== "CREATE" ? { old: d.oldValue as unknown } : {}),
            ...(d.type !== "REMOVE" ? { new: d.value as unknown } : {}),
        }));
        const inputChanges: InputChange[] = raw.map((d) => ({ path: fromRaw(d.path), formatted: formatPath(d.path), removed: d.type === "REMOVE" }));
        if (prev.protect !== r.protect) paths.push({ path: "(option) protect", old: prev.protect, new: r.protect });
        const providerMoved = prev.provider !== r.provider;
        if (paths.length === 0 && !providerMoved) {
            unchangedResources.push({ r, prev });
            continue;
        }
        const decision = r.custom && inputChanges.length > 0 ? ruleFor(r.type).decide({ old: prev, now: r, changes: inputChanges, after }) : { replaceBecause: [], deleteBeforeReplace: false };
        const replaceBecause = [...decision.replaceBecause, ...(providerMoved && r.custom ? [providerChangeReason] : [])];
        drafts.push({ op: replaceBecause.length > 0 ? "replace" : "update", r, prev, paths, inputChanges, replaceBecause, deleteBeforeReplace: decision.deleteBeforeReplace });
    }
    // A resource whose provider is replaced is replaced too, changed inputs or not.
    const replacedProviders = new Set(drafts.filter((d) => d.op === "replace" && d.r.type.startsWith("pulumi:providers:")).map((d) => d.r.urn));
    for (const d of drafts) {
        if (d.op !== "create" && replacedProviders.has(d.r.provider) && !d.replaceBecause.includes(providerChangeReason)) {
            d.op = "replace";
            d.replaceBecause.push(providerChangeReason);
        }
    }
    for (const { r, prev } of unchangedResources) {
        if (replacedProviders.has(r.provider)) {
            drafts.push({ op: "replace", r, prev, paths: [], inputChanges: [], replaceBecause: [providerChangeReason], deleteBeforeReplace: false });
        } else quiet.set(r.urn, { r, prev });
    }
    // A delete-before-replace first deletes the dependents it would replace: they are replaced
    // too, deleted first, changed inputs or not (engine/dependents.ts).
    const draftOf = new Map(drafts.map((d) => [d.r.urn, d]));
    for (const root of drafts.filter((d) => d.op === "replace" && d.deleteBeforeReplace)) {
        for (const { urn, because } of dependentReplacements(root.r.urn, before)) {
            const d = draftOf.get(urn);
            if (d?.op === "delete" || d?.op === "create") continue;
            if (d) {
                d.op = "replace";
                d.deleteBeforeReplace = true;
                d.replaceBecause = [...new Set([...d.replaceBecause, ...because])];
                continue;
            }
            const q = quiet.get(urn);
            if (!q) continue;
            quiet.delete(urn);
            const added: Draft = { op: "replace", r: q.r, prev: q.prev, paths: [], inputChanges: [], replaceBecause: because, deleteBeforeReplace: true };
            drafts.push(added);
            draftOf.set(urn, added);
        }
    }
    unchanged += quiet.size;
    for (const r of before.resources) {
        if (!now.has(r.urn) && !skipped(r.urn)) drafts.push({ op: "delete", r, paths: [], inputChanges: [], replaceBecause: [], deleteBeforeReplace: false });
    }
    const order = waitsFor(drafts.map((d) => ({ op: d.op, urn: d.r.urn })), before, after);
    const changes: ResourceChange[] = drafts.map((d) => ({
        op: d.op,
        urn: d.r.urn,
        type: d.r.type,
        name: d.r.name,
        protect: d.op === "replace" ? d.r.protect && d.prev!.protect : d.r.protect,
        deleteBeforeReplace: d.op === "replace" && d.deleteBeforeReplace,
        replaceBecause: d.replaceBecause,
        waitsFor: order.get(d.r.urn) ?? [],
        stateful: isStateful(d.r),
        changes: d.paths,
        await: awaitOf(d.r, d.op),
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
        const cut = (t: string) => `${from > 0 ? "…" : ""}${JSON.stringify(t.slice(from, i + 60))}${i + 60 < t.length ? "…" : ""}`;
        return `${cut(old)} → ${cut(now)}`;
    }
    return `${show(old)} → ${show(now)}`;
}

const sigil: Record<Op, string> = { create: "+", delete: "-", update: "~", replace: "+-" };

function changeLine(c: ResourceChange): string {
    const notes: string[] = [];
    if (c.op === "replace") notes.push(`${c.deleteBeforeReplace ? "delete-before-replace" : "create-before-delete"}, because ${c.replaceBecause.join(", ")}`);
    const refused = refusal(c);
    const loud = [refused ? `  !! PREVIEW REFUSES: ${refused}` : "", c.stateful ? "  !! STATEFUL RESOURCE" : ""].join("");
    return `${sigil[c.op]} ${c.op} ${c.type} ${c.name}${notes.length ? ` (${notes.join("; ")})` : ""}${loud}`;
}

export function renderDiff(d: PlanDiff): string {
    const lines: string[] = [];
    const byUrn = new Map(d.changes.map((c) => [c.urn, c]));
    const order = new Map(d.changes.map((c) => [c.urn, c.waitsFor]));
    waves(order).forEach((wave, i) => {
        lines.push(`wave ${i + 1}:`);
        for (const urn of wave) {
            const c = byUrn.get(urn)!;
            lines.push(`  ${changeLine(c)}`);
            lines.push(`      await: ${c.await.kind}: ${c.await.detail}`);
            if (c.waitsFor.length > 0) lines.push(`      waits for: ${c.waitsFor.map((w) => byUrn.get(w)!.name).join(", ")}`);
            for (const p of c.changes) lines.push(`      ${p.path}: ${showChange(p.old, p.new)}`);
        }
    });
    const s = d.summary;
    if (d.changes.length === 0) lines.push("no changes");
    lines.push(
        `summary: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete, ${s.unchanged} unchanged; ` +
            (s.stateful > 0 ? `!! ${s.stateful} stateful resource${s.stateful === 1 ? "" : "s"} touched` : "no stateful resource touched"),
    );
    if (s.refused > 0) {
        lines.push(`!! pulumi preview will refuse ${s.refused} operation${s.refused === 1 ? "" : "s"}:`);
        for (const c of d.changes) {
            const why = refusal(c);
            if (why) lines.push(`!!   ${c.op} ${c.type} ${c.name}: ${why}`);
        }
    }
    return lines.join("\n");
}
