import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { drillExemption, exemptDrill } from "../../../lib/protection";
import { shown } from "../../../lib/resources";

export const policy = resourcePolicy<
    gcp.sql.DatabaseInstance,
    gcp.sql.DatabaseInstanceArgs,
    { stackEnvironment?: string }
>(
    {
        name: "gcp-sql-databaseinstance-enforce-deletion-protection",
        description:
            "Cloud SQL instances are protected three times: Pulumi `protect`, the provider's deletionProtection, and the API-level deletionProtectionEnabled that also stops console and gcloud deletes.",
        severity: "critical",
        category: "availability",
        remediationSteps:
            "Create the instance with `{ protect: true }`, keep deletionProtection true (the provider default) and set settings.deletionProtectionEnabled to true.",
        anchors: [],
        configSchema: drillExemption,
    },
    gcp.sql.DatabaseInstance,
    (db, report, { name, args, config }) => {
        // eslint-disable-next-line @typescript-eslint/unbound-method -- @pulumi/policy declares notApplicable as a method, but it is a plain function that reads no this
        exemptDrill(config, args.notApplicable);
        if (!args.opts.protect) {
            report(`Cloud SQL instance '${name}' must be created with the Pulumi resource option protect: true.`);
        }
        // The provider defaults deletionProtection to true, so only an explicit false is a violation.
        if (db.deletionProtection === false) {
            report(`Cloud SQL instance '${name}' must keep deletionProtection: it is false.`);
        }
        const apiProtection = db.settings?.deletionProtectionEnabled;
        if (apiProtection !== true) {
            report(
                `Cloud SQL instance '${name}' must enable API deletion protection: settings.deletionProtectionEnabled ${shown(apiProtection)} (expected true).`,
            );
        }
    },
);
