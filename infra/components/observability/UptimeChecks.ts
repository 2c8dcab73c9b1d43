import * as gcp from "../../gcp";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../../../core/naming";

export interface UptimeChecksArgs {
    project: string;
    cell: string;
    domain: string;
    path: string;
    /** At least three (Cloud Monitoring's minimum when regions are selected). */
    checkerRegions: readonly string[];
    periodSeconds: number;
    timeoutSeconds: number;
}

/**
 * HTTPS check of the cell's public name and health path, from several continents: it sees what a
 * practice sees (DNS, certificate, LB, a healthy backend), which no metric inside the cell can
 * (https://cloud.google.com/monitoring/uptime-checks). Its alert is in serviceAlerts.ts.
 */
export class UptimeChecks extends pulumi.ComponentResource {
    readonly check: gcp.monitoring.UptimeCheckConfig;

    constructor(name: string, args: UptimeChecksArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:observability:UptimeChecks", name, {}, opts);
        if (args.checkerRegions.length < 3) {
            throw new Error(
                `uptime checks need at least 3 checker regions; got ${args.checkerRegions.join(", ") || "none"}`,
            );
        }
        this.check = new gcp.monitoring.UptimeCheckConfig(
            childName(name, "https"),
            {
                project: args.project,
                displayName: `voice-agent ${args.cell} https://${args.domain}${args.path}`,
                monitoredResource: { type: "uptime_url", labels: { project_id: args.project, host: args.domain } },
                httpCheck: {
                    path: args.path,
                    port: 443,
                    useSsl: true,
                    // A check that accepts a broken certificate would stay green while browsers refuse the site.
                    validateSsl: true,
                    requestMethod: "GET",
                    acceptedResponseStatusCodes: [{ statusClass: "STATUS_CLASS_2XX" }],
                },
                period: `${args.periodSeconds}s`,
                timeout: `${args.timeoutSeconds}s`,
                selectedRegions: [...args.checkerRegions],
                checkerType: "STATIC_IP_CHECKERS",
                userLabels: { cell: args.cell },
            },
            { parent: this },
        );
        this.registerOutputs({ check: this.check.uptimeCheckId });
    }
}
