import { stackPolicy } from "../../../lib/define";
import { ofType, physicalName } from "../../../lib/resources";
import { weeklyOverlap } from "../../../../core/maintenanceWindows";
import { Interval, redisWindows, sqlWindows, weeklyWindows } from "./maintenance";

// GKE upgrades drain and recreate nodes during the window; if two regions share a window, a
// failed upgrade can take capacity out of both at once, exactly the double fault the second
// region exists to avoid.
export const policy = stackPolicy(
    {
        name: "gcp-container-cluster-separate-maintenance-windows",
        description:
            "Every GKE cluster declares a maintenance window, and the maintenance windows of GKE clusters, Cloud SQL instances and Memorystore instances in different regions never overlap.",
        severity: "high",
        category: "availability",
        remediationSteps:
            "Give each region its own maintenance slot (config regions.<r>.maintenance): the cluster's recurringWindow, the Cloud SQL maintenanceWindow and the Memorystore weekly window of different regions on different days or hours.",
        anchors: ["Google gke-policy-library: Enable maintenance windows"],
    },
    (args, report) => {
        const clusters = ofType(args.resources, "gcp:container/cluster:Cluster");
        const windows = clusters.map((c) => ({ c, w: weeklyWindows(c.props.maintenancePolicy) }));
        for (const { c, w } of windows) {
            if (typeof w === "string")
                report(`GKE cluster '${physicalName(c)}' must declare a readable maintenance window: ${w}.`, c.urn);
        }
        windows.forEach((a, i) => {
            for (const b of windows.slice(i + 1)) {
                if (typeof a.w === "string" || typeof b.w === "string") continue;
                if (a.c.props.location !== b.c.props.location && weeklyOverlap(a.w, b.w)) {
                    report(
                        `GKE clusters '${physicalName(a.c)}' and '${physicalName(b.c)}' have overlapping maintenance windows; regions must never be maintained at the same time.`,
                        b.c.urn,
                    );
                }
            }
        });
        // The data tier restarts during its windows too: a primary and its replica, or the caches
        // of two regions, must not be down together.
        const pairs: [string, string, (p: Record<string, any>) => Interval[] | undefined][] = [
            [
                "gcp:sql/databaseInstance:DatabaseInstance",
                "Cloud SQL instances",
                (p) => sqlWindows(p.settings?.maintenanceWindow),
            ],
            ["gcp:redis/instance:Instance", "Memorystore instances", (p) => redisWindows(p.maintenancePolicy)],
        ];
        for (const [type, label, read] of pairs) {
            const items = ofType(args.resources, type).map((r) => ({ r, w: read(r.props) }));
            items.forEach((a, i) => {
                for (const b of items.slice(i + 1)) {
                    if (a.w && b.w && a.r.props.region !== b.r.props.region && weeklyOverlap(a.w, b.w)) {
                        report(
                            `${label} '${physicalName(a.r)}' and '${physicalName(b.r)}' have overlapping maintenance windows; regions must never be maintained at the same time.`,
                            b.r.urn,
                        );
                    }
                }
            });
        }
    },
);
