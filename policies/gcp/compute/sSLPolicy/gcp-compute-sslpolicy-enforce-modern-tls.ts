import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

export const policy = resourcePolicy(
    {
        name: "gcp-compute-sslpolicy-enforce-modern-tls",
        description:
            "SSL policies require TLS 1.2 or later with the MODERN or RESTRICTED profile (no weak cipher suites).",
        severity: "critical",
        category: "security",
        remediationSteps: "Set minTlsVersion TLS_1_2 and profile MODERN (or RESTRICTED).",
        anchors: ["CKV_GCP_4", "AVD-GCP-0039", "CIS GCP 4.0 3.9"],
    },
    gcp.compute.SSLPolicy,
    (ssl, report, { name }) => {
        // API defaults are TLS_1_0 and COMPATIBLE, so missing values are violations.
        if (ssl.minTlsVersion !== "TLS_1_2" && ssl.minTlsVersion !== "TLS_1_3") {
            report(`SSL policy '${name}' must require TLS 1.2 or later: minTlsVersion ${shown(ssl.minTlsVersion)}.`);
        }
        if (ssl.profile !== "MODERN" && ssl.profile !== "RESTRICTED") {
            report(`SSL policy '${name}' must use the MODERN or RESTRICTED profile: profile ${shown(ssl.profile)}.`);
        }
    },
);
