import type { Inventory, InventoryResource } from "../../../tools/lib/plan";

export type Mutation = (inv: Inventory) => void;

/** The resource of this type (and name, if given); throws when the plan has none. */
export function pick(inv: Inventory, type: string, name?: string): InventoryResource {
    const r = inv.resources.find((x) => x.type === type && (name === undefined || x.name === name));
    if (!r) throw new Error(`fixture: no ${type} ${name ?? ""} in the plan of ${inv.stack}`);
    return r;
}

/** Removes `urns` from what `r` waits for: its dependsOn and every input's dependencies. */
export function unlink(r: InventoryResource, urns: (u: string) => boolean): void {
    r.dependsOn = r.dependsOn.filter((u) => !urns(u));
    if (r.propertyDependencies) {
        for (const k of Object.keys(r.propertyDependencies))
            r.propertyDependencies[k] = (r.propertyDependencies[k] ?? []).filter((u) => !urns(u));
    }
}
