import { protectionPolicy } from "../../../lib/protection";

export const policy = protectionPolicy({
    name: "gcp-secretmanager-secret-enforce-protection",
    type: "gcp:secretmanager/secret:Secret",
    label: "Secret Manager secret",
    description:
        "Secret Manager secrets (incident-access credentials the runbook depends on) are protected against deletion.",
    // The provider defaults deletionProtection to false, so it has to be set.
    flag: { property: "deletionProtection", providerDefault: false },
});
