import * as gcp from "../../gcp";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../../../core/naming";
import { alertPolicyArgs, type AlertSpec } from "./alertSpec";
import type { ChannelSet } from "./severity";

export interface AlertPoliciesArgs {
    project: string;
    stack: string;
    cell: string;
    /** The catalog (serviceAlerts, dataAlerts, sloAlerts); keys must be unique. */
    specs: readonly AlertSpec[];
    channels: ChannelSet<pulumi.Input<string>>;
    autoCloseMinutes: number;
}

/** One Cloud Monitoring alert policy per spec, routed by severity. */
export class AlertPolicies extends pulumi.ComponentResource {
    readonly policies: Readonly<Record<string, gcp.monitoring.AlertPolicy>>;

    constructor(name: string, args: AlertPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:observability:AlertPolicies", name, {}, opts);
        const policies: Record<string, gcp.monitoring.AlertPolicy> = {};
        for (const spec of args.specs) {
            if (policies[spec.key]) throw new Error(`alert key "${spec.key}" is used twice`);
            policies[spec.key] = new gcp.monitoring.AlertPolicy(
                childName(name, spec.key),
                alertPolicyArgs(spec, {
                    project: args.project,
                    stack: args.stack,
                    channels: args.channels,
                    autoCloseMinutes: args.autoCloseMinutes,
                    userLabels: { cell: args.cell, managed_by: "pulumi" },
                }),
                { parent: this },
            );
        }
        this.policies = policies;
        this.registerOutputs({ policies: Object.fromEntries(Object.entries(policies).map(([k, p]) => [k, p.name])) });
    }
}
