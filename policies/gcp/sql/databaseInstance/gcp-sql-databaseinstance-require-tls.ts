import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

// sslMode replaced the deprecated requireSsl; anything but these two lets clients connect in
// plain text, and the database holds patient data.
const SECURE_MODES = ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"];

export const policy = resourcePolicy(
    {
        name: "gcp-sql-databaseinstance-require-tls",
        description: "Cloud SQL instances accept only TLS connections.",
        severity: "critical",
        category: "security",
        remediationSteps:
            "Set settings.ipConfiguration.sslMode to ENCRYPTED_ONLY (or TRUSTED_CLIENT_CERTIFICATE_REQUIRED) on the primary and every replica in the database component.",
        anchors: ["CKV_GCP_6", "AVD-GCP-0015", "CIS GCP 4.0 6.4", "KICS SQL DB Instance With SSL Disabled"],
    },
    gcp.sql.DatabaseInstance,
    (db, report, { name }) => {
        const mode = db.settings?.ipConfiguration?.sslMode;
        if (!SECURE_MODES.includes(mode as string)) {
            report(
                `Cloud SQL instance '${name}' must require TLS: settings.ipConfiguration.sslMode ${shown(mode)} (expected ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED).`,
            );
        }
    },
);
