/**
 * The references a scenario may use instead of the cell's own names, resolved against the cell's
 * config as it stood before the drill (so a failback returns to where the drill started, not to
 * wherever an earlier step moved things).
 */
import type { Config } from "../../../infra/config";
import { databasePrimaryRegion, drReplicaRegion } from "../../../core/databaseLayout";
import { ScenarioError } from "./scenario";

export type Refs = Readonly<Record<string, unknown>>;

export function refsOf(c: Config): Refs {
    const dbPrimary = databasePrimaryRegion(c);
    const standby = drReplicaRegion(c) ?? Object.keys(c.regions).find((r) => r !== dbPrimary);
    return {
        $primaryRegion: c.primaryRegion,
        $databasePrimaryRegion: dbPrimary,
        $databaseStandbyRegion: standby,
        $nextCacheEpoch: c.cacheEpoch + 1,
    };
}

/** Replaces every `$name` string in `value` (deeply) by its reference; an unknown one is an error. */
export function resolveRefs<T>(value: T, refs: Refs, where: string): T {
    if (typeof value === "string" && value.startsWith("$")) {
        if (!(value in refs) || refs[value] === undefined) {
            throw new ScenarioError(
                `${where}: unknown reference ${value}; references: ${Object.keys(refs).join(", ")}`,
            );
        }
        return refs[value] as unknown as T;
    }
    // eslint-disable-next-line @typescript-eslint/no-unsafe-return -- a scenario's YAML value, typed by the caller's schema
    if (Array.isArray(value)) return value.map((v, i) => resolveRefs(v, refs, `${where}[${i}]`)) as T;
    if (value && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k, resolveRefs(v, refs, `${where}.${k}`)]),
        ) as T;
    }
    return value;
}
