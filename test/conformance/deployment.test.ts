/**
 * The checkpoint `npm run conformance` imports: the plan's URNs as they are, default providers at the
 * pinned versions, explicit provider references, secrets, and the manifest the engine verifies.
 */
import * as assert from "assert";
import * as crypto from "crypto";
import { deploymentOfPlan, overlay, PlanJson } from "../../conformance/deployment";
import { withoutHost } from "../../conformance/resolve";

const p = "urn:pulumi:s::proj::";
const plan: PlanJson = {
    project: "proj",
    stack: "s",
    resources: [
        {
            urn: `${p}pulumi:pulumi:Stack::proj-s`,
            type: "pulumi:pulumi:Stack",
            name: "proj-s",
            parent: "",
            protect: false,
            custom: false,
            dependsOn: [],
            provider: "",
            inputs: {},
        },
        {
            urn: `${p}app:c:Comp::comp`,
            type: "app:c:Comp",
            name: "comp",
            parent: `${p}pulumi:pulumi:Stack::proj-s`,
            protect: false,
            custom: false,
            dependsOn: [],
            provider: "",
            inputs: {},
        },
        {
            urn: `${p}app:c:Comp$gcp:compute/network:Network::net`,
            type: "gcp:compute/network:Network",
            name: "net",
            parent: `${p}app:c:Comp::comp`,
            protect: true,
            custom: true,
            dependsOn: [],
            provider: "",
            inputs: { name: "net", labels: { token: "[secret]" } },
        },
        {
            urn: `${p}app:c:Comp$pulumi:providers:kubernetes::k8s`,
            type: "pulumi:providers:kubernetes",
            name: "k8s",
            parent: `${p}app:c:Comp::comp`,
            protect: false,
            custom: true,
            dependsOn: [`${p}app:c:Comp$gcp:compute/network:Network::net`],
            provider: "",
            inputs: { kubeconfig: "{}" },
        },
        {
            urn: `${p}app:c:Comp$kubernetes:core/v1:Namespace::ns`,
            type: "kubernetes:core/v1:Namespace",
            name: "ns",
            parent: `${p}app:c:Comp::comp`,
            protect: false,
            custom: true,
            dependsOn: [],
            provider: `${p}app:c:Comp$pulumi:providers:kubernetes::k8s`,
            inputs: { metadata: { name: "ns" } },
            propertyDependencies: { metadata: [`${p}app:c:Comp::comp`] },
        },
    ],
};

describe("conformance checkpoint", () => {
    it("builds the state the engine imports: default provider after the stack, references, secrets, magic", () => {
        const d = deploymentOfPlan(plan, { gcp: "9.37.0" }, { gcp: { project: "proj-id" } }, "v3.248.0", "v1:salt");
        assert.deepStrictEqual(d.deployment.manifest, {
            time: "2026-01-01T00:00:00Z",
            magic: crypto.createHash("sha256").update("v3.248.0").digest("hex"),
            version: "v3.248.0",
        });
        assert.deepStrictEqual(d.deployment.secrets_providers, { type: "passphrase", state: { salt: "v1:salt" } });
        const secret = {
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            plaintext: '"[secret]"',
        };
        assert.deepStrictEqual(d.deployment.resources, [
            {
                urn: `${p}pulumi:pulumi:Stack::proj-s`,
                custom: false,
                type: "pulumi:pulumi:Stack",
                inputs: {},
                outputs: {},
                dependencies: [],
                protect: false,
            },
            {
                urn: `${p}pulumi:providers:gcp::default_9_37_0`,
                custom: true,
                id: "provider-default-gcp",
                type: "pulumi:providers:gcp",
                inputs: { project: "proj-id", version: "9.37.0" },
                outputs: { project: "proj-id", version: "9.37.0" },
                dependencies: [],
                protect: false,
            },
            {
                urn: `${p}app:c:Comp::comp`,
                custom: false,
                type: "app:c:Comp",
                inputs: {},
                outputs: {},
                parent: `${p}pulumi:pulumi:Stack::proj-s`,
                dependencies: [],
                protect: false,
            },
            {
                urn: `${p}app:c:Comp$gcp:compute/network:Network::net`,
                custom: true,
                id: "id-net",
                type: "gcp:compute/network:Network",
                inputs: { name: "net", labels: { token: secret } },
                outputs: { name: "net", labels: { token: secret } },
                parent: `${p}app:c:Comp::comp`,
                provider: `${p}pulumi:providers:gcp::default_9_37_0::provider-default-gcp`,
                dependencies: [],
                protect: true,
            },
            {
                urn: `${p}app:c:Comp$pulumi:providers:kubernetes::k8s`,
                custom: true,
                id: "provider-k8s",
                type: "pulumi:providers:kubernetes",
                inputs: { kubeconfig: "{}" },
                outputs: { kubeconfig: "{}" },
                parent: `${p}app:c:Comp::comp`,
                dependencies: [`${p}app:c:Comp$gcp:compute/network:Network::net`],
                protect: false,
            },
            {
                urn: `${p}app:c:Comp$kubernetes:core/v1:Namespace::ns`,
                custom: true,
                id: "id-ns",
                type: "kubernetes:core/v1:Namespace",
                inputs: { metadata: { name: "ns" } },
                outputs: { metadata: { name: "ns" } },
                parent: `${p}app:c:Comp::comp`,
                provider: `${p}app:c:Comp$pulumi:providers:kubernetes::k8s::provider-k8s`,
                dependencies: [],
                propertyDependencies: { metadata: [`${p}app:c:Comp::comp`] },
                protect: false,
            },
        ]);
    });

    it("refuses a package without a pinned provider version, naming the resource", () => {
        assert.throws(
            () => deploymentOfPlan(plan, {}, {}, "v3.248.0", "v1:salt"),
            new Error(`no pinned provider version for package gcp (${p}app:c:Comp$gcp:compute/network:Network::net)`),
        );
    });

    it("withoutHost keeps the module path and version the proxy refused, not the registry's address", () => {
        assert.strictEqual(
            withoutHost(
                "m@v1: reading https://registry.example/m/@v/v1.info: 403 Forbidden\n\tserver response: not available.",
            ),
            "m@v1: reading m/@v/v1.info: 403 Forbidden server response: not available.",
        );
    });
});

describe("conformance checkpoint with the providers' planned state", () => {
    it("overlay keeps what the provider planned and takes each unknown or masked secret from the plan", () => {
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        assert.deepStrictEqual(
            overlay(
                { name: "n", network: "mock-link", tags: ["a", "b"], nested: { a: 1, b: "x" } },
                { name: "n", network: unknown, extra: "DELETE", tags: [unknown, "c"], nested: { b: "[secret]" } },
            ),
            { name: "n", network: "mock-link", extra: "DELETE", tags: ["a", "c"], nested: { a: 1, b: "x" } },
        );
        assert.strictEqual(overlay("kept", undefined), "kept");
    });

    it("takes each custom resource's id, inputs and outputs from stateOf, and imports it unprotected", () => {
        const d = deploymentOfPlan(plan, { gcp: "9.37.0" }, { gcp: { project: "proj-id" } }, "v3.248.0", "v1:salt", {
            unprotected: true,
            stateOf: (r) => ({
                id: `real-${r.name}`,
                inputs: { ...r.inputs, checked: true },
                outputs: { ...r.inputs, selfLink: `link-${r.name}` },
            }),
        });
        const net = d.deployment.resources.find((r) => r.urn.endsWith("::net"));
        assert.strictEqual(net?.id, "real-net");
        assert.strictEqual(net?.inputs.checked, true);
        assert.strictEqual(net?.outputs.selfLink, "link-net");
        assert.ok(d.deployment.resources.every((r) => !r.protect));
        const provider = d.deployment.resources.find((r) => r.type === "pulumi:providers:kubernetes");
        assert.strictEqual(provider?.id, "provider-k8s");
    });
});
