/**
 * Why the model and the real preview differ where they still do, read from the providers' source
 * of the builds that ran (conformance/handBuilds.ts). The run attaches each to the differences
 * it explains; a difference without one is unexplained in the report.
 */

export interface Explanation {
    caseId: string;
    /** The resource type, and the resource's name when the explanation is for one resource only. */
    type: string;
    names?: string[];
    /** Whether the real provider shows the model wrong (as opposed to the imported state being incomplete). */
    modelWrong: boolean;
    reason: string;
}

const sqlInstance = "gcp:sql/databaseInstance:DatabaseInstance";

export const explanations: Explanation[] = [
    {
        caseId: "db-switchover",
        type: sqlInstance,
        names: ["voice-db-europe-west1", "voice-db-me-central1"],
        modelWrong: false,
        reason:
            "Both replace the old primary, deleting first; the provider names settings rather than " +
            "masterInstanceName because the imported state lacks the settings the API fills in (the unchanged " +
            "state's preview already updates settings), so the reason is the import's, not the case's.",
    },
];

/** The explanation of a difference in a case, by the resource's type and name. */
export function explain(caseId: string, urn: string): Explanation | undefined {
    const name = urn.split("::").pop() ?? "";
    const type = urn.split("::")[2]?.split("$").pop() ?? "";
    return explanations.find(
        (e) => e.caseId === caseId && e.type === type && (e.names === undefined || e.names.includes(name)),
    );
}
