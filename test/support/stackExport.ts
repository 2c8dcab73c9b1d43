/**
 * A `pulumi stack export` document (deployment version 3) built from an offline plan, as the
 * engine writes it: the Stack resource with the outputs, a default provider, explicit providers
 * referenced as `<urn>::<id>`, inputs and outputs per resource, secrets as the engine's
 * envelopes. Tests edit it to stand for what is deployed.
 */
import type { Inventory } from "../../tools/lib/plan";

const secretSig = "4dabf18193072939515e22adb298388d";
const secretValue = "1b47061264138c4ac30d75fd1eb44270";

/** Plan values as the state holds them: "[secret]" becomes an encrypted envelope. */
function stateValue(v: unknown): unknown {
    if (v === "[secret]") return { [secretSig]: secretValue, ciphertext: "v1:AAAAexample" };
    if (Array.isArray(v)) return v.map(stateValue);
    if (v !== null && typeof v === "object")
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stateValue(x)]));
    return v;
}

export function stackExportOf(inv: Inventory): { version: 3; deployment: Record<string, unknown> } {
    const stackUrn = `urn:pulumi:${inv.stack}::${inv.project}::pulumi:pulumi:Stack::${inv.project}-${inv.stack}`;
    const defaultGcp = `urn:pulumi:${inv.stack}::${inv.project}::pulumi:providers:gcp::default_9_35_0`;
    const resources = [
        { urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack", outputs: stateValue(inv.outputs) },
        {
            urn: defaultGcp,
            custom: true,
            id: "00000000-0000-0000-0000-000000000001",
            type: "pulumi:providers:gcp",
            inputs: { version: "9.35.0" },
            outputs: { version: "9.35.0" },
        },
        ...inv.resources
            .filter((r) => r.type !== "pulumi:pulumi:Stack")
            .map((r, i) => ({
                urn: r.urn,
                custom: r.custom,
                ...(r.custom ? { id: `id-${i}` } : {}),
                type: r.type,
                inputs: {
                    ...(stateValue(r.inputs) as Record<string, unknown>),
                    ...(r.custom ? { __defaults: [] } : {}),
                },
                outputs: stateValue(r.inputs),
                parent: r.parent || stackUrn,
                ...(r.protect ? { protect: true } : {}),
                dependencies: r.dependsOn,
                ...(r.custom ? { provider: `${r.provider || defaultGcp}::id-provider` } : {}),
                ...(r.propertyDependencies ? { propertyDependencies: r.propertyDependencies } : {}),
            })),
    ];
    return {
        version: 3,
        deployment: {
            manifest: { time: "2026-12-07T21:00:00Z", magic: "x", version: "v3.248.0" },
            secrets_providers: { type: "service" },
            resources,
        },
    };
}
