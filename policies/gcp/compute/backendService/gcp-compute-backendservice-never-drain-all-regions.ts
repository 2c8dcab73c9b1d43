import { stackPolicy } from "../../../lib/define";
import { physicalName } from "../../../lib/resources";
import { backendsByRegion, backendServices } from "./backends";

// forcedFailover / drainRegions set capacityScaler 0; draining every region is an outage the
// change itself causes, so it can never be the declared state.
export const policy = stackPolicy(
    {
        name: "gcp-compute-backendservice-never-drain-all-regions",
        description:
            "At least one region of the load balancer keeps serving (capacityScaler > 0) whatever forcedFailover and drainRegions say.",
        severity: "critical",
        category: "remediation-safety",
        remediationSteps:
            "Remove at least one region from drainRegions (or unset forcedFailover) so that one region's backends keep capacityScaler 1.",
        anchors: [],
    },
    (args, report) => {
        for (const service of backendServices(args.resources)) {
            const regions = backendsByRegion(service);
            if (regions.size === 0) continue;
            if (![...regions.values()].some((r) => r.serving)) {
                report(
                    `Backend service '${physicalName(service)}' drains every region (${[...regions.keys()].join(", ")}): all backends have capacityScaler 0.`,
                    service.urn,
                );
            }
        }
    },
);
