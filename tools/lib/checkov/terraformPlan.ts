/**
 * A stack's Google Cloud resources as the Terraform plan JSON that Checkov's terraform_plan framework
 * reads (`terraform show -json` of a plan that creates them): `planned_values.root_module.resources`
 * and `resource_changes` with the `google_*` type and the Terraform attribute names of each resource,
 * and `configuration` with one reference per input that takes its value from another resource, which
 * is how Checkov connects resources for its graph checks. Only the plan inventory is read.
 *
 * Values are the plan's: a secret stays masked, an input the plan cannot know yet is left out of the
 * values and marked in `after_unknown`, as Terraform does.
 */
import { secretMask, type Inventory, type InventoryResource } from "../plan";
import { UserInputError } from "../userError";
import { FieldShape, NameTable, terraformField } from "./names";

const unknown = "[unknown]";
const providerName = "registry.terraform.io/hashicorp/google-beta";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Planned {
    address: string;
    mode: "managed";
    type: string;
    name: string;
    provider_name: string;
    schema_version: number;
    values: Record<string, Json>;
    sensitive_values: Record<string, Json>;
}

export interface TerraformPlan {
    format_version: string;
    terraform_version: string;
    planned_values: { root_module: { resources: Planned[] } };
    resource_changes: {
        address: string;
        mode: "managed";
        type: string;
        name: string;
        provider_name: string;
        change: {
            actions: ["create"];
            before: null;
            after: Record<string, Json>;
            after_unknown: Record<string, Json>;
            before_sensitive: false;
            after_sensitive: Record<string, Json>;
        };
    }[];
    configuration: {
        root_module: {
            resources: {
                address: string;
                mode: "managed";
                type: string;
                name: string;
                provider_config_key: string;
                expressions: Record<string, { references: string[] }>;
            }[];
        };
    };
}

/** A converted value, with the trees Terraform keeps beside it: what is unknown and what is sensitive. */
interface Converted {
    value: Json | undefined;
    unknown: Json;
    sensitive: Json;
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function convertObject(value: Record<string, unknown>, fields: Record<string, FieldShape> | undefined, where: string) {
    const out: Record<string, Json> = {};
    const unknowns: Record<string, Json> = {};
    const sensitives: Record<string, Json> = {};
    for (const key of Object.keys(value).sort()) {
        const field = terraformField(key, fields, where);
        if (field.name in out || field.name in unknowns) {
            throw new UserInputError(`${where}: two properties map to the Terraform field ${field.name}`);
        }
        const c = convertField(value[key], field.shape, `${where}.${key}`);
        if (c.value !== undefined) out[field.name] = c.value;
        if (!isEmpty(c.unknown)) unknowns[field.name] = c.unknown;
        if (!isEmpty(c.sensitive)) sensitives[field.name] = c.sensitive;
    }
    return { value: out, unknown: unknowns, sensitive: sensitives };
}

function convertElement(value: unknown, shape: FieldShape, where: string): Converted {
    if (isObject(value)) {
        const c = convertObject(value, shape.elem?.fields, where);
        return { value: c.value, unknown: c.unknown, sensitive: c.sensitive };
    }
    return convertField(value, undefined, where);
}

/** One property's value under its Terraform field's shape (a list or block, or a scalar or map). */
function convertField(value: unknown, shape: FieldShape | undefined, where: string): Converted {
    if (value === unknown) return { value: undefined, unknown: true, sensitive: false };
    if (value === secretMask) return { value: secretMask, unknown: false, sensitive: true };
    if (value === null || value === undefined) return { value: null, unknown: false, sensitive: false };
    if (shape?.maxItemsOne) {
        if (Array.isArray(value)) throw new UserInputError(`${where}: flattened by the bridge, but an array`);
        // A block or a list of at most one element: one object, or one scalar (a backend's health check).
        const c = convertElement(value, shape, where);
        return {
            value: [c.value ?? null],
            unknown: isEmpty(c.unknown) ? false : [c.unknown],
            sensitive: isEmpty(c.sensitive) ? false : [c.sensitive],
        };
    }
    if (shape) {
        if (!Array.isArray(value)) throw new UserInputError(`${where}: a Terraform list or set, but not an array`);
        const items = value.map((v, i) => convertElement(v, shape, `${where}[${i}]`));
        return {
            value: items.map((c) => c.value ?? null),
            unknown: items.some((c) => !isEmpty(c.unknown)) ? items.map((c) => c.unknown) : false,
            sensitive: items.some((c) => !isEmpty(c.sensitive)) ? items.map((c) => c.sensitive) : false,
        };
    }
    if (Array.isArray(value))
        throw new UserInputError(`${where}: an array, but the Terraform resource has no such list`);
    if (isObject(value)) {
        // A Terraform map (labels, annotations): its keys are data, kept as they are.
        const out: Record<string, Json> = {};
        for (const [k, v] of Object.entries(value)) {
            if (isObject(v) || Array.isArray(v)) {
                throw new UserInputError(`${where}: an object, but the Terraform resource has no such block`);
            }
            if (v !== unknown) out[k] = v as Json;
        }
        return { value: out, unknown: false, sensitive: false };
    }
    return { value: value as Json, unknown: false, sensitive: false };
}

/** Whether an unknown or sensitive tree marks nothing (false, or containers of nothing). */
function isEmpty(v: Json): boolean {
    return isObject(v)
        ? Object.keys(v).length === 0
        : Array.isArray(v)
          ? v.every((e) => e === false || isEmpty(e))
          : !v;
}

/** Terraform resource names are identifiers: the Pulumi name with anything else made `_`. */
function identifier(name: string): string {
    const id = name.replace(/[^A-Za-z0-9_-]/g, "_");
    return /^[A-Za-z_]/.test(id) ? id : `_${id}`;
}

/** The Google Cloud resources of the inventory (every `gcp:` type), in inventory order. */
export function gcpResources(inventory: Inventory): InventoryResource[] {
    return inventory.resources.filter((r) => r.custom && r.type.startsWith("gcp:"));
}

export function renderTerraformPlan(inventory: Inventory, names: NameTable): TerraformPlan {
    const addresses = new Map<string, string>();
    const taken = new Set<string>();
    for (const r of gcpResources(inventory)) {
        const entry = names.resources[r.type];
        if (!entry) throw new UserInputError(`${r.urn}: ${r.type} is not in checkov/gcp-names.json`);
        let name = identifier(r.name);
        for (let n = 2; taken.has(`${entry.terraformType}.${name}`); n++) name = `${identifier(r.name)}_${n}`;
        taken.add(`${entry.terraformType}.${name}`);
        addresses.set(r.urn, `${entry.terraformType}.${name}`);
    }
    const plan: TerraformPlan = {
        format_version: "1.2",
        // No Terraform ran: Checkov only needs the key to be there to take the file for a plan.
        terraform_version: "0.0.0",
        planned_values: { root_module: { resources: [] } },
        resource_changes: [],
        configuration: { root_module: { resources: [] } },
    };
    for (const resource of gcpResources(inventory)) {
        const entry = names.resources[resource.type];
        const address = addresses.get(resource.urn);
        if (!entry || !address) continue;
        const name = address.slice(entry.terraformType.length + 1);
        const converted = convertObject(resource.inputs, entry.fields, resource.urn);
        const common = { address, mode: "managed" as const, type: entry.terraformType, name };
        plan.planned_values.root_module.resources.push({
            ...common,
            provider_name: providerName,
            schema_version: 0,
            values: converted.value,
            sensitive_values: converted.sensitive,
        });
        plan.resource_changes.push({
            ...common,
            provider_name: providerName,
            change: {
                actions: ["create"],
                before: null,
                after: converted.value,
                after_unknown: converted.unknown,
                before_sensitive: false,
                after_sensitive: converted.sensitive,
            },
        });
        const expressions: Record<string, { references: string[] }> = {};
        for (const [key, urns] of Object.entries(resource.propertyDependencies ?? {}).sort(([a], [b]) =>
            a.localeCompare(b),
        )) {
            const refs = urns.map((u) => addresses.get(u)).filter((a): a is string => a !== undefined);
            if (refs.length === 0) continue;
            expressions[terraformField(key, entry.fields, resource.urn).name] = {
                references: refs.flatMap((a) => [`${a}.id`, a]),
            };
        }
        plan.configuration.root_module.resources.push({ ...common, provider_config_key: "google-beta", expressions });
    }
    return plan;
}
