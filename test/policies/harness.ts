// Test harness: runs one policy through the offline runner (the same code path as
// `npm run policy`) over the real offline plan of a committed stack, and a path-based mutation
// helper so each case changes exactly one property of one planned resource.
import { defined } from "../../core/defined";
import * as assert from "assert";
import { PolicyPackConfig } from "@pulumi/policy";
import { VoicePolicy } from "../../policies/lib/define";
import { PolicyInventory, runPolicies, Violation } from "../../tools/lib/policy";
import { planOf, single } from "../support/plans";

export const REMOVE = Symbol("remove");

/** A deep copy of `value` with `path` ("a.b[0].c") set to `next`, or deleted for REMOVE. */
export function mutate<T>(value: T, path: string, next: unknown): T {
    const copy = JSON.parse(JSON.stringify(value));
    const keys = path.match(/[^.[\]]+/g) ?? [];
    let cur = copy;
    for (const key of keys.slice(0, -1)) {
        if (cur[key] === undefined) cur[key] = /^\d+$/.test(key) ? [] : {};
        cur = cur[key];
    }
    const last = defined(keys[keys.length - 1], `the last key of ${path}`);
    if (next === REMOVE) {
        if (Array.isArray(cur)) cur.splice(Number(last), 1);
        else delete cur[last];
    } else cur[last] = next;
    return copy;
}

/** A resource of a committed stack's offline plan, named by type and Pulumi name. */
export interface Planned {
    stack: string;
    type: string;
    name: string;
}

/** A resource of the prod-eu plan, the cell most policy cases start from. */
export const prodEu = (type: string, name: string): Planned => ({ stack: "prod-eu", type, name });

type Entry = PolicyInventory["resources"][number];

/** A change that drops the Pulumi protect option of a plan entry. */
export const unprotect = (entry: Entry): void => {
    entry.protect = false;
};

/** The entry of the planned resource `ref` in `inventory` (a copy of its stack's plan). */
function entryOf(inventory: PolicyInventory, ref: Planned): Entry {
    const found = inventory.resources.filter((r) => r.type === ref.type && r.name === ref.name);
    return single(found, `the ${ref.stack} plan has ${found.length} ${ref.type} named ${ref.name}`);
}

/**
 * Adds to `inventory` a copy of the planned resource `ref`, as a resource of `type` named `name`
 * beside it, with `inputs` computed from the original's: how a case gets a kind of resource the
 * committed stacks do not declare.
 */
export function addCopy(
    inventory: PolicyInventory,
    ref: Planned,
    type: string,
    name: string,
    inputs: (original: Record<string, any>) => Record<string, unknown>,
): Entry {
    const original = entryOf(inventory, ref);
    // Same parent chain in the URN: only the type and name that end it change.
    const urn = `${original.urn.slice(0, -`${ref.type}::${ref.name}`.length)}${type}::${name}`;
    const copy: Entry = {
        ...structuredClone(original),
        urn,
        type,
        name,
        inputs: inputs(structuredClone(original.inputs ?? {})),
    };
    inventory.resources.push(copy);
    return copy;
}

/** A deep copy of a committed stack's offline plan, which a case may change freely. */
export async function realPlan(stack: string): Promise<PolicyInventory> {
    return structuredClone(await planOf(stack));
}

/** The real plan of `ref.stack` with `change` applied to the entry (inputs, protect) of the resource `ref` names. */
export async function withChange(ref: Planned, change: (entry: Entry) => void): Promise<PolicyInventory> {
    const inventory = await realPlan(ref.stack);
    change(entryOf(inventory, ref));
    return inventory;
}

/** Messages one policy reports for the real plan of `ref.stack` with `ref`'s resource changed. */
export async function checkPlanned(
    policy: VoicePolicy,
    ref: Planned,
    change: (entry: Entry) => void = () => undefined,
    config: PolicyPackConfig = {},
): Promise<string[]> {
    return messages(checkStack(policy, await withChange(ref, change), config));
}

/** Violations one policy reports for a whole inventory. */
export function checkStack(
    policy: VoicePolicy,
    inventory: PolicyInventory,
    config: PolicyPackConfig = {},
): Violation[] {
    return runPolicies(inventory, config, [policy]);
}

export function messages(violations: Violation[]): string[] {
    return violations.map((v) => v.message);
}

/** The inventory with the inputs of the resource named `name` (and of type `type`) changed. */
export function mutateResource(
    inventory: PolicyInventory,
    type: string,
    name: string,
    path: string,
    next: unknown,
): PolicyInventory {
    let found = false;
    const resources = inventory.resources.map((r) => {
        if (r.type !== type || r.name !== name) return r;
        found = true;
        return { ...r, inputs: mutate(r.inputs ?? {}, path, next) };
    });
    if (!found) throw new Error(`the inventory has no ${type} named ${name}`);
    return { ...inventory, resources };
}

export type Case = [path: string, value: unknown, expected: string[]];

function show(value: unknown): string {
    return value === REMOVE ? "removed" : JSON.stringify(value);
}

/** A change that sets (or removes) one input path of a plan entry. */
export const setInput =
    (path: string, value: unknown) =>
    (entry: Entry): void => {
        entry.inputs = mutate(entry.inputs ?? {}, path, value);
    };

/** A change that sets (or removes) several input paths of a plan entry. */
export const setInputs =
    (values: Record<string, unknown>) =>
    (entry: Entry): void => {
        for (const [path, value] of Object.entries(values)) setInput(path, value)(entry);
    };

/**
 * The standard table of a resource policy: the real plan of a committed stack passes, and each
 * case changes one property of the planned resource `ref` (path → value, or REMOVE) and expects
 * exactly these messages.
 */
export function resourceCases(policy: VoicePolicy, ref: Planned, cases: Case[], config: PolicyPackConfig = {}): void {
    describe(policy.name, () => {
        it(`accepts the ${ref.stack} plan`, async () => {
            assert.deepStrictEqual(await checkPlanned(policy, ref, undefined, config), []);
        });
        for (const [path, value, expected] of cases) {
            it(`${ref.name}: ${path} ${show(value)}`, async () => {
                assert.deepStrictEqual(await checkPlanned(policy, ref, setInput(path, value), config), expected);
            });
        }
    });
}

/** The same for a stack policy over the real plan of a stack, mutating one resource's inputs. */
export type StackCase = [type: string, name: string, path: string, value: unknown, expected: string[]];

/** A committed stack's plan, or a named change of one (when a case needs a second resource changed). */
export type StackBase = string | { label: string; plan: () => Promise<PolicyInventory> };

export function stackCases(
    policy: VoicePolicy,
    base: StackBase,
    cases: StackCase[],
    config: PolicyPackConfig = {},
): void {
    const { label, plan } = typeof base === "string" ? { label: `the ${base} plan`, plan: () => planOf(base) } : base;
    describe(policy.name, () => {
        it(`accepts ${label}`, async () => {
            assert.deepStrictEqual(messages(checkStack(policy, await plan(), config)), []);
        });
        for (const [type, name, path, value, expected] of cases) {
            it(`${name}: ${path} ${show(value)}`, async () => {
                const changed = mutateResource(await plan(), type, name, path, value);
                assert.deepStrictEqual(messages(checkStack(policy, changed, config)), expected);
            });
        }
    });
}
