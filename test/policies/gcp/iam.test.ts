import * as assert from "assert";
import { policy as admin } from "../../../policies/gcp/projects/iAMMember/gcp-projects-iammember-disallow-admin-roles-for-service-accounts";
import { policy as basic } from "../../../policies/gcp/projects/iAMMember/gcp-projects-iammember-disallow-basic-roles";
import { policy as defaults } from "../../../policies/gcp/projects/iAMMember/gcp-projects-iammember-disallow-default-service-accounts";
import { policy as impersonation } from "../../../policies/gcp/projects/iAMMember/gcp-projects-iammember-disallow-service-account-impersonation";
import { policy as keys } from "../../../policies/gcp/serviceaccount/key/gcp-serviceaccount-key-disallow-user-managed-keys";
import { addCopy, checkPlanned, checkStack, messages, prodEu, realPlan, resourceCases, setInputs } from "../harness";

const MEMBER = "gcp:projects/iAMMember:IAMMember";
const GRANT = "voice-cluster-europe-west1-nodes-logging-logwriter";
const LOG_WRITER = prodEu(MEMBER, GRANT);
const KEY = "gcp:serviceaccount/key:Key";
const SA = "serviceAccount:gke-nodes-europe-west1@edentist-voice-prod-eu.iam.gserviceaccount.com";

resourceCases(basic, LOG_WRITER, [
    [
        "role",
        "roles/editor",
        [
            `Project IAM grant '${GRANT}' uses the basic role roles/editor for ${SA}; use predefined least-privilege roles.`,
        ],
    ],
    [
        "role",
        "roles/owner",
        [
            `Project IAM grant '${GRANT}' uses the basic role roles/owner for ${SA}; use predefined least-privilege roles.`,
        ],
    ],
    [
        "role",
        "roles/viewer",
        [
            `Project IAM grant '${GRANT}' uses the basic role roles/viewer for ${SA}; use predefined least-privilege roles.`,
        ],
    ],
]);

/** The prod-eu plan with the log-writer grant copied into a binding of two people with `role`. */
async function withBinding(role: string) {
    const inventory = await realPlan("prod-eu");
    addCopy(
        inventory,
        LOG_WRITER,
        "gcp:projects/iAMBinding:IAMBinding",
        "log-writers",
        ({ member: _member, ...grant }) => ({
            ...grant,
            role,
            members: ["user:a@edentist.ai", "user:b@edentist.ai"],
        }),
    );
    return inventory;
}

describe(`${basic.name} (bindings)`, () => {
    it("accepts a binding with a predefined role", async () => {
        assert.deepStrictEqual(messages(checkStack(basic, await withBinding("roles/logging.logWriter"))), []);
    });
    it("names every member of a binding that uses a basic role", async () => {
        assert.deepStrictEqual(messages(checkStack(basic, await withBinding("roles/owner"))), [
            `Project IAM grant 'log-writers' uses the basic role roles/owner for user:a@edentist.ai, user:b@edentist.ai; use predefined least-privilege roles.`,
        ]);
    });
});

resourceCases(impersonation, LOG_WRITER, [
    [
        "role",
        "roles/iam.serviceAccountUser",
        [
            `Project IAM grant '${GRANT}' gives roles/iam.serviceAccountUser at project level to ${SA}; grant it on the specific service account.`,
        ],
    ],
    [
        "role",
        "roles/iam.serviceAccountTokenCreator",
        [
            `Project IAM grant '${GRANT}' gives roles/iam.serviceAccountTokenCreator at project level to ${SA}; grant it on the specific service account.`,
        ],
    ],
]);

resourceCases(admin, LOG_WRITER, [
    [
        "role",
        "roles/pubsub.admin",
        [
            `Project IAM grant '${GRANT}' gives the admin role roles/pubsub.admin to ${SA}; service accounts get least-privilege roles.`,
        ],
    ],
    ["member", "user:ops@edentist.ai", []],
]);

describe(`${admin.name} (people)`, () => {
    it("leaves admin roles of people to other reviews", async () => {
        const toPeople = setInputs({ role: "roles/pubsub.admin", member: "group:sre@edentist.ai" });
        assert.deepStrictEqual(await checkPlanned(admin, LOG_WRITER, toPeople), []);
    });
});

resourceCases(defaults, LOG_WRITER, [
    [
        "member",
        "serviceAccount:101676087757-compute@developer.gserviceaccount.com",
        [
            `Project IAM grant '${GRANT}' gives roles/logging.logWriter to the default service account serviceAccount:101676087757-compute@developer.gserviceaccount.com; use a dedicated service account.`,
        ],
    ],
    [
        "member",
        "serviceAccount:edentist-voice-prod-eu@appspot.gserviceaccount.com",
        [
            `Project IAM grant '${GRANT}' gives roles/logging.logWriter to the default service account serviceAccount:edentist-voice-prod-eu@appspot.gserviceaccount.com; use a dedicated service account.`,
        ],
    ],
]);

describe(keys.name, () => {
    it("rejects any user-managed key", async () => {
        const inventory = await realPlan("prod-eu");
        addCopy(
            inventory,
            prodEu("gcp:serviceaccount/account:Account", "voice-agent"),
            KEY,
            "voice-agent-key",
            (a) => ({
                serviceAccountId: a.accountId,
            }),
        );
        assert.deepStrictEqual(messages(checkStack(keys, inventory)), [
            `Service account key 'voice-agent-key' for voice-agent is a user-managed key; use Workload Identity instead.`,
        ]);
    });
    it("accepts the prod-eu plan, which has no key", async () => {
        assert.deepStrictEqual(messages(checkStack(keys, await realPlan("prod-eu"))), []);
    });
});
