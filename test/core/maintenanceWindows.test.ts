import * as assert from "assert";
import {
    recurringWindow,
    redisMaintenanceWindow,
    sqlMaintenanceWindow,
    weeklyIntervals,
} from "../../core/maintenanceWindows";

describe("maintenance slots of Cloud SQL and Memorystore inside the region's window", () => {
    const cases: {
        m: { days: string[]; start: string; hours: number };
        sql: { day: number; hour: number };
        redis: { day: string; hours: number; minutes: number };
    }[] = [
        {
            m: { days: ["SA", "SU"], start: "01:00", hours: 6 },
            sql: { day: 6, hour: 1 },
            redis: { day: "SATURDAY", hours: 1, minutes: 0 },
        },
        {
            m: { days: ["FR", "SA"], start: "00:00", hours: 6 },
            sql: { day: 5, hour: 0 },
            redis: { day: "FRIDAY", hours: 0, minutes: 0 },
        },
        {
            m: { days: ["MO"], start: "01:30", hours: 12 },
            sql: { day: 1, hour: 2 },
            redis: { day: "MONDAY", hours: 1, minutes: 30 },
        },
        {
            m: { days: ["SU", "MO"], start: "23:15", hours: 6 },
            sql: { day: 1, hour: 0 },
            redis: { day: "SUNDAY", hours: 23, minutes: 15 },
        },
        {
            m: { days: ["WE"], start: "23:45", hours: 12 },
            sql: { day: 4, hour: 0 },
            redis: { day: "WEDNESDAY", hours: 23, minutes: 45 },
        },
    ];
    for (const { m, sql, redis } of cases) {
        it(`${m.days.join(",")} from ${m.start}: Cloud SQL day ${sql.day} ${sql.hour}h, Redis ${redis.day} ${redis.hours}:${redis.minutes}`, () => {
            assert.deepStrictEqual(sqlMaintenanceWindow(m), sql);
            assert.deepStrictEqual(redisMaintenanceWindow(m), {
                day: redis.day,
                startTime: { hours: redis.hours, minutes: redis.minutes, seconds: 0, nanos: 0 },
            });
        });
    }

    it("refuses a day it does not know", () => {
        assert.throws(() => sqlMaintenanceWindow({ days: ["XX"], start: "01:00", hours: 6 }), {
            message: `maintenance day "XX" is not one of MO, TU, WE, TH, FR, SA, SU`,
        });
    });
});

describe("GKE maintenance windows", () => {
    const windows: [
        { days: string[]; start: string; hours: number },
        { startTime: string; endTime: string; recurrence: string },
    ][] = [
        [
            { days: ["SA", "SU"], start: "01:00", hours: 6 },
            {
                startTime: "2025-01-11T01:00:00Z",
                endTime: "2025-01-11T07:00:00Z",
                recurrence: "FREQ=WEEKLY;BYDAY=SA,SU",
            },
        ],
        [
            { days: ["FR"], start: "22:30", hours: 12 },
            { startTime: "2025-01-10T22:30:00Z", endTime: "2025-01-11T10:30:00Z", recurrence: "FREQ=WEEKLY;BYDAY=FR" },
        ],
    ];
    for (const [input, expected] of windows) {
        it(`recurringWindow ${JSON.stringify(input)}`, () => assert.deepStrictEqual(recurringWindow(input), expected));
    }

    it("weeklyIntervals wraps a Sunday-night window into Monday", () => {
        assert.deepStrictEqual(weeklyIntervals({ days: ["SU"], start: "22:00", hours: 4 }), [
            [6 * 1440 + 22 * 60, 7 * 1440],
            [0, 120],
        ]);
    });
});
