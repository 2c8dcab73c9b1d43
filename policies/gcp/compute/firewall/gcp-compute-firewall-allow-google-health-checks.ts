import { stackPolicy } from "../../../lib/define";
import { ofType } from "../../../lib/resources";

// Google's front ends and health checkers reach NEG endpoints from these ranges (load balancing
// docs, "Firewall rules"); without an allow rule every backend turns unhealthy at once.
const HEALTH_CHECK_RANGES = ["35.191.0.0/16", "130.211.0.0/22"];

export const policy = stackPolicy(
    {
        name: "gcp-compute-firewall-allow-google-health-checks",
        description:
            "An enabled ingress rule lets Google's health-check and proxy ranges (35.191.0.0/16, 130.211.0.0/22) reach the GKE nodes over TCP.",
        severity: "critical",
        category: "availability",
        remediationSteps:
            "Keep the firewall rule allowing tcp from 35.191.0.0/16 and 130.211.0.0/22 to the serving port, with targetTags matching the node pools' network tags.",
        anchors: [],
    },
    (args, report) => {
        if (ofType(args.resources, "gcp:compute/backendService:BackendService").length === 0) return;
        const nodeTags = new Set(
            ofType(args.resources, "gcp:container/nodePool:NodePool").flatMap((p) => p.props.nodeConfig?.tags ?? []),
        );
        const covered = new Set<string>();
        for (const rule of ofType(args.resources, "gcp:compute/firewall:Firewall")) {
            if ((rule.props.direction ?? "INGRESS") !== "INGRESS" || rule.props.disabled === true) continue;
            const tcp = (rule.props.allows ?? []).some(
                (a: { protocol?: string }) => a.protocol === "tcp" || a.protocol === "all",
            );
            const targets: string[] = rule.props.targetTags ?? [];
            const reachesNodes = targets.length === 0 || targets.some((t) => nodeTags.has(t));
            if (!tcp || !reachesNodes) continue;
            for (const range of rule.props.sourceRanges ?? []) covered.add(range);
        }
        const missing = HEALTH_CHECK_RANGES.filter((r) => !covered.has(r));
        if (missing.length > 0) {
            report(
                `No enabled ingress firewall rule lets Google health checks from ${missing.join(", ")} reach the GKE nodes over TCP.`,
            );
        }
    },
);
