// One shape for "this stateful resource cannot be deleted by accident": the Pulumi `protect`
// option (stops `pulumi up`/`destroy` from deleting it) and, where the provider has one, its own
// deletion-protection switch (stops deletes that bypass Pulumi's state).
import { multiTypePolicy, VoiceResourcePolicy } from "./define";
import type { PolicyConfigSchema } from "@pulumi/policy";
import { shown } from "./resources";

export interface ProtectionSpec {
    name: string;
    type: string;
    /** How messages call the resource, e.g. "Pub/Sub topic". */
    label: string;
    description: string;
    /** The provider's deletion switch, if the resource has one. */
    flag?: { property: string; providerDefault: boolean };
    /** Only where losing the resource is recoverable without data loss. */
    enforcementLevel?: "advisory";
}

/**
 * Stack fact shared by the protection policies: a drill cell (environment drill, which the config
 * allows only in a sandbox project, and gcp-resourcemanager-project-isolate-drill-stacks checks)
 * is created and destroyed for each rehearsal, so protection does not apply to it. Without the
 * fact (the CLI without --policy-pack-config) the policies apply.
 */
export const drillExemption: PolicyConfigSchema = {
    properties: {
        stackEnvironment: {
            type: "string",
            description: "The stack's config environment (prod | drill); drill cells are exempt.",
        },
    },
};

export function exemptDrill(config: { stackEnvironment?: string }, notApplicable: (reason?: string) => never): void {
    if (config.stackEnvironment === "drill") notApplicable("a drill cell is created and destroyed for each rehearsal");
}

export function protectionPolicy(spec: ProtectionSpec): VoiceResourcePolicy {
    const flagStep = spec.flag ? ` and set ${spec.flag.property} to true` : "";
    return multiTypePolicy<{ stackEnvironment?: string }>(
        {
            name: spec.name,
            description: spec.description,
            severity: "high",
            category: "availability",
            remediationSteps: `Create the ${spec.label} with the resource option { protect: true }${flagStep}; remove protection only in a reviewed change that deletes it on purpose.`,
            anchors: [],
            enforcementLevel: spec.enforcementLevel,
            configSchema: drillExemption,
        },
        [spec.type],
        (props, report, { args, config, name }) => {
            // eslint-disable-next-line @typescript-eslint/unbound-method -- @pulumi/policy declares notApplicable as a method, but it is a plain function that reads no this
            exemptDrill(config, args.notApplicable);
            if (!args.opts.protect) {
                report(
                    `${spec.label} '${name}' holds state and must be created with the Pulumi resource option protect: true.`,
                );
            }
            if (spec.flag) {
                const value = props[spec.flag.property];
                // Missing only counts where the provider's default leaves the resource unprotected.
                const protectedNow = value === true || (value === undefined && spec.flag.providerDefault);
                if (!protectedNow) {
                    report(
                        `${spec.label} '${name}' must enable deletion protection: ${spec.flag.property} ${shown(value)} (expected true).`,
                    );
                }
            }
        },
    );
}
