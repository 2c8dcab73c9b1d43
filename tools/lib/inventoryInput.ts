/**
 * The `policy` tool's input: an offline-plan inventory read with a byte limit (a file, a pipe or
 * stdin; /dev/zero ends at the limit instead of never) and checked against the inventory's shape
 * before any policy sees it. A malformed inventory is a usage error (exit 2) naming what is wrong.
 */
import { Readable } from "stream";
import { z } from "zod";
import { defined } from "../../core/defined";
import { limits } from "./limits";
import type { PolicyInventory } from "./policy";
import { FileError, readRegularFile } from "./io";
import { inputSchemas } from "./policyInputSchemas";
import { escapeControl, escapeLine, UsageError } from "./userError";

export class InventoryError extends UsageError {}

const resourceSchema = z.object({
    urn: z.string().min(1),
    type: z.string().min(1),
    name: z.string(),
    parent: z.string().optional(),
    protect: z.boolean().optional(),
    custom: z.boolean().optional(),
    dependsOn: z.array(z.string()).optional(),
    provider: z.string().optional(),
    inputs: z.record(z.string(), z.unknown()).optional(),
});

export const inventorySchema = z.object({
    project: z.string().optional(),
    stack: z.string().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    outputs: z.record(z.string(), z.unknown()).optional(),
    resources: z.array(resourceSchema),
});

/** Reads a stream up to `limit` bytes; more is refused. */
export async function readBounded(stream: Readable, what: string, limit: number): Promise<string> {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of stream) {
        const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        total += b.length;
        if (total > limit) {
            stream.destroy();
            throw new InventoryError(`${what}: is larger than ${limit} bytes; an inventory is at most a few megabytes`);
        }
        // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- a stream chunk is a Buffer; Node's typings leave its buffer type open
        chunks.push(b);
    }
    return Buffer.concat(chunks).toString("utf8");
}

export async function readInput(file: string, limit: number = limits.inventoryBytes): Promise<string> {
    if (file === "-") return readBounded(process.stdin, "stdin", limit);
    try {
        // A regular file only (a FIFO or a device is refused, not read), at most `limit` bytes.
        return readRegularFile(file, {
            limit,
            label: escapeControl(file),
            what: "an inventory is at most a few megabytes",
        }).text;
    } catch (e) {
        if (e instanceof FileError) throw new InventoryError(e.message);
        throw e;
    }
}

/** Depth of a parsed JSON value, walked without recursion (a deep input must not overflow the stack). */
function depthOf(value: unknown, limit: number): number {
    const stack: [unknown, number][] = [[value, 0]];
    let max = 0;
    while (stack.length > 0) {
        const [v, d] = stack.pop()!;
        if (d > max) max = d;
        if (max > limit) return max;
        if (v && typeof v === "object") for (const x of Object.values(v)) stack.push([x, d + 1]);
    }
    return max;
}

/** Maximum nesting of an inventory (a Deployment's spec is about 12 deep). */
export const inventoryDepth = 64;

/** Parses and checks an inventory's text; InventoryError (exit 2) names the first problem. */
export function parseInventory(text: string, what: string): PolicyInventory {
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (e) {
        throw new InventoryError(`${what}: is not JSON (${(e as Error).message})`);
    }
    if (depthOf(json, inventoryDepth) > inventoryDepth)
        throw new InventoryError(`${what}: is nested deeper than ${inventoryDepth} levels`);
    const parsed = inventorySchema.safeParse(json);
    if (!parsed.success) {
        const issue = defined(parsed.error.issues[0], "zod's first issue");
        const at =
            issue.path.length > 0
                ? issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")
                : "(the whole inventory)";
        const more =
            parsed.error.issues.length > 1
                ? ` (and ${parsed.error.issues.length - 1} more problem${parsed.error.issues.length > 2 ? "s" : ""})`
                : "";
        throw new InventoryError(
            `${what}: not an inventory from npm run plan -- --json: ${at}: ${issue.message}${more}`,
        );
    }
    // Each resource's inputs as the pack reads them: a type-confused value is refused here, naming it.
    for (const [i, r] of parsed.data.resources.entries()) {
        const schema = inputSchemas.get(r.type);
        if (!schema) continue;
        const checked = schema.safeParse(r.inputs ?? {});
        if (!checked.success) {
            const issue = checked.error.issues[0];
            const at = (issue?.path ?? []).map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
            throw new InventoryError(
                `${what}: .resources[${i}] (${escapeLine(r.urn)}): inputs${escapeLine(at)}: not what a ${escapeLine(r.type)} has there`,
            );
        }
    }
    return parsed.data;
}
