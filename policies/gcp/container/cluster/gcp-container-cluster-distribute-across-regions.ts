import { stackPolicy } from "../../../lib/define";
import { isRegionName, ofType, physicalName, regionOfZone } from "../../../lib/resources";

interface Config {
    minRegions: number;
}

export const policy = stackPolicy<Config>(
    {
        name: "gcp-container-cluster-distribute-across-regions",
        description:
            "A cell runs GKE clusters in at least two different regions, one per region, so a regional outage leaves a serving cluster.",
        severity: "critical",
        category: "availability",
        remediationSteps:
            "Declare at least two entries in config `regions`; each gets its own cluster `voice-cluster-<region>`.",
        anchors: [],
        configSchema: { properties: { minRegions: { type: "integer", minimum: 2, default: 2 } } },
    },
    (args, report, config) => {
        const clusters = ofType(args.resources, "gcp:container/cluster:Cluster");
        const byRegion = new Map<string, string[]>();
        for (const c of clusters) {
            const loc = String(c.props.location ?? "");
            const region = isRegionName(loc) ? loc : regionOfZone(loc);
            byRegion.set(region, [...(byRegion.get(region) ?? []), physicalName(c)]);
        }
        if (byRegion.size < config.minRegions) {
            report(
                `The cell must run GKE clusters in at least ${config.minRegions} regions; found ${byRegion.size} (${[...byRegion.keys()].join(", ") || "none"}).`,
            );
        }
        for (const [region, names] of byRegion) {
            if (names.length > 1)
                report(
                    `Region ${region} has ${names.length} GKE clusters (${names.join(", ")}); the cell expects one per region.`,
                );
        }
    },
);
