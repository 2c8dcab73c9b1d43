import { stackPolicy } from "../../../lib/define";
import { lastSegment, ofType, physicalName } from "../../../lib/resources";

// Cloud SQL private IP and Memorystore PRIVATE_SERVICE_ACCESS only work through a service
// networking peering over a reserved VPC_PEERING range; without it the data tier is unreachable.
export const policy = stackPolicy(
    {
        name: "gcp-servicenetworking-connection-require-private-services-access",
        description:
            "When Cloud SQL or Memorystore use private services access, the stack declares the servicenetworking connection over a reserved VPC_PEERING range.",
        severity: "critical",
        category: "availability",
        remediationSteps:
            "Declare a GlobalAddress (purpose VPC_PEERING) and a servicenetworking.Connection with reservedPeeringRanges naming it, on the cell's VPC.",
        anchors: [],
    },
    (args, report) => {
        const users = [
            ...ofType(args.resources, "gcp:sql/databaseInstance:DatabaseInstance").filter(
                (r) => r.props.settings?.ipConfiguration?.privateNetwork,
            ),
            ...ofType(args.resources, "gcp:redis/instance:Instance").filter(
                (r) => r.props.connectMode === "PRIVATE_SERVICE_ACCESS",
            ),
        ];
        if (users.length === 0) return;
        const ranges = ofType(args.resources, "gcp:compute/globalAddress:GlobalAddress").filter(
            (a) => a.props.purpose === "VPC_PEERING",
        );
        const connections = ofType(args.resources, "gcp:servicenetworking/connection:Connection");
        const valid = connections.filter((c) =>
            (c.props.reservedPeeringRanges ?? []).some((r: unknown) =>
                ranges.some((a) => physicalName(a) === lastSegment(r)),
            ),
        );
        if (valid.length === 0) {
            const names = users.map((u) => physicalName(u)).join(", ");
            report(
                `${names} use private services access, but the stack declares no servicenetworking connection over a VPC_PEERING range.`,
            );
        }
    },
);
