/**
 * A Pulumi checkpoint (`pulumi stack import` format, deployment version 3) built from the offline
 * plan of a stack: the state the stack would have after an up of exactly that plan. Each custom
 * resource's inputs are also its outputs, resources without an explicit provider point at the
 * engine's default provider of their package at the pinned version, and the plan's masked secret
 * values go in as secrets (plaintext, which the import encrypts with the stack's secrets manager).
 * `foldPreview` then brings it to what the providers themselves would store: what they planned
 * in a preview of it, saved with `--save-plan`.
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
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

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

/**
 * The passphrase secrets manager's decryption (pkg/v3@v3.248.0 secrets/passphrase/manager.go
 * symmetricCrypterFromPhraseAndState; sdk/v3 go/common/resource/config/crypt.go): a key from
 * PBKDF2-SHA256 of the passphrase over the salt of `encryptionsalt` (`v1:<salt>:<check>`),
 * 1,000,000 iterations, then AES-256-GCM on `v1:<nonce>:<ciphertext and tag>`. A saved update
 * plan holds each secret output encrypted this way; reading it back is what lets the state hold
 * the provider's own planned value of a secret output (effectiveLabels, pulumiLabels).
 */
export function passphraseDecrypter(passphrase: string, encryptionsalt: string): (ciphertext: string) => string {
    const [version, salt] = encryptionsalt.split(":");
    if (version !== "v1" || salt === undefined) throw new Error(`encryptionsalt: not a v1 salt`);
    const key = crypto.pbkdf2Sync(passphrase, Buffer.from(salt, "base64"), 1_000_000, 32, "sha256");
    const decrypt = (ciphertext: string): string => {
        const [v, nonce, body] = ciphertext.split(":");
        if (v !== "v1" || nonce === undefined || body === undefined) throw new Error("secret: not a v1 ciphertext");
        const data = Buffer.from(body, "base64");
        const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64"));
        decipher.setAuthTag(data.subarray(data.length - 16));
        return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
    };
    // The check value the salt carries must decrypt to "pulumi", as the engine itself verifies.
    if (decrypt(encryptionsalt.slice(encryptionsalt.indexOf(":", encryptionsalt.indexOf(":") + 1) + 1)) !== "pulumi")
        throw new Error("encryptionsalt: the passphrase does not open it");
    return decrypt;
}

/** A secret in a checkpoint or a saved plan: the signature and its plaintext or ciphertext. */
interface SecretValue {
    [sigKey]: typeof secretSig;
    plaintext?: string;
    ciphertext?: string;
}

function isSecret(v: unknown): v is SecretValue {
    return isMap(v) && v[sigKey] === secretSig;
}

/** What a secret holds, or the value itself when it is not one. */
function reveal(v: unknown, decrypt: (c: string) => string): { value: unknown; secret: boolean } {
    if (!isSecret(v)) return { value: v, secret: false };
    const text = v.plaintext ?? (v.ciphertext !== undefined ? decrypt(v.ciphertext) : undefined);
    if (text === undefined) throw new Error("a secret with neither plaintext nor ciphertext");
    return { value: JSON.parse(text) as unknown, secret: true };
}

/**
 * A resource's state after the step the provider planned: the planned value wherever the provider
 * knew it (its defaults, the deletion policy, the labels it computes, the schema version in
 * `__meta`), and the prior state's value wherever the plan holds an unknown (a computed value the
 * provider learns only from the cloud: ids, addresses, certificates). The planned value's keys
 * are the state's keys, as the provider's own state after an up holds exactly them. A planned
 * secret stays a secret (in plaintext, which the import encrypts); the result holds no
 * ciphertext, so it imports into any workspace.
 */
export function foldPlanned(prior: unknown, planned: unknown, decrypt: (c: string) => string): unknown {
    const p = reveal(planned, decrypt);
    const k = reveal(prior, decrypt);
    const wrap = (v: unknown) => (p.secret || k.secret ? { [sigKey]: secretSig, plaintext: JSON.stringify(v) } : v);
    if (p.value === unknownValue) return k.value === undefined ? unknownValue : wrap(k.value);
    if (Array.isArray(p.value)) {
        const ks: unknown[] = Array.isArray(k.value) ? k.value : [];
        return wrap(p.value.map((x, i) => foldPlanned(ks[i], x, decrypt)));
    }
    if (isMap(p.value)) {
        const km = isMap(k.value) ? k.value : {};
        return wrap(
            Object.fromEntries(Object.entries(p.value).map(([key, v]) => [key, foldPlanned(km[key], v, decrypt)])),
        );
    }
    return wrap(p.value);
}

/** A type in a Pulumi package schema (pkg/v3 codegen/schema TypeSpec), as far as a value's shape needs. */
export interface TypeSpec {
    type?: string;
    items?: TypeSpec;
    additionalProperties?: TypeSpec;
    $ref?: string;
    oneOf?: TypeSpec[];
}

/** What of a package's schema (`pulumi package get-schema`) filling a value reads. */
export interface PackageSchema {
    provider?: { properties?: Record<string, TypeSpec> };
    resources: Record<string, { properties?: Record<string, TypeSpec> }>;
    types?: Record<string, { type?: string; enum?: { value: unknown }[]; properties?: Record<string, TypeSpec> }>;
}

/**
 * A concrete value of a schema type, for an output the provider learns only from the cloud: the
 * empty value of its kind (an enum's first value), and for an object type each of its properties
 * so filled. Which value does not matter to an update's diff: the provider keeps a computed value
 * it is not given (the bridge's planned state takes the prior state's value), so any known value
 * of the right type makes the next preview see it unchanged, where an unknown would print as a
 * change. A block's properties must each hold a value too: when a replacement makes Terraform
 * diff every attribute (terraform-plugin-sdk, pulumi's fork v2.0.0-20260318212141-5525259d096b
 * that pulumi-gcp 9.35.0 builds with, helper/schema/schema.go:800 Diff recomputes with all=true),
 * an Optional+Computed attribute the state holds and the program leaves out stays as it is
 * (:1745-1752 diffString, removed and computed), while one the state lacks is planned anew and,
 * when ForceNew, is named a reason for the replacement, as a real state (the API answers every
 * field of a block) never has it.
 */
export function zeroOf(spec: TypeSpec, schema: PackageSchema, seen: readonly string[] = []): unknown {
    const ref = spec.$ref;
    if (ref !== undefined) {
        if (ref.startsWith("#/types/")) {
            const t = schema.types?.[ref.slice("#/types/".length)];
            if (t === undefined) throw new Error(`schema: no type ${ref}`);
            if (t.enum !== undefined && t.enum.length > 0) return t.enum[0]?.value;
            if ((t.type ?? "object") !== "object" || t.properties === undefined)
                return zeroOf({ type: t.type ?? "object" }, schema);
            // An object type holds a value for each of its properties, as the API answers a block
            // in full; a type met again below itself stops there, empty.
            if (seen.includes(ref)) return {};
            return Object.fromEntries(
                Object.entries(t.properties).map(([k, spec]) => [k, zeroOf(spec, schema, [...seen, ref])]),
            );
        }
        // pulumi.json#/Any, #/Json, #/Archive, #/Asset: a string is a value of each.
        return "";
    }
    if (spec.oneOf !== undefined && spec.oneOf[0] !== undefined) return zeroOf(spec.oneOf[0], schema, seen);
    switch (spec.type) {
        case "string":
            return "";
        case "integer":
        case "number":
            return 0;
        case "boolean":
            return false;
        case "array":
            return [];
        case "object":
            return {};
        default:
            throw new Error(`schema: a type without a kind: ${JSON.stringify(spec)}`);
    }
}

/** The schema of the properties under `spec`: an object type's, or none. */
function propertiesOf(spec: TypeSpec | undefined, schema: PackageSchema): Record<string, TypeSpec> | undefined {
    if (spec?.$ref?.startsWith("#/types/") !== true) return undefined;
    return schema.types?.[spec.$ref.slice("#/types/".length)]?.properties;
}

/**
 * `value` with each unknown replaced by `zeroOf` its schema type. `filled` collects the path of
 * each value filled in; `left` the path of each unknown whose type the schema does not give.
 */
export function fillUnknowns(
    value: unknown,
    spec: TypeSpec | undefined,
    schema: PackageSchema,
    at: string,
    filled: string[],
    left: string[],
): unknown {
    if (value === unknownValue) {
        if (spec === undefined) {
            left.push(at);
            return value;
        }
        filled.push(at);
        return zeroOf(spec, schema);
    }
    if (isSecret(value) && value.plaintext !== undefined) {
        const inner = fillUnknowns(JSON.parse(value.plaintext), spec, schema, at, filled, left);
        return { [sigKey]: secretSig, plaintext: JSON.stringify(inner) };
    }
    if (Array.isArray(value))
        return value.map((v, i) => fillUnknowns(v, spec?.items, schema, `${at}[${i}]`, filled, left));
    if (isMap(value)) {
        const props = propertiesOf(spec, schema);
        return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [
                k,
                fillUnknowns(v, props?.[k] ?? spec?.additionalProperties, schema, `${at}.${k}`, filled, left),
            ]),
        );
    }
    return value;
}

const pemHeader = "-----BEGIN CERTIFICATE-----";

/** Whether a PEM text holds a certificate X.509 can read. */
function parses(pem: string): boolean {
    try {
        new crypto.X509Certificate(pem);
        return true;
    } catch {
        return false;
    }
}

/**
 * `value` with each certificate-shaped string (a PEM certificate, or one base64-encoded as GKE
 * returns `masterAuth.clusterCaCertificate`) that X.509 cannot read replaced by `certificate` (a
 * PEM certificate), in the same encoding. The offline plan's mocks answer with certificate-shaped
 * random bytes, which is enough for a plan; a real state holds the cloud's real certificate, and
 * the program puts a cluster's into its Kubernetes provider's kubeconfig, whose client the
 * provider builds when it is configured: pulumi-kubernetes a03ff6ba
 * provider/pkg/provider/provider.go:976 (makeClient) fails the whole preview with
 * provider/pkg/clients/clients.go:74 "failed to initialize discovery client" on a CA that does
 * not parse, where a valid one leaves it configured against an unreachable cluster.
 * `certified` collects the path of each value replaced.
 */
export function withCertificates(value: unknown, certificate: string, at: string, certified: string[]): unknown {
    if (typeof value === "string") {
        if (value.startsWith(pemHeader)) {
            if (parses(value)) return value;
            certified.push(at);
            return certificate;
        }
        if (/^[A-Za-z0-9+/]+=*$/.test(value) && value.length >= 40) {
            const text = Buffer.from(value, "base64").toString("utf8");
            if (text.startsWith(pemHeader) && !parses(text)) {
                certified.push(at);
                return Buffer.from(certificate, "utf8").toString("base64");
            }
        }
        return value;
    }
    if (isSecret(value) && value.plaintext !== undefined) {
        const inner = withCertificates(JSON.parse(value.plaintext), certificate, at, certified);
        return { [sigKey]: secretSig, plaintext: JSON.stringify(inner) };
    }
    if (Array.isArray(value)) return value.map((v, i) => withCertificates(v, certificate, `${at}[${i}]`, certified));
    if (isMap(value))
        return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k, withCertificates(v, certificate, `${at}.${k}`, certified)]),
        );
    return value;
}

/**
 * The state pulumi-kubernetes stores for an object it created: the live object the API server
 * answered, with the inputs it was created from under `__inputs` and their apiVersion under
 * `__initialApiVersion` (a03ff6ba provider/pkg/provider/provider.go:3087-3122 checkpointObject,
 * called by Create at :1856). Its Diff compares the new inputs with the live object pruned to the
 * shape of `__inputs` (:1483 parseCheckpointObject, :1494 pruneLiveState); without `__inputs` the
 * pruned object is empty and every field, the namespace too, shows as a change that replaces.
 * A preview never gives this state (Create and Update in preview answer with the inputs), so it
 * is built here: the live object is the inputs, which is what pruning would leave of the API
 * server's answer.
 */
export function kubernetesCheckpoint(inputs: Record<string, unknown>): Record<string, unknown> {
    const { __defaults: _defaults, ...object } = inputs;
    return { ...object, __inputs: object, __initialApiVersion: object.apiVersion };
}

/** A saved plan's difference of a resource's checked inputs from its prior ones (apitype.PlanDiffV1). */
export interface PlanDiff {
    adds?: Record<string, unknown>;
    deletes?: string[];
    updates?: Record<string, unknown>;
}

/**
 * What a saved update plan (`pulumi preview --save-plan`, apitype.DeploymentPlanV1) holds per
 * resource: its steps, the inputs the provider checked as a difference from the prior state's
 * (`goal.inputDiff`), and the state the provider planned for it.
 */
export interface SavedPlan {
    resourcePlans: Record<
        string,
        { steps: string[]; goal?: { inputDiff?: PlanDiff } | null; state?: Record<string, unknown> | null }
    >;
}

/**
 * The inputs the provider checked: the prior inputs with the plan's difference applied. The engine
 * records that difference as `oldInputs.Diff(checked inputs)`, top-level properties added,
 * deleted or updated to their new value (pkg/v3@v3.248.0 resource/deploy/step_generator.go:1244,
 * plan.go:171-194 NewPlanDiff), with secrets encrypted; an up stores the checked inputs as the
 * resource's inputs. Unlike a preview's printed inputs, it shows each secret's value (encrypted).
 */
export function checkedInputs(
    prior: Record<string, unknown>,
    diff: PlanDiff | undefined,
    decrypt: (c: string) => string,
): Record<string, unknown> {
    if (diff === undefined) return prior;
    const out: Record<string, unknown> = { ...prior };
    for (const k of diff.deletes ?? []) delete out[k];
    for (const [k, v] of Object.entries({ ...(diff.adds ?? {}), ...(diff.updates ?? {}) }))
        out[k] = foldPlanned(prior[k], v, decrypt);
    return out;
}

/** What folding a preview into a checkpoint did. */
export interface Fold {
    deployment: Deployment;
    /** `<urn> <property path>` of each unknown filled with a value of its schema type. */
    filled: string[];
    /** `<urn> <property path>` of each unknown the schema gives no type for: left unknown. */
    left: string[];
    /** `<urn> <property path>` of each certificate-shaped output given a real certificate. */
    certified: string[];
}

/**
 * The checkpoint an up of the previewed steps would leave: each custom resource's inputs are the
 * inputs the provider checked (`checkedInputs`), its outputs the state the provider planned for
 * it (`foldPlanned`: the saved plan's `state`, the `Create`/`Update` preview answer the engine
 * would apply), with each output still unknown given a value of its schema type and each
 * certificate a real one; a Kubernetes object's outputs are the state pulumi-kubernetes stores
 * (`kubernetesCheckpoint`). A resource the plan has no state for keeps its outputs.
 */
export function foldPreview(
    d: Deployment,
    plan: SavedPlan,
    decrypt: (c: string) => string,
    schemaOf: (pkg: string) => PackageSchema,
    certificate: string,
): Fold {
    const filled: string[] = [];
    const left: string[] = [];
    const certified: string[] = [];
    const resources = d.deployment.resources.map((r) => {
        if (!r.custom) return r;
        const resourcePlan = plan.resourcePlans[r.urn];
        const inputs = checkedInputs(r.inputs, resourcePlan?.goal?.inputDiff, decrypt);
        const provider = r.type.startsWith("pulumi:providers:");
        if (!provider && packageOf(r.type) === "kubernetes")
            return { ...r, inputs, outputs: kubernetesCheckpoint(inputs) };
        const planned = resourcePlan?.state;
        if (planned === undefined || planned === null) return { ...r, inputs };
        const schema = schemaOf(provider ? r.type.slice("pulumi:providers:".length) : packageOf(r.type));
        const props = provider ? schema.provider?.properties : schema.resources[r.type]?.properties;
        // The bridge's state carries the resource id as its `id` output; the checkpoint's own id is
        // the value a created resource's plan leaves unknown.
        const prior = provider || r.id === undefined ? r.outputs : { id: r.id, ...r.outputs };
        const folded = foldPlanned(prior, planned, decrypt) as Record<string, unknown>;
        const outputs = Object.fromEntries(
            Object.entries(folded).map(([k, v]) => [
                k,
                withCertificates(
                    fillUnknowns(v, props?.[k], schema, `${r.urn} ${k}`, filled, left),
                    certificate,
                    `${r.urn} ${k}`,
                    certified,
                ),
            ]),
        );
        return { ...r, inputs, outputs };
    });
    return { deployment: { ...d, deployment: { ...d.deployment, resources } }, filled, left, certified };
}
