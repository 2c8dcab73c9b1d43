/**
 * The runbook's remediations as edits of a stack file, read from the remediation-action table
 * (infra/config/remediations.ts: each action's keys, edits and phases). `edits` decides;
 * `yamlEdits` turns them into paths of the stack file, which yamlEdit.ts writes changing only
 * those keys' text. tools/remediate.ts adds the lock, validation, the offline diff and the atomic
 * write.
 */
import { isDeepStrictEqual } from "util";
import type { Config } from "../../infra/config";
import {
    RemediationInputError,
    remediationActions,
    type PhaseSpec,
    type RemediationAction,
    type RemediationArgs,
    type RemediationEdit,
} from "../../infra/config/remediations";
import { namespace } from "./stackConfig";
import { escapeControl, hasControlCharacter, UserInputError } from "./userError";
import type { YamlEdit } from "./yamlEdit";

export type Edit = RemediationEdit;
export type ActionArgs = RemediationArgs;

export class RemediationError extends UserInputError {}

export interface Action extends RemediationAction {
    /** What `remediate` writes without `--phase`: the edits of the first phase that has any. */
    edits(c: Config, a: ActionArgs): Edit[];
}

/** Table functions report bad arguments as RemediationInputError: bad input, never a bug. */
export function asUserError<T>(f: () => T): T {
    try {
        return f();
    } catch (e) {
        if (e instanceof RemediationInputError) throw new RemediationError(e.message);
        throw e;
    }
}

/** The edits a phase makes on the config as it stands when the phase starts. */
export function phaseEdits(phase: PhaseSpec, c: Config, a: ActionArgs): Edit[] {
    return asUserError(() => phase.edits?.(c, a) ?? []);
}

/** The index of the phase whose edits `remediate` writes without `--phase`. */
export function firstEditingPhase(action: RemediationAction): number {
    const i = action.phases.findIndex((p) => p.edits !== undefined);
    return i < 0 ? 0 : i;
}

export const actions: Action[] = remediationActions.map((a) => {
    const first = a.phases[firstEditingPhase(a)];
    return { ...a, edits: (c: Config, args: ActionArgs) => (first ? phaseEdits(first, c, args) : []) };
});

const flag: Record<keyof ActionArgs, string> = {
    value: "argument",
    to: "--to",
    tag: "--tag",
    digest: "--digest",
    region: "--region",
};

/**
 * Refuses arguments the action does not read: `region-failover europe-west4` must not drain the
 * primary while the on-call believes they named the region.
 */
export function checkArgs(action: RemediationAction, a: ActionArgs): void {
    for (const k of Object.keys(flag) as (keyof ActionArgs)[]) {
        // A line break or escape sequence in a tag could fake output lines; no argument has a use for one.
        const v = a[k];
        if (v !== undefined && hasControlCharacter(v)) {
            throw new RemediationError(
                `${action.name}: ${flag[k]} ${JSON.stringify(escapeControl(v))} contains a control character or line break; nothing written`,
            );
        }
    }
    for (const k of Object.keys(flag) as (keyof ActionArgs)[]) {
        if (a[k] === undefined || action.takes?.includes(k)) continue;
        const given = k === "value" ? `the argument ${JSON.stringify(a[k])}` : `${flag[k]} ${JSON.stringify(a[k])}`;
        throw new RemediationError(`${action.name}: does not take ${given} (usage: ${action.usage}); nothing written`);
    }
}

export function actionNamed(name: string): Action {
    const a = actions.find((x) => x.name === name);
    if (!a) throw new RemediationError(`unknown action "${name}"; actions: ${actions.map((x) => x.name).join(", ")}`);
    return a;
}

/** The edits as paths of the stack file's YAML document (`config` → `voice-agent:<key>` → …). */
export function yamlEdits(edits: readonly Edit[]): YamlEdit[] {
    return edits.map((e) => ({
        path: ["config", `${namespace}:${e.path[0] ?? ""}`, ...e.path.slice(1)],
        value: e.value,
    }));
}

/** The value at `path` under `root`, or undefined. */
function at(root: unknown, path: readonly string[]): unknown {
    let v = root;
    for (const p of path) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;
    return v;
}

/** The stack file's own value of an edited key (`config:` map, namespaced keys). */
export function fileValue(stackConfig: Record<string, unknown>, e: Edit): unknown {
    return at(stackConfig[`${namespace}:${e.path[0] ?? ""}`], e.path.slice(1));
}

/**
 * An edit that changes nothing in the file: the key already holds the value, or a removal of a
 * key the file does not have. Such an edit prints no line.
 */
export function isNoOp(stackConfig: Record<string, unknown>, e: Edit): boolean {
    return isDeepStrictEqual(fileValue(stackConfig, e), e.value);
}

/**
 * `voice-agent:cacheEpoch 3 → 4`, for the summary line; a removed key shows the default the
 * program then uses (`voice-agent:forcedFailover true → false (key removed: the default)`).
 */
export function describeEdit(c: Config, e: Edit, after?: Config): string {
    const show = (v: unknown) => (v === undefined ? "(unset)" : JSON.stringify(v));
    const old = at(c, e.path);
    if (e.value === undefined) {
        const now = after ? at(after, e.path) : undefined;
        return `${namespace}:${e.path.join(".")} ${show(old)} → ${now === undefined ? "(unset)" : `${show(now)} (key removed: the default)`}`;
    }
    return `${namespace}:${e.path.join(".")} ${show(old)} → ${show(e.value)}`;
}
