/**
 * Runs the policy pack against an offline-plan inventory the way the Pulumi engine's analyzer
 * host calls a pack (@pulumi/policy 1.21.0 server.js): every resource policy once per resource
 * with { type, props: inputs, urn, name, opts, provider, isType, asType, getConfig, notApplicable },
 * then every stack policy once over all resources with parent and dependencies linked. Props go
 * through the same unknown-checking proxy. Enforcement is resolved as the engine does: pack
 * config, else the policy's level, else the pack default; "remediate" reports as mandatory and
 * "disabled" skips the policy. As in the engine's analyzeStack, stack policies see each resource's
 * outputs; the offline plan has outputs only for the root stack (its exports), so that resource
 * carries them and every other resource its inputs.
 *
 * Placeholders: the offline plan writes a value not known at preview as "[unknown]" and a
 * secret as "[secret]" (its plaintext is not known offline either). The runner hands both to the
 * policies as the engine's unknown sentinel, so reading one throws UnknownValueError exactly as in
 * `pulumi preview`, and the runner reports what the engine reports then: an advisory "can't run
 * policy ... during preview" for that policy (and resource), never a crash.
 *
 * Stack facts: a policy that declares the config properties `stackEnvironment` or `stackProject`
 * (see policies/lib/define.ts) gets them from the inventory's resolved config (`environment`,
 * `project`) unless the pack config sets them, as `--policy-pack-config` would with the CLI.
 */
import { defined } from "../../core/defined";
import {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyPackConfig,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
    unknownCheckingProxy as untypedCheckingProxy,
} from "@pulumi/policy";

/**
 * @pulumi/policy's proxy that reports a read of an unknown value, under the type it has: its
 * declaration references a module typescript-eslint cannot resolve (tsc can), so its result would
 * be unusable for the type-aware rules.
 */
const unknownCheckingProxy = untypedCheckingProxy as unknown as (value: unknown) => Record<string, unknown>;
import { packDefaults } from "../../policies/packDefaults";
import { policies as packPolicies } from "../../policies/policies";
import { settings, VoicePolicy } from "../../policies/lib/define";
import { escapeLine } from "./userError";

/** The part of the offline plan's inventory (docs/design.md, "Interfaces") the runner reads. */
export interface PolicyInventory {
    stack?: string;
    config?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    resources: {
        urn: string;
        type: string;
        name: string;
        parent?: string;
        protect?: boolean;
        dependsOn?: string[];
        provider?: string;
        inputs?: Record<string, unknown>;
    }[];
}

export interface Violation {
    policy: string;
    enforcementLevel: "advisory" | "mandatory";
    severity: Severity;
    urn: string;
    message: string;
}

export const SEVERITIES: Severity[] = ["critical", "high", "medium", "low"];

class NotApplicable extends Error {}

/**
 * The engine's sentinel for a string not known at preview (@pulumi/policy proxy.js
 * unknownStringValue; the offline plan's "[unknown]" stands for it). The proxy throws
 * UnknownValueError when a policy reads it.
 */
export const unknownSentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const placeholders: readonly string[] = ["[unknown]", "[secret]"];

/** Inputs with the plan's placeholders turned back into the engine's unknown sentinel. */
export function withUnknowns(value: unknown): unknown {
    if (typeof value === "string") return placeholders.includes(value) ? unknownSentinel : value;
    if (Array.isArray(value)) return value.map(withUnknowns);
    if (value && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value))
            Object.defineProperty(out, k, {
                value: withUnknowns(v),
                enumerable: true,
                writable: true,
                configurable: true,
            });
        return out;
    }
    return value;
}

/** UnknownValueError of @pulumi/policy (not exported from its index), recognised by its shape. */
function isUnknownValueError(e: unknown): e is Error {
    return (
        e instanceof Error &&
        e.constructor.name === "UnknownValueError" &&
        Array.isArray((e as { props?: unknown }).props)
    );
}

function notApplicable(reason?: string): never {
    throw new NotApplicable(reason ?? "Policy does not apply");
}

/** isType as the engine implements it: compare the class's __pulumiType with the resource type. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
    const token = (resourceClass as { __pulumiType?: unknown })?.__pulumiType;
    if (typeof token === "string" && token !== "") return token === type;
    const isInstance = (resourceClass as { isInstance?: (o: unknown) => boolean })?.isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function effectiveLevel(policy: VoicePolicy, config: PolicyPackConfig): EnforcementLevel {
    const entry = config[policy.name];
    const configured = typeof entry === "string" ? entry : entry?.enforcementLevel;
    return configured || policy.enforcementLevel || packDefaults.enforcementLevel || "advisory";
}

/** Stack facts from the inventory's resolved config, for policies that declare them. */
function stackFacts(schema: PolicyConfigSchema | undefined, inventory: PolicyInventory): Record<string, unknown> {
    const facts: Record<string, unknown> = {};
    const props = schema?.properties ?? {};
    if ("stackEnvironment" in props && typeof inventory.config?.environment === "string")
        facts.stackEnvironment = inventory.config.environment;
    if ("stackProject" in props && typeof inventory.config?.project === "string")
        facts.stackProject = inventory.config.project;
    return facts;
}

/** Policy config as the CLI hands it to getConfig: schema defaults, stack facts, then the pack config's properties. */
function policyConfig(
    schema: PolicyConfigSchema | undefined,
    entry: PolicyPackConfig[string] | undefined,
    facts: Record<string, unknown>,
): object {
    const props = typeof entry === "object" && entry !== null ? { ...entry } : {};
    delete (props as { enforcementLevel?: unknown }).enforcementLevel;
    return settings<object>(schema, { ...facts, ...props });
}

function options(r: PolicyInventory["resources"][number]): PolicyResourceOptions {
    const opts: PolicyResourceOptions = {
        protect: r.protect === true,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
    };
    if (r.parent) opts.parent = r.parent;
    return opts;
}

function providerOf(r: PolicyInventory["resources"][number], byUrn: Map<string, PolicyInventory["resources"][number]>) {
    const p = r.provider ? byUrn.get(r.provider) : undefined;
    return p ? { type: p.type, props: unknownCheckingProxy(p.inputs ?? {}), urn: p.urn, name: p.name } : undefined;
}

function callSync(result: unknown, policy: string): void {
    // The pack's policies are synchronous; a promise here would be silently dropped.
    if (result && typeof (result as Promise<void>).then === "function") {
        throw new Error(`policy '${policy}' returned a promise; the offline runner runs synchronous policies only`);
    }
}

/**
 * Every violation the pack reports for the inventory, resource policies first (in resource
 * order), then stack policies. Stack-level violations without a resource carry the stack's URN.
 */
export function runPolicies(
    inventory: PolicyInventory,
    config: PolicyPackConfig = {},
    policies: VoicePolicy[] = packPolicies,
): Violation[] {
    const violations: Violation[] = [];
    const byUrn = new Map(inventory.resources.map((r) => [r.urn, r]));
    const stackUrn = inventory.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";

    const reporter =
        (policy: VoicePolicy, level: EnforcementLevel, fallbackUrn: string, fixedUrn: boolean): ReportViolation =>
        (message: string, urn?: string) => {
            violations.push({
                policy: policy.name,
                enforcementLevel: level === "advisory" ? "advisory" : "mandatory",
                severity: policy.severity,
                // Resource validations ignore the urn argument (the engine always uses the resource's).
                urn: fixedUrn ? fallbackUrn : (urn ?? fallbackUrn),
                message,
            });
        };

    for (const declared of inventory.resources) {
        for (const policy of policies) {
            const level = effectiveLevel(policy, config);
            const validate = (policy as ResourceValidationPolicy).validateResource;
            if (level === "disabled" || !validate) continue;
            const props = unknownCheckingProxy(withUnknowns(declared.inputs ?? {}));
            const args: ResourceValidationArgs = {
                type: declared.type,
                props,
                urn: declared.urn,
                name: declared.name,
                opts: options(declared),
                stackTags: new Map(),
                isType: (cls) => isTypeOf(declared.type, cls),
                asType: ((cls: unknown) =>
                    isTypeOf(declared.type, cls) ? props : undefined) as ResourceValidationArgs["asType"],
                getConfig: <T extends object>() =>
                    policyConfig(
                        policy.configSchema,
                        config[policy.name],
                        stackFacts(policy.configSchema, inventory),
                    ) as T,
                notApplicable,
            };
            const provider = providerOf(declared, byUrn);
            if (provider) args.provider = provider;
            for (const validation of Array.isArray(validate) ? validate : [validate]) {
                const pulumiType = (validation as { __pulumiType?: string }).__pulumiType;
                if (!Array.isArray(validate) && pulumiType && pulumiType !== declared.type) continue;
                try {
                    callSync(validation(args, reporter(policy, level, declared.urn, true)), policy.name);
                } catch (e) {
                    if (isUnknownValueError(e)) reporter(policy, "advisory", declared.urn, true)(cannotRun(policy, e));
                    else if (!(e instanceof NotApplicable)) throw e;
                }
            }
        }
    }

    const resources: PolicyResource[] = inventory.resources.map((r) => {
        const outputs = r.type === "pulumi:pulumi:Stack" && inventory.outputs ? inventory.outputs : r.inputs;
        const props = unknownCheckingProxy(withUnknowns(outputs ?? {}));
        const resource: PolicyResource = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: options(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(r.type, cls),
            asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as PolicyResource["asType"],
        };
        const provider = providerOf(r, byUrn);
        if (provider) resource.provider = provider;
        return resource;
    });
    const linked = new Map(resources.map((r) => [r.urn, r]));
    for (const [i, r] of inventory.resources.entries()) {
        const resource = defined(resources[i], `policy resource ${r.urn}`);
        const parent = r.parent ? linked.get(r.parent) : undefined;
        if (parent) resource.parent = parent;
        resource.dependencies = (r.dependsOn ?? [])
            .map((d) => linked.get(d))
            .filter((d): d is PolicyResource => d !== undefined);
    }

    for (const policy of policies) {
        const level = effectiveLevel(policy, config);
        const validateStack = (policy as StackValidationPolicy).validateStack;
        if (level === "disabled" || !validateStack) continue;
        const args: StackValidationArgs = {
            resources,
            stackTags: new Map(),
            getConfig: <T extends object>() =>
                policyConfig(policy.configSchema, config[policy.name], stackFacts(policy.configSchema, inventory)) as T,
            notApplicable,
        };
        try {
            callSync(validateStack(args, reporter(policy, level, stackUrn, false)), policy.name);
        } catch (e) {
            if (isUnknownValueError(e)) reporter(policy, "advisory", stackUrn, false)(cannotRun(policy, e));
            else if (!(e instanceof NotApplicable)) throw e;
        }
    }
    return violations;
}

/** The engine's words for a policy that read an unknown value (server.js). */
function cannotRun(policy: VoicePolicy, e: Error): string {
    return `can't run policy '${policy.name}' during preview: ${e.message}`;
}

/** Human-readable report: violations grouped by severity, mandatory ones first within a group. */
export function renderViolations(violations: Violation[]): string {
    if (violations.length === 0) return "No policy violations.";
    const lines: string[] = [];
    for (const severity of SEVERITIES) {
        const group = violations
            .filter((v) => v.severity === severity)
            .sort((a, b) =>
                a.enforcementLevel === b.enforcementLevel ? 0 : a.enforcementLevel === "mandatory" ? -1 : 1,
            );
        if (group.length === 0) continue;
        lines.push(`${severity.toUpperCase()} (${group.length})`);
        for (const v of group) {
            // URNs and messages quote the inventory, which may be anyone's: escaped, one line each.
            lines.push(`  [${v.enforcementLevel}] ${escapeLine(v.policy)}`);
            lines.push(`    ${escapeLine(v.urn)}`);
            lines.push(`    ${escapeLine(v.message)}`);
        }
        lines.push("");
    }
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
    lines.push(`${violations.length} violation(s), ${mandatory} mandatory.`);
    return lines.join("\n");
}
