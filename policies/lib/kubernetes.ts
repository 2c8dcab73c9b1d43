// Reading pod templates out of Kubernetes workload inputs.
export const WORKLOAD_TYPES = ["kubernetes:apps/v1:Deployment", "kubernetes:batch/v1:Job"];

export interface ContainerRef {
    container: Record<string, any>;
    /** "container" or "init container", for messages. */
    kind: string;
}

/** The pod spec of a Deployment or Job (both keep it at spec.template.spec). */
export function podSpecOf(props: Record<string, any>): Record<string, any> {
    return props?.spec?.template?.spec ?? {};
}

export function containersOf(props: Record<string, any>): ContainerRef[] {
    const pod = podSpecOf(props);
    const list = (v: unknown) => (Array.isArray(v) ? v : []);
    return [
        ...list(pod.initContainers).map((c) => ({ container: c, kind: "init container" })),
        ...list(pod.containers).map((c) => ({ container: c, kind: "container" })),
    ];
}

/** "Deployment voice-agent/voice-agent" — how messages name a Kubernetes object. */
export function describeObject(props: Record<string, any>, fallbackName: string): string {
    const kind = props?.kind ?? "object";
    const ns = props?.metadata?.namespace ?? "default";
    const name = props?.metadata?.name ?? fallbackName;
    return `${kind} ${ns}/${name}`;
}

/** Do `matchLabels` select a pod with `labels`? (matchExpressions are not used by this program.) */
export function selects(
    matchLabels: Record<string, string> | undefined,
    labels: Record<string, string> | undefined,
): boolean {
    if (!matchLabels || Object.keys(matchLabels).length === 0) return false;
    return Object.entries(matchLabels).every(([k, v]) => labels?.[k] === v);
}

/**
 * Which cluster a Kubernetes object lives in: its provider (one per cluster in this program),
 * else the region found in its or its ancestors' names. Objects in different clusters share
 * physical names, so matching a Deployment with its HPA or PDB must stay inside one cluster.
 */
export function clusterKey(
    r: { provider?: { urn: string }; name: string; parent?: { name: string; parent?: unknown } },
    regions: string[],
): string {
    if (r.provider) return r.provider.urn;
    const byLength = [...regions].sort((a, b) => b.length - a.length);
    for (let cur: any = r; cur; cur = cur.parent) {
        const found = byLength.find((region) => String(cur.name).includes(region));
        if (found) return found;
    }
    return "";
}
