import * as assert from "assert";
import { policy as admin } from "../../../policies/gcp/projects/iAMMember/gcp-projects-iammember-disallow-admin-roles-for-service-accounts";
import { policy as basic } from "../../../policies/gcp/projects/iAMMember/gcp-projects-iammember-disallow-basic-roles";
import { policy as defaults } from "../../../policies/gcp/projects/iAMMember/gcp-projects-iammember-disallow-default-service-accounts";
import { policy as impersonation } from "../../../policies/gcp/projects/iAMMember/gcp-projects-iammember-disallow-service-account-impersonation";
import { policy as keys } from "../../../policies/gcp/serviceaccount/key/gcp-serviceaccount-key-disallow-user-managed-keys";
import { checkResource, resourceCases } from "../harness";
import { projectIam } from "../fixtures";

const MEMBER = "gcp:projects/iAMMember:IAMMember";
const SA = "serviceAccount:gke-nodes-europe-west1@edentist-voice-prod-eu.iam.gserviceaccount.com";

resourceCases(basic, MEMBER, projectIam, [
    [
        "role",
        "roles/editor",
        [`Project IAM grant 'test' uses the basic role roles/editor for ${SA}; use predefined least-privilege roles.`],
    ],
    [
        "role",
        "roles/owner",
        [`Project IAM grant 'test' uses the basic role roles/owner for ${SA}; use predefined least-privilege roles.`],
    ],
    [
        "role",
        "roles/viewer",
        [`Project IAM grant 'test' uses the basic role roles/viewer for ${SA}; use predefined least-privilege roles.`],
    ],
]);

resourceCases(
    basic,
    "gcp:projects/iAMBinding:IAMBinding",
    { project: "p", role: "roles/logging.logWriter", members: ["user:a@edentist.ai", "user:b@edentist.ai"] },
    [
        [
            "role",
            "roles/owner",
            [
                `Project IAM grant 'test' uses the basic role roles/owner for user:a@edentist.ai, user:b@edentist.ai; use predefined least-privilege roles.`,
            ],
        ],
    ],
);

resourceCases(impersonation, MEMBER, projectIam, [
    [
        "role",
        "roles/iam.serviceAccountUser",
        [
            `Project IAM grant 'test' gives roles/iam.serviceAccountUser at project level to ${SA}; grant it on the specific service account.`,
        ],
    ],
    [
        "role",
        "roles/iam.serviceAccountTokenCreator",
        [
            `Project IAM grant 'test' gives roles/iam.serviceAccountTokenCreator at project level to ${SA}; grant it on the specific service account.`,
        ],
    ],
]);

resourceCases(admin, MEMBER, projectIam, [
    [
        "role",
        "roles/pubsub.admin",
        [
            `Project IAM grant 'test' gives the admin role roles/pubsub.admin to ${SA}; service accounts get least-privilege roles.`,
        ],
    ],
    ["member", "user:ops@edentist.ai", []],
]);

describe(`${admin.name} (people)`, () => {
    it("leaves admin roles of people to other reviews", () => {
        assert.deepStrictEqual(
            checkResource(admin, MEMBER, {
                ...projectIam,
                role: "roles/pubsub.admin",
                member: "group:sre@edentist.ai",
            }),
            [],
        );
    });
});

resourceCases(defaults, MEMBER, projectIam, [
    [
        "member",
        "serviceAccount:101676087757-compute@developer.gserviceaccount.com",
        [
            `Project IAM grant 'test' gives roles/logging.logWriter to the default service account serviceAccount:101676087757-compute@developer.gserviceaccount.com; use a dedicated service account.`,
        ],
    ],
    [
        "member",
        "serviceAccount:edentist-voice-prod-eu@appspot.gserviceaccount.com",
        [
            `Project IAM grant 'test' gives roles/logging.logWriter to the default service account serviceAccount:edentist-voice-prod-eu@appspot.gserviceaccount.com; use a dedicated service account.`,
        ],
    ],
]);

describe(keys.name, () => {
    it("rejects any user-managed key", () => {
        assert.deepStrictEqual(checkResource(keys, "gcp:serviceaccount/key:Key", { serviceAccountId: "voice-agent" }), [
            `Service account key 'test' for voice-agent is a user-managed key; use Workload Identity instead.`,
        ]);
    });
    it("ignores other resource types", () => {
        assert.deepStrictEqual(checkResource(keys, MEMBER, projectIam), []);
    });
});
