/**
 * Maintenance windows of the managed data services, derived from the region's GKE window
 * (`regions.<r>.maintenance`) so that each region has one weekly window for everything it runs,
 * and windows of different regions never overlap (configRules.ts checks the GKE windows).
 *
 * Cloud SQL and Memorystore take a single weekly one-hour slot, not a multi-day window: Cloud SQL
 * `settings.maintenanceWindow` is a day and an hour; Memorystore for Redis accepts one
 * `weeklyMaintenanceWindow` whose duration is fixed at one hour (provider docs,
 * google_redis_instance `maintenance_policy`). Both slots go at the start of the region's first
 * window day; the GKE window is at least four hours (config schema), so the slot always fits.
 */

export interface RegionMaintenance {
    days: readonly string[];
    start: string;
    hours: number;
}

const days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
const redisDays = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const;

function startOf(m: RegionMaintenance): { dayIndex: number; hours: number; minutes: number } {
    const dayIndex = days.indexOf(m.days[0] as (typeof days)[number]);
    if (dayIndex < 0) throw new Error(`maintenance day "${m.days[0]}" is not one of ${days.join(", ")}`);
    const [hours, minutes] = m.start.split(":").map(Number);
    return { dayIndex, hours, minutes };
}

/**
 * Cloud SQL `settings.maintenanceWindow`: `day` 1 (Monday) to 7 (Sunday), whole `hour` 0 to 23.
 * A start such as 01:30 rounds up to 02 so the slot stays inside the region's window.
 */
export function sqlMaintenanceWindow(m: RegionMaintenance): { day: number; hour: number } {
    const s = startOf(m);
    let hour = s.hours + (s.minutes > 0 ? 1 : 0);
    let dayIndex = s.dayIndex;
    if (hour === 24) {
        hour = 0;
        dayIndex = (dayIndex + 1) % 7;
    }
    return { day: dayIndex + 1, hour };
}

/** Memorystore for Redis `maintenancePolicy.weeklyMaintenanceWindows[0]`. */
export function redisMaintenanceWindow(m: RegionMaintenance): { day: string; startTime: { hours: number; minutes: number; seconds: number; nanos: number } } {
    const s = startOf(m);
    return { day: redisDays[s.dayIndex], startTime: { hours: s.hours, minutes: s.minutes, seconds: 0, nanos: 0 } };
}
