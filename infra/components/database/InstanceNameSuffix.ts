import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { childName } from "../../../core/naming";

export interface InstanceNameSuffixArgs {
    /** Random bytes; the suffix is twice as many hex digits. */
    byteLength: number;
}

/**
 * A random suffix for Cloud SQL instance names, created once and held in the stack's state: every
 * later update reads the same value, and a cell destroyed and created again gets a new one
 * (infra/lifecycle.ts says which cells use it).
 */
export class InstanceNameSuffix extends pulumi.ComponentResource {
    readonly hex: pulumi.Output<string>;

    constructor(name: string, args: InstanceNameSuffixArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:database:InstanceNameSuffix", name, {}, opts);
        const id = new random.RandomId(childName(name, "id"), { byteLength: args.byteLength }, { parent: this });
        this.hex = id.hex;
        this.registerOutputs({ hex: this.hex });
    }
}

/**
 * `<name>-<suffix>` where a cell's names carry a random suffix (infra/lifecycle.ts), else the name
 * itself, unchanged: a production plan is the same with or without this call.
 */
export function suffixed(name: string, suffix: pulumi.Input<string> | undefined): pulumi.Input<string> {
    return suffix === undefined ? name : pulumi.output(suffix).apply((s) => `${name}-${s}`);
}
