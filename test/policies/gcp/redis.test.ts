import * as assert from "assert";
import { policy as authTls } from "../../../policies/gcp/redis/instance/gcp-redis-instance-enable-auth-and-tls";
import { policy as ha } from "../../../policies/gcp/redis/instance/gcp-redis-instance-enforce-high-availability";
import { policy as protection } from "../../../policies/gcp/redis/instance/gcp-redis-instance-enforce-protection";
import { policy as psa } from "../../../policies/gcp/redis/instance/gcp-redis-instance-require-private-service-access";
import { checkPlanned, prodEu, REMOVE, resourceCases, unprotect } from "../harness";

const N = "voice-cache-europe-west1";
const CACHE = prodEu("gcp:redis/instance:Instance", N);

resourceCases(authTls, CACHE, [
    ["authEnabled", false, [`Memorystore instance '${N}' must require AUTH: authEnabled is false (expected true).`]],
    ["authEnabled", REMOVE, [`Memorystore instance '${N}' must require AUTH: authEnabled is not set (expected true).`]],
    [
        "transitEncryptionMode",
        "DISABLED",
        [
            `Memorystore instance '${N}' must encrypt in transit: transitEncryptionMode is "DISABLED" (expected "SERVER_AUTHENTICATION").`,
        ],
    ],
    [
        "transitEncryptionMode",
        REMOVE,
        [
            `Memorystore instance '${N}' must encrypt in transit: transitEncryptionMode is not set (expected "SERVER_AUTHENTICATION").`,
        ],
    ],
]);

resourceCases(ha, CACHE, [
    ["tier", "BASIC", [`Memorystore instance '${N}' must use the STANDARD_HA tier: tier is "BASIC".`]],
    ["tier", REMOVE, [`Memorystore instance '${N}' must use the STANDARD_HA tier: tier is not set.`]],
    ["replicaCount", 0, [`Memorystore instance '${N}' must have at least 1 replica(s): replicaCount is 0.`]],
    ["replicaCount", REMOVE, []],
    [
        "persistenceConfig.persistenceMode",
        "DISABLED",
        [
            `Memorystore instance '${N}' must persist snapshots: persistenceConfig.persistenceMode is "DISABLED" (expected "RDB").`,
        ],
    ],
    [
        "persistenceConfig",
        REMOVE,
        [
            `Memorystore instance '${N}' must persist snapshots: persistenceConfig.persistenceMode is not set (expected "RDB").`,
        ],
    ],
]);

resourceCases(psa, CACHE, [
    [
        "connectMode",
        "DIRECT_PEERING",
        [`Memorystore instance '${N}' must connect through private services access: connectMode is "DIRECT_PEERING".`],
    ],
    [
        "connectMode",
        REMOVE,
        [`Memorystore instance '${N}' must connect through private services access: connectMode is not set.`],
    ],
    ["authorizedNetwork", REMOVE, [`Memorystore instance '${N}' must name the cell's VPC in authorizedNetwork.`]],
    [
        "maintenancePolicy",
        REMOVE,
        [`Memorystore instance '${N}' must declare maintenancePolicy.weeklyMaintenanceWindows.`],
    ],
]);

resourceCases(protection, CACHE, [
    [
        "deletionProtection",
        false,
        [`Memorystore instance '${N}' must enable deletion protection: deletionProtection is false (expected true).`],
    ],
    ["deletionProtection", REMOVE, []],
]);

describe(`${protection.name} (protect option)`, () => {
    it("requires the Pulumi protect option", async () => {
        assert.deepStrictEqual(await checkPlanned(protection, CACHE, unprotect), [
            `Memorystore instance '${N}' holds state and must be created with the Pulumi resource option protect: true.`,
        ]);
    });
});
