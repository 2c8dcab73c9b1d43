/**
 * A rehearsal of a cell's bring-up and teardown from its offline plan, nothing applied: what the
 * first `pulumi up` creates and in which waves (the diff of an empty state against the plan), and
 * what `pulumi destroy` deletes, in which order and in which phases (the diff of the plan against
 * an empty program, in reverse dependency order), with the imperative steps a destroy needs in
 * between (deletions.ts). Both come from the engine model of tools/lib/diff.ts, unchanged.
 */
import { diffInventories, type PlanDiff } from "../diff";
import { waves } from "../engine/ordering";
import type { Inventory } from "../plan";
import { checkBringUp, type BringUpReport } from "./check";
import { teardownSteps } from "./deletions";
import { InventoryIndex } from "./inventory";

/** Resources of one wave, counted by type (the cloud's resources: components hold none). */
export type Wave = { type: string; count: number }[];

export type DestroyPhase =
    | { kind: "destroy"; command: string; deletes: number; waves: Wave[]; refused: number }
    | { kind: "step"; description: string; commands: string[] };

export interface Rehearsal {
    stack: string;
    check: BringUpReport;
    up: { creates: number; waves: Wave[]; refused: number };
    destroy: DestroyPhase[];
}

function emptyOf(inv: Inventory): Inventory {
    return { ...inv, resources: [], outputs: {} };
}

/** The diff's changes grouped in waves, custom resources only, empty waves dropped. */
function wavesOf(d: PlanDiff, inv: Inventory): Wave[] {
    const custom = new Set(inv.resources.filter((r) => r.custom).map((r) => r.urn));
    const byUrn = new Map(d.changes.map((c) => [c.urn, c]));
    const out: Wave[] = [];
    for (const wave of waves(new Map(d.changes.map((c) => [c.urn, c.waitsFor])))) {
        const counts = new Map<string, number>();
        for (const urn of wave) {
            const c = byUrn.get(urn);
            if (c && custom.has(urn)) counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
        }
        if (counts.size > 0)
            out.push([...counts].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => ({ type, count })));
    }
    return out;
}

const customCount = (d: PlanDiff, inv: Inventory): number => {
    const custom = new Set(inv.resources.filter((r) => r.custom).map((r) => r.urn));
    return d.changes.filter((c) => custom.has(c.urn)).length;
};

/** `urns` and everything they wait for: what must stay for them to be deleted later. */
function withDependencies(index: InventoryIndex, urns: readonly string[]): string[] {
    const out = new Set<string>(urns);
    for (const urn of urns) {
        const r = index.byUrn.get(urn);
        if (r) for (const d of index.reaches(r)) out.add(d);
    }
    return index.inventory.resources.map((r) => r.urn).filter((u) => out.has(u));
}

export function rehearse(inv: Inventory): Rehearsal {
    const index = new InventoryIndex(inv);
    const up = diffInventories(emptyOf(inv), inv);
    const destroy: DestroyPhase[] = [];
    const steps = teardownSteps(index);
    const keep = withDependencies(
        index,
        steps.flatMap((s) => s.keep),
    );
    let remaining = inv;
    if (keep.length > 0) {
        const first = diffInventories(inv, emptyOf(inv), { exclude: keep });
        // Their components too (a parent cannot go while its child stays); the stack itself stays by definition.
        const kept = index.inventory.resources.filter((r) => keep.includes(r.urn) && r.type !== "pulumi:pulumi:Stack");
        destroy.push({
            kind: "destroy",
            command: `pulumi destroy ${kept.map((r) => `--exclude '${r.urn}'`).join(" ")}`,
            deletes: customCount(first, inv),
            waves: wavesOf(first, inv),
            refused: first.summary.refused,
        });
        for (const s of steps) destroy.push({ kind: "step", description: s.description, commands: s.commands });
        remaining = { ...inv, resources: inv.resources.filter((r) => keep.includes(r.urn)) };
    }
    const last = diffInventories(remaining, emptyOf(inv));
    destroy.push({
        kind: "destroy",
        command: "pulumi destroy",
        deletes: customCount(last, remaining),
        waves: wavesOf(last, remaining),
        refused: last.summary.refused,
    });
    return {
        stack: inv.stack,
        check: checkBringUp(inv),
        up: { creates: customCount(up, inv), waves: wavesOf(up, inv), refused: up.summary.refused },
        destroy,
    };
}

function renderWaves(ws: Wave[], indent: string): string[] {
    return ws.map((w, i) => `${indent}wave ${i + 1}: ${w.map((t) => `${t.type} ×${t.count}`).join(", ")}`);
}

/** The first up's waves, as the runbook quotes them. */
export function renderUp(r: Rehearsal): string {
    return [
        `first pulumi up of ${r.stack}: ${r.up.creates} resources created in ${r.up.waves.length} ` +
            `waves; ${r.up.refused} refused`,
        ...renderWaves(r.up.waves, "  "),
    ].join("\n");
}

/** `type::name` of a URN, its parents' types left out. */
function shortUrn(urn: string): string {
    const parts = urn.split("::");
    const type = (parts[2] ?? "").split("$").pop() ?? "";
    return `${type}::${parts.slice(3).join("::")}`;
}

/** The destroy's phases, as the runbook quotes them (URNs shortened to their names). */
export function renderDestroy(r: Rehearsal): string {
    const lines = [`pulumi destroy of ${r.stack}: ${r.destroy.length} phases`];
    r.destroy.forEach((p, i) => {
        if (p.kind === "step") {
            lines.push(`phase ${i + 1} (imperative): ${p.description}`, ...p.commands.map((c) => `    ${c}`));
            return;
        }
        const command = p.command.replace(/'(urn:pulumi:[^']*)'/g, (_m, urn: string) => `<${shortUrn(urn)}>`);
        lines.push(
            `phase ${i + 1}: ${command}: ${p.deletes} resources deleted in ${p.waves.length} ` +
                `waves (reverse dependencies); ${p.refused} refused`,
            ...renderWaves(p.waves, "  "),
        );
    });
    return lines.join("\n");
}

export function renderRehearsal(r: Rehearsal): string {
    const verdict =
        r.check.findings.length === 0
            ? "no rule of the bring-up check refuses anything in either"
            : `${r.check.findings.length} missing prerequisites (npm run bringup -- --stack ${r.stack})`;
    return [
        `rehearsal of ${r.stack} (offline: nothing is applied): ${verdict}`,
        "",
        renderUp(r),
        "",
        renderDestroy(r),
    ].join("\n");
}
