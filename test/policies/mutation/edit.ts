// Single deliberate breakages of an inventory, expressed as small edits: change one input, drop
// a resource, unprotect it, or add one. Each edit names its target by type and physical or
// Pulumi name; an edit whose target is absent from an inventory is "not applicable" there.
import { PolicyInventory } from "../../../tools/lib/policy";
import { mutate, REMOVE } from "../harness";

type Entry = PolicyInventory["resources"][number];
export type Edit = (inv: PolicyInventory) => PolicyInventory | undefined;

function physical(r: Entry): string {
    const i = r.inputs as Record<string, any> | undefined;
    return i?.metadata?.name ?? i?.name ?? i?.secretId ?? r.name;
}

/** Resources of `type` whose Pulumi or physical name matches `name` (every one when omitted). */
function matches(r: Entry, type: string, name?: string | RegExp): boolean {
    if (r.type !== type) return false;
    if (name === undefined) return true;
    return typeof name === "string"
        ? r.name === name || physical(r) === name
        : name.test(r.name) || name.test(physical(r));
}

function first(inv: PolicyInventory, type: string, name?: string | RegExp): Entry | undefined {
    return inv.resources.find((r) => matches(r, type, name));
}

function replaceEntry(inv: PolicyInventory, target: Entry, next: Entry | undefined): PolicyInventory {
    return { ...inv, resources: inv.resources.flatMap((r) => (r === target ? (next ? [next] : []) : [r])) };
}

/** Set (or REMOVE) one input path on the first matching resource. */
export const set =
    (type: string, name: string | RegExp | undefined, path: string, value: unknown): Edit =>
    (inv) => {
        const target = first(inv, type, name);
        return target && replaceEntry(inv, target, { ...target, inputs: mutate(target.inputs ?? {}, path, value) });
    };

export const unset = (type: string, name: string | RegExp | undefined, path: string): Edit =>
    set(type, name, path, REMOVE);

/** Apply `fn` to the inputs of every matching resource (e.g. drain every backend). */
export const every =
    (type: string, fn: (inputs: any) => void): Edit =>
    (inv) => {
        if (!first(inv, type)) return undefined;
        return {
            ...inv,
            resources: inv.resources.map((r) => {
                if (r.type !== type) return r;
                const inputs = JSON.parse(JSON.stringify(r.inputs ?? {}));
                fn(inputs);
                return { ...r, inputs };
            }),
        };
    };

export const drop =
    (type: string, name?: string | RegExp): Edit =>
    (inv) => {
        const target = first(inv, type, name);
        return target && replaceEntry(inv, target, undefined);
    };

export const unprotect =
    (type: string, name?: string | RegExp): Edit =>
    (inv) => {
        const target = first(inv, type, name);
        return target && replaceEntry(inv, target, { ...target, protect: false });
    };

/** Add a resource next to an existing one of `anchorType` (same parent), if the inventory has one. */
export const addBeside =
    (anchorType: string, entry: Omit<Entry, "urn" | "parent">): Edit =>
    (inv) => {
        const anchor = first(inv, anchorType);
        if (!anchor) return undefined;
        const urn = `${anchor.urn.split("::").slice(0, 2).join("::")}::${entry.type}::${entry.name}`;
        return { ...inv, resources: [...inv.resources, { ...entry, urn, parent: anchor.parent }] };
    };

/** Rewrite every string in the inventory (stack renames, project swaps). */
export const rewrite =
    (from: string, to: string): Edit =>
    (inv) =>
        JSON.parse(JSON.stringify(inv).split(from).join(to));

/** Several edits that together make one breakage (e.g. drain a region and shrink the other). */
export const both =
    (...edits: Edit[]): Edit =>
    (inv) =>
        edits.reduce<PolicyInventory | undefined>((acc, e) => (acc ? e(acc) : undefined), inv);

/** Applies only to inventories that declare `type` (a breakage that needs, e.g., the data tier). */
export const needs =
    (type: string): Edit =>
    (inv) =>
        inv.resources.some((r) => r.type === type) ? inv : undefined;

/** Change one key of the inventory's resolved config (the stack facts some policies read). */
export const setConfig =
    (key: string, value: unknown): Edit =>
    (inv) => ({ ...inv, config: { ...(inv.config ?? {}), [key]: value } });
