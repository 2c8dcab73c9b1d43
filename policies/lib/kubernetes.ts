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
export function selects(matchLabels: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
    if (!matchLabels || Object.keys(matchLabels).length === 0) return false;
    return Object.entries(matchLabels).every(([k, v]) => labels?.[k] === v);
}
