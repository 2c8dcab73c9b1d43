/**
 * Entry point of the voice-agent cell (the same module `pulumi up` and the offline plan run): read
 * the config once, build the cell, return the stack outputs. Exported as a function so that the
 * Pulumi runtime (and the offline plan) call it inside the stack.
 */
import type * as pulumi from "@pulumi/pulumi";
import { buildCell } from "./cell";
import { loadConfig } from "./config";

export = async (): Promise<Record<string, pulumi.Input<unknown>>> => buildCell(loadConfig());
