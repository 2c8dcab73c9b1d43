import { stackPolicy } from "../../../lib/define";
import { ofType, physicalName, regionOfZone, zoneOfGroup } from "../../../lib/resources";

// Traffic leaves a region only through the runbook's remediation (forcedFailover / drainRegions),
// which the program reports as the stack output `drainedRegions`. A capacityScaler of 0 anywhere
// else is an undeclared traffic shift; a declared drain that leaves capacity is a failed one.
export const policy = stackPolicy(
    {
        name: "gcp-compute-backendservice-match-declared-drain",
        description:
            "Backends are at capacityScaler 0 exactly in the regions the stack declares drained (stack output drainedRegions).",
        severity: "high",
        category: "remediation-safety",
        remediationSteps:
            "Drain regions only with config forcedFailover or drainRegions; never edit capacityScaler directly.",
        anchors: [],
    },
    (args, report) => {
        const stack = args.resources.find((r) => r.type === "pulumi:pulumi:Stack");
        const declared: unknown = stack?.props.drainedRegions;
        if (!Array.isArray(declared)) return; // the program does not declare its drain state
        for (const service of ofType(args.resources, "gcp:compute/backendService:BackendService")) {
            for (const b of service.props.backends ?? []) {
                const zone = zoneOfGroup(b.group);
                if (!zone) continue;
                const region = regionOfZone(zone);
                const scaler = b.capacityScaler ?? 1;
                if (scaler === 0 && !declared.includes(region)) {
                    report(
                        `Backend service '${physicalName(service)}' sends no traffic to zone ${zone} (capacityScaler 0), but ${region} is not a declared drained region.`,
                        service.urn,
                    );
                } else if (scaler > 0 && declared.includes(region)) {
                    report(
                        `Backend service '${physicalName(service)}' still sends traffic to zone ${zone} (capacityScaler ${scaler}) although ${region} is declared drained.`,
                        service.urn,
                    );
                }
            }
        }
    },
);
