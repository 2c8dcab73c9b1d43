import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";

// The uptime check is the outside-in view of the cell; it has to go through TLS as clients do,
// and validate the certificate so an expired managed certificate pages someone.
export const policy = resourcePolicy(
    {
        name: "gcp-monitoring-uptimecheckconfig-check-over-tls",
        description: "HTTP uptime checks use TLS and validate the certificate.",
        severity: "low",
        category: "hygiene",
        remediationSteps: "Set httpCheck { useSsl: true, validateSsl: true, port: 443 }.",
        anchors: [],
    },
    gcp.monitoring.UptimeCheckConfig,
    (check, report, { args }) => {
        const name = check.displayName ?? args.name;
        if (!check.httpCheck) return;
        if (check.httpCheck.useSsl !== true)
            report(`Uptime check '${name}' must use TLS: httpCheck.useSsl is not true.`);
        if (check.httpCheck.validateSsl !== true)
            report(`Uptime check '${name}' must validate the certificate: httpCheck.validateSsl is not true.`);
    },
);
