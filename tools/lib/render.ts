/**
 * The readable form of an offline plan: a tree of components with a count per resource type, the
 * active remediation toggles, and totals.
 */
import { defaultOf, remediationKeys } from "./remediationKeys";
import { databasePrimaryRegion, voiceDbRegion, type DatabaseLayoutInput } from "../../core/databaseLayout";
import type { Inventory, InventoryResource } from "./plan";

/** Remediation keys whose value differs from the schema default, as `key=value`. */
export function activeToggles(config: Record<string, unknown>): string[] {
    const toggles = remediationKeys
        .filter((k) => JSON.stringify(config[k]) !== JSON.stringify(defaultOf(k)))
        .map((k) => `${k}=${JSON.stringify(config[k])}`);
    // A database switchover is active while the primary role is away from the voice-db region.
    const layout = config as unknown as DatabaseLayoutInput;
    if (databasePrimaryRegion(layout) !== voiceDbRegion(layout))
        toggles.push(`database.primaryRegion=${JSON.stringify(databasePrimaryRegion(layout))}`);
    return toggles;
}

export function countByType(resources: readonly InventoryResource[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of resources) if (r.custom) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return new Map([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export function renderTree(inv: Inventory): string {
    const children = new Map<string, InventoryResource[]>();
    for (const r of inv.resources) {
        const list = children.get(r.parent) ?? [];
        list.push(r);
        children.set(r.parent, list);
    }
    const lines: string[] = [];
    const config = inv.config as {
        project?: string;
        cell?: string;
        primaryRegion?: string;
        regions?: Record<string, unknown>;
    };
    lines.push(`${inv.project} / ${inv.stack}: cell ${config.cell} in GCP project ${config.project}`);
    lines.push(`regions: ${Object.keys(config.regions ?? {}).join(", ")} (primary ${config.primaryRegion})`);
    const toggles = activeToggles(inv.config);
    lines.push(`remediation toggles: ${toggles.length === 0 ? "none active" : toggles.join(", ")}`);
    lines.push("");

    type Item = { text: string } | { resource: InventoryResource };
    const walk = (r: InventoryResource, prefix: string, last: boolean, root: boolean) => {
        const own = children.get(r.urn) ?? [];
        const protectedCount = own.filter((c) => c.protect).length;
        lines.push(
            `${prefix}${root ? "" : last ? "└─ " : "├─ "}${r.type} ${r.name}${protectedCount ? `  [${protectedCount} protected]` : ""}`,
        );
        const childPrefix = root ? "" : prefix + (last ? "   " : "│  ");
        const items: Item[] = [];
        for (const [type, n] of countByType(own)) {
            const names = own.filter((c) => c.custom && c.type === type).map((c) => c.name);
            items.push({ text: `${n} × ${type}${n <= 3 ? `  (${names.join(", ")})` : ""}` });
        }
        for (const c of own.filter((o) => !o.custom)) items.push({ resource: c });
        items.forEach((item, i) => {
            const isLast = i === items.length - 1;
            if ("text" in item) lines.push(`${childPrefix}${isLast ? "└─ " : "├─ "}${item.text}`);
            else walk(item.resource, childPrefix, isLast, false);
        });
    };
    for (const root of children.get("") ?? []) walk(root, "", true, true);

    const counts = countByType(inv.resources);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    lines.push("");
    lines.push(
        `${total} resources of ${counts.size} types (${inv.resources.filter((r) => !r.custom).length} components), ${inv.resources.filter((r) => r.protect).length} protected:`,
    );
    const width = Math.max(...[...counts.keys()].map((k) => k.length));
    for (const [type, n] of counts) lines.push(`  ${type.padEnd(width)}  ${String(n).padStart(3)}`);
    return lines.join("\n");
}
