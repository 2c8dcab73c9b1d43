import * as pulumi from "@pulumi/pulumi";
import type { ObservabilityConfig } from "../../config";
import { childName, monitoringServiceId } from "../../../core/naming";
import { AlertPolicies } from "./AlertPolicies";
import { dataAlerts } from "./dataAlerts";
import { Dashboards } from "./Dashboards";
import { databaseDashboard, overviewDashboard, pmsDashboard } from "./dashboardCatalog";
import { LogMetrics } from "./LogMetrics";
import { NotificationChannels } from "./NotificationChannels";
import { serviceAlerts } from "./serviceAlerts";
import { Slo } from "./Slo";
import { sloAlerts } from "./sloAlerts";
import type { ObservedNames } from "./targets";
import { UptimeChecks } from "./UptimeChecks";

export interface ObservabilityArgs {
    /** What to watch, by name (core/naming.ts). */
    names: ObservedNames;
    /** The `observability` config section. */
    config: ObservabilityConfig;
    /** Secret Outputs from loadSecrets(). */
    pagerDutyServiceKey: pulumi.Input<string>;
    slackAuthToken: pulumi.Input<string>;
}

/**
 * The cell's observability (docs/observability.md): notification channels, log-based
 * metrics, the availability SLO, the uptime check, every runbook alert routed by severity, and
 * the three dashboards.
 */
export class Observability extends pulumi.ComponentResource {
    readonly sloName: string;

    constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:observability:Observability", name, {}, opts);
        const n = args.names;
        const c = args.config;
        const child = { parent: this };

        const notify = new NotificationChannels(
            childName(name, "channels"),
            {
                project: n.project,
                cell: n.cell,
                slackChannel: c.slackChannel,
                emails: c.alertEmails,
                pagerDutyServiceKey: args.pagerDutyServiceKey,
                slackAuthToken: args.slackAuthToken,
            },
            child,
        );
        const logMetrics = new LogMetrics(
            childName(name, "log-metrics"),
            { project: n.project, namespace: n.namespace, pmsProviders: n.pmsProviders },
            child,
        );
        const slo = new Slo(
            childName(name, "slo"),
            {
                project: n.project,
                cell: n.cell,
                serviceId: monitoringServiceId(n.cell),
                backendService: n.backendService,
                availabilityPercent: c.slo.availabilityPercent,
                rollingPeriodDays: c.slo.rollingPeriodDays,
            },
            child,
        );
        const uptime = new UptimeChecks(
            childName(name, "uptime"),
            {
                project: n.project,
                cell: n.cell,
                domain: n.domain,
                path: n.healthCheckPath,
                checkerRegions: c.uptime.checkerRegions,
                periodSeconds: c.uptime.periodSeconds,
                timeoutSeconds: c.uptime.timeoutSeconds,
            },
            child,
        );
        new AlertPolicies(
            childName(name, "alerts"),
            {
                project: n.project,
                stack: n.stack,
                cell: n.cell,
                specs: [...serviceAlerts(n, c.alerts), ...dataAlerts(n, c.alerts), ...sloAlerts(n, slo.sloName, c.slo)],
                channels: notify.channels,
                autoCloseMinutes: c.alerts.autoCloseMinutes,
            },
            // Policies name log-based metrics, the SLO and the uptime check's resource by text, so
            // Pulumi cannot infer the order: Cloud Monitoring rejects a condition on a metric or
            // SLO that does not exist yet.
            { parent: this, dependsOn: [logMetrics, slo, uptime] },
        );
        new Dashboards(
            childName(name, "dashboards"),
            {
                project: n.project,
                dashboards: {
                    overview: overviewDashboard(n, c.alerts, slo.sloName, c.slo),
                    pms: pmsDashboard(n, c.alerts),
                    database: databaseDashboard(n, c.alerts),
                },
            },
            { parent: this, dependsOn: [logMetrics, slo] },
        );

        this.sloName = slo.sloName;
        this.registerOutputs({ sloName: this.sloName });
    }
}
