/**
 * The expected inventory of a stack, stored beside the tests (test/infra/expected/<stack>.yaml)
 * and reviewed like code: every resource by type and name with its protection, and the count per
 * type. A change that adds, loses or unprotects a resource anywhere in the program shows as a diff
 * of that file; `npm run expected` rewrites it after the change is accepted.
 */
import * as YAML from "yaml";
import type { Inventory } from "./plan";

export interface ExpectedInventory {
    stack: string;
    total: number;
    counts: Record<string, number>;
    /** `<type> <name>`, with ` (protected)` where the resource is protected; in registration order. */
    resources: string[];
}

export function expectedInventoryOf(inv: Inventory): ExpectedInventory {
    const counts: Record<string, number> = {};
    for (const r of inv.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return {
        stack: inv.stack,
        total: inv.resources.length,
        counts: Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))),
        resources: inv.resources.map((r) => `${r.type} ${r.name}${r.protect ? " (protected)" : ""}`),
    };
}

export function renderExpectedInventory(e: ExpectedInventory): string {
    return `# The expected inventory of ${e.stack}. Regenerate with \`npm run expected\` and review the diff.\n${YAML.stringify(e, { lineWidth: 0 })}`;
}
