import * as gcp from "../../gcp";
import * as pulumi from "@pulumi/pulumi";
import { childName, fixedNames } from "../../../core/naming";

export interface IncidentAccessArgs {
    /** The cell's regions: the only places the secret's payload is stored. */
    regions: string[];
    /** Google group of the on-call engineers. */
    incidentResponders: string;
    labels: Record<string, string>;
    /** Pulumi's `protect` on the stateful resources (infra/lifecycle.ts: off in drill cells). */
    protect: boolean;
    /** The provider's deletion protection (infra/lifecycle.ts: off in drill cells). */
    deletionProtection: boolean;
}

/**
 * Secret Manager `incident-access` (runbook appendix: "Credentials: stored in Secret Manager
 * (`projects/<proj>/secrets/incident-access`)"). The secret is declared here; its versions are
 * added by hand (`gcloud secrets versions add incident-access`), so no credential ever passes
 * through this program or its state. User-managed replication keeps the payload in the cell's
 * regions; automatic replication would store it anywhere Google chooses.
 */
export class IncidentAccess extends pulumi.ComponentResource {
    readonly secret: gcp.secretmanager.Secret;

    constructor(name: string, args: IncidentAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:secrets:IncidentAccess", name, {}, opts);

        this.secret = new gcp.secretmanager.Secret(
            name,
            {
                secretId: fixedNames.incidentSecret,
                replication: { userManaged: { replicas: args.regions.map((location) => ({ location })) } },
                deletionProtection: args.deletionProtection,
                labels: { ...args.labels, component: "secrets" },
            },
            { parent: this, protect: args.protect },
        );
        new gcp.secretmanager.SecretIamMember(
            childName(name, "incident-responders"),
            {
                secretId: this.secret.id,
                role: "roles/secretmanager.secretAccessor",
                member: `group:${args.incidentResponders}`,
            },
            { parent: this },
        );

        this.registerOutputs({ secret: this.secret.name });
    }
}
