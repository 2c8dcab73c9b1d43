/**
 * The steps of one `pulumi up` from an old inventory (the state) to a new one (the program),
 * decided as Pulumi's engine decides them (engineSource: step_generator.go of the pinned engine),
 * without rendering anything:
 *
 * - generateSteps: each resource's operation (generateSteps, :674: create when it is new, nothing
 *   when neither its inputs nor its provider changed, else the provider's diff, replaceRules.ts;
 *   ignoreChanges applied first, processIgnoreChanges :2838), then the deletes of what the
 *   program no longer declares (GenerateDeletes, :2159);
 * - providerChanged (:2613): the one rule for a resource whose provider reference changes or
 *   whose provider is replaced;
 * - calculateDependentReplacements (:3009): what a delete-before-replace takes with it;
 * - the order the steps run in (ordering.ts) and what each waits for once applied (awaits.ts).
 *
 * The entry point takes an old and a new inventory, so a deployed state can stand on the old side.
 */
import diff from "microdiff";
import type { Inventory, InventoryResource } from "../plan";
import { awaitOf, type Await } from "./awaits";
import { dependentReason } from "./dependents";
import { isIgnored } from "./ignoreChanges";
import { waitsFor } from "./ordering";
import { formatPath, fromRaw, topLevel } from "./paths";
import { providerChangeReason, ruleFor, type InputChange, type ReplaceDecision } from "./replaceRules";

/** The engine the step logic follows, read from the Go module cache at the pinned version. */
export const engineSource = {
    module: "github.com/pulumi/pulumi/pkg/v3",
    version: "v3.248.0",
    file: "resource/deploy/step_generator.go",
    pin: "@pulumi/pulumi 3.248.0",
} as const;

export type Op = "create" | "update" | "replace" | "delete";

export interface PathChange {
    /** `spec.template.metadata.annotations["x"]`-style path of the input. */
    path: string;
    old?: unknown;
    new?: unknown;
}

export interface Step {
    op: Op;
    /** The resource as the program declares it (for a delete, or a step it keeps: as the state has it). */
    r: InventoryResource;
    /** The resource as the state has it, for an update or replace. */
    prev?: InventoryResource;
    /** Every changed input path, and `protect` when it changes. */
    paths: PathChange[];
    replaceBecause: string[];
    deleteBeforeReplace: boolean;
    /** The provider's diff fails with this message (replaceRules.ts): the preview stops there. */
    providerError?: string;
    /** URNs of the other steps that complete before this one starts. */
    waitsFor: string[];
    await: Await;
}

export interface StepOptions {
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

export interface Steps {
    steps: Step[];
    /** Resources of the new inventory that get no step. */
    unchanged: number;
}

/** The inventories a step is decided between, and the providers already known to be replaced. */
export interface ProviderContext {
    before: Inventory;
    after: Inventory;
    replaced: ReadonlySet<string>;
}

/**
 * step_generator.go providerChanged: the one rule for a custom resource and its provider. When the
 * provider reference is the same, the resource is replaced when its provider is replaced (the
 * replaced provider's new ID makes the reference differ, and its DiffConfig says replace). When
 * the reference moves to another provider, the new provider's DiffConfig of the old provider's
 * inputs against the new one's decides (replaceRules.ts, the provider type's rule). An empty
 * reference is the default provider, whose configuration the plan does not record: moving to or
 * from it counts as a change. Components have no provider of their own.
 */
export function providerChanged(prev: InventoryResource, now: InventoryResource, context: ProviderContext): boolean {
    if (!now.custom) return false;
    if (prev.provider === now.provider) return context.replaced.has(now.provider);
    if (prev.provider === "" || now.provider === "" || context.replaced.has(now.provider)) return true;
    const oldProvider = context.before.resources.find((r) => r.urn === prev.provider);
    const newProvider = context.after.resources.find((r) => r.urn === now.provider);
    if (!oldProvider || !newProvider) return true;
    const changes: InputChange[] = diff(oldProvider.inputs, newProvider.inputs).map((d) => ({
        path: fromRaw(d.path),
        formatted: formatPath(d.path),
        removed: d.type === "REMOVE",
    }));
    if (changes.length === 0) return false;
    const decision = ruleFor(newProvider.type).decide({
        old: oldProvider,
        now: newProvider,
        changes,
        after: context.after,
    });
    return decision.replaceBecause.length > 0;
}

export interface DependentReplacement {
    urn: string;
    /** The inputs made unknown that force it (`topic (unknown while pms-sync-jobs is replaced)`), or `(provider)`. */
    because: string[];
}

/** The marker of a value unknown at preview, as the plan records it. */
const unknown = "[unknown]";

/**
 * step_generator.go calculateDependentReplacements: before the engine deletes a resource it is
 * about to replace, it deletes every resource that depends on it and would be replaced by that
 * change. It walks the old state's dependents of the resource (through dependencies, input
 * dependencies and providers; pkg/resource/graph/dependency_graph.go DependingOn) in dependency
 * order, and replaces one when its provider is replaced (providerChanged), or when an input takes
 * a value from a replaced resource and its provider's diff, with each such input made unknown,
 * says replace (ignoreChanges applies).
 *
 * A whole input made unknown replaces where that input itself forces a new resource, and, where
 * its provider diffs it so (ReplaceRule.unknownReachesNested: Kubernetes), through the force-new
 * paths under it. The Kubernetes Provider resource itself is replaced when its kubeconfig becomes
 * unknown.
 *
 * A dependent only through `dependsOn` is never replaced this way: none of its inputs can change.
 * The replaced dependents are deleted before the resource, so they too are delete-before-replace,
 * and a protected one makes the engine refuse the whole update, preview included
 * (step_generator.go:1991: "unable to replace resource … as part of replacing …").
 *
 * `registered` holds the resources the program registered before the root, which already have
 * their step: the old state's graph cannot make them dependents (step_generator.go:3118-3137,
 * impossibleDependents, passed to DependingOn as resources to ignore), and what depends on the
 * root only through one of them is no dependent either. That is how a switchover's new primary,
 * registered first and the old primary's replica in the state, keeps its own step.
 */
export function calculateDependentReplacements(
    rootUrn: string,
    before: Inventory,
    registered: ReadonlySet<string> = new Set(),
): DependentReplacement[] {
    const byUrn = new Map(before.resources.map((r) => [r.urn, r]));
    const root = byUrn.get(rootUrn);
    if (!root) return [];
    const dependents = new Set([rootUrn]);
    const replaced = new Set([rootUrn]);
    const out: DependentReplacement[] = [];
    // The plan records resources as their registrations complete, so dependencies come first.
    for (const r of before.resources.slice(before.resources.indexOf(root) + 1)) {
        if (registered.has(r.urn)) continue;
        if (!r.dependsOn.some((d) => dependents.has(d)) && !dependents.has(r.provider)) continue;
        dependents.add(r.urn);
        const because = dependentReplacementOf(r, replaced, byUrn, before);
        if (because.length > 0) {
            replaced.add(r.urn);
            out.push({ urn: r.urn, because });
        }
    }
    return out;
}

function dependentReplacementOf(
    resource: InventoryResource,
    replaced: ReadonlySet<string>,
    byUrn: ReadonlyMap<string, InventoryResource>,
    before: Inventory,
): string[] {
    if (!resource.custom) return [];
    if (providerChanged(resource, resource, { before, after: before, replaced })) return [providerChangeReason];
    const deps = resource.propertyDependencies ?? {};
    const keys = Object.entries(deps)
        .filter(
            ([key, urns]) =>
                key in resource.inputs &&
                urns.some((u) => replaced.has(u)) &&
                !isIgnored([key], resource.ignoreChanges),
        )
        .map(([key]) => key);
    if (keys.length === 0) return [];
    const now: InventoryResource = {
        ...resource,
        inputs: { ...resource.inputs, ...Object.fromEntries(keys.map((k) => [k, unknown])) },
    };
    const changes: InputChange[] = keys.map((k) => ({ path: [k], formatted: k, removed: false }));
    const rule = ruleFor(resource.type);
    const { replaceBecause } = rule.decide({ old: resource, now, changes, after: before });
    // Each reason names the replaced resource the input's value comes from.
    const source = (path: string) => {
        const from = (deps[topLevel(path)] ?? []).find((u) => replaced.has(u));
        return (from !== undefined ? byUrn.get(from)?.name : undefined) ?? path;
    };
    return replaceBecause
        .filter((path) => keys.includes(path) || (rule.unknownReachesNested === true && keys.includes(topLevel(path))))
        .map((path) => dependentReason(path, source(path)));
}

interface Draft {
    op: Op;
    r: InventoryResource;
    prev?: InventoryResource;
    paths: PathChange[];
    replaceBecause: string[];
    deleteBeforeReplace: boolean;
    providerError?: string;
}

/** The provider's diff of one resource whose inputs or provider changed. */
function diffStep(
    prev: InventoryResource,
    resource: InventoryResource,
    before: Inventory,
    after: Inventory,
): Draft | undefined {
    // The engine keeps the old value of an ignored input: no change there reaches the provider.
    const raw = diff(prev.inputs, resource.inputs).filter((d) => !isIgnored(d.path, resource.ignoreChanges));
    const paths: PathChange[] = raw.map((d) => ({
        path: formatPath(d.path),
        ...(d.type !== "CREATE" ? { old: d.oldValue as unknown } : {}),
        ...(d.type !== "REMOVE" ? { new: d.value as unknown } : {}),
    }));
    const inputChanges: InputChange[] = raw.map((d) => ({
        path: fromRaw(d.path),
        formatted: formatPath(d.path),
        removed: d.type === "REMOVE",
    }));
    if (prev.protect !== resource.protect)
        paths.push({ path: "(option) protect", old: prev.protect, new: resource.protect });
    const providerMoved = providerChanged(prev, resource, { before, after, replaced: new Set() });
    if (paths.length === 0 && !providerMoved) return undefined;
    const decision: ReplaceDecision =
        resource.custom && inputChanges.length > 0
            ? ruleFor(resource.type).decide({ old: prev, now: resource, changes: inputChanges, after })
            : { replaceBecause: [], deleteBeforeReplace: false };
    const replaceBecause = [...decision.replaceBecause, ...(providerMoved ? [providerChangeReason] : [])];
    const op = replaceBecause.length > 0 ? "replace" : "update";
    return {
        op,
        r: resource,
        prev,
        paths,
        replaceBecause,
        deleteBeforeReplace: decision.deleteBeforeReplace,
        ...(decision.error !== undefined ? { providerError: decision.error } : {}),
    };
}

export function generateSteps(before: Inventory, after: Inventory, options: StepOptions = {}): Steps {
    const old = new Map(before.resources.map((r) => [r.urn, r]));
    const now = new Map(after.resources.map((r) => [r.urn, r]));
    const excluded = new Set(options.exclude ?? []);
    const targeted = options.target ? new Set(options.target) : undefined;
    const skipped = (urn: string) => excluded.has(urn) || (targeted !== undefined && !targeted.has(urn));
    const drafts: Draft[] = [];
    let unchanged = 0;
    // Resources without a step, until a replaced provider or a delete-before-replace takes one with it.
    const quiet = new Map<string, { r: InventoryResource; prev: InventoryResource; skipped: boolean }>();
    for (const resource of after.resources) {
        const prev = old.get(resource.urn);
        if (skipped(resource.urn)) {
            if (prev) quiet.set(resource.urn, { r: prev, prev, skipped: true });
            else unchanged++;
            continue;
        }
        if (!prev) {
            drafts.push({ op: "create", r: resource, paths: [], replaceBecause: [], deleteBeforeReplace: false });
            continue;
        }
        const step = diffStep(prev, resource, before, after);
        if (step) drafts.push(step);
        else quiet.set(resource.urn, { r: resource, prev, skipped: false });
    }
    // A resource whose provider is replaced is replaced too, changed inputs or not.
    const replacedProviders = new Set(
        drafts.filter((d) => d.op === "replace" && d.r.type.startsWith("pulumi:providers:")).map((d) => d.r.urn),
    );
    const context: ProviderContext = { before, after, replaced: replacedProviders };
    for (const d of drafts) {
        if (d.op === "create" || d.replaceBecause.includes(providerChangeReason)) continue;
        if (d.prev && providerChanged(d.prev, d.r, context)) {
            d.op = "replace";
            d.replaceBecause.push(providerChangeReason);
        }
    }
    for (const [urn, q] of quiet) {
        if (q.skipped || !providerChanged(q.prev, q.r, context)) continue;
        quiet.delete(urn);
        drafts.push({
            op: "replace",
            r: q.r,
            prev: q.prev,
            paths: [],
            replaceBecause: [providerChangeReason],
            deleteBeforeReplace: false,
        });
    }
    // A delete-before-replace first deletes the dependents it would replace: they are replaced
    // too, deleted first, changed inputs or not. The engine decides that replacement when the root
    // registers (step_generator.go:2003), so a dependent's own diff, run when it registers later,
    // names no reason of its own: only what made it a dependent.
    const draftOf = new Map(drafts.map((d) => [d.r.urn, d]));
    const registrationOrder = after.resources.map((r) => r.urn);
    for (const root of drafts.filter((d) => d.op === "replace" && d.deleteBeforeReplace)) {
        // The engine decides a root's step when the program registers it: what came before has its step.
        const registered = new Set(registrationOrder.slice(0, registrationOrder.indexOf(root.r.urn)));
        for (const { urn, because } of calculateDependentReplacements(root.r.urn, before, registered)) {
            const d = draftOf.get(urn);
            if (d?.op === "delete" || d?.op === "create") continue;
            if (d) {
                d.op = "replace";
                d.deleteBeforeReplace = true;
                d.replaceBecause = because;
                continue;
            }
            const q = quiet.get(urn);
            if (!q) continue;
            quiet.delete(urn);
            const added: Draft = {
                op: "replace",
                r: q.r,
                prev: q.prev,
                paths: [],
                replaceBecause: because,
                deleteBeforeReplace: true,
            };
            drafts.push(added);
            draftOf.set(urn, added);
        }
    }
    unchanged += quiet.size;
    for (const r of before.resources) {
        if (!now.has(r.urn) && !skipped(r.urn))
            drafts.push({ op: "delete", r, paths: [], replaceBecause: [], deleteBeforeReplace: false });
    }
    const order = waitsFor(
        drafts.map((d) => ({ op: d.op, urn: d.r.urn })),
        before,
        after,
    );
    const steps = drafts.map((d): Step => ({
        ...d,
        deleteBeforeReplace: d.op === "replace" && d.deleteBeforeReplace,
        waitsFor: order.get(d.r.urn) ?? [],
        await: awaitOf(d.r, d.op),
    }));
    return { steps, unchanged };
}
