// Turns a GKE maintenance policy into the weekly minutes it occupies, so windows of different
// regions can be compared. Minutes count from Monday 00:00 UTC; a week has 10080.
const WEEK = 7 * 24 * 60;
const DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

export type Interval = [number, number];

/** Weekly intervals of a cluster's maintenance policy, or a reason it cannot be read. */
export function weeklyWindows(policy: Record<string, any> | undefined): Interval[] | string {
    const recurring = policy?.recurringWindow;
    if (recurring) {
        const start = Date.parse(recurring.startTime);
        const end = Date.parse(recurring.endTime);
        if (Number.isNaN(start) || Number.isNaN(end) || end <= start) return "recurringWindow has an unreadable or empty startTime/endTime";
        const rule = String(recurring.recurrence ?? "");
        const first = new Date(start);
        const minuteOfDay = first.getUTCHours() * 60 + first.getUTCMinutes();
        const startDay = (first.getUTCDay() + 6) % 7; // JavaScript's Sunday=0 → Monday=0
        let days: number[];
        if (/FREQ=DAILY/.test(rule)) days = [0, 1, 2, 3, 4, 5, 6];
        else if (/FREQ=WEEKLY/.test(rule)) {
            const byDay = /BYDAY=([A-Z,]+)/.exec(rule)?.[1];
            days = byDay ? byDay.split(",").map((d) => DAYS.indexOf(d)).filter((d) => d >= 0) : [startDay];
        } else return `recurrence ${JSON.stringify(rule)} is neither FREQ=DAILY nor FREQ=WEEKLY`;
        const length = Math.round((end - start) / 60000);
        return days.map((d) => [d * 1440 + minuteOfDay, d * 1440 + minuteOfDay + length] as Interval);
    }
    const daily = policy?.dailyMaintenanceWindow;
    if (daily) {
        const m = /^(\d{2}):(\d{2})$/.exec(String(daily.startTime));
        if (!m) return "dailyMaintenanceWindow.startTime is not HH:MM";
        // GKE daily maintenance windows last four hours.
        const minute = Number(m[1]) * 60 + Number(m[2]);
        return [0, 1, 2, 3, 4, 5, 6].map((d) => [d * 1440 + minute, d * 1440 + minute + 240] as Interval);
    }
    return "no maintenancePolicy.recurringWindow or dailyMaintenanceWindow is declared";
}

/** Do two sets of weekly intervals share any minute (intervals may wrap past Sunday midnight)? */
export function overlaps(a: Interval[], b: Interval[]): boolean {
    const norm = (xs: Interval[]) =>
        xs.flatMap(([s, e]): Interval[] => {
            const start = ((s % WEEK) + WEEK) % WEEK;
            const end = start + (e - s);
            return end > WEEK ? [[start, WEEK], [0, end - WEEK]] : [[start, end]];
        });
    return norm(a).some(([s1, e1]) => norm(b).some(([s2, e2]) => s1 < e2 && s2 < e1));
}

const API_DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];

/** Cloud SQL settings.maintenanceWindow { day 1–7 (Monday = 1), hour }: a one-hour window. */
export function sqlWindows(window: { day?: number; hour?: number } | undefined): Interval[] | undefined {
    if (typeof window?.day !== "number" || typeof window?.hour !== "number") return undefined;
    const start = (window.day - 1) * 1440 + window.hour * 60;
    return [[start, start + 60]];
}

/** Memorystore maintenancePolicy.weeklyMaintenanceWindows: one hour from each start. */
export function redisWindows(policy: { weeklyMaintenanceWindows?: { day?: string; startTime?: { hours?: number; minutes?: number } }[] } | undefined): Interval[] | undefined {
    const windows = policy?.weeklyMaintenanceWindows ?? [];
    if (windows.length === 0) return undefined;
    return windows.map((w) => {
        const start = API_DAYS.indexOf(String(w.day)) * 1440 + (w.startTime?.hours ?? 0) * 60 + (w.startTime?.minutes ?? 0);
        return [start, start + 60] as Interval;
    });
}
