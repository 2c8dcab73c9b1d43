/**
 * A remediation as the phases the providers can apply it in (the remediation-action table,
 * infra/config/remediations.ts, says which and why), each with its stack-file edits, its exact
 * commands and its predicted offline diff (tools/lib/diff.ts, with ops, awaits and ordering).
 *
 * States between phases are modelled offline from the plans: after a targeted `up` the target's
 * state is what the plan of the config at that phase declares for it; after a refresh, the
 * refreshed instances' state is what that plan declares for them (what Cloud SQL reports once the
 * switchover or promotion is done); an `up --exclude` leaves the excluded resources' state as it was.
 */
import * as fs from "fs";
import * as YAML from "yaml";
import type { Config } from "../../infra/config";
import { databasePrimaryRegion } from "../../core/databaseLayout";
import { remediateCommand, type PhaseOp, type ResourceRef } from "../../infra/config/remediations";
import { diffInventories, previewPlan, renderDiff, summarize, type DiffOptions, type PlanDiff } from "./diff";
import { plan, resolveConfig, type Inventory, type InventoryResource } from "./plan";
import {
    actionNamed,
    asUserError,
    describeEdit,
    fileValue,
    firstEditingPhase,
    isNoOp,
    phaseEdits,
    RemediationError,
    yamlEdits,
    type ActionArgs,
    type Edit,
} from "./remediate";
import { editYamlText } from "./yamlEdit";
import { stackFile } from "./stackConfig";
import { labelBackends } from "./pathLabels";

/** Cloud SQL's replica failover of `instance`: what on-call runs, and the drill with the deployed name. */
export function promoteReplicaCommand(instance: string, project: string): string {
    return `gcloud sql instances promote-replica ${instance} --failover --project ${project}`;
}

/** One operation of a phase with the plan's URNs. */
export type ResolvedOp =
    | { do: "up"; target?: string[]; exclude?: string[] }
    | { do: "refresh"; target: string[] }
    | { do: "preview"; target: string[] }
    | {
          do: "promote-replica";
          command: string;
          /** The instance the command promotes, as the plan names it, its region and project. */
          instance: string;
          region: string;
          project: string;
      }
    | { do: "check-health"; commands: string[] };

export interface Phase {
    /** The phase's id in the remediation-action table. */
    id: string;
    /** 1-based number of the phase in its action, and the action's count of phases. */
    number: number;
    of: number;
    title: string;
    /** Stack-file edits made before this phase's commands (no-op edits left out). */
    edits: Edit[];
    /** The same edits as written: a removal that would leave its map empty removes the map. */
    writes: Edit[];
    /** The config before and after the edits (for the edit lines). */
    before: Config;
    after: Config;
    /** The exact commands of the phase, in order. */
    commands: string[];
    ops: ResolvedOp[];
    /** URNs the phase's `pulumi up` is limited to. */
    target?: string[];
    /** URNs the phase's `pulumi up` leaves out. */
    exclude?: string[];
    /** URNs the phase's `pulumi refresh` reads back from the cloud. */
    refresh?: string[];
    /** What the phase changes: the predicted update, or for a refresh the state it reads back. */
    diff: PlanDiff;
    /** The plan of the config after the phase's edits. */
    declared: Inventory;
}

/** What phase planning reads: the stack's config, its file, and the offline plan of a config. */
export interface PhaseInputs {
    config: Config;
    /** The stack file's text. */
    stackText: string;
    /**
     * The offline plan of the stack with this config (the stack file's `config:` map); with
     * `unknownAtPreview`, as a preview sees it (tools/lib/diff.ts previewPlan).
     */
    planOf(stackConfig: Record<string, unknown>, unknownAtPreview?: ReadonlySet<string>): Promise<Inventory>;
    /** What is deployed (`--state`): the phases start from it instead of the stack file's own plan. */
    deployed?: Inventory;
    /** The program's config of a stack-file `config:` map; resolveConfig when absent. */
    configOf?(stackConfig: Record<string, unknown>): Config;
}

const instanceType = "gcp:sql/databaseInstance:DatabaseInstance";
const backendServiceType = "gcp:compute/backendService:BackendService";

function configMapOf(text: string): Record<string, unknown> {
    // Silent: a YAML warning would print the stack file's lines, secrets included.
    return (
        (YAML.parseDocument(text, { logLevel: "silent" }).toJS() as { config?: Record<string, unknown> } | null)
            ?.config ?? {}
    );
}

/** The stack file's `config:` map after the edits. */
export function editedStackConfig(stackText: string, edits: readonly Edit[]): Record<string, unknown> {
    // The same minimal edit remediate writes, so the phases plan exactly the file it leaves.
    return configMapOf(editYamlText(stackText, yamlEdits(edits)));
}

/** `inv` with the given resources' entries taken from `from` (matched by URN). */
export function withStateOf(inv: Inventory, from: Inventory, urns: readonly string[]): Inventory {
    const replacement = new Map(from.resources.filter((r) => urns.includes(r.urn)).map((r) => [r.urn, r]));
    for (const u of urns) if (!replacement.has(u)) throw new Error(`no resource ${u} in the plan`);
    return { ...inv, resources: inv.resources.map((r) => replacement.get(r.urn) ?? r) };
}

/**
 * A refresh writes what it reads into the state and plans no operation: each difference is shown
 * as an update of the state, never as a replacement or delete, and a resource whose state reads
 * back the same is not shown (a replacement the diff would plan for it is no refresh's business).
 */
export function refreshDiff(before: Inventory, after: Inventory): PlanDiff {
    const d = diffInventories(before, after);
    const changes = d.changes
        .filter((c) => c.changes.length > 0)
        .map((c) => ({
            ...c,
            op: "update" as const,
            replaceBecause: [],
            deleteBeforeReplace: false,
            waitsFor: [],
            await: { kind: "none" as const, detail: "a refresh reads the cloud; it applies nothing" },
        }));
    return summarize(changes, d.summary.unchanged + d.changes.length - changes.length);
}

const quote = (urn: string) => `'${urn}'`;
const flags = (flag: string, urns: readonly string[]) => urns.map((u) => `${flag} ${quote(u)}`).join(" ");

function only(inv: Inventory, type: string, pred: (r: InventoryResource) => boolean, what: string): InventoryResource {
    const found = inv.resources.filter((r) => r.type === type && pred(r));
    const [first] = found;
    if (found.length !== 1 || !first)
        throw new RemediationError(`expected exactly one ${what} in the plan, found ${found.length}`);
    return first;
}

/** The resources an operation names, in the plan of the config at that phase. */
function resolveRef(ref: ResourceRef, inv: Inventory, config: Config, args: ActionArgs): InventoryResource[] {
    const to = () => {
        if (args.to === undefined) throw new RemediationError("--to <region> is required");
        return args.to;
    };
    switch (ref) {
        case "backend-service":
            return [only(inv, backendServiceType, () => true, "backend service")];
        case "database-new-primary":
            return [only(inv, instanceType, (r) => r.inputs.region === to(), `Cloud SQL instance in ${to()}`)];
        case "database-old-primary":
            return [only(inv, instanceType, (r) => r.inputs.region !== to(), `Cloud SQL instance outside ${to()}`)];
        case "database-instances":
            return [
                ...resolveRef("database-new-primary", inv, config, args),
                ...resolveRef("database-old-primary", inv, config, args),
            ];
        case "database-primary": {
            const region = databasePrimaryRegion(config);
            return [only(inv, instanceType, (r) => r.inputs.region === region, `Cloud SQL instance in ${region}`)];
        }
    }
}

/** The health gate's commands: the backends' health and the probe from outside, for the cell's domain. */
export function healthCheckCommands(c: Config, inv: Inventory): string[] {
    const lb = only(inv, backendServiceType, () => true, "backend service");
    const base = `${c.domain}`;
    return [
        `gcloud compute backend-services get-health ${String(lb.inputs.name)} --global --project ${c.project}`,
        `npm run probe -- --url https://${base}${c.loadBalancer.healthCheckPath} --ws wss://${base}/session --sessions 4 --duration 300`,
    ];
}

/**
 * A removal of a nested key that would leave its map empty removes the map instead: turning a
 * toggle off leaves the file as it was before the toggle (no `rateLimit: {}` behind).
 */
export function collapseRemovals(stackConfig: Record<string, unknown>, edits: readonly Edit[]): Edit[] {
    return edits.map((e) => {
        if (e.value !== undefined || e.path.length < 2) return e;
        const parentPath = e.path.slice(0, -1);
        const parent = fileValue(stackConfig, { path: parentPath, value: undefined });
        const last = e.path[e.path.length - 1] ?? "";
        if (parent !== null && typeof parent === "object" && Object.keys(parent).every((k) => k === last))
            return collapseRemovals(stackConfig, [{ path: parentPath, value: undefined }])[0] ?? e;
        return e;
    });
}

const noChange = (inv: Inventory): PlanDiff => diffInventories(inv, inv);

/** What Cloud SQL reports for a primary a first `up` created: no DR replica designated. */
function undesignated(primary: InventoryResource): InventoryResource {
    const designated = (primary.inputs.replicationCluster as { failoverDrReplicaName?: string } | undefined)
        ?.failoverDrReplicaName;
    if (!designated) {
        throw new RemediationError(
            `db-designate-dr: the primary ${String(primary.inputs.name)} declares no DR replica (Enterprise Plus with a replica in another region is required)`,
        );
    }
    return { ...primary, inputs: { ...primary.inputs, replicationCluster: { failoverDrReplicaName: "" } } };
}

/**
 * The phases of an action from `fromPhase` on (0-based; `remediate --phase <n>` starts later),
 * each planned on the config its edits leave.
 */
export async function phasesWith(
    actionName: string,
    args: ActionArgs,
    stack: string,
    io: PhaseInputs,
    fromPhase = 0,
): Promise<Phase[]> {
    const action = actionNamed(actionName);
    const configOf = (stackConfig: Record<string, unknown>): Config =>
        io.configOf ? io.configOf(stackConfig) : resolveConfig({ stack, stackConfig }).config;
    if (fromPhase <= firstEditingPhase(action)) {
        const already = action.already?.(io.config, args);
        if (already !== undefined) throw new RemediationError(`${action.name}: nothing to do: ${already}`);
    }
    let text = io.stackText;
    let config = io.config;
    let state = io.deployed ?? (await io.planOf(configMapOf(text)));
    // What a preview of an up shows; the state after the up is the plan itself, every value known.
    const previewOf = (from: Inventory, stackConfig: Record<string, unknown>, options: DiffOptions = {}) =>
        previewPlan(from, (unknown) => io.planOf(stackConfig, unknown), options);
    const phases: Phase[] = [];
    for (const [i, spec] of action.phases.entries()) {
        if (i < fromPhase) continue;
        const before = config;
        const title = asUserError(() => spec.title(before, args));
        const edits = phaseEdits(spec, before, args).filter((e) => !isNoOp(configMapOf(text), e));
        const writes = collapseRemovals(configMapOf(text), edits);
        if (writes.length > 0) text = editYamlText(text, yamlEdits(writes));
        const stackConfig = configMapOf(text);
        config = configOf(stackConfig);
        const declared = await io.planOf(stackConfig);
        const commands: string[] = [];
        // A later phase with edits is written by `remediate --phase <n>`, so the file says what is applied.
        if (edits.length > 0 && i > firstEditingPhase(action))
            commands.push(`${remediateCommand(stack, action.name, args)} --phase ${i + 1}`);
        const ops: ResolvedOp[] = [];
        const phase: Partial<Phase> = {};
        let diff: PlanDiff | undefined;
        const urnsOf = (ref: ResourceRef) => resolveRef(ref, declared, config, args).map((r) => r.urn);
        for (const op of spec.ops) {
            const resolved = resolveOp(op, urnsOf, declared, config);
            ops.push(resolved);
            switch (resolved.do) {
                case "up": {
                    const scope = resolved.target
                        ? ` ${flags("--target", resolved.target)}`
                        : resolved.exclude
                          ? ` ${flags("--exclude", resolved.exclude)}`
                          : "";
                    commands.push(`pulumi preview --diff -s ${stack}${scope}`, `pulumi up -s ${stack}${scope}`);
                    if (resolved.target) {
                        const next = withStateOf(state, declared, resolved.target);
                        diff = diffInventories(state, next);
                        state = next;
                        phase.target = resolved.target;
                    } else if (resolved.exclude) {
                        const exclude = { exclude: resolved.exclude };
                        diff = diffInventories(state, await previewOf(state, stackConfig, exclude), exclude);
                        state = withStateOf(declared, state, resolved.exclude);
                        phase.exclude = resolved.exclude;
                    } else {
                        diff = diffInventories(state, await previewOf(state, stackConfig));
                        state = declared;
                    }
                    break;
                }
                case "refresh": {
                    commands.push(`pulumi refresh -s ${stack} ${flags("--target", resolved.target)}`);
                    const assume = op.do === "refresh" ? op.assume : undefined;
                    const next =
                        assume === "no-dr-designation"
                            ? {
                                  ...state,
                                  resources: state.resources.map((r) =>
                                      resolved.target.includes(r.urn)
                                          ? undesignated(
                                                withStateOf(state, declared, [r.urn]).resources.find(
                                                    (x) => x.urn === r.urn,
                                                )!,
                                            )
                                          : r,
                                  ),
                              }
                            : withStateOf(state, declared, resolved.target);
                    diff = refreshDiff(state, next);
                    state = next;
                    phase.refresh = resolved.target;
                    break;
                }
                case "preview":
                    commands.push(`pulumi preview --diff -s ${stack} ${flags("--target", resolved.target)}`);
                    break;
                case "promote-replica":
                    commands.push(resolved.command);
                    break;
                case "check-health":
                    commands.push(...resolved.commands);
                    break;
            }
        }
        phases.push({
            id: spec.id,
            number: i + 1,
            of: action.phases.length,
            title,
            edits,
            writes,
            before,
            after: config,
            commands,
            ops,
            ...phase,
            diff: labelBackends(diff ?? noChange(state), declared),
            declared,
        });
    }
    return phases;
}

function resolveOp(
    op: PhaseOp,
    urnsOf: (ref: ResourceRef) => string[],
    declared: Inventory,
    config: Config,
): ResolvedOp {
    switch (op.do) {
        case "up":
            return op.target
                ? { do: "up", target: urnsOf(op.target) }
                : op.exclude
                  ? { do: "up", exclude: urnsOf(op.exclude) }
                  : { do: "up" };
        case "refresh":
            return { do: "refresh", target: urnsOf(op.target) };
        case "preview":
            return { do: "preview", target: urnsOf(op.target) };
        case "promote-replica": {
            const [urn] = urnsOf("database-new-primary");
            const r = declared.resources.find((x) => x.urn === urn);
            const instance = String(r?.inputs.name);
            return {
                do: "promote-replica",
                command: promoteReplicaCommand(instance, config.project),
                instance,
                region: String(r?.inputs.region),
                project: config.project,
            };
        }
        case "check-health":
            return {
                do: "check-health",
                commands: healthCheckCommands(config, declared),
            };
    }
}

/** The phases of `action` on `stack`, from its stack file and offline plans. */
export async function phasesFor(actionName: string, args: ActionArgs, stack: string, fromPhase = 0): Promise<Phase[]> {
    const { config } = resolveConfig({ stack });
    const stackText = fs.readFileSync(stackFile(stack), "utf8");
    return phasesWith(
        actionName,
        args,
        stack,
        {
            config,
            stackText,
            planOf: (stackConfig, unknownAtPreview) =>
                plan({ stack, stackConfig, ...(unknownAtPreview ? { unknownAtPreview } : {}) }),
        },
        fromPhase,
    );
}

/** The phases as text: title, edits, commands, and the predicted diff of each. */
export function renderPhases(phases: readonly Phase[]): string {
    const out: string[] = [];
    for (const p of phases) {
        out.push(`phase ${p.number} of ${p.of}: ${p.title}`);
        for (const e of p.edits) out.push(`  edit: ${describeEdit(p.before, e, p.after)}`);
        for (const c of p.commands) out.push(`  $ ${c}`);
        out.push(p.refresh ? "  reads back (state only, no operation):" : "  predicted diff:");
        out.push(
            ...renderDiff(p.diff)
                .split("\n")
                .map((l) => `    ${l}`),
        );
        out.push("");
    }
    return out.join("\n").trimEnd();
}
