import { stackPolicy } from "../../../lib/define";
import { ofType } from "../../../lib/resources";

interface Config {
    fastWindowMaxSeconds: number;
    slowWindowMinSeconds: number;
}

/** "3600s", "60m", "1h", "1d" → seconds. */
export function durationSeconds(text: string): number | undefined {
    const m = /^(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(text.trim());
    if (!m) return undefined;
    return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "s" | "m" | "h" | "d"];
}

/**
 * Lookback windows of select_slo_burn_rate(...) calls on the SLO in an alert's conditions. The
 * SLO is recognized by its sloId at the end of the name in the call, or, when the name is the
 * SLO's output (so the alert depends on it) or the sloId is generated, by any burn-rate call.
 */
function burnRateWindows(alert: Record<string, any>, sloId: string | undefined, dependsOnSlo: boolean): number[] {
    const windows: number[] = [];
    for (const condition of alert.conditions ?? []) {
        const filter = String(condition.conditionThreshold?.filter ?? "");
        const re = /select_slo_burn_rate\(\s*"([^"]+)"\s*,\s*"?([0-9.]+[smhd])"?\s*\)/g;
        for (const [, sloName = "", duration = ""] of filter.matchAll(re)) {
            const window = durationSeconds(duration);
            if ((dependsOnSlo || sloId === undefined || sloName.split("/").pop() === sloId) && window !== undefined)
                windows.push(window);
        }
    }
    return windows;
}

// Multi-window burn-rate alerting (Google SRE workbook): a fast window pages on a sudden outage,
// a slow window catches the steady leak that would exhaust the error budget anyway. Each alert
// may pair its long window with a short confirmation window; the long one classifies the alert.
export const policy = stackPolicy<Config>(
    {
        name: "gcp-monitoring-slo-require-burn-rate-alerts",
        description:
            "Every SLO has a fast-burn and a slow-burn alert policy (alerts whose longest select_slo_burn_rate lookback is short, respectively long).",
        severity: "high",
        category: "availability",
        remediationSteps:
            'Add alert policies whose conditionThreshold.filter is select_slo_burn_rate("<slo name>", "3600s") (fast) and select_slo_burn_rate("<slo name>", "21600s") or longer (slow).',
        anchors: [],
        configSchema: {
            properties: {
                fastWindowMaxSeconds: { type: "integer", default: 3600 },
                slowWindowMinSeconds: { type: "integer", default: 21600 },
            },
        },
    },
    (args, report, config) => {
        const alerts = ofType(args.resources, "gcp:monitoring/alertPolicy:AlertPolicy").filter(
            (a) => a.props.enabled !== false,
        );
        for (const slo of ofType(args.resources, "gcp:monitoring/slo:Slo")) {
            const sloId: string | undefined =
                typeof slo.props.sloId === "string" && slo.props.sloId !== "" ? slo.props.sloId : undefined;
            const label = sloId ?? slo.props.displayName ?? slo.name;
            const windows = alerts
                .map((a) => burnRateWindows(a.props, sloId, a.dependencies.includes(slo)))
                .filter((w) => w.length > 0)
                .map((w) => Math.max(...w));
            if (!windows.some((w) => w <= config.fastWindowMaxSeconds)) {
                report(
                    `SLO '${label}' has no fast-burn alert (select_slo_burn_rate lookback ≤ ${config.fastWindowMaxSeconds}s).`,
                    slo.urn,
                );
            }
            if (!windows.some((w) => w >= config.slowWindowMinSeconds)) {
                report(
                    `SLO '${label}' has no slow-burn alert (select_slo_burn_rate lookback ≥ ${config.slowWindowMinSeconds}s).`,
                    slo.urn,
                );
            }
        }
    },
);
