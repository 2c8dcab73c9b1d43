import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";

// An alert nobody receives, or one that wakes someone without telling them which runbook step
// applies, does not shorten an incident.
export const policy = resourcePolicy(
    {
        name: "gcp-monitoring-alertpolicy-require-routing-and-documentation",
        description:
            "Every alert policy is enabled, routed to at least one notification channel, carries documentation (the runbook step) and a severity.",
        severity: "high",
        category: "availability",
        remediationSteps:
            "Set notificationChannels (PagerDuty for SEV-1/2, Slack #edentist-incident), documentation.content with the runbook section, and severity.",
        anchors: [],
    },
    gcp.monitoring.AlertPolicy,
    (alert, report, { args }) => {
        const name = alert.displayName ?? args.name;
        if (alert.enabled === false) {
            report(`Alert policy '${name}' is disabled.`);
        }
        if ((alert.notificationChannels ?? []).length === 0) {
            report(`Alert policy '${name}' must notify at least one channel: notificationChannels is empty.`);
        }
        if (!alert.documentation?.content) {
            report(`Alert policy '${name}' must carry documentation.content (the runbook step to follow).`);
        }
        if (!alert.severity) {
            report(`Alert policy '${name}' must set severity.`);
        }
    },
);
