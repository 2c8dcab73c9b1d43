// Reading the load balancer's NEG backends per region, shared by the HA and remediation-safety
// policies. A region is "drained" when every backend it has is at capacityScaler 0 (runbook
// "Region failure": forcedFailover / drainRegions set exactly that).
import { PolicyResource } from "@pulumi/policy";
import { ofType, regionOfZone, zoneOfGroup } from "../../../lib/resources";

export interface RegionBackends {
    zones: Set<string>;
    serving: boolean;
}

export function backendServices(resources: PolicyResource[]): PolicyResource[] {
    return ofType(resources, "gcp:compute/backendService:BackendService").filter(
        (b) => (b.props.backends ?? []).length > 0,
    );
}

export function backendsByRegion(service: PolicyResource): Map<string, RegionBackends> {
    const regions = new Map<string, RegionBackends>();
    for (const b of service.props.backends ?? []) {
        const zone = zoneOfGroup(b.group);
        if (!zone) continue;
        const region = regionOfZone(zone);
        const entry = regions.get(region) ?? { zones: new Set<string>(), serving: false };
        entry.zones.add(zone);
        // capacityScaler defaults to 1.
        if ((b.capacityScaler ?? 1) > 0) entry.serving = true;
        regions.set(region, entry);
    }
    return regions;
}
