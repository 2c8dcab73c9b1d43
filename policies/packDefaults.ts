import type { PolicyPackArgs } from "@pulumi/policy";

/** Pack-level settings; each policy sets its own enforcement level (see lib/define.ts). */
export const packDefaults: Omit<PolicyPackArgs, "policies"> = {
    enforcementLevel: "advisory",
    displayName: "voice-agent infrastructure",
    provider: "gcp",
    tags: ["gcp", "kubernetes", "high-availability", "disaster-recovery"],
};
