/**
 * How soon a remediation takes effect, computed from its phases' predicted diffs and the plan,
 * each figure with its source:
 * - each phase's apply time: per wave the longest await's timeout (the provider's operation
 *   timeouts and the Kubernetes provider's await timeouts, tools/lib/engine/awaits.ts), summed
 *   over the waves: an upper bound, not an estimate;
 * - for a change of the backends' capacityScaler: when new sessions move, and how long calls in
 *   progress may last (the backend service's `timeoutSec` and `connectionDrainingTimeoutSec`);
 * - when the alerts whose documentation names the action should clear: the condition's window
 *   plus its duration once the cause is gone.
 */
import type { PlanDiff } from "./diff";
import type { Phase } from "./phases";
import type { InventoryResource } from "./plan";

const backendServiceType = "gcp:compute/backendService:BackendService";
const alertPolicyType = "gcp:monitoring/alertPolicy:AlertPolicy";

const sources = {
    timeouts:
        "provider timeouts: terraform-provider-google schema.ResourceTimeout, pulumi-kubernetes await timeouts (tools/lib/engine/awaits.ts)",
    capacityScaler: "https://cloud.google.com/load-balancing/docs/backend-service#capacity_scaler",
    websocket: "https://cloud.google.com/load-balancing/docs/https#websocket_support",
    draining: "https://cloud.google.com/load-balancing/docs/enabling-connection-draining",
    alerting: "https://cloud.google.com/monitoring/alerts/concepts-indepth#duration",
    promote: "https://cloud.google.com/sql/docs/postgres/replication/cross-region-replicas#promote-replica",
};

/** Minutes of an await's timeout (`provider timeout 20 min`, `timeout 10 min`), if it states one. */
export function awaitMinutes(detail: string): number | undefined {
    const m = /timeout (\d+) min/.exec(detail);
    return m ? Number(m[1]) : undefined;
}

/** The longest a diff's update can take: per wave its longest timeout, summed (minutes). */
export function applyBound(diff: PlanDiff): { minutes: number; untimed: string[] } {
    const byUrn = new Map(diff.changes.map((c) => [c.urn, c]));
    const depth = new Map<string, number>();
    const level = (urn: string, seen: Set<string> = new Set()): number => {
        const known = depth.get(urn);
        if (known !== undefined) return known;
        if (seen.has(urn)) return 0;
        seen.add(urn);
        const waits = byUrn.get(urn)?.waitsFor.filter((w) => byUrn.has(w)) ?? [];
        const l = waits.length === 0 ? 0 : Math.max(...waits.map((w) => level(w, seen))) + 1;
        depth.set(urn, l);
        return l;
    };
    const waves = new Map<number, number>();
    const untimed: string[] = [];
    for (const c of diff.changes) {
        const minutes = awaitMinutes(c.await.detail);
        if (minutes === undefined && c.await.kind !== "none") untimed.push(c.name);
        const l = level(c.urn);
        waves.set(l, Math.max(waves.get(l) ?? 0, minutes ?? 0));
    }
    return { minutes: [...waves.values()].reduce((a, b) => a + b, 0), untimed };
}

/** A plan value as text: a string as it is, anything else as JSON, nothing as "". */
function textOf(v: unknown): string {
    return typeof v === "string" ? v : v === undefined ? "" : JSON.stringify(v);
}

function seconds(v: unknown): number | undefined {
    if (typeof v === "number") return v;
    if (typeof v !== "string") return undefined;
    const m = /^(\d+(?:\.\d+)?)([smh]?)$/.exec(v);
    if (!m) return undefined;
    return Number(m[1]) * ({ s: 1, m: 60, h: 3600, "": 1 }[m[2] as "s" | "m" | "h" | ""] ?? 1);
}

/**
 * How long after its cause is gone an alert policy's incident should close: per condition its
 * evaluation window (PromQL range, alignment period, or an SLO burn-rate lookback) plus its
 * duration; an AND policy closes when its first condition stops, an OR policy when its last does.
 */
export function alertTiming(resource: InventoryResource): { windowSec: number; durationSec: number } {
    type Condition = {
        conditionPrometheusQueryLanguage?: { query?: string; duration?: string };
        conditionThreshold?: { filter?: string; duration?: string; aggregations?: { alignmentPeriod?: string }[] };
    };
    const per = ((resource.inputs.conditions as Condition[] | undefined) ?? []).map((c) => {
        let windowSec = 0;
        let durationSec = 0;
        const promql = c.conditionPrometheusQueryLanguage;
        if (promql) {
            for (const m of (promql.query ?? "").matchAll(/\[(\d+[smh])\]/g))
                windowSec = Math.max(windowSec, seconds(m[1]) ?? 0);
            durationSec = seconds(promql.duration) ?? 0;
        }
        const t = c.conditionThreshold;
        if (t) {
            for (const a of t.aggregations ?? []) windowSec = Math.max(windowSec, seconds(a.alignmentPeriod) ?? 0);
            const burn = /select_slo_burn_rate\([^,]+,\s*"(\d+[smh])"\)/.exec(t.filter ?? "");
            if (burn) windowSec = Math.max(windowSec, seconds(burn[1]) ?? 0);
            durationSec = seconds(t.duration) ?? 0;
        }
        return { windowSec, durationSec };
    });
    if (per.length === 0) return { windowSec: 0, durationSec: 0 };
    const total = (x: { windowSec: number; durationSec: number }) => x.windowSec + x.durationSec;
    const pick =
        resource.inputs.combiner === "AND"
            ? (a: (typeof per)[number], b: (typeof per)[number]) => (total(b) < total(a) ? b : a)
            : (a: (typeof per)[number], b: (typeof per)[number]) => (total(b) > total(a) ? b : a);
    return per.reduce(pick);
}

const fmt = (s: number) => (s >= 120 && s % 60 === 0 ? `${s / 60} min` : `${s} s`);

/** The time-to-effect lines of an action's phases, each with its source. */
export function timeToEffect(action: string, phases: readonly Phase[], stack: string): string[] {
    const out: string[] = [];
    for (const phase of phases) {
        const ops = phase.ops.map((o) => o.do);
        if (ops.includes("up")) {
            const b = applyBound(phase.diff);
            out.push(
                `phase ${phase.number} (${phase.id}): at most ${b.minutes} min to apply (${sources.timeouts})` +
                    (b.untimed.length > 0 ? `; no timeout known for ${b.untimed.join(", ")}` : ""),
            );
        }
        if (ops.includes("refresh"))
            out.push(`phase ${phase.number} (${phase.id}): a refresh reads the targets back; it applies nothing`);
        if (ops.includes("promote-replica")) {
            out.push(
                `phase ${phase.number} (${phase.id}): gcloud returns when Cloud SQL's promotion operation completes (${sources.promote})`,
            );
        }
        if (ops.includes("check-health"))
            out.push(`phase ${phase.number} (${phase.id}): the probe runs 300 s; go on only when it exits 0`);
    }
    const scaled = phases.flatMap((p) =>
        p.diff.changes
            .filter((c) => c.type === backendServiceType)
            .flatMap((c) =>
                c.changes
                    .filter((x) => /\.capacityScaler$/.test(x.path))
                    .map((x) => ({ phase: p, path: x.path, old: x.old, new: x.new })),
            ),
    );
    if (scaled.length > 0) {
        const last = phases[phases.length - 1];
        const lb = last?.declared.resources.find((r) => r.type === backendServiceType);
        const timeoutSec = Number(lb?.inputs.timeoutSec);
        const drainingSec = Number(lb?.inputs.connectionDrainingTimeoutSec);
        const firstPhase = scaled[0]?.phase;
        const regions = [...new Set(scaled.map((s) => /\(([a-z]+-[a-z]+\d+):/.exec(s.path)?.[1] ?? s.path))];
        out.push(
            `traffic: new sessions follow the capacityScaler of ${regions.join(", ")} once phase ${firstPhase?.number} (${firstPhase?.id})'s ` +
                `backend-service update completes and Google's front ends apply it; GCP states no propagation bound: watch the ` +
                `region's requests on "HA Voice Overview" and the probe (${sources.capacityScaler})`,
        );
        if (scaled.some((s) => s.new === 0)) {
            out.push(
                `calls in progress on a drained backend continue until they end, at most the backend service's timeoutSec = ` +
                    `${timeoutSec} s, which caps a WebSocket's whole life (${sources.websocket}); a pod leaving the NEG meanwhile ` +
                    `keeps its calls for connectionDrainingTimeoutSec = ${drainingSec} s (${sources.draining})`,
            );
        }
    }
    const alerts = phases[phases.length - 1]?.declared.resources.filter(
        (r) =>
            r.type === alertPolicyType &&
            textOf((r.inputs.documentation as { content?: unknown } | undefined)?.content).includes(
                `remediate -- ${action} `,
            ),
    );
    for (const a of alerts ?? []) {
        const t = alertTiming(a);
        out.push(
            `alert "${String(a.inputs.displayName)}" should clear ${fmt(t.windowSec + t.durationSec)} after the cause is gone ` +
                `(its ${fmt(t.windowSec)} window, then ${fmt(t.durationSec)} below the threshold; ${sources.alerting})`,
        );
    }
    if (out.length === 0) out.push(`no apply step on ${stack}`);
    return out;
}
