/**
 * The runbook's remediations as edits of a stack file: each action names the config keys it sets.
 * Pure: `edits` decides; `yamlEdits` turns them into paths of the stack file, which yamlEdit.ts
 * writes changing only those keys' text. tools/remediate.ts adds the lock, validation, the offline
 * diff and the atomic write.
 */
import { databasePrimaryRegion } from "../../core/databaseLayout";
import type { Config } from "../../infra/config";
import { namespace } from "./stackConfig";
import { UserInputError } from "./userError";
import type { YamlEdit } from "./yamlEdit";

export interface Edit {
    /** Key path under the namespace: ["forcedFailover"], ["rateLimit", "enabled"]. */
    path: string[];
    /** The new value; `undefined` removes the key. */
    value: unknown;
}

export class RemediationError extends UserInputError {}

export interface ActionArgs {
    value?: string;
    to?: string;
    tag?: string;
    digest?: string;
}

export interface Action {
    name: string;
    usage: string;
    runbook: string;
    /** The arguments the action reads; any other one given is refused, never ignored. */
    takes?: (keyof ActionArgs)[];
    /** Why there is nothing to do (the stack already says so), checked before `edits`. */
    already?(c: Config, a: ActionArgs): string | undefined;
    edits(c: Config, a: ActionArgs): Edit[];
}

const flag: Record<keyof ActionArgs, string> = { value: "argument", to: "--to", tag: "--tag", digest: "--digest" };

/**
 * Refuses arguments the action does not read: `region-failover europe-west4` must not drain the
 * primary while the on-call believes they named the region.
 */
export function checkArgs(action: Action, a: ActionArgs): void {
    for (const k of Object.keys(flag) as (keyof ActionArgs)[]) {
        if (a[k] === undefined || action.takes?.includes(k)) continue;
        const given = k === "value" ? `the argument ${JSON.stringify(a[k])}` : `${flag[k]} ${JSON.stringify(a[k])}`;
        throw new RemediationError(`${action.name}: does not take ${given} (usage: ${action.usage}); nothing written`);
    }
}

function requireValue(action: string, what: string, v: string | undefined): string {
    if (!v) throw new RemediationError(`${action}: ${what} is required (usage: ${actions.find((a) => a.name === action)!.usage})`);
    return v;
}

function provider(action: string, c: Config, v: string | undefined): string {
    const p = requireValue(action, "a PMS provider", v);
    if (!c.pmsProviders.includes(p)) throw new RemediationError(`${action}: "${p}" is not a known PMS provider; known: ${c.pmsProviders.join(", ")}`);
    return p;
}

/** The database's primary role moves to `--to`: a switchover, or the config after a promotion. */
function primaryTo(action: string): Action["edits"] {
    return (c, a) => {
        const to = requireValue(action, "--to <region>", a.to);
        if (!(to in c.regions)) throw new RemediationError(`${action}: --to "${to}" is not a region of this cell; regions: ${Object.keys(c.regions).join(", ")}`);
        return [{ path: ["database", "primaryRegion"], value: to }];
    };
}

/** A switchover to the region that already holds the primary role writes nothing (not a no-op key). */
function alreadyPrimary(c: Config, a: ActionArgs): string | undefined {
    return a.to !== undefined && a.to === databasePrimaryRegion(c) ? `${a.to} already holds the database primary role` : undefined;
}

export const actions: Action[] = [
    { name: "region-failover", usage: "region-failover", runbook: "Region Failure", edits: () => [{ path: ["forcedFailover"], value: true }] },
    { name: "region-failback", usage: "region-failback", runbook: "Region Failure (failback)", edits: () => [{ path: ["forcedFailover"], value: false }] },
    {
        name: "db-switchover",
        usage: "db-switchover --to <region>",
        runbook: "Database Failover",
        takes: ["to"],
        already: alreadyPrimary,
        edits: primaryTo("db-switchover"),
    },
    {
        name: "db-promote-replica",
        usage: "db-promote-replica --to <region>",
        runbook: "Database Failover (region loss)",
        takes: ["to"],
        already: alreadyPrimary,
        edits: primaryTo("db-promote-replica"),
    },
    {
        name: "db-designate-dr",
        usage: "db-designate-dr",
        runbook: "New cell: designate the DR replica (the provider sends it on update only)",
        edits: () => [],
    },
    { name: "cache-off", usage: "cache-off", runbook: "Redis/Cache Outage", edits: () => [{ path: ["cacheDisabled"], value: true }] },
    {
        name: "cache-restore",
        usage: "cache-restore",
        runbook: "Redis/Cache Outage (purge stale sessions after restore)",
        edits: (c) => [
            { path: ["cacheDisabled"], value: false },
            { path: ["cacheEpoch"], value: c.cacheEpoch + 1 },
        ],
    },
    { name: "hold-mode", usage: "hold-mode", runbook: "Gemini Provider Outage", edits: () => [{ path: ["voiceMode"], value: "hold" }] },
    { name: "live-mode", usage: "live-mode", runbook: "Gemini Provider Outage (reopen)", edits: () => [{ path: ["voiceMode"], value: "live" }] },
    { name: "pms-queue", usage: "pms-queue", runbook: "PMS Outage", edits: () => [{ path: ["pmsSyncMode"], value: "queued" }] },
    { name: "pms-live", usage: "pms-live", runbook: "PMS Outage (recovery)", edits: () => [{ path: ["pmsSyncMode"], value: "live" }] },
    {
        name: "pms-disable",
        usage: "pms-disable <provider>",
        runbook: "PMS integrations: isolate a connector",
        takes: ["value"],
        edits: (c, a) => {
            const p = provider("pms-disable", c, a.value);
            return [{ path: ["pmsDisabledProviders"], value: [...new Set([...c.pmsDisabledProviders, p])].sort() }];
        },
    },
    {
        name: "pms-enable",
        usage: "pms-enable <provider>",
        runbook: "PMS integrations: restore a connector",
        takes: ["value"],
        edits: (c, a) => {
            const p = provider("pms-enable", c, a.value);
            return [{ path: ["pmsDisabledProviders"], value: c.pmsDisabledProviders.filter((x) => x !== p) }];
        },
    },
    {
        name: "rate-limit",
        usage: "rate-limit on|off",
        runbook: "Stabilize service: rate limiting",
        takes: ["value"],
        edits: (_c, a) => {
            const v = requireValue("rate-limit", "on or off", a.value);
            if (v !== "on" && v !== "off") throw new RemediationError(`rate-limit: "${v}" is not on or off`);
            return [{ path: ["rateLimit", "enabled"], value: v === "on" }];
        },
    },
    {
        name: "rollback",
        usage: "rollback --tag <tag> | --digest <sha256:…>",
        runbook: "Pod/Cluster Issues: roll back to the last stable release",
        takes: ["tag", "digest"],
        edits: (_c, a) => {
            if ((a.tag === undefined) === (a.digest === undefined)) throw new RemediationError("rollback: give exactly one of --tag <tag> and --digest <sha256:…>");
            return a.tag !== undefined
                ? [
                      { path: ["release", "tag"], value: a.tag },
                      { path: ["release", "digest"], value: undefined },
                  ]
                : [
                      { path: ["release", "digest"], value: a.digest },
                      { path: ["release", "tag"], value: undefined },
                  ];
        },
    },
];

export function actionNamed(name: string): Action {
    const a = actions.find((x) => x.name === name);
    if (!a) throw new RemediationError(`unknown action "${name}"; actions: ${actions.map((x) => x.name).join(", ")}`);
    return a;
}

/** The edits as paths of the stack file's YAML document (`config` → `voice-agent:<key>` → …). */
export function yamlEdits(edits: readonly Edit[]): YamlEdit[] {
    return edits.map((e) => ({ path: ["config", `${namespace}:${e.path[0]}`, ...e.path.slice(1)], value: e.value }));
}

/** `voice-agent:cacheEpoch 3 → 4`, for the summary line. */
export function describeEdit(c: Config, e: Edit): string {
    let old: unknown = c;
    for (const p of e.path) old = old === undefined ? undefined : (old as Record<string, unknown>)[p];
    const show = (v: unknown) => (v === undefined ? "(unset)" : JSON.stringify(v));
    return `${namespace}:${e.path.join(".")} ${show(old)} → ${show(e.value)}`;
}
