import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../../../lib/define";
import { cellRegions, ofType, physicalName, regionOfZone, regionScope, zoneOfGroup } from "../../../lib/resources";

/** NEG names a Service asks GKE to create, from its cloud.google.com/neg annotation. */
function negNames(service: PolicyResource): string[] {
    const raw = service.props.metadata?.annotations?.["cloud.google.com/neg"];
    if (typeof raw !== "string") return [];
    try {
        const ports = JSON.parse(raw).exposed_ports ?? {};
        return Object.values(ports)
            .map((p: any) => p?.name)
            .filter((n): n is string => typeof n === "string");
    } catch {
        return [];
    }
}

// The backends point at NEGs by name; GKE only creates them while a Service in that region's
// cluster carries the annotation. Dropping it empties the region's backends silently.
export const policy = stackPolicy(
    {
        name: "gcp-compute-backendservice-require-declared-negs",
        description:
            "Every NEG the load balancer uses is created by a Service's cloud.google.com/neg annotation in the cluster of that region.",
        severity: "critical",
        category: "availability",
        remediationSteps:
            'Keep the annotation cloud.google.com/neg {"exposed_ports":{"80":{"name":"<neg>"}}} on the region\'s Service, with the name the backend service uses.',
        anchors: [],
    },
    (args, report) => {
        const regions = cellRegions(args.resources);
        const declared = new Set<string>();
        for (const service of ofType(args.resources, "kubernetes:core/v1:Service")) {
            const region = regionScope(service, regions, args.resources);
            for (const neg of negNames(service)) declared.add(`${region}/${neg}`);
        }
        for (const backend of ofType(args.resources, "gcp:compute/backendService:BackendService")) {
            const missing = new Set<string>();
            for (const b of backend.props.backends ?? []) {
                const zone = zoneOfGroup(b.group);
                const neg = /\/networkEndpointGroups\/([^/]+)$/.exec(String(b.group))?.[1];
                if (!zone || !neg) continue;
                const key = `${regionOfZone(zone)}/${neg}`;
                if (!declared.has(key)) missing.add(key);
            }
            for (const key of missing) {
                const [region, neg] = key.split("/");
                report(
                    `Backend service '${physicalName(backend)}' uses NEG '${neg}' in ${region}, which no Service's cloud.google.com/neg annotation in that region creates.`,
                    backend.urn,
                );
            }
        }
    },
);
