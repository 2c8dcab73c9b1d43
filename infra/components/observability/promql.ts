/**
 * Small builders for PromQL as Cloud Monitoring runs it: every selector names its metric through
 * metricTypes.ts and pins `monitored_resource`, which Cloud Monitoring requires when a metric
 * exists on several resource types (log-based metrics do)
 * (https://cloud.google.com/monitoring/promql/promql-mapping#specifying-monitored-resource).
 */
import { promqlName, type KnownMetric } from "./metricTypes";

export type Matcher = string | { readonly re: string } | { readonly ne: string } | { readonly nre: string };

/** A PromQL string literal (double-quoted, backslash and quote escaped). */
export function quote(value: string): string {
    return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** An RE2 pattern that matches exactly `value`. */
export function literal(value: string): string {
    return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** An RE2 alternation that matches exactly one of `values` (PromQL regex matchers are anchored). */
export function oneOf(values: readonly string[]): string {
    if (values.length === 0) throw new Error("oneOf() needs at least one value");
    return anyOf(values.map(literal));
}

/** An RE2 alternation of `patterns`, each matched whole (PromQL regex matchers are anchored). */
export function anyOf(patterns: readonly string[]): string {
    if (patterns.length === 0) throw new Error("anyOf() needs at least one pattern");
    return patterns.join("|");
}

/** `metric{monitored_resource="…", k="v", …}` */
export function selector(
    metric: KnownMetric,
    matchers: Readonly<Record<string, Matcher>> = {},
    suffix?: "bucket" | "count" | "sum",
): string {
    const parts = [`monitored_resource=${quote(metric.resourceType)}`];
    for (const [label, matcher] of Object.entries(matchers)) {
        if (typeof matcher === "string") parts.push(`${label}=${quote(matcher)}`);
        else if ("re" in matcher) parts.push(`${label}=~${quote(matcher.re)}`);
        else if ("ne" in matcher) parts.push(`${label}!=${quote(matcher.ne)}`);
        else parts.push(`${label}!~${quote(matcher.nre)}`);
    }
    return `${promqlName(metric, suffix)}{${parts.join(",")}}`;
}
