/**
 * Offline plans for tests, memoized per (stack, overrides): a plan takes about a second and many
 * tests read the same one. Plans run one at a time (Pulumi's runtime state is process-global),
 * which mocha's serial execution guarantees.
 */
import { plan, type Inventory, type InventoryResource } from "../../tools/lib/plan";

const cache = new Map<string, Promise<Inventory>>();

export function planOf(stack: string, ...sets: string[]): Promise<Inventory> {
    const key = JSON.stringify([stack, sets]);
    let p = cache.get(key);
    if (!p) {
        p = plan({ stack, sets });
        cache.set(key, p);
    }
    return p;
}

export const prodStacks = ["prod-eu", "prod-me"] as const;

export function ofType(inv: Inventory, type: string): InventoryResource[] {
    return inv.resources.filter((r) => r.type === type);
}

export function one(inv: Inventory, type: string, predicate: (r: InventoryResource) => boolean = () => true): InventoryResource {
    const found = ofType(inv, type).filter(predicate);
    if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    return found[0];
}

/** Inputs as a loosely typed tree, for reading nested fields in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function inputs(r: InventoryResource): any {
    return r.inputs;
}

export function countsByType(inv: Inventory): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of inv.resources) if (r.custom) out[r.type] = (out[r.type] ?? 0) + 1;
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
