/**
 * Drills run on drill cells only. The check reads nothing but the stack file's
 * `voice-agent:environment` and runs before anything else (no plan, no Pulumi, no probe), so
 * `npm run drill -- <scenario> --stack prod-eu` touches nothing.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { namespace, projectRoot, stackFile } from "../stackConfig";
import { DrillError } from "./errors";

export function assertDrillStack(stack: string): void {
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new DrillError(`--stack: "${stack}" is not a stack name`);
    const file = stackFile(stack);
    const shown = path.relative(projectRoot, file);
    if (!fs.existsSync(file)) throw new DrillError(`--stack: no stack file ${shown}`);
    const counter = new YAML.LineCounter();
    const doc = YAML.parseDocument(fs.readFileSync(file, "utf8"), { lineCounter: counter });
    const key = `${namespace}:environment`;
    const node = doc.getIn(["config", key], true) as YAML.Scalar | undefined;
    const value = node && YAML.isScalar(node) ? node.value : undefined;
    if (value === "drill") return;
    const where = node?.range ? `${shown}:${counter.linePos(node.range[0]).line}` : shown;
    const is = value === undefined ? "is not set (so prod)" : `is ${JSON.stringify(value)}`;
    throw new DrillError(`${where}: ${key} ${is}; drills run only on stacks whose ${key} is drill`);
}
