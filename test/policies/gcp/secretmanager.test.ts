import * as assert from "assert";
import { policy as residency } from "../../../policies/gcp/secretmanager/secret/gcp-secretmanager-secret-enforce-data-residency";
import { policy as protection } from "../../../policies/gcp/secretmanager/secret/gcp-secretmanager-secret-enforce-protection";
import { checkResource, REMOVE, resourceCases, stackCases } from "../harness";
import { compliantInventory, secret } from "../fixtures";

const TYPE = "gcp:secretmanager/secret:Secret";

stackCases(residency, compliantInventory, [
    [
        TYPE,
        "incident-access",
        "replication",
        { auto: {} },
        [
            `Secret Manager secret 'incident-access' must use replication.userManaged limited to the cell's regions (europe-west1, europe-west4).`,
        ],
    ],
    [
        TYPE,
        "incident-access",
        "replication.userManaged.replicas[1]",
        REMOVE,
        [
            `Secret Manager secret 'incident-access' replicates to europe-west1 only; replicate to at least two cell regions so incident access survives a region loss.`,
        ],
    ],
    [
        TYPE,
        "incident-access",
        "replication.userManaged.replicas[0].location",
        "us-east1",
        [
            `Secret Manager secret 'incident-access' replicates outside the cell: us-east1 (cell regions: europe-west1, europe-west4).`,
        ],
    ],
]);

resourceCases(protection, TYPE, secret, [
    [
        "deletionProtection",
        false,
        [
            `Secret Manager secret 'incident-access' must enable deletion protection: deletionProtection is false (expected true).`,
        ],
    ],
    [
        "deletionProtection",
        REMOVE,
        [
            `Secret Manager secret 'incident-access' must enable deletion protection: deletionProtection is not set (expected true).`,
        ],
    ],
]);

describe(`${protection.name} (protect option)`, () => {
    it("requires the Pulumi protect option", () => {
        assert.deepStrictEqual(checkResource(protection, TYPE, secret, { protect: false }), [
            `Secret Manager secret 'incident-access' holds state and must be created with the Pulumi resource option protect: true.`,
        ]);
    });
});
