/**
 * Traffic decisions of the cell, outside the components so that they are table-tested: which
 * regions are drained, what each backend's capacity scaler is, how much capacity a serving region
 * is pre-scaled to while another is drained, and which NEGs the backends name.
 */
import { defined } from "../core/defined";
import { drainedRegions, type DrainInput } from "../core/drain";

/**
 * `capacityScaler` of a region's backends: 0 drains them (the LB stops sending new requests), 1
 * serves, and a region restored in stages serves its `restoreCapacity` share.
 */
export function capacityScaler(c: DrainInput, region: string): number {
    if (drainedRegions(c).includes(region)) return 0;
    return c.restoreCapacity?.[region] ?? 1;
}

export interface CapacityInput extends DrainInput {
    regions: Record<
        string,
        {
            workload: { minReplicas: number; failoverMinReplicas?: number };
            nodePool: { minPerZone: number; failoverMinPerZone?: number };
        }
    >;
}

/**
 * Minimum capacity of a region. While any region is drained (forcedFailover or drainRegions) or being restored, every
 * serving region is pre-scaled to its failover capacity so it carries the whole load at once,
 * instead of waiting for the HPA and the cluster autoscaler to catch up mid-incident. The default
 * failover capacity is the sum of all regions' normal minimums.
 */
export function minimumCapacity(
    config: CapacityInput,
    region: string,
): { minReplicas: number; minPerZone: number; failover: boolean } {
    const regionConfig = defined(config.regions[region], `config of region ${region}`);
    // A region restored in stages takes part of the traffic only: the others keep their failover
    // capacity until the last stage removes `restoreCapacity`.
    const reduced = [...drainedRegions(config), ...Object.keys(config.restoreCapacity ?? {})];
    if (reduced.length === 0 || reduced.includes(region)) {
        return {
            minReplicas: regionConfig.workload.minReplicas,
            minPerZone: regionConfig.nodePool.minPerZone,
            failover: false,
        };
    }
    const failover = failoverCapacity(config, region);
    return { minReplicas: failover.minReplicas, minPerZone: failover.minPerZone, failover: true };
}

/**
 * A region's failover capacity: its configured `failoverMinReplicas` / `failoverMinPerZone`, or by
 * default the sum of all regions' normal minimums. `defaulted` says which one applied (the config
 * rule that keeps it under the maximums names the key accordingly).
 */
export function failoverCapacity(
    config: Pick<CapacityInput, "regions">,
    region: string,
): { minReplicas: number; minPerZone: number; defaulted: { minReplicas: boolean; minPerZone: boolean } } {
    const regionConfig = defined(config.regions[region], `config of region ${region}`);
    const all = Object.values(config.regions);
    return {
        minReplicas: regionConfig.workload.failoverMinReplicas ?? all.reduce((n, r) => n + r.workload.minReplicas, 0),
        minPerZone: regionConfig.nodePool.failoverMinPerZone ?? all.reduce((n, r) => n + r.nodePool.minPerZone, 0),
        defaulted: {
            minReplicas: regionConfig.workload.failoverMinReplicas === undefined,
            minPerZone: regionConfig.nodePool.failoverMinPerZone === undefined,
        },
    };
}

/**
 * URL of the standalone NEG that GKE's NEG controller creates in a zone. The backend service
 * names NEGs by URL because Pulumi does not create them (see LoadBalancer.ts on the wait).
 */
export function negUrl(project: string, zone: string, negName: string): string {
    return `https://www.googleapis.com/compute/v1/projects/${project}/zones/${zone}/networkEndpointGroups/${negName}`;
}

/**
 * The `pulumi.com/waitFor` of a NEG Service: its `cloud.google.com/neg-status` annotation equal to
 * what GKE's NEG controller writes once it has NEGs in every one of the region's zones. The
 * controller lists only zones that have nodes (ingress-gce pkg/neg/controller.go
 * syncNegStatusAnnotation: `zoneGetter.ListZones`, sorted) and marshals the status with Go's
 * encoding/json (negannotation.NegStatus: `network_endpoint_groups`, then `zones`, omitted when
 * empty). A Service does not depend on the node pool (the drain must never wait for one), so on a
 * new cell it is created while the nodes are still coming up; waiting for every zone, rather than
 * for the annotation alone, keeps the backend service from naming NEGs that do not exist yet.
 *
 * The status is JSON text. A `=value` beginning with `{` is compared as text by the pinned
 * pulumi-kubernetes and refused by later releases (pulumi/pulumi-kubernetes#4524), so the whole
 * text is matched instead by RFC 9535's match() function (an I-regexp that must match the whole
 * string) in a filter over `.metadata`: it selects the annotations object only while its
 * neg-status is exactly that text, and a path without a value is satisfied by any selection. The
 * pinned parser ends the path at its first `}` and splits on every `=` (4.32.0
 * provider/pkg/jsonpath/jsonpath.go Parse), so the pattern's braces are written as the string
 * literal's `\u` escapes: the expression holds no brace but its own two, and no `=`.
 * RFC 9535 needs bracket notation for a member name holding '.', '/' or '-'.
 */
export function negStatusWaitFor(negName: string, servicePort: number, zones: readonly string[]): string {
    const status = JSON.stringify({
        network_endpoint_groups: { [String(servicePort)]: negName },
        zones: [...zones].sort(),
    });
    // I-regexp (RFC 9485) escapes of the metacharacters JSON text can hold; the JSONPath string
    // literal then doubles each backslash.
    const pattern = status.replace(/[.?*+{}()|[\]\\]/g, (c) => `\\${c}`);
    const literal = pattern
        .replace(/\\/g, "\\\\")
        .replace(/'/g, "\\'")
        .replace(/[{}]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
    return `jsonpath={.metadata[?match(@['cloud.google.com/neg-status'], '${literal}')]}`;
}
