import { PolicyResource } from "@pulumi/policy";
import { fixedNames } from "../../../../core/naming";
import { stackPolicy } from "../../../lib/define";
import { cellRegions, ofType, physicalName, regionScope } from "../../../lib/resources";
import { backendsByRegion, backendServices } from "./backends";

interface Config {
    deployment: string;
    capacityRatio: number;
}

interface Bounds {
    min: number;
    max: number;
}

/** HPA bounds of the served Deployment per region (HPA minReplicas defaults to 1). */
function hpaBounds(resources: PolicyResource[], regions: string[], deployment: string): Map<string, Bounds> {
    const bounds = new Map<string, Bounds>();
    for (const hpa of ofType(resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")) {
        if (hpa.props.spec?.scaleTargetRef?.name !== deployment) continue;
        const region = regionScope(hpa, regions, resources);
        if (!region) continue;
        bounds.set(region, { min: hpa.props.spec?.minReplicas ?? 1, max: hpa.props.spec?.maxReplicas ?? 0 });
    }
    return bounds;
}

// Runbook "Region failure": traffic of a drained region lands on the others. The surviving
// regions must be allowed to scale to at least the whole cell's steady-state floor (the sum of
// every region's HPA minimum), or the failover itself overloads them.
export const policy = stackPolicy<Config>(
    {
        name: "gcp-compute-backendservice-ensure-failover-capacity",
        description:
            "When a region is drained (or, with none drained, for the loss of any one region), the serving regions' HPA maxima add up to at least the cell's total HPA minimum.",
        severity: "high",
        category: "remediation-safety",
        remediationSteps:
            "Raise regions.<region>.workload.maxReplicas (and the node pool's maxPerZone to fit them) in the surviving regions, or lower the drained region's share.",
        anchors: [],
        configSchema: {
            properties: {
                deployment: {
                    type: "string",
                    default: fixedNames.deployment,
                    description: "Deployment behind the load balancer.",
                },
                capacityRatio: {
                    type: "number",
                    minimum: 0.1,
                    default: 1,
                    description: "Share of the cell's floor the survivors must reach.",
                },
            },
        },
    },
    (args, report, config) => {
        const regions = cellRegions(args.resources);
        const bounds = hpaBounds(args.resources, regions, config.deployment);
        if (bounds.size === 0) return;
        const floor = [...bounds.values()].reduce((sum, b) => sum + b.min, 0) * config.capacityRatio;
        const capacity = (serving: string[]) => serving.reduce((sum, r) => sum + (bounds.get(r)?.max ?? 0), 0);
        for (const service of backendServices(args.resources)) {
            const byRegion = backendsByRegion(service);
            const drained = [...bounds.keys()].filter((r) => !byRegion.get(r)?.serving);
            const scenarios = drained.length > 0 ? [drained] : [...bounds.keys()].map((r) => [r]);
            for (const lost of scenarios) {
                const serving = [...bounds.keys()].filter((r) => !lost.includes(r));
                if (serving.length === 0) continue; // never-drain-all-regions reports this
                const cap = capacity(serving);
                if (cap < floor) {
                    const what =
                        drained.length > 0 ? `With ${lost.join(", ")} drained` : `If ${lost.join(", ")} is lost`;
                    report(
                        `${what}, backend service '${physicalName(service)}' is left with ${serving.join(", ")}, whose HPA maxReplicas add up to ${cap}, below the cell's floor of ${floor} ${config.deployment} replicas.`,
                        service.urn,
                    );
                }
            }
        }
    },
);
