// Test harness: runs one policy through the offline runner (the same code path as
// `npm run policy`) and returns what it reported, plus a path-based mutation helper so each case
// changes exactly one property of a compliant fixture.
import { defined } from "../../core/defined";
import * as assert from "assert";
import { PolicyPackConfig } from "@pulumi/policy";
import { VoicePolicy } from "../../policies/lib/define";
import { PolicyInventory, runPolicies, Violation } from "../../tools/lib/policy";

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

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:prod-eu::voice-agent::${type}::${name}`;
}

/** Messages one resource policy reports for a single resource. */
export function checkResource(
    policy: VoicePolicy,
    type: string,
    inputs: object,
    opts: { name?: string; protect?: boolean; config?: PolicyPackConfig } = {},
): string[] {
    const name = opts.name ?? "test";
    const inventory: PolicyInventory = {
        resources: [
            {
                urn: urnOf(type, name),
                type,
                name,
                protect: opts.protect ?? true,
                dependsOn: [],
                inputs: inputs as Record<string, unknown>,
            },
        ],
    };
    return runPolicies(inventory, opts.config ?? {}, [policy]).map((v) => v.message);
}

/** Violations one (stack) policy reports for a whole inventory. */
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
    if (!found) throw new Error(`fixture has no ${type} named ${name}`);
    return { ...inventory, resources };
}

export type Case = [path: string, value: unknown, expected: string[]];

function show(value: unknown): string {
    return value === REMOVE ? "removed" : JSON.stringify(value);
}

/**
 * The standard table of a resource policy: the compliant fixture passes, and each case changes
 * one property (path → value, or REMOVE) and expects exactly these messages.
 */
export function resourceCases(
    policy: VoicePolicy,
    type: string,
    base: object,
    cases: Case[],
    opts: { name?: string; protect?: boolean; config?: PolicyPackConfig } = {},
): void {
    describe(policy.name, () => {
        it("accepts the compliant fixture", () => {
            assert.deepStrictEqual(checkResource(policy, type, base, opts), []);
        });
        for (const [path, value, expected] of cases) {
            it(`${path} ${show(value)}`, () => {
                assert.deepStrictEqual(checkResource(policy, type, mutate(base, path, value), opts), expected);
            });
        }
    });
}

/** The same for a stack policy over the compliant inventory, mutating one resource's inputs. */
export type StackCase = [type: string, name: string, path: string, value: unknown, expected: string[]];

export function stackCases(
    policy: VoicePolicy,
    base: () => PolicyInventory,
    cases: StackCase[],
    config: PolicyPackConfig = {},
): void {
    describe(policy.name, () => {
        it("accepts the compliant fixture", () => {
            assert.deepStrictEqual(messages(checkStack(policy, base(), config)), []);
        });
        for (const [type, name, path, value, expected] of cases) {
            it(`${name}: ${path} ${show(value)}`, () => {
                assert.deepStrictEqual(
                    messages(checkStack(policy, mutateResource(base(), type, name, path, value), config)),
                    expected,
                );
            });
        }
    });
}
