/**
 * The config's keys as JSON Schema (zod's own `z.toJSONSchema` of the schema), so that what the
 * error messages, the raw-config decoder and the config reference need to know about a key (its
 * type, allowed children, default, description) is read from one documented format instead of
 * zod's internals.
 */
import { z } from "zod";
import { configSchema } from "./schema";

export interface KeySchema {
    type?: string;
    description?: string;
    default?: unknown;
    enum?: unknown[];
    properties?: Record<string, KeySchema>;
    required?: string[];
    additionalProperties?: KeySchema | boolean;
    items?: KeySchema;
}

let cached: KeySchema | undefined;

/** The whole schema in its input form (defaults shown, optional keys not required). */
export function configKeySchema(): KeySchema {
    // "any" for what JSON Schema cannot say (refinements keep their base type).
    cached ??= z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as KeySchema;
    return cached;
}

/** The schema of the key at `path` (map keys and list indexes step into values and items). */
export function keySchemaAt(path: readonly PropertyKey[]): KeySchema | undefined {
    let node: KeySchema | undefined = configKeySchema();
    for (const p of path) {
        if (!node) return undefined;
        if (node.type === "array") node = node.items;
        else if (node.properties)
            node = Object.hasOwn(node.properties, String(p)) ? node.properties[String(p)] : undefined;
        else if (typeof node.additionalProperties === "object") node = node.additionalProperties;
        else return undefined;
    }
    return node;
}
