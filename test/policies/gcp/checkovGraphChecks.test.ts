/**
 * The policies that hold Checkov's graph checks on the network and the HTTP front end
 * (CKV2_GCP_18, CKV2_GCP_38), run on the real prod-eu plan and on mutations of it.
 */
import * as assert from "assert";
import { policy as networkFirewall } from "../../../policies/gcp/compute/network/gcp-compute-network-require-firewall-rules";
import { policy as redirect } from "../../../policies/gcp/compute/targetHttpProxy/gcp-compute-targethttpproxy-enforce-https-redirect";
import { PolicyInventory } from "../../../tools/lib/policy";
import { planOf } from "../../support/plans";
import { checkStack, messages, mutateResource, REMOVE } from "../harness";

const NETWORK = "gcp:compute/network:Network";
const FIREWALL = "gcp:compute/firewall:Firewall";
const FORWARDING = "gcp:compute/globalForwardingRule:GlobalForwardingRule";
const HEALTH_RULE = "voice-eu-allow-health-checks";

/** The plan without the resources of `type`, and without any dependency on them. */
function without(inventory: PolicyInventory, type: string): PolicyInventory {
    const gone = new Set(inventory.resources.filter((r) => r.type === type).map((r) => r.urn));
    return {
        ...inventory,
        resources: inventory.resources
            .filter((r) => !gone.has(r.urn))
            .map((r) => ({ ...r, dependsOn: (r.dependsOn ?? []).filter((d) => !gone.has(d)) })),
    };
}

describe("policies held to Checkov's graph checks, on the real prod-eu plan", () => {
    let base: PolicyInventory;
    before(async () => {
        base = await planOf("prod-eu");
    });

    describe(networkFirewall.name, () => {
        it("accepts the plan: the VPC has its health-check rule", () => {
            assert.deepStrictEqual(messages(checkStack(networkFirewall, base)), []);
        });

        it("fails a VPC whose stack declares no firewall rule", () => {
            assert.deepStrictEqual(messages(checkStack(networkFirewall, without(base, FIREWALL))), [
                "VPC 'voice-eu' has no firewall rule declared in this stack.",
            ]);
        });

        it("fails a VPC whose only firewall rule belongs to another network", () => {
            const elsewhere = without(
                mutateResource(base, FIREWALL, HEALTH_RULE, "network", "projects/p/global/networks/default"),
                NETWORK,
            );
            const withNetwork = {
                ...elsewhere,
                resources: [...elsewhere.resources, ...base.resources.filter((r) => r.type === NETWORK)],
            };
            assert.deepStrictEqual(messages(checkStack(networkFirewall, withNetwork)), [
                "VPC 'voice-eu' has no firewall rule declared in this stack.",
            ]);
        });
    });

    describe(`${redirect.name}: the HTTP front end's scheme`, () => {
        it("accepts the plan: both front ends are EXTERNAL_MANAGED", () => {
            assert.deepStrictEqual(messages(checkStack(redirect, base)), []);
        });

        for (const [value, shownAs] of [
            ["EXTERNAL", 'is "EXTERNAL"'],
            ["external", 'is "external"'],
            [REMOVE, "is not set"],
        ] as const) {
            it(`fails the redirect rule on the classic scheme (loadBalancingScheme ${shownAs})`, () => {
                const broken = mutateResource(
                    base,
                    FORWARDING,
                    "voice-eu-lb-http-redirect",
                    "loadBalancingScheme",
                    value,
                );
                assert.deepStrictEqual(messages(checkStack(redirect, broken)), [
                    `Forwarding rule 'voice-eu-lb-http-redirect' serves HTTP proxy 'voice-eu-lb-http-redirect' on the classic load balancer (loadBalancingScheme ${shownAs}); use EXTERNAL_MANAGED, as the HTTPS front end does.`,
                ]);
            });
        }

        it("leaves the HTTPS rule's scheme to the HTTPS policies", () => {
            const classic = mutateResource(base, FORWARDING, "voice-eu-lb-https", "loadBalancingScheme", "EXTERNAL");
            assert.deepStrictEqual(messages(checkStack(redirect, classic)), []);
        });
    });
});
