/**
 * What else a delete-before-replace takes with it. Before the engine deletes a resource it is about
 * to replace, it deletes every resource that depends on it and would be replaced by that change
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go calculateDependentReplacements, read at
 * 1b5949891b): it walks the old state's dependents of the resource (through dependencies, input
 * dependencies and providers; pkg/resource/graph/dependency_graph.go DependingOn) in dependency
 * order, and replaces one when
 *
 * - its provider is among the replaced resources, or
 * - an input takes a value from one of them, and its provider's diff, with each such input made
 *   unknown, says replace (ignoreChanges applies).
 *
 * A whole input made unknown replaces only where that input itself forces a new resource: the
 * Google provider diffs an unknown block by its own ForceNew alone (terraform-plugin-sdk
 * schemaMap.diff), and the Kubernetes provider matches its force-new paths against the patch, in
 * which an unknown `spec` holds no `spec.selector` (pulumi-kubernetes openapi.PatchPropertiesChanged).
 * The Kubernetes Provider resource itself is replaced when its kubeconfig becomes unknown.
 *
 * A dependent only through `dependsOn` is never replaced this way: none of its inputs can change.
 * The replaced dependents are deleted before the resource, so they too are delete-before-replace,
 * and a protected one makes the engine refuse the whole update, preview included
 * (step_generator.go: "unable to replace resource … as part of replacing …").
 */
import { defined } from "../../../core/defined";
import type { Inventory, InventoryResource } from "../plan";
import { isIgnored } from "./ignoreChanges";
import { providerChangeReason, ruleFor, type InputChange } from "./replaceRules";

export interface DependentReplacement {
    urn: string;
    /** The inputs made unknown that force it (`topic (unknown while pms-sync-jobs is replaced)`), or `(provider)`. */
    because: string[];
}

/** The reason a dependent is replaced: `input` takes its value from `root`, which is replaced delete-first. */
export function dependentReason(input: string, root: string): string {
    return `${input} (unknown while ${root} is replaced)`;
}

/** The input and the replaced resource of a reason dependentReason wrote, else undefined. */
export function readDependentReason(reason: string): { input: string; root: string } | undefined {
    const [, input, root] = /^(.+) \(unknown while (.+) is replaced\)$/.exec(reason) ?? [];
    return input !== undefined && root !== undefined ? { input, root } : undefined;
}

/** The marker of a value unknown at preview, as the plan records it. */
const unknown = "[unknown]";

/** The dependents of `rootUrn` in the old state that its delete-before-replace replaces too, in dependency order. */
export function dependentReplacements(rootUrn: string, before: Inventory): DependentReplacement[] {
    const byUrn = new Map(before.resources.map((r) => [r.urn, r]));
    const root = byUrn.get(rootUrn);
    if (!root) return [];
    const dependents = new Set([rootUrn]);
    const replaced = new Set([rootUrn]);
    const out: DependentReplacement[] = [];
    // The plan records resources as their registrations complete, so dependencies come first.
    for (const r of before.resources.slice(before.resources.indexOf(root) + 1)) {
        if (!r.dependsOn.some((d) => dependents.has(d)) && !dependents.has(r.provider)) continue;
        dependents.add(r.urn);
        const because = replacementOf(r, replaced, byUrn, before);
        if (because.length > 0) {
            replaced.add(r.urn);
            out.push({ urn: r.urn, because });
        }
    }
    return out;
}

function replacementOf(r: InventoryResource, replaced: ReadonlySet<string>, byUrn: ReadonlyMap<string, InventoryResource>, before: Inventory): string[] {
    if (!r.custom) return [];
    if (replaced.has(r.provider)) return [providerChangeReason];
    const keys = Object.entries(r.propertyDependencies ?? {})
        .filter(([key, urns]) => key in r.inputs && urns.some((u) => replaced.has(u)) && !isIgnored([key], r.ignoreChanges))
        .map(([key]) => key);
    if (keys.length === 0) return [];
    const now: InventoryResource = { ...r, inputs: { ...r.inputs, ...Object.fromEntries(keys.map((k) => [k, unknown])) } };
    const changes: InputChange[] = keys.map((k) => ({ path: [k], formatted: k, removed: false }));
    const { replaceBecause } = ruleFor(r.type).decide({ old: r, now, changes, after: before });
    // Each reason names the replaced resource the input's value comes from.
    const source = (key: string) => {
        const urn = defined(r.propertyDependencies?.[key]?.find((u) => replaced.has(u)), `the replaced source of ${r.name}'s ${key}`);
        return defined(byUrn.get(urn), `resource ${urn}`).name;
    };
    return replaceBecause.filter((path) => keys.includes(path)).map((path) => dependentReason(path, source(path)));
}
