/**
 * The benchmark's replays: programs with no logic of their own that register a plan's recorded
 * inventory again, resource by resource, with the same type, name, parent, dependencies, provider,
 * protection, `ignoreChanges` and inputs (as the plain values the plan recorded, so without the
 * inputs' dependencies, which only Outputs carry: part of the program's cost). They split the
 * plan's evaluation time into what the program costs and what registering its resources costs:
 *
 * - `classes` goes through the provider SDKs' own classes (`gcp.compute.BackendService`, …), found
 *   through the same service modules infra/ imports, each class loaded on first use as in the
 *   program. This is the least any program that declares these resources with these SDKs can
 *   take: the classes declare every property of their type (a GKE cluster about 150), set or not,
 *   and the SDK builds an Output and its promises for each. plan/replay is the program's own cost.
 * - `bare` sends the same registrations as plain `CustomResource`s of the same type token: only
 *   the inputs that are set. replay/bare is the cost of the properties the classes declare.
 *
 * Provider resources are registered as plain `ProviderResource`s in both: their recorded inputs
 * are already the wire form (the Kubernetes provider class JSON-encodes its flags), and sending
 * them through the class would encode them twice.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as gcp from "../../infra/gcp";
import * as k8s from "../../infra/kubernetes";
import type { Inventory, InventoryResource } from "./plan";

export type ReplayVia = "classes" | "bare";

type ResourceClass = new (
    name: string,
    args: pulumi.Inputs,
    opts: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/** The SDK class of a type token, e.g. `gcp:compute/backendService:BackendService` → gcp.compute.BackendService. */
export function sdkClass(type: string): ResourceClass {
    const [pkg = "", module = "", name = ""] = type.split(":");
    const [service = "", version = ""] = module.split("/");
    const namespaces: Record<string, unknown> = {
        gcp: (gcp as unknown as Record<string, unknown>)[service],
        kubernetes: ((k8s as unknown as Record<string, Record<string, unknown> | undefined>)[service] ?? {})[version],
        random: service === "index" ? random : undefined,
    };
    const found = (namespaces[pkg] as Record<string, unknown> | undefined)?.[name];
    if (typeof found !== "function")
        throw new Error(
            `no SDK class for ${type}: the replay looks classes up in infra/gcp.ts, infra/kubernetes.ts and @pulumi/random`,
        );
    return found as ResourceClass;
}

const stackType = "pulumi:pulumi:Stack";

/**
 * A program registering `inventory`'s resources again. Each waits for its parent, provider and
 * dependencies to be declared; the order among the rest is the inventory's.
 */
export function replayProgram(inventory: Inventory, via: ReplayVia): () => Promise<Record<string, unknown>> {
    // eslint-disable-next-line @typescript-eslint/require-await -- a Pulumi program is an async function; the replay registers synchronously
    return async () => {
        const stack = inventory.resources.find((r) => r.type === stackType)?.urn;
        const declared = new Map<string, pulumi.Resource>();
        const resolve = (urn: string) => declared.get(urn);
        let pending = inventory.resources.filter((r) => r.type !== stackType);
        while (pending.length > 0) {
            const waiting: InventoryResource[] = [];
            for (const resource of pending) {
                const needs = [
                    ...resource.dependsOn,
                    ...(resource.parent !== stack ? [resource.parent] : []),
                    ...(resource.provider ? [resource.provider] : []),
                ];
                if (!needs.every((urn) => declared.has(urn))) {
                    waiting.push(resource);
                    continue;
                }
                const opts: pulumi.CustomResourceOptions = {
                    parent: resource.parent !== stack ? resolve(resource.parent) : undefined,
                    protect: resource.protect,
                    dependsOn: resource.dependsOn.map((urn) => resolve(urn)!),
                    ...(resource.provider ? { provider: resolve(resource.provider) as pulumi.ProviderResource } : {}),
                    ...(resource.ignoreChanges ? { ignoreChanges: resource.ignoreChanges } : {}),
                };
                declared.set(resource.urn, declare(resource, opts, via));
            }
            if (waiting.length === pending.length)
                throw new Error(
                    `the inventory cannot be replayed: ${waiting[0]?.urn ?? "a resource"} waits for a resource it does not list`,
                );
            pending = waiting;
        }
        return {};
    };
}

/** A custom resource of any type token: the SDK's class of that name is abstract. */
class BareResource extends pulumi.CustomResource {}
class BareProvider extends pulumi.ProviderResource {}

function declare(r: InventoryResource, opts: pulumi.CustomResourceOptions, via: ReplayVia): pulumi.Resource {
    if (!r.custom) return new pulumi.ComponentResource(r.type, r.name, {}, opts);
    if (r.type.startsWith("pulumi:providers:"))
        return new BareProvider(r.type.slice("pulumi:providers:".length), r.name, r.inputs, opts);
    if (via === "bare") return new BareResource(r.type, r.name, r.inputs, opts);
    return new (sdkClass(r.type))(r.name, r.inputs, opts);
}
