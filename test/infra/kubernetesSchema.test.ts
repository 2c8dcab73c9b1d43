/**
 * Every Kubernetes object the program declares, in both prod stacks and under the remediation
 * toggles that add or change objects, validates against the Kubernetes OpenAPI schema shipped by
 * the kubernetes-models package.
 */
import * as assert from "assert";
import type { Inventory } from "../../tools/lib/plan";
import { planOf, prodStacks } from "../support/plans";

interface Validatable {
    validate(): void;
}

/** The kubernetes-models class for a Pulumi type token such as `kubernetes:apps/v1:Deployment`. */
function modelFor(type: string): new (data: unknown) => Validatable {
    const [, groupVersion = "", kind = ""] = type.split(":");
    const [group, version] = groupVersion.split("/");
    const modulePath =
        group === "core" ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the model module is chosen by type at run time
    const mod = require(modulePath) as Record<string, new (data: unknown) => Validatable>;
    const model = mod[kind];
    if (!model) throw new Error(`kubernetes-models has no ${kind} in ${modulePath}`);
    return model;
}

function kubernetesObjects(inv: Inventory) {
    return inv.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
}

/**
 * The inventory masks a Secret's whole `data`/`stringData` map as "[secret]" (the Kubernetes SDK
 * marks the map secret); validate the rest of the object with an empty map in its place.
 */
function unmasked(inputs: Record<string, unknown>): Record<string, unknown> {
    const out = { ...inputs };
    for (const k of ["data", "stringData"]) if (out[k] === "[secret]") out[k] = {};
    return out;
}

const variants: string[][] = [
    [],
    ["forcedFailover=true"],
    ["cacheDisabled=true", "voiceMode=hold", "pmsSyncMode=queued", "cacheEpoch=3"],
];

describe("Kubernetes objects validate against the Kubernetes OpenAPI schema (kubernetes-models)", () => {
    for (const { stack } of prodStacks) {
        for (const sets of variants) {
            it(`${stack} ${sets.join(" ") || "(stack file as is)"}`, async () => {
                const objects = kubernetesObjects(await planOf(stack, ...sets));
                assert.ok(objects.length >= 14, `expected the workload objects of two regions, got ${objects.length}`);
                for (const o of objects) {
                    const Model = modelFor(o.type);
                    assert.doesNotThrow(() => new Model(unmasked(o.inputs)).validate(), `${o.type} ${o.name}`);
                }
            });
        }
    }

    it("the check can fail: a Deployment with a string container port is rejected", async () => {
        const inv = await planOf("prod-eu");
        const d = structuredClone(
            kubernetesObjects(inv).find((o) => o.type === "kubernetes:apps/v1:Deployment")!.inputs,
        ) as {
            spec: { template: { spec: { containers: [{ ports: [{ containerPort: unknown }] }] } } };
        };
        d.spec.template.spec.containers[0].ports[0].containerPort = "8080";
        const Model = modelFor("kubernetes:apps/v1:Deployment");
        assert.throws(() => new Model(d).validate(), {
            message: "data/spec/template/spec/containers/0/ports/0/containerPort must be integer",
        });
    });
});
