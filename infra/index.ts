/**
 * Entry point of the voice-agent cell (the same module `pulumi up` and the offline plan run): read
 * the config once, build the cell, return the stack outputs. Exported as a function so that the
 * Pulumi runtime (and the offline plan) call it inside the stack.
 */
import * as pulumi from "@pulumi/pulumi";
import { buildCell } from "./cell";
import { loadConfig, loadSecrets } from "./config";
import { childName } from "./naming";
import { observedNames } from "./observedNames";
import { Observability } from "./components/observability/Observability";

export = async (): Promise<Record<string, pulumi.Input<unknown>>> => {
    const c = loadConfig();
    // Before any resource: `pulumi up` without the notification secrets stops here, having
    // registered nothing (infra/secretRules.ts).
    const secrets = loadSecrets();
    const outputs = buildCell(c);
    const observability = new Observability(childName("voice", c.cell, "obs"), {
        names: observedNames(c, pulumi.getStack()),
        config: c.observability,
        pagerDutyServiceKey: secrets.pagerDutyServiceKey,
        slackAuthToken: secrets.slackAuthToken,
    });
    return { ...outputs, slo: observability.sloName };
};
