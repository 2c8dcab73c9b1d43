import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

export const policy = resourcePolicy(
    {
        name: "gcp-container-nodepool-enforce-autoscaling-and-surge",
        description:
            "GKE node pools autoscale with at least one node per zone, and upgrade by surge without taking nodes away first (maxUnavailable 0).",
        severity: "high",
        category: "availability",
        remediationSteps:
            "Set autoscaling { minNodeCount ≥ 1, maxNodeCount ≥ minNodeCount } (per zone) and upgradeSettings { maxSurge ≥ 1, maxUnavailable: 0 }.",
        anchors: ["Google gke-policy-library: Enable node pool auto-scaling"],
    },
    gcp.container.NodePool,
    (pool, report, { args }) => {
        const name = args.name;
        const scaling = pool.autoscaling;
        if (!scaling) {
            report(`GKE node pool '${name}' must autoscale: autoscaling is not set.`);
        } else {
            const min = scaling.minNodeCount ?? scaling.totalMinNodeCount;
            const max = scaling.maxNodeCount ?? scaling.totalMaxNodeCount;
            if (typeof min !== "number" || min < 1) {
                report(
                    `GKE node pool '${name}' must keep at least one node per zone: autoscaling.minNodeCount ${shown(min)}.`,
                );
            }
            if (typeof max !== "number" || (typeof min === "number" && max < min)) {
                report(
                    `GKE node pool '${name}' must allow scaling up: autoscaling.maxNodeCount ${shown(max)}, below minNodeCount ${min}.`,
                );
            }
        }
        const upgrade = pool.upgradeSettings;
        // Surge upgrades default to maxSurge 1 / maxUnavailable 0; flag explicit settings that remove capacity.
        if (upgrade?.strategy !== "BLUE_GREEN") {
            if (typeof upgrade?.maxUnavailable === "number" && upgrade.maxUnavailable > 0) {
                report(
                    `GKE node pool '${name}' must not remove nodes before replacements exist: upgradeSettings.maxUnavailable is ${upgrade.maxUnavailable} (expected 0).`,
                );
            }
            if (upgrade?.maxSurge === 0) {
                report(`GKE node pool '${name}' must surge during upgrades: upgradeSettings.maxSurge is 0.`);
            }
        }
    },
);
