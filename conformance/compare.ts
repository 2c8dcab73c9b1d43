/**
 * The real preview's steps per resource, and their comparison with the model's changes
 * (`npm run diff -- --json`): operation, the properties that force a replacement, and whether the
 * old resource is deleted first.
 *
 * `pulumi preview --json --show-replacement-steps` lists one step per step event (pkg/v3@v3.248.0
 * backend/display/json.go getPreviewMetadataStep; without the flag the JSON leaves out the
 * replacement's own steps, backend/display/display.go:318-324, and with them the order that tells
 * a delete-before-replace). A replacement shows as three steps of one URN: `create-replacement`,
 * `replace` and `delete-replaced`, the first two carrying the replace reasons; the deployment's step
 * generator puts `delete-replaced` first when the replacement deletes before it creates, and after
 * every create and update otherwise (pkg/v3@v3.248.0 resource/deploy/step_generator.go:2023-2036).
 * The reasons are the top-level properties the provider named (plugin.DiffResult.ReplaceKeys),
 * so the model's input paths compare by their first segment.
 */
import { readDependentReason } from "../tools/lib/engine/dependents";
import { topLevel } from "../tools/lib/engine/paths";
import { bridgeReplaceKeys } from "../tools/lib/engine/replaceRules";
import { urnParts } from "../tools/lib/plan";
import type { ModelChange } from "./report";

export interface PreviewStepJson {
    op: string;
    urn: string;
    replaceReasons?: string[];
    diffReasons?: string[];
}

export interface RealChange {
    urn: string;
    op: "create" | "update" | "replace" | "delete";
    replaceBecause: string[];
    deleteBeforeReplace: boolean;
    /** Top-level properties the provider reported changed (the update's or replacement's diff). */
    diffReasons: string[];
}

export interface Disagreement {
    urn: string;
    model: string;
    real: string;
    /** Why they differ, when conformance/explanations.ts says. */
    reason?: string;
    /** Whether that reason shows the model wrong. */
    modelWrong?: boolean;
}

/** Each resource the preview changes, in the order its first step came. */
export function realChanges(steps: readonly PreviewStepJson[]): RealChange[] {
    const byUrn = new Map<string, PreviewStepJson[]>();
    for (const s of steps) {
        if (s.op === "same" || s.op === "read") continue;
        const list = byUrn.get(s.urn) ?? [];
        list.push(s);
        byUrn.set(s.urn, list);
    }
    const out: RealChange[] = [];
    for (const [urn, list] of byUrn) {
        const ops = list.map((s) => s.op);
        const replace = list.find((s) => s.op === "replace");
        if (replace !== undefined || ops.includes("create-replacement")) {
            const del = ops.indexOf("delete-replaced");
            const create = ops.indexOf("create-replacement");
            out.push({
                urn,
                op: "replace",
                replaceBecause: [...(replace?.replaceReasons ?? [])].sort(),
                deleteBeforeReplace: del !== -1 && create !== -1 && del < create,
                diffReasons: [...(replace?.diffReasons ?? [])].sort(),
            });
            continue;
        }
        const step = list[0];
        if (step === undefined) continue;
        if (step.op !== "create" && step.op !== "update" && step.op !== "delete")
            throw new Error(`${urn}: a preview step the comparison does not know: ${step.op}`);
        out.push({
            urn,
            op: step.op,
            replaceBecause: [],
            deleteBeforeReplace: false,
            diffReasons: [...(step.diffReasons ?? [])].sort(),
        });
    }
    return out;
}

function describe(op: string, because: string[], dbr: boolean): string {
    if (op !== "replace") return op;
    return `replace because ${because.join(", ") || "(none)"}${dbr ? ", delete before replace" : ""}`;
}

/**
 * Where the model and the real preview differ, per URN: a resource only one of them changes, a
 * different operation, different replacement properties, or a different delete-before-replace.
 * A model reason of a Google resource compares as the key the bridge reports it under
 * (bridgeReplaceKeys: `__meta` for a CustomizeDiff replacement). A model reason that an input is
 * unknown while a dependency is replaced compares as that input
 * (the provider sees it unknown and names it); a provider change is the engine's own reason, not
 * the provider's, and is left out of the property comparison.
 */
export function disagreements(model: readonly ModelChange[], real: readonly RealChange[]): Disagreement[] {
    const out: Disagreement[] = [];
    const realBy = new Map(real.map((r) => [r.urn, r]));
    const modelBy = new Map(model.map((m) => [m.urn, m]));
    for (const m of model) {
        const r = realBy.get(m.urn);
        const providerReasons = m.replaceBecause.filter((p) => p === "(provider)");
        const { type } = urnParts(m.urn);
        const own = m.replaceBecause.filter((p) => p !== "(provider)" && readDependentReason(p) === undefined);
        const modelBecause = [
            ...new Set(
                [
                    ...bridgeReplaceKeys(type, own),
                    ...m.replaceBecause.flatMap((p) => readDependentReason(p)?.input ?? []),
                ].map(topLevel),
            ),
        ].sort();
        const modelText = describe(m.op, modelBecause, m.deleteBeforeReplace);
        if (r === undefined) {
            out.push({ urn: m.urn, model: modelText, real: "same" });
            continue;
        }
        const realText = describe(r.op, r.replaceBecause, r.deleteBeforeReplace);
        if (m.op !== r.op) {
            out.push({ urn: m.urn, model: modelText, real: realText });
            continue;
        }
        if (m.op !== "replace") continue;
        const engineReasonsOnly = modelBecause.length === 0 && providerReasons.length > 0;
        // The engine replaces the dependents of a delete-before-replace without asking the
        // provider for reasons (step_generator.go:2003), so such a replacement carries none.
        const dependentOnly =
            r.replaceBecause.length === 0 &&
            r.deleteBeforeReplace &&
            m.replaceBecause.length > 0 &&
            m.replaceBecause.every((p) => readDependentReason(p) !== undefined);
        const sameBecause =
            engineReasonsOnly || dependentOnly || JSON.stringify(modelBecause) === JSON.stringify(r.replaceBecause);
        if (!sameBecause || m.deleteBeforeReplace !== r.deleteBeforeReplace)
            out.push({ urn: m.urn, model: modelText, real: realText });
    }
    for (const r of real) {
        if (modelBy.has(r.urn)) continue;
        out.push({ urn: r.urn, model: "same", real: describe(r.op, r.replaceBecause, r.deleteBeforeReplace) });
    }
    return out;
}
