/**
 * The labels every resource of a cell carries: billing groups by `cell` and `environment`, and the
 * incident triage filters by `app` and `managed-by`. The program sets all of them; the pack's
 * require-labels policy requires these keys unless its configuration says otherwise.
 */
export const requiredLabelKeys = ["app", "cell", "environment", "managed-by"] as const;

/** The labels of one cell: a value for each required key, and no other key. */
export type CellLabels = Record<(typeof requiredLabelKeys)[number], string>;
