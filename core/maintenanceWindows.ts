/**
 * Maintenance windows: the weekly window of a region (`regions.<r>.maintenance`, in GKE's day
 * codes) and everything derived from it, so that each region has one weekly window for everything
 * it runs, and windows of different regions never overlap (the config rules and the pack's
 * separate-maintenance-windows policy both check it with `weeklyOverlap`).
 *
 * Cloud SQL and Memorystore take a single weekly one-hour slot, not a multi-day window: Cloud SQL
 * `settings.maintenanceWindow` is a day and an hour; Memorystore for Redis accepts one
 * `weeklyMaintenanceWindow` whose duration is fixed at one hour (provider docs,
 * google_redis_instance `maintenance_policy`). Both slots go at the start of the region's first
 * window day; the GKE window is at least four hours (config schema), so the slot always fits.
 */

import { defined } from "./defined";

/** Day codes as GKE's recurrence (RFC 5545 BYDAY) spells them, Monday first. */
export const weekdays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type Weekday = (typeof weekdays)[number];
/** The same days as Memorystore's `weeklyMaintenanceWindows[].day` spells them. */
export const redisDays = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const;

export interface RegionMaintenance {
    days: readonly string[];
    start: string;
    hours: number;
}

export const minutesPerDay = 24 * 60;
export const minutesPerWeek = 7 * minutesPerDay;

/** A weekly interval [start, end) in minutes from Monday 00:00 UTC. */
export type WeeklyInterval = [number, number];

/** Intervals folded into one week: starts taken modulo a week, one that runs past Sunday midnight split in two. */
function foldIntoWeek(intervals: readonly WeeklyInterval[]): WeeklyInterval[] {
    return intervals.flatMap(([s, e]): WeeklyInterval[] => {
        const start = ((s % minutesPerWeek) + minutesPerWeek) % minutesPerWeek;
        const end = start + (e - s);
        return end > minutesPerWeek
            ? [
                  [start, minutesPerWeek],
                  [0, end - minutesPerWeek],
              ]
            : [[start, end]];
    });
}

/** Do two sets of weekly intervals share any minute (intervals may wrap past Sunday midnight)? */
export function weeklyOverlap(a: readonly WeeklyInterval[], b: readonly WeeklyInterval[]): boolean {
    const foldedB = foldIntoWeek(b);
    return foldIntoWeek(a).some(([as, ae]) => foldedB.some(([bs, be]) => as < be && bs < ae));
}

function dayIndexOf(day: string): number {
    const i = weekdays.indexOf(day as Weekday);
    if (i < 0) throw new Error(`maintenance day "${day}" is not one of ${weekdays.join(", ")}`);
    return i;
}

/** Hours and minutes of an `HH:MM` start (the config schema checks the form). */
function timeOf(start: string): { hours: number; minutes: number } {
    const match = /^(\d{2}):(\d{2})$/.exec(start);
    if (!match) throw new Error(`maintenance start "${start}" is not HH:MM`);
    return { hours: Number(match[1]), minutes: Number(match[2]) };
}

function startOf(m: RegionMaintenance): { dayIndex: number; hours: number; minutes: number } {
    const first = m.days[0];
    if (first === undefined) throw new Error("a maintenance window needs at least one day");
    return { dayIndex: dayIndexOf(first), ...timeOf(m.start) };
}

/** Weekly minute intervals [start, end) of a maintenance window, split at the week's wrap-around. */
export function weeklyIntervals(m: RegionMaintenance): WeeklyInterval[] {
    const { hours, minutes } = timeOf(m.start);
    const out: WeeklyInterval[] = [];
    for (const day of m.days) {
        const start = dayIndexOf(day) * minutesPerDay + hours * 60 + minutes;
        const end = start + m.hours * 60;
        if (end <= minutesPerWeek) out.push([start, end]);
        else out.push([start, minutesPerWeek], [0, end - minutesPerWeek]);
    }
    return out;
}

/** A Monday: recurring windows are anchored on the first occurrence of their first day after it. */
const anchorMonday = Date.UTC(2025, 0, 6);

/**
 * A GKE recurring maintenance window: RFC 3339 start and end of the first occurrence (which set
 * the time of day and duration) and an RFC 5545 weekly recurrence.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/maintenance-windows-and-exclusions
 */
export function recurringWindow(m: RegionMaintenance): { startTime: string; endTime: string; recurrence: string } {
    const s = startOf(m);
    const start = new Date(anchorMonday + ((s.dayIndex * 24 + s.hours) * 60 + s.minutes) * 60_000);
    const end = new Date(start.getTime() + m.hours * 3600 * 1000);
    const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");
    return { startTime: iso(start), endTime: iso(end), recurrence: `FREQ=WEEKLY;BYDAY=${m.days.join(",")}` };
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
export function redisMaintenanceWindow(m: RegionMaintenance): {
    day: string;
    startTime: { hours: number; minutes: number; seconds: number; nanos: number };
} {
    const s = startOf(m);
    return {
        day: defined(redisDays[s.dayIndex], `day ${s.dayIndex} of the week`),
        startTime: { hours: s.hours, minutes: s.minutes, seconds: 0, nanos: 0 },
    };
}
