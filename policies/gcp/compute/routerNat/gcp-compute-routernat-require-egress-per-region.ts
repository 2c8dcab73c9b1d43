import { stackPolicy } from "../../../lib/define";
import { cellRegions, lastSegment, ofType, physicalName } from "../../../lib/resources";

// Private nodes have no external IPs: the PMS integrations (third-party APIs) are reachable only
// through Cloud NAT, per region. A region without NAT serves calls but cannot sync bookings.
export const policy = stackPolicy(
    {
        name: "gcp-compute-routernat-require-egress-per-region",
        description: "Every region of the cell has a Cloud NAT on a Cloud Router of that region.",
        severity: "high",
        category: "availability",
        remediationSteps:
            "Declare a compute.Router and a compute.RouterNat (sourceSubnetworkIpRangesToNat ALL_SUBNETWORKS_ALL_IP_RANGES) in each region.",
        anchors: [],
    },
    (args, report) => {
        const routers = ofType(args.resources, "gcp:compute/router:Router");
        const nats = ofType(args.resources, "gcp:compute/routerNat:RouterNat");
        for (const region of cellRegions(args.resources)) {
            const ok = nats.some(
                (n) =>
                    n.props.region === region &&
                    routers.some((r) => r.props.region === region && physicalName(r) === lastSegment(n.props.router)),
            );
            if (!ok)
                report(
                    `Region ${region} has no Cloud NAT on a Cloud Router of that region; private nodes there cannot reach external APIs.`,
                );
        }
    },
);
