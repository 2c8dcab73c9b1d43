/**
 * The remediation-action table: for every `npm run remediate` action, the config keys it owns,
 * the stack-file edits it makes and the phases the providers can apply it in. Pure data and pure
 * functions of the parsed config, so that the program (the alert policies' documentation), the
 * tools (`remediate`, the drill, the generated runbook) and the docs read one procedure.
 *
 * A phase is a list of operations on named resources (the backend service, the instance that
 * becomes primary, ...); tools/lib/phases.ts resolves the names to URNs of the plan and turns each
 * operation into its exact command. A phase's edits are computed from the config as it stands
 * when the phase starts: `remediate` writes phase 1's, `remediate --phase <n>` phase n's.
 *
 * Why the phases are what they are:
 * - Draining and restoring a region: the backend service alone first (`pulumi up --target`): it
 *   waits on nothing, so traffic moves within one backend-service update; the full `up` then
 *   changes the regions' minimums, whose node-pool update may wait for a resting cluster.
 * - Failback restores capacity in stages (`restoreCapacity`: the returning region's
 *   `capacityScaler` 0.1, then 0.5, then 1; GCP accepts 0 or 0.1 to 1), each gated on the health
 *   of the region's backends and on the probe.
 * - `db-switchover`: terraform-provider-google forces a new Cloud SQL instance when
 *   `master_instance_name` changes unless the state already shows the old primary as a replica of
 *   the new one (resource_sql_database_instance.go, CustomizeDiff `ForceNewIf("master_instance_name",
 *   !isSwitchoverFromOldPrimarySide)`; guide "Performing a SQL Instance Switchover", PostgreSQL
 *   steps 3 and 4): the new primary alone, a refresh of both instances, then the full `up`, which
 *   after the refresh plans no change to either instance (the guide's "No changes").
 * - `db-promote-replica` (the primary's region is lost): Cloud SQL's replica failover is
 *   imperative; the config then says the new primary, a refresh reads it back, and the `up`
 *   excludes the lost instance, whose state still says primary (planning it would replace it).
 * - `db-designate-dr`: the provider sends `replicationCluster.failoverDrReplicaName` on update
 *   only, so a new cell's first `up` leaves the DR replica undesignated.
 */
import { databaseLayout, databasePrimaryRegion, voiceDbRegion } from "../../core/databaseLayout";
import { drainedRegions } from "../../core/drain";
import type { Config } from "./schema";

export interface RemediationEdit {
    /** Key path under the namespace: ["forcedFailover"], ["rateLimit", "enabled"]. */
    path: string[];
    /** The new value; `undefined` removes the key (a toggle turned off leaves no explicit default). */
    value: unknown;
}

export interface RemediationArgs {
    value?: string;
    to?: string;
    tag?: string;
    digest?: string;
    region?: string;
}

/** A refused argument: the tools report it as bad input naming the action and its usage. */
export class RemediationInputError extends Error {}

/** The resources an operation names; tools/lib/phases.ts finds them in the plan. */
export type ResourceRef =
    "backend-service" | "database-new-primary" | "database-old-primary" | "database-instances" | "database-primary";

export type PhaseOp =
    /** `pulumi preview --diff` then `pulumi up`, limited to `target` or leaving out `exclude`. */
    | { do: "up"; target?: ResourceRef; exclude?: ResourceRef }
    /**
     * `pulumi refresh --target`: the state takes what the cloud reports, which is what the config
     * declares once the cloud has done the imperative part (`assume: "no-dr-designation"`: the
     * primary as a first `up` created it, without its DR designation).
     */
    | { do: "refresh"; target: ResourceRef; assume?: "declared" | "no-dr-designation" }
    /** A preview that must plan nothing for the target. */
    | { do: "preview"; target: ResourceRef }
    /** `gcloud sql instances promote-replica <new primary> --failover`. */
    | { do: "promote-replica" }
    /** The health gate: the backends' health and the probe must pass before the next phase. */
    | { do: "check-health" };

export interface PhaseSpec {
    /** Short id, unique in the action (drill scenarios name phases by it). */
    id: string;
    title(c: Config, a: RemediationArgs): string;
    /** Edits written when the phase starts; none when absent. */
    edits?(c: Config, a: RemediationArgs): RemediationEdit[];
    ops: PhaseOp[];
}

export interface RemediationAction {
    name: string;
    usage: string;
    /** The heading (or its start) of the docs/runbook.md section the action belongs to. */
    runbook: string;
    /** The config keys the action owns. */
    keys: string[];
    /** The arguments the action reads; any other one given is refused, never ignored. */
    takes?: (keyof RemediationArgs)[];
    /** What the action really does, side effects included (the header of its output). */
    does(c: Config, a: RemediationArgs): string;
    /** Why there is nothing to do (the stack already says so), checked before phase 1's edits. */
    already?(c: Config, a: RemediationArgs): string | undefined;
    phases: PhaseSpec[];
}

/** The capacityScaler steps of a staged failback (GCP: 0, or 0.1 to 1). */
export const restoreStages = [0.1, 0.5] as const;

function required(action: RemediationAction | string, what: string, v: string | undefined): string {
    const name = typeof action === "string" ? action : action.name;
    if (v === undefined || v === "")
        throw new RemediationInputError(`${name}: ${what} is required (usage: ${usageOf(name)})`);
    return v;
}

function usageOf(name: string): string {
    return remediationActions.find((a) => a.name === name)?.usage ?? name;
}

function region(action: string, config: Config, v: string | undefined, what = "--region <region>"): string {
    const regionName = required(action, what, v);
    if (!(regionName in config.regions)) {
        const flag = what.split(" ")[0] ?? what;
        throw new RemediationInputError(
            `${action}: ${flag} "${regionName}" is not a region of this cell; regions: ${Object.keys(config.regions).join(", ")}`,
        );
    }
    return regionName;
}

function provider(action: string, c: Config, v: string | undefined): string {
    const providerName = required(action, "a PMS provider", v);
    if (!c.pmsProviders.includes(providerName)) {
        throw new RemediationInputError(
            `${action}: "${providerName}" is not a known PMS provider; known: ${c.pmsProviders.join(", ")}`,
        );
    }
    return providerName;
}

/** The region of the database instance other than `to` (the one a promotion leaves behind). */
function otherDatabaseRegion(c: Config, to: string | undefined): string {
    return databaseLayout(c, c.project).find((i) => i.region !== to)?.region ?? "the lost region";
}

const set = (path: string[], value: unknown): RemediationEdit => ({ path, value });

/** The primary role to `to`; back in the region the cell was created with, the key goes (its default). */
function primaryRoleTo(action: string, c: Config, to: string | undefined): RemediationEdit {
    const r = region(action, c, to, "--to <region>");
    return r === voiceDbRegion(c)
        ? { path: ["database", "primaryRegion"], value: undefined }
        : { path: ["database", "primaryRegion"], value: r };
}
const unset = (path: string[]): RemediationEdit => ({ path, value: undefined });

/** One phase: the edit, then the full up. */
function editAndUp(edits: (c: Config, a: RemediationArgs) => RemediationEdit[]): PhaseSpec[] {
    return [{ id: "apply", title: () => "the edit and the full up", edits, ops: [{ do: "up" }] }];
}

/** The config keys of every drained region after restoring `restore` (all drained regions when absent). */
function undrainEdits(c: Config, restore: readonly string[]): RemediationEdit[] {
    const edits: RemediationEdit[] = [];
    if (c.forcedFailover && restore.includes(c.primaryRegion)) edits.push(unset(["forcedFailover"]));
    const left = c.drainRegions.filter((r) => !restore.includes(r));
    if (left.length !== c.drainRegions.length)
        edits.push(left.length === 0 ? unset(["drainRegions"]) : set(["drainRegions"], left));
    return edits;
}

/** The regions a failback restores: `--region`, or every drained one. */
function failbackRegions(c: Config, a: RemediationArgs): string[] {
    const drained = drainedRegions(c);
    if (a.region === undefined) return drained;
    const regionName = region("region-failback", c, a.region);
    if (!drained.includes(regionName))
        throw new RemediationInputError(
            `region-failback: ${regionName} is not drained; drained: ${drained.join(", ") || "none"}`,
        );
    return [regionName];
}

/** Why each drained region stays drained after a failback of `restored`. */
export function stillDrained(config: Config, restored: readonly string[]): string[] {
    return drainedRegions(config)
        .filter((r) => !restored.includes(r))
        .map((regionName) => {
            const why = [
                regionName === config.primaryRegion && config.forcedFailover ? "forcedFailover" : "",
                config.drainRegions.includes(regionName) ? "drainRegions" : "",
            ];
            return `${regionName} (${why.filter(Boolean).join(", ")}; not named by --region)`;
        });
}

const restoreScalerTitle = (c: Config, scaler: number) =>
    `restore ${Object.keys(c.restoreCapacity).join(", ") || "the region"} to capacityScaler ${scaler}: the backend service alone`;

function stage(id: string, scaler: number): PhaseSpec[] {
    return [
        {
            id: `gate-${id}`,
            title: () => "health gate: the restored backends healthy and the probe passing before more traffic",
            ops: [{ do: "check-health" }],
        },
        {
            id,
            title: (c) => restoreScalerTitle(c, scaler),
            edits: (c) => Object.keys(c.restoreCapacity).map((r) => set(["restoreCapacity", r], scaler)),
            ops: [{ do: "up", target: "backend-service" }],
        },
    ];
}

const drainPhases = (what: (c: Config, a: RemediationArgs) => string, edits: PhaseSpec["edits"]): PhaseSpec[] => [
    {
        id: "drain",
        title: (c, a) => `drain ${what(c, a)}: the backend service alone (waits on nothing)`,
        edits,
        ops: [{ do: "up", target: "backend-service" }],
    },
    { id: "pre-scale", title: () => "pre-scale the serving regions: the full up", ops: [{ do: "up" }] },
];

const podRoll =
    "changes the config checksum, so every voice-agent and pms-sync-worker pod in every region restarts (rolling)";

export const remediationActions: RemediationAction[] = [
    {
        name: "region-failover",
        usage: "region-failover",
        runbook: "Region Failure",
        keys: ["forcedFailover"],
        does: (c) =>
            `drains the primary region ${c.primaryRegion} (its NEG backends get capacityScaler 0: no new sessions; calls in progress ` +
            `continue) and pre-scales the other regions to their failover minimums`,
        already: (c) => (c.forcedFailover ? `forcedFailover is already true` : undefined),
        phases: drainPhases(
            (c) => `the primary region ${c.primaryRegion}`,
            () => [set(["forcedFailover"], true)],
        ),
    },
    {
        name: "drain-region",
        usage: "drain-region --region <region>",
        runbook: "Region Failure",
        keys: ["drainRegions"],
        takes: ["region"],
        does: (_c, a) =>
            `drains ${a.region ?? "the region"} (its NEG backends get capacityScaler 0: no new sessions; calls in progress continue) ` +
            `and pre-scales the other regions to their failover minimums`,
        already: (c, a) =>
            a.region !== undefined && drainedRegions(c).includes(a.region)
                ? `${a.region} is already drained`
                : undefined,
        phases: drainPhases(
            (_c, a) => a.region ?? "the region",
            (c, a) => [set(["drainRegions"], [...c.drainRegions, region("drain-region", c, a.region)])],
        ),
    },
    {
        name: "region-failback",
        usage: "region-failback [--region <region>]",
        runbook: "Region Failure",
        keys: ["forcedFailover", "drainRegions", "restoreCapacity"],
        takes: ["region"],
        does: (c, a) => {
            const restored = failbackRegions(c, a);
            const left = stillDrained(c, restored);
            if (restored.length === 0)
                return "restores every drained region in stages (none is drained on this cell now)";
            return (
                `restores ${restored.join(", ") || "no region"} in stages (capacityScaler ${[...restoreStages, 1].join(" → ")}, each ` +
                `after a health gate), then returns every region to its normal minimums` +
                (left.length > 0 ? `; still drained afterwards: ${left.join("; ")}` : "; no region stays drained")
            );
        },
        already: (c, a) =>
            a.region === undefined && drainedRegions(c).length === 0 ? "no region is drained" : undefined,
        phases: [
            {
                id: "undrain",
                title: (c, a) =>
                    `restore ${failbackRegions(c, a).join(", ")} to capacityScaler ${restoreStages[0]}: the backend service alone`,
                edits: (c, a) => {
                    const restored = failbackRegions(c, a);
                    return [
                        ...undrainEdits(c, restored),
                        ...restored.map((r) => set(["restoreCapacity", r], restoreStages[0])),
                    ];
                },
                ops: [{ do: "up", target: "backend-service" }],
            },
            ...stage("half", restoreStages[1]),
            {
                id: "gate-full",
                title: () => "health gate: the restored backends healthy and the probe passing before full capacity",
                ops: [{ do: "check-health" }],
            },
            {
                id: "full",
                title: () => "full capacity and the normal minimums: the full up",
                edits: () => [unset(["restoreCapacity"])],
                ops: [{ do: "up" }],
            },
        ],
    },
    {
        name: "db-switchover",
        usage: "db-switchover --to <region>",
        runbook: "Database Failover",
        keys: ["database.primaryRegion"],
        takes: ["to"],
        does: (c, a) =>
            `moves the database's primary role from ${databasePrimaryRegion(c)} to ${a.to ?? "--to"} (a Cloud SQL switchover: ` +
            `writes pause while it runs); alerts and dashboards follow the role`,
        already: (c, a) =>
            a.to !== undefined && a.to === databasePrimaryRegion(c)
                ? `${a.to} already holds the database primary role`
                : undefined,
        phases: [
            {
                id: "switch",
                title: (_c, a) =>
                    `switch over: the new primary (${a.to}) alone; Cloud SQL makes the old primary its replica`,
                edits: (c, a) => [primaryRoleTo("db-switchover", c, a.to)],
                ops: [{ do: "up", target: "database-new-primary" }],
            },
            {
                id: "refresh",
                title: () => "refresh both instances: the state then shows the old primary as a replica of the new one",
                ops: [{ do: "refresh", target: "database-instances" }],
            },
            { id: "complete", title: () => "the full up (no replacement)", ops: [{ do: "up" }] },
        ],
    },
    {
        name: "db-promote-replica",
        usage: "db-promote-replica --to <region>",
        runbook: "Database Failover",
        keys: ["database.primaryRegion"],
        takes: ["to"],
        does: (c, a) =>
            `promotes the DR replica in ${a.to ?? "--to"} to primary while ${databasePrimaryRegion(c)} is lost (Cloud SQL replica ` +
            `failover: writes since the last replicated transaction are lost, bounded by the replica lag)`,
        already: (c, a) =>
            a.to !== undefined && a.to === databasePrimaryRegion(c)
                ? `${a.to} already holds the database primary role`
                : undefined,
        phases: [
            {
                id: "promote",
                title: (_c, a) =>
                    `promote the DR replica in ${a.to ?? "--to"} (imperative: Cloud SQL replica failover)`,
                ops: [{ do: "promote-replica" }],
            },
            {
                id: "config",
                title: () => "make the config say so and read the promoted instance back",
                edits: (c, a) => [primaryRoleTo("db-promote-replica", c, a.to)],
                ops: [{ do: "refresh", target: "database-new-primary" }],
            },
            {
                id: "up-without-lost",
                title: (c, a) => `the up of everything but the lost instance in ${otherDatabaseRegion(c, a.to)}`,
                ops: [{ do: "up", exclude: "database-old-primary" }],
            },
            {
                id: "read-back-lost",
                title: (c, a) => {
                    const lost = otherDatabaseRegion(c, a.to);
                    return (
                        `explicit, reviewed, once ${lost} is back: read its instance back (Cloud SQL has made it ` +
                        "a replica of the new primary); the preview must then plan nothing for it. If the refresh shows it gone, " +
                        "recreating it is its own reviewed `pulumi up --target`"
                    );
                },
                ops: [
                    { do: "refresh", target: "database-old-primary" },
                    { do: "preview", target: "database-old-primary" },
                ],
            },
        ],
    },
    {
        name: "db-designate-dr",
        usage: "db-designate-dr",
        runbook: "Database Failover",
        keys: [],
        does: () => "designates the primary's DR replica, which a new cell's first up leaves undesignated (no restart)",
        phases: [
            {
                id: "read-back",
                title: () => "read the primary back: the first up created it without its DR designation",
                ops: [{ do: "refresh", target: "database-primary", assume: "no-dr-designation" }],
            },
            {
                id: "designate",
                title: () => "designate the DR replica on the primary alone",
                ops: [{ do: "up", target: "database-primary" }],
            },
        ],
    },
    {
        name: "cache-off",
        usage: "cache-off",
        runbook: "Redis/Cache Outage",
        keys: ["cacheDisabled"],
        does: () => `CACHE_DISABLED=true in every region (the app runs stateless); ${podRoll}`,
        phases: editAndUp(() => [set(["cacheDisabled"], true)]),
    },
    {
        name: "cache-restore",
        usage: "cache-restore",
        runbook: "Redis/Cache Outage",
        keys: ["cacheDisabled", "cacheEpoch"],
        does: (c) =>
            `turns the cache back on with a new key prefix (cacheEpoch ${c.cacheEpoch} → ${c.cacheEpoch + 1}) and runs a purge Job per ` +
            `region for the older epochs' keys; ${podRoll}`,
        phases: editAndUp((c) => [unset(["cacheDisabled"]), set(["cacheEpoch"], c.cacheEpoch + 1)]),
    },
    {
        name: "hold-mode",
        usage: "hold-mode",
        runbook: "Gemini Provider Outage",
        keys: ["voiceMode"],
        does: () => `VOICE_MODE=hold in every region (callers hear the holding prompt); ${podRoll}`,
        phases: editAndUp(() => [set(["voiceMode"], "hold")]),
    },
    {
        name: "live-mode",
        usage: "live-mode",
        runbook: "Gemini Provider Outage",
        keys: ["voiceMode"],
        does: () => `VOICE_MODE=live in every region (the live agent again); ${podRoll}`,
        phases: editAndUp(() => [unset(["voiceMode"])]),
    },
    {
        name: "pms-queue",
        usage: "pms-queue",
        runbook: "PMS Outage",
        keys: ["pmsSyncMode"],
        does: () => `PMS_SYNC_MODE=queued in every region and the pms-sync-worker Deployments scale to 0; ${podRoll}`,
        phases: editAndUp(() => [set(["pmsSyncMode"], "queued")]),
    },
    {
        name: "pms-live",
        usage: "pms-live",
        runbook: "PMS Outage",
        keys: ["pmsSyncMode"],
        does: () => `PMS_SYNC_MODE=live in every region and the pms-sync-worker Deployments back; ${podRoll}`,
        phases: editAndUp(() => [unset(["pmsSyncMode"])]),
    },
    {
        name: "pms-disable",
        usage: "pms-disable <provider>",
        runbook: "PMS Outage",
        keys: ["pmsDisabledProviders"],
        takes: ["value"],
        does: (_c, a) => `stops the ${a.value ?? "<provider>"} connector in every region; ${podRoll}`,
        phases: editAndUp((c, a) => {
            const p = provider("pms-disable", c, a.value);
            return [set(["pmsDisabledProviders"], [...new Set([...c.pmsDisabledProviders, p])].sort())];
        }),
    },
    {
        name: "pms-enable",
        usage: "pms-enable <provider>",
        runbook: "PMS Outage",
        keys: ["pmsDisabledProviders"],
        takes: ["value"],
        does: (_c, a) => `starts the ${a.value ?? "<provider>"} connector again in every region; ${podRoll}`,
        phases: editAndUp((c, a) => {
            const p = provider("pms-enable", c, a.value);
            const left = c.pmsDisabledProviders.filter((x) => x !== p);
            return [left.length === 0 ? unset(["pmsDisabledProviders"]) : set(["pmsDisabledProviders"], left)];
        }),
    },
    {
        name: "rate-limit",
        usage: "rate-limit on|off",
        runbook: "Stabilize service",
        keys: ["rateLimit.enabled"],
        takes: ["value"],
        does: (c, a) =>
            a.value === "off"
                ? "removes the Cloud Armor rate_based_ban rule from voice-lb's security policy"
                : `adds a Cloud Armor rate_based_ban rule to voice-lb's security policy: a client IP above ` +
                  `${c.rateLimit.requestsPerInterval} requests per ${c.rateLimit.intervalSec} s gets 429 and is banned for ` +
                  `${c.rateLimit.banDurationSec} s`,
        phases: editAndUp((_c, a) => {
            const v = required("rate-limit", "on or off", a.value);
            if (v !== "on" && v !== "off") throw new RemediationInputError(`rate-limit: "${v}" is not on or off`);
            return [v === "on" ? set(["rateLimit", "enabled"], true) : unset(["rateLimit", "enabled"])];
        }),
    },
    {
        name: "rollback",
        usage: "rollback --tag <tag> | --digest <sha256:…>",
        runbook: "Pod/Cluster Issues",
        keys: ["release.tag", "release.digest"],
        takes: ["tag", "digest"],
        does: (_c, a) =>
            `runs ${a.tag !== undefined ? `tag ${a.tag}` : `digest ${a.digest ?? "<digest>"}`} in every region: a rolling update of ` +
            `every voice-agent and pms-sync-worker pod`,
        phases: editAndUp((_c, a) => {
            if ((a.tag === undefined) === (a.digest === undefined)) {
                throw new RemediationInputError("rollback: give exactly one of --tag <tag> and --digest <sha256:…>");
            }
            return a.tag !== undefined
                ? [set(["release", "tag"], a.tag), unset(["release", "digest"])]
                : [set(["release", "digest"], a.digest), unset(["release", "tag"])];
        }),
    },
];

/** `npm run remediate -- <action> [args] --stack <stack>`, as every document spells it. */
export function remediateCommand(stack: string, action: string, args: RemediationArgs = {}): string {
    const parts = ["npm run remediate --", action];
    if (args.value !== undefined) parts.push(args.value);
    if (args.to !== undefined) parts.push(`--to ${args.to}`);
    if (args.region !== undefined) parts.push(`--region ${args.region}`);
    if (args.tag !== undefined) parts.push(`--tag ${args.tag}`);
    if (args.digest !== undefined) parts.push(`--digest ${args.digest}`);
    parts.push(`--stack ${stack}`);
    return parts.join(" ");
}

/** How an operation reads in prose (the alert documentation and the runbook's summaries). */
export function describeOp(operation: PhaseOp): string {
    const what: Record<ResourceRef, string> = {
        "backend-service": "the backend service",
        "database-new-primary": "the new primary instance",
        "database-old-primary": "the old primary instance",
        "database-instances": "both database instances",
        "database-primary": "the primary instance",
    };
    switch (operation.do) {
        case "up":
            return operation.target
                ? `\`pulumi up --target\` ${what[operation.target]}`
                : operation.exclude
                  ? `\`pulumi up --exclude\` ${what[operation.exclude]}`
                  : "the full `pulumi up`";
        case "refresh":
            return `\`pulumi refresh --target\` ${what[operation.target]}`;
        case "preview":
            return `\`pulumi preview --target\` ${what[operation.target]} (must plan nothing)`;
        case "promote-replica":
            return "`gcloud sql instances promote-replica --failover`";
        case "check-health":
            return "the health gate";
    }
}

/** The phases of an action in one line: `(1) drain: …; (2) pre-scale: …`. */
export function phaseOutline(action: RemediationAction): string {
    return action.phases.map((p, i) => `(${i + 1}) ${p.id}: ${p.ops.map(describeOp).join(", then ")}`).join("; ");
}

export function remediationAction(name: string): RemediationAction | undefined {
    return remediationActions.find((a) => a.name === name);
}

/**
 * The top-level config keys the actions own (a nested key counts by its first segment), in table
 * order; the database's role and the release are reported apart (they have no "off").
 */
export const remediationToggleKeys: readonly string[] = [
    ...new Set(remediationActions.flatMap((a) => a.keys.map((k) => k.split(".")[0] ?? k))),
].filter((k) => k !== "database" && k !== "release");
