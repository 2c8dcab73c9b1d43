import * as assert from "assert";
import { policy as residency } from "../../../policies/gcp/secretmanager/secret/gcp-secretmanager-secret-enforce-data-residency";
import { policy as protection } from "../../../policies/gcp/secretmanager/secret/gcp-secretmanager-secret-enforce-protection";
import { checkPlanned, prodEu, REMOVE, resourceCases, stackCases, unprotect } from "../harness";

const TYPE = "gcp:secretmanager/secret:Secret";
const SECRET = prodEu(TYPE, "incident-access");

stackCases(residency, "prod-eu", [
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

resourceCases(protection, SECRET, [
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
    it("requires the Pulumi protect option", async () => {
        assert.deepStrictEqual(await checkPlanned(protection, SECRET, unprotect), [
            `Secret Manager secret 'incident-access' holds state and must be created with the Pulumi resource option protect: true.`,
        ]);
    });
});
