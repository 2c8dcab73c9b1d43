// Turns a GKE maintenance policy into the weekly minutes it occupies, so windows of different
// regions can be compared with the config's own arithmetic (core/maintenanceWindows.ts). Minutes
// count from Monday 00:00 UTC.
import {
    minutesPerDay,
    redisDays,
    weekdays,
    type WeeklyInterval as Interval,
} from "../../../../core/maintenanceWindows";

export type { Interval };

/** Weekly intervals of a cluster's maintenance policy, or a reason it cannot be read. */
export function weeklyWindows(policy: Record<string, any> | undefined): Interval[] | string {
    const recurring = policy?.recurringWindow;
    if (recurring) {
        const start = Date.parse(recurring.startTime);
        const end = Date.parse(recurring.endTime);
        if (Number.isNaN(start) || Number.isNaN(end) || end <= start)
            return "recurringWindow has an unreadable or empty startTime/endTime";
        const rule = String(recurring.recurrence ?? "");
        const first = new Date(start);
        const minuteOfDay = first.getUTCHours() * 60 + first.getUTCMinutes();
        const startDay = (first.getUTCDay() + 6) % 7; // JavaScript's Sunday=0 → Monday=0
        let days: number[];
        if (/FREQ=DAILY/.test(rule)) days = [0, 1, 2, 3, 4, 5, 6];
        else if (/FREQ=WEEKLY/.test(rule)) {
            const byDay = /BYDAY=([A-Z,]+)/.exec(rule)?.[1];
            days = byDay
                ? byDay
                      .split(",")
                      .map((d) => (weekdays as readonly string[]).indexOf(d))
                      .filter((d) => d >= 0)
                : [startDay];
        } else return `recurrence ${JSON.stringify(rule)} is neither FREQ=DAILY nor FREQ=WEEKLY`;
        const length = Math.round((end - start) / 60000);
        return days.map((d) => [d * minutesPerDay + minuteOfDay, d * minutesPerDay + minuteOfDay + length] as Interval);
    }
    const daily = policy?.dailyMaintenanceWindow;
    if (daily) {
        const m = /^(\d{2}):(\d{2})$/.exec(String(daily.startTime));
        if (!m) return "dailyMaintenanceWindow.startTime is not HH:MM";
        // GKE daily maintenance windows last four hours.
        const minute = Number(m[1]) * 60 + Number(m[2]);
        return [0, 1, 2, 3, 4, 5, 6].map(
            (d) => [d * minutesPerDay + minute, d * minutesPerDay + minute + 240] as Interval,
        );
    }
    return "no maintenancePolicy.recurringWindow or dailyMaintenanceWindow is declared";
}

/** Cloud SQL settings.maintenanceWindow { day 1–7 (Monday = 1), hour }: a one-hour window. */
export function sqlWindows(window: { day?: number; hour?: number } | undefined): Interval[] | undefined {
    if (typeof window?.day !== "number" || typeof window?.hour !== "number") return undefined;
    const start = (window.day - 1) * minutesPerDay + window.hour * 60;
    return [[start, start + 60]];
}

/** Memorystore maintenancePolicy.weeklyMaintenanceWindows: one hour from each start. */
export function redisWindows(
    policy:
        { weeklyMaintenanceWindows?: { day?: string; startTime?: { hours?: number; minutes?: number } }[] } | undefined,
): Interval[] | undefined {
    const windows = policy?.weeklyMaintenanceWindows ?? [];
    if (windows.length === 0) return undefined;
    return windows.map((w) => {
        const start =
            (redisDays as readonly string[]).indexOf(String(w.day)) * minutesPerDay +
            (w.startTime?.hours ?? 0) * 60 +
            (w.startTime?.minutes ?? 0);
        return [start, start + 60] as Interval;
    });
}
