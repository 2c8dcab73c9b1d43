import * as gcp from "../../gcp";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../../../core/naming";
import type { ChannelSet } from "./severity";

/** Resource-name part of an e-mail address: `oncall@edentist.ai` → `oncall-edentist-ai`. */
export function emailSlug(address: string): string {
    return address
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .replace(/^(?![a-z])/, "m-");
}

export interface NotificationChannelsArgs {
    project: string;
    cell: string;
    /** Slack channel to post to, e.g. `#edentist-incident`. */
    slackChannel: string;
    /** Addresses that get SEV-1/2 alerts besides PagerDuty and Slack. */
    emails: readonly string[];
    /** PagerDuty Events API v2 integration key (secret). */
    pagerDutyServiceKey: pulumi.Input<string>;
    /** Slack bot token (secret). */
    slackAuthToken: pulumi.Input<string>;
}

/**
 * PagerDuty (SEV-1/2), Slack `#edentist-incident` (every severity) and the e-mail list. Keys are
 * sensitive labels, wrapped as secrets here too so that a plain string passed by mistake still
 * never lands in the state in clear text
 * (https://cloud.google.com/monitoring/support/notification-options#pagerduty).
 */
export class NotificationChannels extends pulumi.ComponentResource {
    /** Channel ids (`projects/<p>/notificationChannels/<id>`) for alert routing. */
    readonly channels: ChannelSet<pulumi.Output<string>>;

    constructor(name: string, args: NotificationChannelsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:observability:NotificationChannels", name, {}, opts);
        const userLabels = { cell: args.cell, managed_by: "pulumi" };

        const pagerDuty = new gcp.monitoring.NotificationChannel(
            childName(name, "pagerduty"),
            {
                project: args.project,
                type: "pagerduty",
                displayName: `PagerDuty voice-agent ${args.cell} (SEV-1/2)`,
                sensitiveLabels: { serviceKey: pulumi.secret(args.pagerDutyServiceKey) },
                userLabels,
            },
            { parent: this },
        );
        const slack = new gcp.monitoring.NotificationChannel(
            childName(name, "slack"),
            {
                project: args.project,
                type: "slack",
                displayName: `Slack ${args.slackChannel} (${args.cell})`,
                labels: { channel_name: args.slackChannel },
                sensitiveLabels: { authToken: pulumi.secret(args.slackAuthToken) },
                userLabels,
            },
            { parent: this },
        );
        const slugs = new Set<string>();
        const emails = args.emails.map((address) => {
            const slug = emailSlug(address);
            if (slugs.has(slug))
                throw new Error(
                    `e-mail addresses ${args.emails.join(", ")} give the same resource name "${slug}" twice`,
                );
            slugs.add(slug);
            return new gcp.monitoring.NotificationChannel(
                childName(name, "email", slug),
                {
                    project: args.project,
                    type: "email",
                    displayName: `E-mail ${address} (${args.cell})`,
                    labels: { email_address: address },
                    userLabels,
                },
                { parent: this },
            );
        });

        this.channels = { pagerDuty: pagerDuty.id, slack: slack.id, emails: emails.map((e) => e.id) };
        this.registerOutputs({ pagerDuty: pagerDuty.id, slack: slack.id, emails: this.channels.emails });
    }
}
