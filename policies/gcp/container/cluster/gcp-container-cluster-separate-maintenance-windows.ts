import { stackPolicy } from "../../../lib/define";
import { ofType, physicalName } from "../../../lib/resources";
import { overlaps, weeklyWindows } from "./maintenance";

// GKE upgrades drain and recreate nodes during the window; if two regions share a window, a
// failed upgrade can take capacity out of both at once, exactly the double fault the second
// region exists to avoid.
export const policy = stackPolicy(
    {
        name: "gcp-container-cluster-separate-maintenance-windows",
        description: "Every GKE cluster declares a maintenance window, and the windows of clusters in different regions never overlap.",
        severity: "high",
        category: "availability",
        remediationSteps: "Give each region's cluster its own maintenancePolicy.recurringWindow (startTime, endTime, recurrence) on different days or hours (config regions.<r>.maintenance).",
        anchors: ["Google gke-policy-library: Enable maintenance windows"],
    },
    (args, report) => {
        const clusters = ofType(args.resources, "gcp:container/cluster:Cluster");
        const windows = clusters.map((c) => ({ c, w: weeklyWindows(c.props.maintenancePolicy) }));
        for (const { c, w } of windows) {
            if (typeof w === "string") report(`GKE cluster '${physicalName(c)}' must declare a readable maintenance window: ${w}.`, c.urn);
        }
        for (let i = 0; i < windows.length; i++) {
            for (let j = i + 1; j < windows.length; j++) {
                const a = windows[i], b = windows[j];
                if (typeof a.w === "string" || typeof b.w === "string") continue;
                if (a.c.props.location !== b.c.props.location && overlaps(a.w, b.w)) {
                    report(`GKE clusters '${physicalName(a.c)}' and '${physicalName(b.c)}' have overlapping maintenance windows; regions must never be maintained at the same time.`, b.c.urn);
                }
            }
        }
    },
);
