/**
 * No ConfigMap and no line of the offline plan's output holds a password, AUTH string or
 * token in plain text. The mocks give every Redis instance an AUTH string starting with
 * `FAKE-REDIS-AUTH-`; it must never surface, in the JSON inventory or the printed tree.
 */
import * as assert from "assert";
import { renderTree } from "../../tools/lib/render";
import { fakeRedisAuthPrefix } from "../../tools/lib/mocks";
import type { Inventory } from "../../tools/lib/plan";
import { ofType, planOf, prodStacks, types } from "../support/plans";

/** Keys whose values are credentials wherever they appear in a resource's inputs. */
const credentialKey = /pass(word)?|auth_?string|token|private_?key|client_?key|REDIS_AUTH/i;

/** Every `path = value` of a resource's inputs whose key looks like a credential. */
function credentialFields(value: unknown, path: string, out: { path: string; value: unknown }[]): void {
    if (Array.isArray(value)) value.forEach((v, i) => credentialFields(v, `${path}[${i}]`, out));
    else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            if (credentialKey.test(k)) out.push({ path: `${path}.${k}`, value: v });
            credentialFields(v, `${path}.${k}`, out);
        }
    }
}

for (const { stack } of prodStacks) {
    describe(`no secret in plain text: ${stack}`, () => {
        let inv: Inventory;
        before(async () => {
            inv = await planOf(stack);
        });

        it("the mocks did hand out AUTH strings (the check below has something to miss)", () => {
            assert.strictEqual(ofType(inv, types.redis).filter((r) => r.inputs.authEnabled === true).length, 2);
            assert.match(fakeRedisAuthPrefix, /^FAKE-REDIS-AUTH-$/);
        });

        it("no line of the JSON inventory or the printed tree holds an AUTH string", () => {
            const lines = [...JSON.stringify(inv, null, 2).split("\n"), ...renderTree(inv).split("\n")];
            assert.ok(lines.length > 1000, `${lines.length} lines`);
            assert.deepStrictEqual(
                lines.filter((l) => l.includes(fakeRedisAuthPrefix)),
                [],
            );
        });

        it("every credential-like input of every resource is masked", () => {
            const found: { path: string; value: unknown }[] = [];
            for (const r of inv.resources) credentialFields(r.inputs, `${r.type} ${r.name}`, found);
            // Flags such as automountServiceAccountToken: false name a credential but hold none.
            assert.deepStrictEqual(
                found.filter((f) => f.value !== "[secret]" && typeof f.value !== "boolean"),
                [],
            );
        });

        it("no ConfigMap carries a secret: no credential-like key, no AUTH string", () => {
            const maps = ofType(inv, types.configMap);
            assert.strictEqual(maps.length, 2);
            for (const cm of maps) {
                const data = cm.inputs.data as Record<string, string>;
                assert.deepStrictEqual(
                    Object.keys(data).filter((k) => /AUTH|PASSWORD|TOKEN|SECRET|KEY$/i.test(k)),
                    [],
                );
                assert.deepStrictEqual(
                    Object.values(data).filter((v) => v === "[secret]" || v.includes(fakeRedisAuthPrefix)),
                    [],
                );
            }
        });

        it("the Redis AUTH Secrets and the pod template checksum over them stay secret; the config checksum stays readable", () => {
            for (const s of ofType(inv, types.k8sSecret)) assert.strictEqual(s.inputs.stringData, "[secret]");
            for (const d of ofType(inv, types.deployment)) {
                const annotations = (
                    d.inputs.spec as { template: { metadata: { annotations: Record<string, string> } } }
                ).template.metadata.annotations;
                assert.strictEqual(annotations["voice-agent.edentist.ai/secret-checksum"], "[secret]");
                assert.match(annotations["voice-agent.edentist.ai/config-checksum"] ?? "", /^[0-9a-f]{64}$/);
            }
        });
    });
}
