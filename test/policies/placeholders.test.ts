/**
 * The plan's own placeholders, "[unknown]" (a value known only after the update) and "[secret]"
 * (a secret's plaintext, never in the plan), in the fields the pack reads: the runner hands them
 * to the policies as the engine's unknown value, and the pack answers as the engine does during a
 * preview, with an advisory "can't run policy ... during preview", never a crash.
 */
import { defined } from "../../core/defined";
import * as assert from "assert";
import {
    placeholders,
    PolicyInventory,
    runPolicies,
    Violation,
    withUnknowns,
    unknownSentinel,
} from "../../tools/lib/policy";
import { mutate, realPlan } from "./harness";

/** Fields policies read as lists, each one a crash of the pack before the runner restored unknowns. */
const fields: [string, string][] = [
    ["gcp:container/nodePool:NodePool", "nodeLocations"],
    ["gcp:pubsub/topic:Topic", "messageStoragePolicy.allowedPersistenceRegions"],
    ["gcp:secretmanager/secret:Secret", "replication.userManaged.replicas"],
    ["gcp:compute/firewall:Firewall", "allows"],
    ["gcp:compute/firewall:Firewall", "sourceRanges"],
    ["gcp:compute/firewall:Firewall", "targetTags"],
    ["gcp:servicenetworking/connection:Connection", "reservedPeeringRanges"],
    ["gcp:redis/instance:Instance", "maintenancePolicy.weeklyMaintenanceWindows"],
    ["kubernetes:apps/v1:Deployment", "spec.template.spec.containers"],
    ["kubernetes:apps/v1:Deployment", "spec.template.spec.topologySpreadConstraints"],
    ["kubernetes:core/v1:Service", "spec.ports"],
];

describe("policies tolerate the plan's placeholders [unknown] and [secret]", () => {
    let base: PolicyInventory;
    let clean: Violation[];
    before(async () => {
        base = await realPlan("prod-eu");
        clean = runPolicies(base);
    });

    it("the runner turns both placeholders into the engine's unknown string, and nothing else", () => {
        assert.deepStrictEqual(withUnknowns({ a: ["[unknown]", "[secret]", "x"], b: { c: "[unknown] " } }), {
            a: [unknownSentinel, unknownSentinel, "x"],
            b: { c: "[unknown] " },
        });
    });

    for (const [type, field] of fields) {
        for (const placeholder of placeholders) {
            it(`${placeholder} in ${type} ${field}: an advisory "can't run ... during preview", every other verdict unchanged`, () => {
                const inv = structuredClone(base);
                // The first resource of the type; a field it leaves unset (a pool's nodeLocations) is added.
                const i = inv.resources.findIndex((r) => r.type === type);
                assert.ok(i >= 0, `the prod-eu plan has a ${type}`);
                const target = defined(inv.resources[i], `the prod-eu plan's ${type}`);
                inv.resources[i] = { ...target, inputs: mutate(target.inputs ?? {}, field, placeholder) };
                const violations = runPolicies(inv);
                const cannotRun = violations.filter((v) => v.message.startsWith("can't run policy '"));
                assert.ok(cannotRun.length >= 1, JSON.stringify(violations));
                for (const v of cannotRun) {
                    assert.strictEqual(v.enforcementLevel, "advisory");
                    assert.match(
                        v.message,
                        new RegExp(
                            `^can't run policy '${v.policy}' during preview: string value at \\.\\S+ can't be known during preview$`,
                        ),
                    );
                }
                assert.ok(
                    cannotRun.some((v) => v.message.includes(` at .${field.split(".")[0]}`)),
                    JSON.stringify(cannotRun),
                );
                const others = violations.filter((v) => !cannotRun.includes(v));
                const silenced = new Set(cannotRun.map((v) => `${v.policy} ${v.urn}`));
                assert.deepStrictEqual(
                    others,
                    clean.filter(
                        (v) => !silenced.has(`${v.policy} ${v.urn}`) && !silenced.has(`${v.policy} ${target.urn}`),
                    ),
                );
            });
        }
    }
});
