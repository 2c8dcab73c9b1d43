/**
 * A remediation as the phases the providers can apply it in, each with its stack-file edits, its
 * exact commands and its predicted offline diff (tools/lib/diff.ts, with ops, awaits and ordering).
 *
 * - `region-failover`: the drain first, alone (`pulumi up --target <voice-lb>`): it waits on
 *   nothing, so traffic leaves the region in the time of one backend-service update; then the full
 *   `up` pre-scales the surviving region (node pool, HPA), which may wait for a resting cluster.
 * - `db-switchover`: terraform-provider-google forces a new Cloud SQL instance when
 *   `master_instance_name` changes, unless the state already shows the old primary as a replica of
 *   the new one (resource_sql_database_instance.go, CustomizeDiff `ForceNewIf("master_instance_name",
 *   !isSwitchoverFromOldPrimarySide)`; guide "Performing a SQL Instance Switchover", PostgreSQL steps
 *   3 and 4). So: (1) the new primary's change alone, with `--target`, which makes Cloud SQL switch
 *   over; (2) `pulumi refresh` of both instances, after which the state shows what the cloud then
 *   reports: the old primary as a replica of the new one; (3) the full `up`, which then plans no
 *   replacement.
 * - `db-promote-replica` (the primary's region is lost): Cloud SQL's replica failover is imperative
 *   (`gcloud sql instances promote-replica --failover`); then the config says the new primary and
 *   a refresh reads the promoted instance back; the up excludes the lost instance, whose state still
 *   says primary (planning it would replace it: a rebuild as a side effect); reading the old primary
 *   back once its region returns is a separate, reviewed phase.
 * - `db-designate-dr`: the provider sends `replicationCluster.failoverDrReplicaName` on update only,
 *   so a new cell's first `up` creates the primary without its DR replica designated; this is the
 *   explicit second step.
 * - Every other action: one phase, the edit and the full `up`.
 *
 * States between phases are modelled offline from the plans: after a targeted `up` the target's
 * state is what the final plan declares for it; after a refresh, the refreshed instances' state is
 * what the final plan declares for them (what Cloud SQL reports once the switchover is done).
 */
import * as fs from "fs";
import * as YAML from "yaml";
import type { Config } from "../../infra/config";
import { defined } from "../../core/defined";
import { databasePrimaryRegion } from "../../core/databaseLayout";
import { diffInventories, renderDiff, summarize, type PlanDiff } from "./diff";
import { plan, resolveConfig, type Inventory, type InventoryResource } from "./plan";
import { actionNamed, describeEdit, RemediationError, yamlEdits, type ActionArgs, type Edit } from "./remediate";
import { editYamlText } from "./yamlEdit";
import { stackFile } from "./stackConfig";

export interface Phase {
    title: string;
    /** Stack-file edits made before this phase's commands (in order, phases' edits add up). */
    edits: Edit[];
    /** The exact commands of the phase, in order. */
    commands: string[];
    /** URNs the phase's `pulumi up` is limited to. */
    target?: string[];
    /** URNs the phase's `pulumi refresh` reads back from the cloud. */
    refresh?: string[];
    /** What the phase changes: the predicted update, or for a refresh the state it reads back. */
    diff: PlanDiff;
}

/** What phase planning reads: the stack's config, its file, and the offline plan of a config. */
export interface PhaseInputs {
    config: Config;
    /** The stack file's text. */
    stackText: string;
    /** The offline plan of the stack with this config (the stack file's `config:` map). */
    planOf(stackConfig: Record<string, unknown>): Promise<Inventory>;
}

const instanceType = "gcp:sql/databaseInstance:DatabaseInstance";
const backendServiceType = "gcp:compute/backendService:BackendService";

/** The stack file's `config:` map after the edits. */
export function editedStackConfig(stackText: string, edits: readonly Edit[]): Record<string, unknown> {
    // The same minimal edit remediate writes, so the phases plan exactly the file it leaves.
    return ((YAML.parse(editYamlText(stackText, yamlEdits(edits))) as { config?: Record<string, unknown> } | null)?.config ?? {});
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
        .map((c) => ({ ...c, op: "update" as const, replaceBecause: [], deleteBeforeReplace: false, waitsFor: [], await: { kind: "none" as const, detail: "a refresh reads the cloud; it applies nothing" } }));
    return summarize(changes, d.summary.unchanged + d.changes.length - changes.length);
}

const quote = (urn: string) => `'${urn}'`;
const targets = (urns: readonly string[]) => urns.map((u) => `--target ${quote(u)}`).join(" ");

function only(inv: Inventory, type: string, pred: (r: InventoryResource) => boolean, what: string): InventoryResource {
    const found = inv.resources.filter((r) => r.type === type && pred(r));
    const [first, ...others] = found;
    if (first === undefined || others.length > 0) throw new RemediationError(`expected exactly one ${what} in the plan, found ${found.length}`);
    return first;
}

function full(stack: string): string[] {
    return [`pulumi preview --diff -s ${stack}`, `pulumi up -s ${stack}`];
}

export async function phasesWith(actionName: string, args: ActionArgs, stack: string, io: PhaseInputs): Promise<Phase[]> {
    const action = actionNamed(actionName);
    const edits = action.edits(io.config, args);
    const current = await io.planOf(editedStackConfig(io.stackText, []));
    const final = await io.planOf(editedStackConfig(io.stackText, edits));

    if (action.name === "region-failover") {
        const lb = only(final, backendServiceType, () => true, "backend service");
        const drained = withStateOf(current, final, [lb.urn]);
        return [
            {
                title: "drain: the backend service alone (waits on nothing)",
                edits,
                commands: [`pulumi preview --diff -s ${stack} ${targets([lb.urn])}`, `pulumi up -s ${stack} ${targets([lb.urn])}`],
                target: [lb.urn],
                diff: diffInventories(current, drained),
            },
            { title: "pre-scale the serving region: the full up", edits: [], commands: full(stack), diff: diffInventories(drained, final) },
        ];
    }

    if (action.name === "db-switchover") {
        const from = databasePrimaryRegion(io.config);
        const to = edits.find((e) => e.path.join(".") === "database.primaryRegion")!.value as string;
        if (to === from) return [{ title: "nothing to switch over: the primary is already there", edits, commands: [], diff: diffInventories(current, final) }];
        const newPrimary = only(final, instanceType, (r) => r.inputs.region === to, `Cloud SQL instance in ${to}`);
        const oldPrimary = only(final, instanceType, (r) => r.inputs.region === from, `Cloud SQL instance in ${from}`);
        const afterSwitch = withStateOf(current, final, [newPrimary.urn]);
        const afterRefresh = withStateOf(afterSwitch, final, [oldPrimary.urn]);
        const pair = [newPrimary.urn, oldPrimary.urn];
        return [
            {
                title: `switch over: the new primary (${to}) alone; Cloud SQL makes the old primary its replica`,
                edits,
                commands: [`pulumi preview --diff -s ${stack} ${targets([newPrimary.urn])}`, `pulumi up -s ${stack} ${targets([newPrimary.urn])}`],
                target: [newPrimary.urn],
                diff: diffInventories(current, afterSwitch),
            },
            {
                title: "refresh both instances: the state then shows the old primary as a replica of the new one",
                edits: [],
                commands: [`pulumi refresh -s ${stack} ${targets(pair)}`],
                refresh: pair,
                diff: refreshDiff(afterSwitch, afterRefresh),
            },
            { title: "the full up (no replacement)", edits: [], commands: full(stack), diff: diffInventories(afterRefresh, final) },
        ];
    }

    if (action.name === "db-promote-replica") {
        const from = databasePrimaryRegion(io.config);
        const to = defined(edits[0], "db-promote-replica's edit").value as string;
        if (to === from) throw new RemediationError(`db-promote-replica: --to "${to}" already holds the primary role`);
        const promoted = only(final, instanceType, (r) => r.inputs.region === to, `Cloud SQL instance in ${to}`);
        const lost = only(final, instanceType, (r) => r.inputs.region === from, `Cloud SQL instance in ${from}`);
        const afterPromotion = withStateOf(current, final, [promoted.urn]);
        // Everything but the lost instance: its state still says primary, and planning it against
        // the config (a replica) would replace it, i.e. rebuild it as a side effect of the up.
        const withoutLost = diffInventories(afterPromotion, final, { exclude: [lost.urn] });
        const afterReturn = withStateOf(final, final, [lost.urn]);
        return [
            {
                title: `promote the DR replica ${String(promoted.inputs.name)} (imperative: Cloud SQL replica failover)`,
                edits: [],
                commands: [`gcloud sql instances promote-replica ${String(promoted.inputs.name)} --failover --project ${io.config.project}`],
                diff: diffInventories(current, current),
            },
            {
                title: "make the config say so and read the promoted instance back",
                edits,
                commands: [`pulumi refresh -s ${stack} ${targets([promoted.urn])}`],
                refresh: [promoted.urn],
                diff: refreshDiff(current, afterPromotion),
            },
            {
                title: `the up of everything but the lost instance ${String(lost.inputs.name)}`,
                edits: [],
                commands: [`pulumi preview --diff -s ${stack} --exclude ${quote(lost.urn)}`, `pulumi up -s ${stack} --exclude ${quote(lost.urn)}`],
                diff: withoutLost,
            },
            {
                title: `explicit, reviewed, once ${from} is back: read ${String(lost.inputs.name)} back (Cloud SQL has made it a replica of the new primary); the preview must then plan nothing for it. If the refresh shows it gone, recreating it is its own reviewed \`pulumi up --target\``,
                edits: [],
                commands: [`pulumi refresh -s ${stack} ${targets([lost.urn])}`, `pulumi preview --diff -s ${stack} ${targets([lost.urn])}`],
                refresh: [lost.urn],
                diff: refreshDiff(afterPromotion, withStateOf(afterPromotion, afterReturn, [lost.urn])),
            },
        ];
    }

    if (action.name === "db-designate-dr") {
        const primaryRegion = databasePrimaryRegion(io.config);
        const primary = only(final, instanceType, (r) => r.inputs.region === primaryRegion, `Cloud SQL instance in ${primaryRegion}`);
        const designated = (primary.inputs.replicationCluster as { failoverDrReplicaName?: string } | undefined)?.failoverDrReplicaName;
        if (!designated) throw new RemediationError(`db-designate-dr: the primary ${String(primary.inputs.name)} declares no DR replica (Enterprise Plus with a replica in another region is required)`);
        // What Cloud SQL reports after the first up: the provider sent no DR designation on create.
        const undesignated: InventoryResource = { ...primary, inputs: { ...primary.inputs, replicationCluster: { failoverDrReplicaName: "" } } };
        const afterFirstUp: Inventory = { ...current, resources: current.resources.map((r) => (r.urn === primary.urn ? undesignated : r)) };
        return [
            {
                title: "read the primary back: the first up created it without its DR designation",
                edits,
                commands: [`pulumi refresh -s ${stack} ${targets([primary.urn])}`],
                refresh: [primary.urn],
                diff: refreshDiff(current, afterFirstUp),
            },
            {
                title: `designate the DR replica (${designated}) on the primary alone`,
                edits: [],
                commands: [`pulumi preview --diff -s ${stack} ${targets([primary.urn])}`, `pulumi up -s ${stack} ${targets([primary.urn])}`],
                target: [primary.urn],
                diff: diffInventories(afterFirstUp, final),
            },
        ];
    }

    return [{ title: "the edit and the full up", edits, commands: full(stack), diff: diffInventories(current, final) }];
}

/** The phases of `action` on `stack`, from its stack file and offline plans. */
export async function phasesFor(actionName: string, args: ActionArgs, stack: string): Promise<Phase[]> {
    const { config } = resolveConfig({ stack });
    const stackText = fs.readFileSync(stackFile(stack), "utf8");
    return phasesWith(actionName, args, stack, { config, stackText, planOf: (stackConfig) => plan({ stack, stackConfig }) });
}

/** The phases as text: title, edits, commands, and the predicted diff of each. */
export function renderPhases(config: Config, phases: readonly Phase[]): string {
    const out: string[] = [];
    phases.forEach((p, i) => {
        out.push(`phase ${i + 1} of ${phases.length}: ${p.title}`);
        for (const e of p.edits) out.push(`  edit: ${describeEdit(config, e)}`);
        for (const c of p.commands) out.push(`  $ ${c}`);
        out.push(p.refresh ? "  reads back (state only, no operation):" : "  predicted diff:");
        out.push(...renderDiff(p.diff).split("\n").map((l) => `    ${l}`));
        out.push("");
    });
    return out.join("\n").trimEnd();
}
