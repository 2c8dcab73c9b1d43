import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

export const policy = resourcePolicy(
    {
        name: "gcp-redis-instance-enable-auth-and-tls",
        description:
            "Memorystore instances require AUTH and in-transit encryption (the cache holds call session state).",
        severity: "high",
        category: "security",
        remediationSteps:
            "Set authEnabled to true and transitEncryptionMode to SERVER_AUTHENTICATION; the workload reads the AUTH string from its Kubernetes Secret and the server CA from the instance.",
        anchors: ["CKV_GCP_95", "CKV_GCP_97"],
    },
    gcp.redis.Instance,
    (redis, report, { name }) => {
        // Both default to off in the API, so missing values are violations.
        if (redis.authEnabled !== true) {
            report(
                `Memorystore instance '${name}' must require AUTH: authEnabled ${shown(redis.authEnabled)} (expected true).`,
            );
        }
        if (redis.transitEncryptionMode !== "SERVER_AUTHENTICATION") {
            report(
                `Memorystore instance '${name}' must encrypt in transit: transitEncryptionMode ${shown(redis.transitEncryptionMode)} (expected "SERVER_AUTHENTICATION").`,
            );
        }
    },
);
