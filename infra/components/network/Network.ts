import * as gcp from "../../gcp";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../../../core/naming";

export interface NetworkRegionArgs {
    /** Primary range (nodes) and the secondary ranges GKE uses for pods and services. */
    nodes: string;
    pods: string;
    services: string;
}

export interface NetworkArgs {
    /** Regions of the cell, keyed by GCP region name. */
    regions: Record<string, NetworkRegionArgs>;
    /** Private services access range peered into the VPC for Cloud SQL and Memorystore. */
    privateServicesRange: string;
    /** Network tag carried by GKE nodes; the health-check firewall targets it. */
    nodeTag: string;
    /** Port the voice-agent pods serve (and Google's health checks probe) on. */
    servingPort: number;
    /** Pulumi's `protect` on the stateful resources (infra/lifecycle.ts: off in drill cells). */
    protect: boolean;
    /** Leave the private services connection to the VPC's deletion (infra/lifecycle.ts `abandonOnDelete`). */
    abandonOnDelete: boolean;
}

/**
 * The cell's VPC: one subnet per region with secondary ranges for pods and services, Cloud Router
 * and Cloud NAT per region (private nodes reach Gemini Live and the PMS APIs through NAT), the
 * private-services-access peering for Cloud SQL and Memorystore, and the firewall rule that lets
 * Google's load-balancer health checks reach the pods.
 */
export class Network extends pulumi.ComponentResource {
    readonly network: gcp.compute.Network;
    readonly subnets: Record<string, gcp.compute.Subnetwork>;
    readonly privateServicesConnection: gcp.servicenetworking.Connection;
    /** Secondary range names a GKE cluster's ipAllocationPolicy refers to. */
    readonly podsRangeName = "pods";
    readonly servicesRangeName = "services";

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:network:Network", name, {}, opts);
        const parent = { parent: this };

        this.network = new gcp.compute.Network(
            name,
            {
                name,
                autoCreateSubnetworks: false,
                // GLOBAL: one Cloud Router per region still learns the other region's routes.
                routingMode: "GLOBAL",
                description: "voice-agent cell VPC",
            },
            parent,
        );

        this.subnets = {};
        for (const [region, ranges] of Object.entries(args.regions)) {
            const subnetName = childName(name, region);
            this.subnets[region] = new gcp.compute.Subnetwork(
                subnetName,
                {
                    name: subnetName,
                    region,
                    network: this.network.id,
                    ipCidrRange: ranges.nodes,
                    secondaryIpRanges: [
                        { rangeName: this.podsRangeName, ipCidrRange: ranges.pods },
                        { rangeName: this.servicesRangeName, ipCidrRange: ranges.services },
                    ],
                    // Private nodes reach Google APIs (Artifact Registry, Secret Manager) without NAT.
                    privateIpGoogleAccess: true,
                    logConfig: {
                        aggregationInterval: "INTERVAL_5_SEC",
                        flowSampling: 0.5,
                        metadata: "INCLUDE_ALL_METADATA",
                    },
                },
                parent,
            );
            const router = new gcp.compute.Router(
                childName(name, region, "router"),
                { name: childName(name, region, "router"), region, network: this.network.id },
                parent,
            );
            new gcp.compute.RouterNat(
                childName(name, region, "nat"),
                {
                    name: childName(name, region, "nat"),
                    region,
                    router: router.name,
                    natIpAllocateOption: "AUTO_ONLY",
                    sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
                    logConfig: { enable: true, filter: "ERRORS_ONLY" },
                },
                parent,
            );
        }

        // Private services access: Cloud SQL (private IP only) and Memorystore (PRIVATE_SERVICE_ACCESS)
        // live in Google's producer network peered into this VPC through this range.
        const [address, prefix] = args.privateServicesRange.split("/");
        const psaRange = new gcp.compute.GlobalAddress(
            childName(name, "private-services"),
            {
                name: childName(name, "private-services"),
                purpose: "VPC_PEERING",
                addressType: "INTERNAL",
                address,
                prefixLength: Number(prefix),
                network: this.network.id,
            },
            // Cloud SQL and Memorystore hold addresses in this range: replacing it means re-peering.
            pulumi.mergeOptions(parent, { protect: args.protect }),
        );
        this.privateServicesConnection = new gcp.servicenetworking.Connection(
            childName(name, "private-services"),
            {
                network: this.network.id,
                service: "servicenetworking.googleapis.com",
                reservedPeeringRanges: [psaRange.name],
                // The pinned provider's values: ABANDON drops it from the state and leaves the
                // peering, which the VPC's deletion then needs removed (docs/bring-up.md).
                ...(args.abandonOnDelete ? { deletionPolicy: "ABANDON" } : {}),
            },
            parent,
        );

        // Google Front Ends probe NEG endpoints (pod IPs) from these ranges; without this rule every
        // backend is unhealthy. https://cloud.google.com/load-balancing/docs/health-check-concepts#ip-ranges
        new gcp.compute.Firewall(
            childName(name, "allow-health-checks"),
            {
                name: childName(name, "allow-health-checks"),
                network: this.network.id,
                direction: "INGRESS",
                sourceRanges: ["35.191.0.0/16", "130.211.0.0/22"],
                targetTags: [args.nodeTag],
                allows: [{ protocol: "tcp", ports: [String(args.servingPort)] }],
                logConfig: { metadata: "INCLUDE_ALL_METADATA" },
            },
            parent,
        );

        this.registerOutputs({ network: this.network.id });
    }
}
