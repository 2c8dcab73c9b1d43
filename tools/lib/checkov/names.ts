/**
 * The Terraform names of the Google Cloud resources this program declares, as pulumi-terraform-bridge
 * maps them: each Pulumi type token to its `google_*` resource type, and each Terraform field that is a
 * list, set or block to whether the bridge flattened it (MaxItems 1, an object in Pulumi, a list of one
 * object in Terraform). The table (checkov/gcp-names.json) is cut by `npm run checkov -- names` from
 * pulumi-gcp's bridge metadata (`auto-aliasing`, which records exactly these two facts per resource)
 * for the types of the committed stacks and their broken variants; every other field is a scalar or a map,
 * whose Terraform name is the bridge's snake_case of the Pulumi name. The table records the pulumi-gcp
 * release it is cut from: the newest whose source the machines can read, since the module proxy refuses the
 * pinned release's provider module. test/checkov/sdkShapes.test.ts holds it to the pinned SDK's declarations.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { UserInputError } from "../userError";

/** One Terraform field that is a list, set or block, and the fields of its elements that are too. */
export interface FieldShape {
    maxItemsOne: boolean;
    elem?: { fields?: Record<string, FieldShape> };
}

export interface ResourceNames {
    terraformType: string;
    fields: Record<string, FieldShape>;
}

export interface NameTable {
    /** Where the bridge metadata came from: pulumi-gcp's release tag and file. */
    source: { pulumiGcp: string; file: string };
    resources: Record<string, ResourceNames>;
}

export const nameTablePath = join(__dirname, "..", "..", "..", "checkov", "gcp-names.json");

export function loadNameTable(path: string = nameTablePath): NameTable {
    return JSON.parse(readFileSync(path, "utf8")) as NameTable;
}

/** The bridge's Terraform name of a Pulumi property: `ipv4Enabled` → `ipv4_enabled`. */
export function snakeCase(pulumiName: string): string {
    return pulumiName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The bridge's Pulumi name of a Terraform field before pluralization: `ip_configuration` → `ipConfiguration`. */
export function camelCase(terraformName: string): string {
    return terraformName.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The Pulumi names the bridge can give a Terraform field: its camelCase and, for a list or set that is
 * not flattened, the plural the bridge's inflector makes of a singular name (`backend` → `backends`,
 * `allow` → `allows`, `deny` → `denies`).
 */
function pulumiNames(terraformName: string, shape: FieldShape): string[] {
    const base = camelCase(terraformName);
    if (shape.maxItemsOne) return [base];
    return [base, `${base}s`, `${base}es`, base.replace(/y$/, "ies")];
}

/**
 * The Terraform field a Pulumi property names among `fields` (the list, set and block fields at that
 * level), with its shape; a property that is none of them is a scalar or a map under its snake_case.
 */
export function terraformField(
    pulumiName: string,
    fields: Record<string, FieldShape> | undefined,
    where: string,
): { name: string; shape?: FieldShape } {
    const matches = Object.entries(fields ?? {}).filter(([tf, shape]) => pulumiNames(tf, shape).includes(pulumiName));
    if (matches.length > 1) {
        const names = matches.map(([tf]) => tf).join(", ");
        throw new UserInputError(`${where}: ${pulumiName} names more than one Terraform field (${names})`);
    }
    const match = matches[0];
    return match ? { name: match[0], shape: match[1] } : { name: snakeCase(pulumiName) };
}

/**
 * The table for `types` out of the bridge metadata's `auto-aliasing.resources` (Terraform type →
 * `{ current: Pulumi token, fields }`).
 */
export function cutNameTable(metadata: unknown, types: readonly string[], source: NameTable["source"]): NameTable {
    const resources = (metadata as { "auto-aliasing"?: { resources?: Record<string, unknown> } })["auto-aliasing"]
        ?.resources;
    if (!resources) throw new UserInputError(`${source.file}: has no auto-aliasing.resources`);
    const byToken = new Map<string, ResourceNames>();
    for (const [terraformType, entry] of Object.entries(resources)) {
        const e = entry as { current?: string; fields?: Record<string, FieldShape> };
        if (e.current) byToken.set(e.current, { terraformType, fields: e.fields ?? {} });
    }
    const out: Record<string, ResourceNames> = {};
    for (const type of [...types].sort()) {
        const names = byToken.get(type);
        if (!names) throw new UserInputError(`${source.file}: no Terraform resource is bridged to ${type}`);
        out[type] = names;
    }
    return { source, resources: out };
}
