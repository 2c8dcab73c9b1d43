/**
 * An alert as the runbook thinks of it (what fired, how bad, which runbook section, which config
 * key remediates it) and its translation into a Cloud Monitoring AlertPolicy. Pure: the catalogs
 * (serviceAlerts.ts, dataAlerts.ts, sloAlerts.ts) return specs, tests read them directly, and
 * AlertPolicies.ts only turns them into resources.
 */
import type * as gcp from "../../gcp";
import type * as pulumi from "@pulumi/pulumi";
import { phaseOutline, remediateCommand, remediationAction, type RemediationArgs } from "../../config/remediations";
import type { RunbookSection } from "./runbook";
import { cloudSeverity, routeChannels, targetResponse, type ChannelSet, type Severity } from "./severity";

/** A PromQL condition (https://cloud.google.com/monitoring/promql/create-promql-alerts-console). */
export interface PromqlCondition {
    readonly displayName: string;
    readonly promql: {
        readonly query: string;
        /** How long the expression must hold before the incident opens. */
        readonly duration: string;
    };
}

/** A metric-threshold condition: used where PromQL cannot say it (SLO selectors, uptime checks). */
export interface ThresholdCondition {
    readonly displayName: string;
    readonly threshold: {
        readonly filter: string;
        readonly comparison: "COMPARISON_GT" | "COMPARISON_LT";
        readonly thresholdValue: number;
        readonly duration: string;
        readonly aggregations?: readonly {
            readonly alignmentPeriod: string;
            readonly perSeriesAligner: string;
            readonly crossSeriesReducer?: string;
            readonly groupByFields?: readonly string[];
        }[];
    };
}

export type ConditionSpec = PromqlCondition | ThresholdCondition;

export interface AlertSpec {
    /** Stable key: the Pulumi name suffix. Never derived from a threshold, so tuning one never replaces the policy. */
    readonly key: string;
    readonly displayName: string;
    readonly severity: Severity;
    /** What the alert means, in one or two sentences. */
    readonly summary: string;
    /** Sections of docs/runbook.md the on-call engineer opens, in order. */
    readonly runbookSections: readonly RunbookSection[];
    /** Config keys (namespace voice-agent) that remediate it, with what to set; or an imperative runbook step. */
    readonly remediation: readonly string[];
    /** Dashboard to open. */
    readonly dashboard: string;
    readonly combiner: "OR" | "AND";
    readonly conditions: readonly ConditionSpec[];
}

export function isPromql(c: ConditionSpec): c is PromqlCondition {
    return "promql" in c;
}

/** The policy's documentation: Markdown that PagerDuty and Slack show with the incident. */
export function documentation(spec: AlertSpec, stack: string): { subject: string; content: string; mimeType: string } {
    const lines = [
        `**${spec.severity}** (${targetResponse[spec.severity]}): ${spec.summary}`,
        "",
        `**Runbook:** docs/runbook.md, ${spec.runbookSections.map((h) => `"${h}"`).join(", then ")}.`,
        "",
        "**Remediation as configuration** (`npm run remediate` edits the stack file and prints each phase's exact commands " +
            "and diff: commit the file, then run the phases in order):",
        ...spec.remediation.map((r) => `- ${r}`),
        "",
        `**Dashboard:** ${spec.dashboard}. **Stack:** ${stack}.`,
    ];
    return {
        // The subject of notifications (Slack, e-mail) starts with the class so triage reads it first.
        subject: `[${spec.severity}] ${spec.displayName} (${stack})`,
        content: lines.join("\n"),
        mimeType: "text/markdown",
    };
}

/**
 * One remediation line: the `npm run remediate` command of an action of the remediation-action
 * table, why, and its phases as the table states them, so the page says the same procedure as the
 * runbook, `remediate` and the drill.
 */
export function remediateLine(stack: string, action: string, args: RemediationArgs, why: string): string {
    const a = remediationAction(action);
    if (!a) throw new Error(`no remediation action ${action}`);
    const outline = a.phases.length > 1 ? `; phases: ${phaseOutline(a)}` : "; then the full `pulumi up`";
    return `\`${remediateCommand(stack, action, args)}\`: ${why}${outline}`;
}

export interface PolicyContext<T> {
    project: string;
    stack: string;
    channels: ChannelSet<T>;
    autoCloseMinutes: number;
    userLabels: Record<string, string>;
}

/** AlertPolicy arguments for a spec: channels by severity, documentation, severity, auto-close. */
export function alertPolicyArgs(
    spec: AlertSpec,
    ctx: PolicyContext<pulumi.Input<string>>,
): gcp.monitoring.AlertPolicyArgs {
    return {
        project: ctx.project,
        displayName: spec.displayName,
        severity: cloudSeverity[spec.severity],
        combiner: spec.combiner,
        conditions: spec.conditions.map((condition) =>
            isPromql(condition)
                ? {
                      displayName: condition.displayName,
                      conditionPrometheusQueryLanguage: {
                          query: condition.promql.query,
                          duration: condition.promql.duration,
                          // Cloud Monitoring evaluates PromQL rules every 30 s by default; stated so a diff shows it.
                          evaluationInterval: "30s",
                      },
                  }
                : {
                      displayName: condition.displayName,
                      conditionThreshold: {
                          filter: condition.threshold.filter,
                          comparison: condition.threshold.comparison,
                          thresholdValue: condition.threshold.thresholdValue,
                          duration: condition.threshold.duration,
                          trigger: { count: 1 },
                          aggregations: condition.threshold.aggregations?.map((a) => ({
                              ...a,
                              groupByFields: a.groupByFields ? [...a.groupByFields] : undefined,
                          })),
                      },
                  },
        ),
        notificationChannels: routeChannels(spec.severity, ctx.channels),
        documentation: documentation(spec, ctx.stack),
        // An incident whose condition stops reporting data closes by itself instead of paging forever.
        alertStrategy: { autoClose: `${ctx.autoCloseMinutes * 60}s` },
        userLabels: { ...ctx.userLabels, severity: spec.severity.toLowerCase().replace("-", "") },
    };
}
