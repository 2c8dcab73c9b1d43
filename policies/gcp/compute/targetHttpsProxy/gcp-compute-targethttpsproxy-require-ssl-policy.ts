import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";

// A proxy without an SSL policy negotiates Google's default (TLS 1.0, COMPATIBLE ciphers), so a
// compliant SSL policy only counts once it is attached.
export const policy = resourcePolicy(
    {
        name: "gcp-compute-targethttpsproxy-require-ssl-policy",
        description: "HTTPS proxies attach an SSL policy and serve a certificate.",
        severity: "high",
        category: "security",
        remediationSteps: "Set sslPolicy to the cell's SSL policy and sslCertificates to the managed certificate.",
        anchors: ["CKV_GCP_4", "AVD-GCP-0039", "CIS GCP 4.0 3.9"],
    },
    gcp.compute.TargetHttpsProxy,
    (proxy, report, { name }) => {
        if (!proxy.sslPolicy) {
            report(`HTTPS proxy '${name}' must attach an SSL policy: sslPolicy is not set.`);
        }
        if (
            (proxy.sslCertificates ?? []).length === 0 &&
            !proxy.certificateMap &&
            (proxy.certificateManagerCertificates ?? []).length === 0
        ) {
            report(`HTTPS proxy '${name}' must serve a certificate: sslCertificates is empty.`);
        }
    },
);
