import * as gcp from "../../gcp";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../../../core/naming";
import type { Dashboard } from "./dashboardTypes";

export interface DashboardsArgs {
    project: string;
    /** Built by dashboardCatalog.ts; keyed by a stable name part (overview, pms, database). */
    dashboards: Readonly<Record<string, Dashboard>>;
}

/**
 * Cloud Monitoring dashboards from typed objects; `dashboardJson` is their proto3 JSON form
 * (https://cloud.google.com/monitoring/api/ref_v3/rest/v1/projects.dashboards#Dashboard).
 */
export class Dashboards extends pulumi.ComponentResource {
    readonly dashboards: Readonly<Record<string, gcp.monitoring.Dashboard>>;

    constructor(name: string, args: DashboardsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:observability:Dashboards", name, {}, opts);
        this.dashboards = Object.fromEntries(
            Object.entries(args.dashboards).map(([key, d]) => [
                key,
                new gcp.monitoring.Dashboard(
                    childName(name, key),
                    { project: args.project, dashboardJson: JSON.stringify(d) },
                    { parent: this },
                ),
            ]),
        );
        this.registerOutputs({
            dashboards: Object.fromEntries(Object.entries(this.dashboards).map(([k, d]) => [k, d.id])),
        });
    }
}
