import * as assert from "assert";
import {
    cacheName,
    childName,
    clusterName,
    databaseReplicaName,
    fixedNames,
    gcpName,
    negName,
    serviceAccountId,
} from "../../core/naming";

describe("naming", () => {
    it("keeps the runbook's physical names", () => {
        assert.deepStrictEqual(
            [
                fixedNames.backendService,
                fixedNames.databasePrimary,
                fixedNames.namespace,
                fixedNames.deployment,
                fixedNames.nodePool,
                fixedNames.incidentSecret,
            ],
            ["voice-lb", "voice-db", "voice-agent", "voice-agent", "default", "incident-access"],
        );
    });

    const table: [string, () => string, string][] = [
        ["cluster", () => clusterName("europe-west1"), "voice-cluster-europe-west1"],
        ["cache", () => cacheName("me-central2"), "voice-cache-me-central2"],
        ["replica", () => databaseReplicaName("europe-west4"), "voice-db-europe-west4"],
        ["NEG", () => negName("europe-west1"), "voice-agent-neg-europe-west1"],
        ["child", () => childName("voice-eu", "europe-west1", "nat"), "voice-eu-europe-west1-nat"],
        ["service account", () => serviceAccountId("gke-nodes", "me-central1"), "gke-nodes-me-central1"],
    ];
    for (const [what, make, expected] of table) {
        it(`names the ${what} ${expected}`, () => assert.strictEqual(make(), expected));
    }

    const errors: [string, () => string, string][] = [
        [
            "a name over 63 characters",
            () => gcpName("a".repeat(64)),
            `name "${"a".repeat(64)}" is 64 characters long; at most 63 are allowed`,
        ],
        [
            "uppercase",
            () => childName("voice", "Europe"),
            'name "voice-Europe" is not a valid resource name: use lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen',
        ],
        [
            "a trailing hyphen",
            () => gcpName("voice-"),
            'name "voice-" is not a valid resource name: use lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen',
        ],
        [
            "a service account id over 30 characters",
            () => serviceAccountId("gke-nodes", "northamerica-northeast2"),
            'name "gke-nodes-northamerica-northeast2" is 33 characters long; at most 30 are allowed',
        ],
        [
            "a service account id under 6 characters",
            () => serviceAccountId("sa"),
            'service account id "sa" is 2 characters long; at least 6 are required',
        ],
    ];
    for (const [what, make, message] of errors) {
        it(`rejects ${what}`, () => assert.throws(make, { message }));
    }
});
