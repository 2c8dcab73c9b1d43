// How every policy of this pack is declared: the @pulumi/policy shapes plus the metadata the
// review needs beside the code (severity, remediation steps, the rule-set check IDs it anchors to).
import {
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
    validateResourceOfType,
} from "@pulumi/policy";
import { Resource, Unwrap } from "@pulumi/pulumi";
import { physicalName } from "./resources";

/** Why a policy exists; also decides its default enforcement (see `defaultEnforcement`). */
export type Category = "security" | "availability" | "remediation-safety" | "hygiene";

export interface PolicyMetadata {
    name: string;
    description: string;
    severity: Severity;
    category: Category;
    /** Step-by-step fix, shown by the Pulumi CLI and Cloud next to a violation. */
    remediationSteps: string;
    /**
     * Check IDs of the public rule sets this policy covers (Checkov CKV_GCP_*, trivy AVD-GCP-*,
     * CIS GCP 4.0 / CIS GKE 1.4 recommendation numbers, kube-score / Polaris / kube-linter check
     * names). Empty for the HA/DR and remediation-safety rules that no rule set has.
     */
    anchors: string[];
    /** Overrides the category default (security and availability are mandatory: a finding there blocks the change). */
    enforcementLevel?: EnforcementLevel;
    configSchema?: PolicyConfigSchema;
}

export type VoiceResourcePolicy = ResourceValidationPolicy &
    PolicyMetadata & { severity: Severity; enforcementLevel: EnforcementLevel };
export type VoiceStackPolicy = StackValidationPolicy &
    PolicyMetadata & { severity: Severity; enforcementLevel: EnforcementLevel };
export type VoicePolicy = VoiceResourcePolicy | VoiceStackPolicy;

/** Security, availability and remediation safety block a deployment; hygiene only warns. */
export function defaultEnforcement(category: Category): EnforcementLevel {
    return category === "hygiene" ? "advisory" : "mandatory";
}

function base(meta: PolicyMetadata) {
    return {
        ...meta,
        tags: [meta.category],
        enforcementLevel: meta.enforcementLevel ?? defaultEnforcement(meta.category),
    };
}

/**
 * The policy's settings: the schema defaults overlaid with whatever the pack config sets. The
 * Pulumi CLI fills defaults in from `configSchema` already; applying them here as well keeps a
 * policy correct when it is called with an empty config (older CLIs, tests, the offline runner).
 */
export function settings<T>(schema: PolicyConfigSchema | undefined, config: object): T {
    const defaults: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
        if (prop.default !== undefined) defaults[key] = prop.default;
    }
    return { ...defaults, ...config } as T;
}

export type ResourceCheck<TProps, TConfig> = (
    props: TProps,
    report: (message: string) => void,
    ctx: { args: ResourceValidationArgs; config: TConfig; name: string },
) => void;

/**
 * A policy on one resource type. `name` handed to the check is the physical name when the
 * program sets one (that is what the runbook and reviewers know), else the Pulumi name.
 */
export function resourcePolicy<TResource extends Resource, TArgs, TConfig = Record<string, never>>(
    meta: PolicyMetadata,
    resourceClass: { new (name: string, args: TArgs, ...rest: any[]): TResource },
    check: ResourceCheck<Unwrap<NonNullable<TArgs>>, TConfig>,
): VoiceResourcePolicy {
    return {
        ...base(meta),
        validateResource: validateResourceOfType(resourceClass, (props, args, reportViolation) => {
            const config = settings<TConfig>(meta.configSchema, args.getConfig());
            const name = physicalName({ name: args.name, props: props as Record<string, any> });
            check(props, (message) => reportViolation(message), { args, config, name });
        }),
    };
}

/**
 * A policy on several resource types that share a shape (IAM member and binding, Deployment and
 * Job pod templates). The engine treats a policy with a validation list the same way.
 */
export function multiTypePolicy<TConfig = Record<string, never>>(
    meta: PolicyMetadata,
    types: string[],
    check: ResourceCheck<Record<string, any>, TConfig>,
): VoiceResourcePolicy {
    return {
        ...base(meta),
        validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
            if (!types.includes(args.type)) {
                args.notApplicable(`Policy only applies to resources of types ${types.join(", ")}`);
            }
            const config = settings<TConfig>(meta.configSchema, args.getConfig());
            const name = physicalName(args);
            check(args.props, (message) => reportViolation(message), { args, config, name });
        },
    };
}

export type StackCheck<TConfig> = (
    args: StackValidationArgs,
    report: (message: string, urn?: string) => void,
    config: TConfig,
) => void;

/** A policy that needs several resources at once (HA/DR and remediation safety). */
export function stackPolicy<TConfig = Record<string, never>>(
    meta: PolicyMetadata,
    check: StackCheck<TConfig>,
): VoiceStackPolicy {
    return {
        ...base(meta),
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const config = settings<TConfig>(meta.configSchema, args.getConfig());
            check(args, (message, urn) => reportViolation(message, urn), config);
        },
    };
}
