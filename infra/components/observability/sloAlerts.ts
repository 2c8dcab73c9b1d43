/**
 * Multi-window burn-rate alerts on the availability SLO, in the style of Google's SRE workbook
 * ("Alerting on SLOs", table 5-8: https://sre.google/workbook/alerting-on-slos/): each policy
 * fires only while both its long window (significance) and its short window (still burning) are
 * above the rate, so it pages fast and resets fast. Burn rate 1 spends exactly the budget over the
 * SLO's window. The selector is `select_slo_burn_rate(<SLO name>, <lookback>)`
 * (https://cloud.google.com/stackdriver/docs/solutions/slo-monitoring/api/create-policy-api).
 */
import { remediateLine, type AlertSpec } from "./alertSpec";
import { runbook } from "./runbook";
import type { Severity } from "./severity";
import { dashboardNames, type ObservedNames } from "./targets";

export interface BurnRateWindow {
    key: string;
    label: string;
    severity: Severity;
    /** Multiple of the sustainable error rate. */
    rate: number;
    /** Lookbacks in minutes: [long, short]. */
    windows: [number, number];
    /** Share of the budget the long window spends at this rate, for the summary. */
    budgetSpent: string;
}

export const burnRateWindows: readonly BurnRateWindow[] = [
    {
        key: "slo-fast-burn",
        label: "fast burn",
        severity: "SEV-1",
        rate: 14.4,
        windows: [60, 5],
        budgetSpent: "2% of a 30-day budget in one hour",
    },
    {
        key: "slo-slow-burn",
        label: "slow burn",
        severity: "SEV-2",
        rate: 6,
        windows: [360, 30],
        budgetSpent: "5% of a 30-day budget in six hours",
    },
    {
        key: "slo-budget-exhaustion",
        label: "budget exhaustion",
        severity: "SEV-3",
        rate: 1,
        windows: [4320, 360],
        budgetSpent: "the whole budget by the end of the window if it goes on",
    },
];

function lookback(minutes: number): string {
    return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

export function sloAlerts(
    names: ObservedNames,
    sloName: string,
    slo: { availabilityPercent: number; rollingPeriodDays: number },
): AlertSpec[] {
    return burnRateWindows.map((burn) => ({
        key: burn.key,
        displayName: `SLO ${burn.label}: error budget burn ${burn.rate}x (${lookback(burn.windows[0])} and ${lookback(burn.windows[1])})`,
        severity: burn.severity,
        summary:
            `the ${slo.availabilityPercent}% availability SLO of ${names.backendService} (${slo.rollingPeriodDays}-day window) burns its error budget at ${burn.rate}x ` +
            `over both ${lookback(burn.windows[0])} and ${lookback(burn.windows[1])}: ${burn.budgetSpent}.`,
        runbookSections:
            burn.severity === "SEV-3" ? [runbook.postIncident] : [runbook.diagnostics, runbook.regionFailure],
        remediation:
            burn.severity === "SEV-3"
                ? [
                      "ticket, not a page: plan reliability work before new risk (freeze risky releases while the budget is low)",
                  ]
                : [
                      ...names.regions.map((region) =>
                          region === names.primaryRegion
                              ? remediateLine(
                                    names.stack,
                                    "region-failover",
                                    {},
                                    `drain the primary region ${region} if the errors come from it`,
                                )
                              : remediateLine(
                                    names.stack,
                                    "drain-region",
                                    { region },
                                    `drain ${region} if the errors come from it`,
                                ),
                      ),
                      remediateLine(
                          names.stack,
                          "rollback",
                          { tag: "<last good tag>" },
                          "roll back if the burn started with a release",
                      ),
                  ],
        dashboard: dashboardNames.overview,
        combiner: "AND",
        conditions: burn.windows.map((minutes) => ({
            displayName: `burn rate over ${lookback(minutes)} > ${burn.rate}`,
            threshold: {
                filter: `select_slo_burn_rate("${sloName}", "${minutes}m")`,
                comparison: "COMPARISON_GT" as const,
                thresholdValue: burn.rate,
                duration: "0s",
            },
        })),
    }));
}
