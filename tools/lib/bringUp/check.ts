/**
 * The bring-up check of a plan: every rule (rules.ts, quota.ts, deletions.ts) on the inventory,
 * the prerequisites in other projects it relies on, each region's CPU peak against its quota, and
 * whether the stack can be applied as it stands. Findings fail the check; the rest informs.
 */
import type { Inventory } from "../plan";
import { cannotApplyWarnings } from "./applicable";
import { deletionRules } from "./deletions";
import { InventoryIndex } from "./inventory";
import { quotaLines, quotaRule } from "./quota";
import { identityRules, prerequisitesUsed, type Finding, type Rule } from "./rules";

export const bringUpRules: readonly Rule[] = [...identityRules, quotaRule, ...deletionRules];

export interface BringUpReport {
    stack: string;
    findings: Finding[];
    /** Prerequisites in other projects the plan relies on, stated in docs/bring-up.md. */
    prerequisites: string[];
    quota: string[];
    warnings: string[];
}

/**
 * The check of a plan; `stackConfig`, the stack file's `config:` map where there is one, adds the
 * warnings of a stack that cannot be applied yet (the plan never holds a secret's presence).
 */
export function checkBringUp(inventory: Inventory, stackConfig?: Record<string, unknown>): BringUpReport {
    const index = new InventoryIndex(inventory);
    return {
        stack: inventory.stack,
        findings: bringUpRules.flatMap((r) => r.check(index)),
        prerequisites: prerequisitesUsed(index),
        quota: quotaLines(index),
        warnings: stackConfig === undefined ? [] : cannotApplyWarnings(inventory.stack, stackConfig),
    };
}

/** One line per finding: the rule, the resource, what is missing, and where the rule was read. */
export function findingLine(f: Finding): string {
    return `✗ ${f.rule}: ${f.type} ${f.name}: ${f.message} (source: ${f.source})`;
}

export function renderReport(r: BringUpReport): string {
    const verdict = r.findings.length === 0 ? "no missing prerequisite" : `${r.findings.length} missing`;
    const lines = [`bring-up check of ${r.stack} (${bringUpRules.length} rules): ${verdict}`];
    lines.push(...r.findings.map(findingLine));
    if (r.prerequisites.length > 0)
        lines.push(
            "prerequisites in other projects (stated in docs/bring-up.md, granted before the first up):",
            ...r.prerequisites.map((p) => `  ${p}`),
        );
    if (r.quota.length > 0) lines.push("CPU quota at the node pools' peak:", ...r.quota.map((q) => `  ${q}`));
    lines.push(...r.warnings);
    return lines.join("\n");
}
