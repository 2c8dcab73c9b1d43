// One shape for "this stateful resource cannot be deleted by accident": the Pulumi `protect`
// option (stops `pulumi up`/`destroy` from deleting it) and, where the provider has one, its own
// deletion-protection switch (stops deletes that bypass Pulumi's state).
import { multiTypePolicy, VoiceResourcePolicy } from "./define";
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

export function protectionPolicy(spec: ProtectionSpec): VoiceResourcePolicy {
    const flagStep = spec.flag ? ` and set ${spec.flag.property} to true` : "";
    return multiTypePolicy(
        {
            name: spec.name,
            description: spec.description,
            severity: "high",
            category: "availability",
            remediationSteps: `Create the ${spec.label} with the resource option { protect: true }${flagStep}; remove protection only in a reviewed change that deletes it on purpose.`,
            anchors: [],
            enforcementLevel: spec.enforcementLevel,
        },
        [spec.type],
        (props, report, { args, name }) => {
            if (!args.opts.protect) {
                report(`${spec.label} '${name}' holds state and must be created with the Pulumi resource option protect: true.`);
            }
            if (spec.flag) {
                const value = props[spec.flag.property];
                // Missing only counts where the provider's default leaves the resource unprotected.
                const protectedNow = value === true || (value === undefined && spec.flag.providerDefault);
                if (!protectedNow) {
                    report(`${spec.label} '${name}' must enable deletion protection: ${spec.flag.property} ${shown(value)} (expected true).`);
                }
            }
        },
    );
}
