/**
 * What the bring-up rules read of a plan inventory: resources by URN and type, what a resource
 * waits for (its dependencies, parent and provider, as the engine orders steps), and the project a
 * Google resource lives in. Only the inventory: never the program's own modules.
 */
import { dependenciesOf } from "../engine/ordering";
import type { Inventory, InventoryResource } from "../plan";

/** A plan value as text: a string as it is, an absent one as `fallback`, anything else as JSON. */
export function textOf(value: unknown, fallback: string): string {
    if (value === undefined || value === null) return fallback;
    return typeof value === "string" ? value : JSON.stringify(value);
}

export class InventoryIndex {
    readonly byUrn: ReadonlyMap<string, InventoryResource>;
    /** The cell's project (the stack's `gcp:project`). */
    readonly project: string;
    /** `drill` cells are created and destroyed for each rehearsal; production cells are not. */
    readonly environment: string;

    constructor(readonly inventory: Inventory) {
        this.byUrn = new Map(inventory.resources.map((r) => [r.urn, r]));
        this.project = textOf(inventory.config.project, "");
        this.environment = textOf(inventory.config.environment, "prod");
    }

    ofType(type: string): InventoryResource[] {
        return this.inventory.resources.filter((r) => r.type === type);
    }

    /** The resources `r` waits for directly: `dependsOn`, input dependencies, parent, provider. */
    direct(r: InventoryResource): string[] {
        const inputs = Object.values(r.propertyDependencies ?? {}).flat();
        return [...new Set([...dependenciesOf(r), ...inputs])];
    }

    /** Every resource `r` waits for, directly or through others. */
    reaches(r: InventoryResource): Set<string> {
        const seen = new Set<string>();
        const stack = this.direct(r);
        while (stack.length > 0) {
            const urn = stack.pop();
            if (urn === undefined || seen.has(urn)) continue;
            seen.add(urn);
            const next = this.byUrn.get(urn);
            if (next) stack.push(...this.direct(next));
        }
        return seen;
    }

    /** The project a gcp resource is created in: its `project` input, else the provider's (the cell's). */
    projectOf(r: InventoryResource): string {
        return typeof r.inputs.project === "string" ? r.inputs.project : this.project;
    }
}

/** The value at a dotted path of a resource's inputs, or undefined. */
export { inputAt as at } from "../../../core/featureApis";
