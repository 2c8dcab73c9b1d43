import { protectionPolicy } from "../../../lib/protection";

export const policy = protectionPolicy({
    name: "gcp-compute-globaladdress-enforce-protection",
    type: "gcp:compute/globalAddress:GlobalAddress",
    label: "Global address",
    description:
        "Reserved global addresses (the load balancer IP in DNS, the private services range of Cloud SQL and Memorystore) are protected: a new address means a DNS change or a re-peered VPC.",
    // Advisory: recreating an address costs a DNS change or a re-peering, not data.
    enforcementLevel: "advisory",
});
