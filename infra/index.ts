/**
 * Entry point of the voice-agent cell (the module `pulumi up` and the offline plan run): read the
 * config once, build the cell, return the stack outputs. Exported as a function so that the
 * Pulumi runtime (and the offline plan) call it inside the stack.
 */
import * as pulumi from "@pulumi/pulumi";
import { buildCell } from "./cell";
import { loadConfig, loadSecrets } from "./config";

// eslint-disable-next-line @typescript-eslint/require-await -- the runtime awaits the program: a config error must reject, not throw
export = async (): Promise<Record<string, pulumi.Input<unknown>>> => {
    const config = loadConfig();
    // Before any resource: `pulumi up` without the notification secrets stops here, having
    // registered nothing (infra/config/secrets.ts).
    const secrets = loadSecrets();
    return buildCell(config, secrets, pulumi.getStack());
};
