/**
 * The offline diff: the changes between two offline plans, per resource (matched by URN): what is
 * created, deleted, or updated with the changed input paths and old → new values. Secrets are
 * masked in both plans already, so a changed secret shows only through what it feeds (the pods'
 * config checksum). Stateful resources touched are flagged: a remediation must not touch them.
 */
import diff from "microdiff";
import type { Inventory, InventoryResource } from "./plan";

/** Types whose resources hold data or serve as the cell's foundation: touching one is loud. */
export const statefulTypes: readonly string[] = [
    "gcp:sql/databaseInstance:DatabaseInstance",
    "gcp:sql/database:Database",
    "gcp:sql/user:User",
    "gcp:redis/instance:Instance",
    "gcp:pubsub/topic:Topic",
    "gcp:pubsub/subscription:Subscription",
    "gcp:secretmanager/secret:Secret",
    "gcp:secretmanager/secretVersion:SecretVersion",
    "gcp:container/cluster:Cluster",
];

export interface PathChange {
    /** `spec.template.metadata.annotations["x"]`-style path of the input. */
    path: string;
    old?: unknown;
    new?: unknown;
}

export interface ResourceChange {
    op: "create" | "delete" | "update";
    urn: string;
    type: string;
    name: string;
    stateful: boolean;
    /**
     * For updates: every changed input path, and `protect` when it changes. Dependencies alone are
     * not a change (the engine does not diff them either).
     */
    changes: PathChange[];
}

export interface PlanDiff {
    changes: ResourceChange[];
    summary: { create: number; update: number; delete: number; stateful: number; unchanged: number };
}

export function formatPath(path: readonly (string | number)[]): string {
    return path
        .map((p, i) => (typeof p === "number" ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? (i === 0 ? p : `.${p}`) : `[${JSON.stringify(p)}]`))
        .join("");
}

function isStateful(r: InventoryResource): boolean {
    return statefulTypes.includes(r.type);
}

export function diffInventories(before: Inventory, after: Inventory): PlanDiff {
    const old = new Map(before.resources.map((r) => [r.urn, r]));
    const now = new Map(after.resources.map((r) => [r.urn, r]));
    const changes: ResourceChange[] = [];
    let unchanged = 0;
    for (const r of after.resources) {
        const prev = old.get(r.urn);
        if (!prev) {
            changes.push({ op: "create", urn: r.urn, type: r.type, name: r.name, stateful: isStateful(r), changes: [] });
            continue;
        }
        const paths: PathChange[] = diff(prev.inputs, r.inputs).map((d) => ({
            path: formatPath(d.path),
            ...(d.type !== "CREATE" ? { old: d.oldValue } : {}),
            ...(d.type !== "REMOVE" ? { new: d.value } : {}),
        }));
        if (prev.protect !== r.protect) paths.push({ path: "(option) protect", old: prev.protect, new: r.protect });
        if (paths.length > 0) changes.push({ op: "update", urn: r.urn, type: r.type, name: r.name, stateful: isStateful(r), changes: paths });
        else unchanged++;
    }
    for (const r of before.resources) {
        if (!now.has(r.urn)) changes.push({ op: "delete", urn: r.urn, type: r.type, name: r.name, stateful: isStateful(r), changes: [] });
    }
    const count = (op: ResourceChange["op"]) => changes.filter((c) => c.op === op).length;
    return {
        changes,
        summary: { create: count("create"), update: count("update"), delete: count("delete"), stateful: changes.filter((c) => c.stateful).length, unchanged },
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

const sigil = { create: "+", delete: "-", update: "~" } as const;

export function renderDiff(d: PlanDiff): string {
    const lines: string[] = [];
    for (const c of d.changes) {
        const loud = c.stateful ? "  !! STATEFUL RESOURCE" : "";
        lines.push(`${sigil[c.op]} ${c.op} ${c.type} ${c.name}${loud}`);
        for (const p of c.changes) lines.push(`    ${p.path}: ${showChange(p.old, p.new)}`);
    }
    const s = d.summary;
    if (d.changes.length === 0) lines.push("no changes");
    lines.push(
        `summary: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.unchanged} unchanged; ` +
            (s.stateful > 0 ? `!! ${s.stateful} stateful resource${s.stateful === 1 ? "" : "s"} touched` : "no stateful resource touched"),
    );
    return lines.join("\n");
}
