/**
 * Why the model and the real preview differ where they still do, read from the providers' source
 * of the builds that ran (conformance/handBuilds.ts). The run attaches each to the differences
 * it explains; a difference without one is unexplained in the report.
 */

import { urnParts } from "../tools/lib/plan";

export interface Explanation {
    caseId: string;
    /** The resource type, and the resource's name when the explanation is for one resource only. */
    type: string;
    names?: string[];
    /** Whether the real provider shows the model wrong (as opposed to the imported state being incomplete). */
    modelWrong: boolean;
    reason: string;
}

/**
 * Every difference the last run found is fixed in the model, so none is explained here; a
 * difference that cannot be fixed gets its entry, with the provider source that shows why.
 */
export const explanations: readonly Explanation[] = [];

/** The explanation of a difference in a case, by the resource's type and name. */
export function explain(
    caseId: string,
    urn: string,
    table: readonly Explanation[] = explanations,
): Explanation | undefined {
    const { type, name } = urnParts(urn);
    return table.find(
        (e) => e.caseId === caseId && e.type === type && (e.names === undefined || e.names.includes(name)),
    );
}
