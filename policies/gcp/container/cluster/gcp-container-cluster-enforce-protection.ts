import { protectionPolicy } from "../../../lib/protection";

export const policy = protectionPolicy({
    name: "gcp-container-cluster-enforce-protection",
    type: "gcp:container/cluster:Cluster",
    label: "GKE cluster",
    description:
        "GKE clusters are protected against deletion: Pulumi `protect` and the provider's deletionProtection (recreating a regional cluster takes a region out of service for the better part of an hour).",
    // The provider defaults deletionProtection to true.
    flag: { property: "deletionProtection", providerDefault: true },
});
