/** Small hand-made inventories for the engine's table tests. */
import type { Inventory, InventoryResource } from "../../../tools/lib/plan";

export const urnOf = (type: string, name: string) => `urn:pulumi:s::p::${type}::${name}`;

export function res(
    type: string,
    name: string,
    inputs: Record<string, unknown> = {},
    opts: Partial<InventoryResource> = {},
): InventoryResource {
    return {
        urn: urnOf(type, name),
        type,
        name,
        parent: "",
        protect: false,
        custom: true,
        dependsOn: [],
        provider: "",
        inputs,
        ...opts,
    };
}

export function inv(...resources: InventoryResource[]): Inventory {
    return { project: "p", stack: "s", config: {}, resources, outputs: {} };
}

export const K8S_PROVIDER = "pulumi:providers:kubernetes";
export const CONFIGMAP = "kubernetes:core/v1:ConfigMap";

export function provider(name: string, inputs: Record<string, unknown> = {}): InventoryResource {
    return res(K8S_PROVIDER, name, { kubeconfig: kubeconfig("https://10.0.0.1"), ...inputs });
}

export function kubeconfig(server: string): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "c", cluster: { server } }],
        contexts: [{ name: "c", context: { cluster: "c", user: "u" } }],
        "current-context": "c",
        users: [{ name: "u", user: {} }],
    });
}
