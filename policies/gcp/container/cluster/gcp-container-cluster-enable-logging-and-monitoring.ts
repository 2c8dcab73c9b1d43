import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

export const policy = resourcePolicy(
    {
        name: "gcp-container-cluster-enable-logging-and-monitoring",
        description:
            "GKE clusters send system and workload logs and system metrics to Cloud Logging and Monitoring (the alert policies and dashboards read them), with intranode visibility so pod-to-pod traffic appears in VPC flow logs.",
        severity: "medium",
        category: "security",
        remediationSteps:
            "Leave loggingService/monitoringService at their defaults and include SYSTEM_COMPONENTS and WORKLOADS in loggingConfig.enableComponents, SYSTEM_COMPONENTS in monitoringConfig.enableComponents; set enableIntranodeVisibility true.",
        anchors: [
            "CKV_GCP_1",
            "CKV_GCP_8",
            "AVD-GCP-0060",
            "AVD-GCP-0052",
            "CIS GKE 1.4 5.7.1",
            "CKV_GCP_61",
            "CIS GKE 1.4 5.6.1",
        ],
    },
    gcp.container.Cluster,
    (cluster, report, { name }) => {
        if (cluster.loggingService === "none") {
            report(`GKE cluster '${name}' must send logs to Cloud Logging: loggingService is "none".`);
        }
        if (cluster.monitoringService === "none") {
            report(`GKE cluster '${name}' must send metrics to Cloud Monitoring: monitoringService is "none".`);
        }
        // Unset config blocks keep GKE's defaults (system and workload logs, system metrics).
        const logs = cluster.loggingConfig?.enableComponents;
        for (const component of ["SYSTEM_COMPONENTS", "WORKLOADS"]) {
            if (logs && !logs.includes(component)) {
                report(
                    `GKE cluster '${name}' must log ${component}: loggingConfig.enableComponents is ${JSON.stringify(logs)}.`,
                );
            }
        }
        // Intranode visibility is off by default.
        if (cluster.enableIntranodeVisibility !== true) {
            report(
                `GKE cluster '${name}' must enable intranode visibility: enableIntranodeVisibility ${shown(cluster.enableIntranodeVisibility)} (expected true).`,
            );
        }
        const metrics = cluster.monitoringConfig?.enableComponents;
        if (metrics && !metrics.includes("SYSTEM_COMPONENTS")) {
            report(
                `GKE cluster '${name}' must monitor SYSTEM_COMPONENTS: monitoringConfig.enableComponents is ${JSON.stringify(metrics)}.`,
            );
        }
    },
);
