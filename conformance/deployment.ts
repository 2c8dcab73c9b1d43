/**
 * A Pulumi checkpoint (`pulumi stack import` format, deployment version 3) built from the offline
 * plan of a stack: the state the stack would have after an up of exactly that plan. Each custom
 * resource's inputs are also its outputs, resources without an explicit provider point at the
 * engine's default provider of their package at the pinned version, and the plan's masked secret
 * values go in as secrets (plaintext, which the import encrypts with the stack's secrets manager).
 */
import * as crypto from "crypto";
import { secretMask, type Inventory, type InventoryResource } from "../tools/lib/plan";

/** A resource as `npm run plan -- --json` prints it. */
export type PlanResource = InventoryResource;

/** What the checkpoint is built from: the plan's project, stack and resources. */
export type PlanJson = Pick<Inventory, "project" | "stack" | "resources">;

/** The fields of a checkpoint resource that the engine reads for a preview. */
export interface DeploymentResource {
    urn: string;
    custom: boolean;
    id?: string;
    type: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    parent?: string;
    dependencies: string[];
    propertyDependencies?: Record<string, string[]>;
    provider?: string;
    protect: boolean;
}

export interface Deployment {
    version: 3;
    deployment: {
        manifest: { time: string; magic: string; version: string };
        secrets_providers: { type: "passphrase"; state: { salt: string } };
        resources: DeploymentResource[];
    };
}

// The signature key and value the engine uses to mark a secret in a serialized property map
// (sdk/go/common/resource/sig).
const sigKey = "4dabf18193072939515e22adb298388d";
const secretSig = "1b47061264138c4ac30d75fd1eb44270";

/** Replaces each masked secret by a secret value (its plaintext stays the mask). */
function withSecrets(value: unknown): unknown {
    if (value === secretMask) return { [sigKey]: secretSig, plaintext: JSON.stringify(secretMask) };
    if (Array.isArray(value)) return value.map(withSecrets);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSecrets(v)]));
    }
    return value;
}

/** The package of a resource type: `gcp` of `gcp:compute/network:Network`. */
export function packageOf(type: string): string {
    const pkg = type.split(":")[0];
    if (pkg === undefined || pkg === "") throw new Error(`resource type without a package: ${type}`);
    return pkg;
}

/** The value `pulumi preview --json` prints for an unknown (sdk/v3 go/common/resource/plugin, UnknownStringValue). */
const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `planned` with each unknown it holds, and each secret the preview printed masked, taken from
 * `known`: what a provider planned where it could, the offline plan's value where it could not.
 */
export function overlay(known: unknown, planned: unknown): unknown {
    if (planned === undefined || planned === unknownValue || planned === "[secret]") return known;
    if (isMap(planned) && "4dabf18193072939515e22adb298388d" in planned) return known;
    if (Array.isArray(planned)) {
        const k: unknown[] = Array.isArray(known) ? known : [];
        return planned.map((p, i) => overlay(k[i], p));
    }
    if (isMap(planned)) {
        const k = isMap(known) ? known : {};
        const out: Record<string, unknown> = { ...k };
        for (const [key, v] of Object.entries(planned)) out[key] = overlay(k[key], v);
        return out;
    }
    return planned;
}

/**
 * What a real state holds beyond the program's inputs, for a run that can ask the providers:
 * `stateOf` gives a custom resource's id and outputs (the offline plan's mocks answer with the
 * ids and computed outputs the plan's dependent inputs were made from, overlaid with what the
 * providers' own create preview planned: their defaults and the project and region they fill
 * in), and `unprotected` imports every resource unprotected, so a preview shows each replacement
 * rather than stopping at the first protected one.
 */
export interface StateOptions {
    stateOf?: (r: PlanResource) => { id: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    unprotected?: boolean;
}

/**
 * The checkpoint of a plan. `versions` maps each package to the pinned provider version of its
 * default provider (the engine names it `default_<version with underscores>`); `providerConfig`
 * gives a default provider's inputs (its package's stack config, such as gcp's project);
 * `passphraseSalt` is the stack's `encryptionsalt`, so the import encrypts the secrets with the
 * stack's own passphrase secrets manager.
 */
export function deploymentOfPlan(
    plan: PlanJson,
    versions: Record<string, string>,
    providerConfig: Record<string, Record<string, string>>,
    cliVersion: string,
    passphraseSalt: string,
    opts: StateOptions = {},
): Deployment {
    // The plan names every resource as the engine does (tools/lib/plan.ts), so its URNs are the state's.
    const planResources = plan.resources;
    const stackUrn = planResources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
    if (stackUrn === undefined) throw new Error(`plan of ${plan.stack}: no pulumi:pulumi:Stack resource`);
    const prefix = `urn:pulumi:${plan.stack}::${plan.project}::`;
    const stateOf = (r: PlanResource) =>
        r.custom && !r.type.startsWith("pulumi:providers:") ? opts.stateOf?.(r) : undefined;
    const idOf = (r: PlanResource) =>
        r.type.startsWith("pulumi:providers:") ? `provider-${r.name}` : (stateOf(r)?.id ?? `id-${r.name}`);
    const byUrn = new Map(planResources.map((r) => [r.urn, r]));
    const defaults = new Map<string, DeploymentResource>();
    const providerRef = (r: PlanResource): string | undefined => {
        if (!r.custom || r.type.startsWith("pulumi:providers:")) return undefined;
        if (r.provider !== "") {
            const explicit = byUrn.get(r.provider);
            if (explicit === undefined)
                throw new Error(`plan of ${plan.stack}: ${r.urn} names an unknown provider ${r.provider}`);
            return `${explicit.urn}::${idOf(explicit)}`;
        }
        const pkg = packageOf(r.type);
        const version = versions[pkg];
        if (version === undefined) throw new Error(`no pinned provider version for package ${pkg} (${r.urn})`);
        const urn = `${prefix}pulumi:providers:${pkg}::default_${version.replace(/\./g, "_")}`;
        if (!defaults.has(pkg)) {
            const inputs = { ...(providerConfig[pkg] ?? {}), version };
            defaults.set(pkg, {
                urn,
                custom: true,
                id: `provider-default-${pkg}`,
                type: `pulumi:providers:${pkg}`,
                inputs,
                outputs: inputs,
                dependencies: [],
                protect: false,
            });
        }
        return `${urn}::provider-default-${pkg}`;
    };
    const resources: DeploymentResource[] = planResources.map((r) => {
        const state = stateOf(r);
        const inputs = withSecrets(state?.inputs ?? r.inputs) as Record<string, unknown>;
        const outputs = state !== undefined ? (withSecrets(state.outputs) as Record<string, unknown>) : inputs;
        const out: DeploymentResource = {
            urn: r.urn,
            custom: r.custom,
            type: r.type,
            inputs: r.custom ? inputs : {},
            outputs: r.custom ? outputs : {},
            dependencies: [...r.dependsOn],
            protect: opts.unprotected === true ? false : r.protect,
        };
        if (r.custom) out.id = idOf(r);
        if (r.parent !== "") out.parent = r.parent;
        const provider = providerRef(r);
        if (provider !== undefined) out.provider = provider;
        if (r.propertyDependencies !== undefined) out.propertyDependencies = r.propertyDependencies;
        return out;
    });
    // Default providers are registered by the engine before their first user, so they follow the
    // stack resource (which every resource's parent chain ends in) and precede everything else.
    const stackIndex = resources.findIndex((r) => r.urn === stackUrn);
    resources.splice(stackIndex + 1, 0, ...[...defaults.values()].sort((a, b) => a.urn.localeCompare(b.urn)));
    return {
        version: 3,
        deployment: {
            // The engine refuses a checkpoint whose magic is not the SHA-256 of the CLI version
            // that wrote it (pkg/resource/deploy/manifest.go, NewMagic).
            manifest: {
                time: "2026-01-01T00:00:00Z",
                magic: crypto.createHash("sha256").update(cliVersion).digest("hex"),
                version: cliVersion,
            },
            secrets_providers: { type: "passphrase", state: { salt: passphraseSalt } },
            resources,
        },
    };
}
