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
        const names = args.names;
        const config = args.config;
        const child = { parent: this };

        const notify = new NotificationChannels(
            childName(name, "channels"),
            {
                project: names.project,
                cell: names.cell,
                slackChannel: config.slackChannel,
                emails: config.alertEmails,
                pagerDutyServiceKey: args.pagerDutyServiceKey,
                slackAuthToken: args.slackAuthToken,
            },
            child,
        );
        const logMetrics = new LogMetrics(
            childName(name, "log-metrics"),
            { project: names.project, namespace: names.namespace, pmsProviders: names.pmsProviders },
            child,
        );
        const slo = new Slo(
            childName(name, "slo"),
            {
                project: names.project,
                cell: names.cell,
                serviceId: monitoringServiceId(names.cell),
                backendService: names.backendService,
                availabilityPercent: config.slo.availabilityPercent,
                rollingPeriodDays: config.slo.rollingPeriodDays,
            },
            child,
        );
        const uptime = new UptimeChecks(
            childName(name, "uptime"),
            {
                project: names.project,
                cell: names.cell,
                domain: names.domain,
                path: names.healthCheckPath,
                checkerRegions: config.uptime.checkerRegions,
                periodSeconds: config.uptime.periodSeconds,
                timeoutSeconds: config.uptime.timeoutSeconds,
            },
            child,
        );
        new AlertPolicies(
            childName(name, "alerts"),
            {
                project: names.project,
                stack: names.stack,
                cell: names.cell,
                specs: [
                    ...serviceAlerts(names, config.alerts),
                    ...dataAlerts(names, config.alerts),
                    ...sloAlerts(names, slo.sloName, config.slo),
                ],
                channels: notify.channels,
                autoCloseMinutes: config.alerts.autoCloseMinutes,
            },
            // Policies name log-based metrics, the SLO and the uptime check's resource by text, so
            // Pulumi cannot infer the order: Cloud Monitoring rejects a condition on a metric or
            // SLO that does not exist yet.
            { parent: this, dependsOn: [logMetrics, slo, uptime] },
        );
        new Dashboards(
            childName(name, "dashboards"),
            {
                project: names.project,
                dashboards: {
                    overview: overviewDashboard(names, config.alerts, slo.sloName, config.slo),
                    pms: pmsDashboard(names, config.alerts),
                    database: databaseDashboard(names, config.alerts),
                },
            },
            { parent: this, dependsOn: [logMetrics, slo] },
        );

        this.sloName = slo.sloName;
        this.registerOutputs({ sloName: this.sloName });
    }
}
