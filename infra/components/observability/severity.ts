/**
 * The runbook's incident classes and what each one notifies. Pure, so the routing is table-tested
 * (test/infra/components/observability/severity.test.ts) apart from the components.
 */

/** docs/runbook.md, "Incident Classification". */
export type Severity = "SEV-1" | "SEV-2" | "SEV-3";
export const severities: readonly Severity[] = ["SEV-1", "SEV-2", "SEV-3"];

/**
 * AlertPolicy.severity (https://cloud.google.com/monitoring/api/ref_v3/rest/v3/projects.alertPolicies#severity):
 * it is shown on incidents and passed to PagerDuty and Slack, so on-call sees the class at a glance.
 */
export const cloudSeverity: Record<Severity, "CRITICAL" | "ERROR" | "WARNING"> = {
    "SEV-1": "CRITICAL",
    "SEV-2": "ERROR",
    "SEV-3": "WARNING",
};

/** The runbook's target response per class, quoted in every alert's documentation. */
export const targetResponse: Record<Severity, string> = {
    "SEV-1": "immediate response (< 5 min)",
    "SEV-2": "response < 15 min",
    "SEV-3": "response < 1 hr",
};

export interface ChannelSet<T> {
    pagerDuty: T;
    slack: T;
    /** `observability.alertEmails`, one channel per address. */
    emails: readonly T[];
}

/**
 * SEV-1 and SEV-2 page PagerDuty and post to Slack (and mail the e-mail list); SEV-3 is not
 * customer-facing and goes to Slack only (docs/runbook.md, "Incident Classification").
 */
export function routeChannels<T>(severity: Severity, channels: ChannelSet<T>): T[] {
    switch (severity) {
        case "SEV-1":
        case "SEV-2":
            return [channels.pagerDuty, channels.slack, ...channels.emails];
        case "SEV-3":
            return [channels.slack];
    }
}
