import { protectionPolicy } from "../../../lib/protection";

export const policy = protectionPolicy({
    name: "gcp-redis-instance-enforce-protection",
    type: "gcp:redis/instance:Instance",
    label: "Memorystore instance",
    description: "Memorystore instances (session state of live calls) are protected against deletion.",
    // The provider defaults deletionProtection to true.
    flag: { property: "deletionProtection", providerDefault: true },
});
