/**
 * Drills run on drill cells only. The check reads nothing but the stack file's
 * `voice-agent:environment` and runs before anything else (no plan, no Pulumi, no probe), so
 * `npm run drill -- <scenario> --stack prod-eu` touches nothing. The file is read as every tool
 * reads a stack file (a bounded regular file; YAML under the limits, errors without its text).
 */
import * as YAML from "yaml";
import { namespace, parseYaml, readStackFileText } from "../stackConfig";
import { DrillError } from "./errors";

export function assertDrillStack(stack: string): void {
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new DrillError(`--stack: ${JSON.stringify(stack)} is not a stack name`);
    const shown = `Pulumi.${stack}.yaml`;
    const { text } = readStackFileText(stack);
    // Refuses bad YAML, aliases, depth and key names before anything looks at a value.
    parseYaml(text, shown, { secret: true });
    const counter = new YAML.LineCounter();
    const doc = YAML.parseDocument(text, { lineCounter: counter, logLevel: "silent" });
    const key = `${namespace}:environment`;
    const node = doc.getIn(["config", key], true) as YAML.Scalar | undefined;
    const value = node && YAML.isScalar(node) ? node.value : undefined;
    if (value === "drill") return;
    const where = node?.range ? `${shown}:${counter.linePos(node.range[0]).line}` : shown;
    const is = value === undefined ? "is not set (so prod)" : `is ${JSON.stringify(value)}`;
    throw new DrillError(`${where}: ${key} ${is}; drills run only on stacks whose ${key} is drill`);
}
