/**
 * The order Pulumi's engine runs the steps of one update in. A language host registers a resource
 * only once its dependencies have resolved, i.e. once their steps have completed (pulumi/pulumi
 * pkg/v3 v3.248.0 resource/deploy/step_executor.go:92), and a resource depends on its `dependsOn`
 * and input dependencies, its parent and its provider (resource/graph/dependency_graph.go:206
 * DependenciesOf). So a change waits for every other change reachable through those edges,
 * through unchanged resources too: an unchanged resource's step completes only after its own
 * dependencies' steps.
 *
 * Deletes run after the program has registered everything (resource/deploy/
 * deployment_executor.go:444 performPostSteps), in reverse dependency order (step_generator.go:2560
 * ScheduleDeletes): a delete waits for every other change and for the deletes of the resources
 * that depended on it.
 */
import type { Inventory, InventoryResource } from "../plan";

export function dependenciesOf(r: InventoryResource): string[] {
    return [...r.dependsOn, ...(r.parent ? [r.parent] : []), ...(r.provider ? [r.provider] : [])];
}

/** Every resource `from` reaches through dependencies, parent and provider (not itself). */
function reachable(from: string, byUrn: ReadonlyMap<string, InventoryResource>): Set<string> {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
        const r = byUrn.get(stack.pop()!);
        if (!r) continue;
        for (const d of dependenciesOf(r)) {
            if (!seen.has(d) && d !== from) {
                seen.add(d);
                stack.push(d);
            }
        }
    }
    return seen;
}

export interface Orderable {
    op: "create" | "update" | "replace" | "delete";
    urn: string;
}

/** For each change, the URNs of the other changes of the update it waits for, in the order given. */
export function waitsFor(changes: readonly Orderable[], before: Inventory, after: Inventory): Map<string, string[]> {
    const oldByUrn = new Map(before.resources.map((r) => [r.urn, r]));
    const newByUrn = new Map(after.resources.map((r) => [r.urn, r]));
    const deletes = changes.filter((c) => c.op === "delete").map((c) => c.urn);
    const others = changes.filter((c) => c.op !== "delete").map((c) => c.urn);
    const out = new Map<string, string[]>();
    for (const c of changes) {
        if (c.op === "delete") {
            const dependents = deletes.filter((d) => d !== c.urn && reachable(d, oldByUrn).has(c.urn));
            out.set(c.urn, [...others, ...dependents]);
        } else {
            const reach = reachable(c.urn, newByUrn);
            out.set(
                c.urn,
                others.filter((o) => o !== c.urn && reach.has(o)),
            );
        }
    }
    return out;
}

/** Waves of the update: wave 1 waits on nothing, wave n on changes of earlier waves only. */
export function waves(order: ReadonlyMap<string, readonly string[]>): string[][] {
    const wave = new Map<string, number>();
    const waveOf = (urn: string, path: Set<string>): number => {
        const known = wave.get(urn);
        if (known !== undefined) return known;
        if (path.has(urn)) throw new Error(`dependency cycle through ${urn}`);
        path.add(urn);
        const w = 1 + Math.max(0, ...(order.get(urn) ?? []).map((d) => waveOf(d, path)));
        path.delete(urn);
        wave.set(urn, w);
        return w;
    };
    const out: string[][] = [];
    for (const urn of order.keys()) {
        const w = waveOf(urn, new Set());
        (out[w - 1] ??= []).push(urn);
    }
    return out.map((w) => w ?? []);
}
