/**
 * Collects every PromQL query and Monitoring filter from what the program registers (alert policy
 * conditions, SLO filters, dashboardJson), so the validation tests check what is deployed.
 */
import { parser } from "@prometheus-io/lezer-promql";

export interface Found {
    /** Where it was found: resource name and field path. */
    where: string;
    text: string;
}

export interface Collected {
    promql: Found[];
    /** Cloud Monitoring time-series filters (not logs filters). */
    filters: Found[];
}

interface ResourceLike {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

function walkDashboard(node: unknown, path: string, where: string, out: Collected): void {
    if (Array.isArray(node)) return node.forEach((v, i) => walkDashboard(v, `${path}[${i}]`, where, out));
    if (!node || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
        if (k === "prometheusQuery" && typeof v === "string")
            out.promql.push({ where: `${where} ${path}.${k}`, text: v });
        else if (k === "timeSeriesFilter" && v && typeof v === "object")
            out.filters.push({
                where: `${where} ${path}.${k}.filter`,
                text: String((v as { filter: unknown }).filter),
            });
        else walkDashboard(v, `${path}.${k}`, where, out);
    }
}

export function collect(resources: readonly ResourceLike[]): Collected {
    const out: Collected = { promql: [], filters: [] };
    for (const r of resources) {
        if (r.type === "gcp:monitoring/alertPolicy:AlertPolicy") {
            const conditions = r.inputs.conditions as {
                displayName: string;
                conditionPrometheusQueryLanguage?: { query: string };
                conditionThreshold?: { filter: string };
            }[];
            conditions.forEach((c, i) => {
                if (c.conditionPrometheusQueryLanguage)
                    out.promql.push({
                        where: `${r.name} conditions[${i}]`,
                        text: c.conditionPrometheusQueryLanguage.query,
                    });
                if (c.conditionThreshold)
                    out.filters.push({ where: `${r.name} conditions[${i}]`, text: c.conditionThreshold.filter });
            });
        } else if (r.type === "gcp:monitoring/slo:Slo") {
            const ratio = (r.inputs.requestBasedSli as { goodTotalRatio: Record<string, string> }).goodTotalRatio;
            for (const [k, v] of Object.entries(ratio)) out.filters.push({ where: `${r.name} ${k}`, text: v });
        } else if (r.type === "gcp:monitoring/dashboard:Dashboard") {
            walkDashboard(JSON.parse(String(r.inputs.dashboardJson)), "", r.name, out);
        }
    }
    return out;
}

/** Syntax errors lezer-promql finds in a query, as `offset: text` strings; empty when it parses. */
export function promqlErrors(query: string): string[] {
    const errors: string[] = [];
    parser.parse(query).iterate({
        enter(n) {
            if (n.type.isError)
                errors.push(`${n.from}: ${JSON.stringify(query.slice(Math.max(0, n.from - 10), n.to + 10))}`);
        },
    });
    return errors;
}

/** Metric names (Identifier nodes of vector selectors) in a PromQL query. */
export function promqlMetricNames(query: string): string[] {
    const names: string[] = [];
    parser.parse(query).iterate({
        enter(n) {
            if (n.name === "Identifier") names.push(query.slice(n.from, n.to));
        },
    });
    return names;
}

/** `metric.type="…"` values in a Monitoring filter. */
export function filterMetricTypes(filter: string): string[] {
    return [...filter.matchAll(/metric\.type\s*=\s*"([^"]+)"/g)].flatMap(([, type]) =>
        type === undefined ? [] : [type],
    );
}
