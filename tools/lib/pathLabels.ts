/**
 * Input paths as an on-call engineer reads them: a backend of the load balancer is named by its
 * region and NEG instead of its index (`backends[0] (europe-west1: NEG voice-agent-neg, zone
 * europe-west1-b).capacityScaler`), taken from the backend's `group` URL in the plan.
 */
import type { PlanDiff } from "./diff";
import type { Inventory } from "./plan";

const backendServiceType = "gcp:compute/backendService:BackendService";

/** `europe-west1 NEG <name> in zone <zone>` of a NEG URL (`…/zones/<zone>/networkEndpointGroups/<name>`). */
export function negLabel(group: unknown): string | undefined {
    if (typeof group !== "string") return undefined;
    const m = /\/zones\/([a-z]+-[a-z]+\d+)-([a-z])\/networkEndpointGroups\/([^/]+)$/.exec(group);
    if (!m) return undefined;
    return `${m[1]}: NEG ${m[3]}, zone ${m[1]}-${m[2]}`;
}

/** The diff with each backend-service path `backends[i]…` labelled by its region and NEG. */
export function labelBackends(diff: PlanDiff, ...inventories: Inventory[]): PlanDiff {
    const groups = new Map<string, unknown[]>();
    for (const inv of inventories) {
        for (const r of inv.resources) {
            if (r.type !== backendServiceType || groups.has(r.urn)) continue;
            const backends = r.inputs.backends;
            if (Array.isArray(backends))
                groups.set(
                    r.urn,
                    backends.map((b) => (b as { group?: unknown } | null)?.group),
                );
        }
    }
    const changes = diff.changes.map((c) => {
        const list = groups.get(c.urn);
        if (!list) return c;
        return {
            ...c,
            changes: c.changes.map((p) => {
                const m = /^backends\[(\d+)\]/.exec(p.path);
                const label = m ? negLabel(list[Number(m[1])]) : undefined;
                return m && label ? { ...p, path: `${m[0]} (${label})${p.path.slice(m[0].length)}` } : p;
            }),
        };
    });
    return { ...diff, changes };
}
