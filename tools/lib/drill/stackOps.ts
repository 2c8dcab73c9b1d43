/**
 * What a drill asks of Pulumi, as a small interface: preview and up (optionally `--target`ed),
 * refresh, the stack's outputs, and cancelling the operation in progress. Two implementations:
 * the offline one here (predictions from offline plans; the dry run, and the tests' double) and
 * tools/lib/drill/automation.ts (Pulumi's Automation API; needs the Pulumi CLI and credentials).
 */
import { defined } from "../../../core/defined";
import { statefulTypes } from "../../../core/resourceKinds";
import { diffInventories, previewPlan, type PathChange, type ResourceChange } from "../diff";
import type { Inventory } from "../plan";

/** One resource operation of a preview or an update. */
export interface DrillChange {
    /** The engine's op: create, update, delete, replace (or create-replacement, ...). */
    op: string;
    urn: string;
    type: string;
    name: string;
    stateful: boolean;
    /** Changed input paths (offline: with old → new values; live: the engine's diff keys). */
    changes: PathChange[];
    /** Offline predictions carry the whole prediction (waits, awaits, replacement reasons). */
    predicted?: ResourceChange;
}

export interface TargetOptions {
    /** URNs for `--target`; every resource when absent. */
    targets?: string[];
    /** URNs for `--exclude`: left out, their state kept. */
    exclude?: string[];
}

export interface RefreshOptions extends TargetOptions {
    /** Input paths the cloud is known to have changed on the targets (the offline engine's model of the refresh). */
    reads?: string[];
    /**
     * The offline model of a remediation phase's refresh: the targets read back as the config now
     * declares them (what the cloud reports once its imperative part is done), as tools/lib/phases.ts predicts.
     */
    declared?: boolean;
}

export interface StackOps {
    preview(o: TargetOptions): Promise<DrillChange[]>;
    up(o: TargetOptions): Promise<DrillChange[]>;
    refresh(o: RefreshOptions): Promise<void>;
    outputs(): Promise<Record<string, unknown>>;
    /** Runs an imperative command of a remediation phase (e.g. `gcloud sql instances promote-replica`). */
    imperative(command: string): Promise<void>;
    /** Cancels the operation in progress, if any (Ctrl-C during a drill). */
    cancel(): Promise<void>;
}

export const isStateful = (type: string) => statefulTypes.includes(type);

/**
 * The cell as the offline plans predict it: `deployed` is the inventory the cell would have after
 * the updates so far. A targeted up moves only the targeted resources to their new inputs (as
 * `pulumi up --target` does), so phases of a switchover predict exactly what each applies.
 */
export class OfflineStackOps implements StackOps {
    private deployed?: Inventory;

    /**
     * `planNow`: the offline plan of the stack file's config as it stands now; with
     * `unknownAtPreview`, as a preview sees it (tools/lib/diff.ts previewPlan).
     */
    constructor(private readonly planNow: (unknownAtPreview?: ReadonlySet<string>) => Promise<Inventory>) {}

    /** The cell before the drill: the stack's config as the run found it. */
    async start(): Promise<Inventory> {
        this.deployed = await this.planNow();
        return this.deployed;
    }

    private async predict(options: TargetOptions): Promise<{ changes: DrillChange[]; next: Inventory }> {
        const before = this.deployed ?? (await this.start());
        const after = await this.planNow();
        const wanted = options.targets ? new Set(options.targets) : undefined;
        const scope = { target: options.targets, exclude: options.exclude };
        // What the preview shows; the cell after the up is the plan itself, every value known.
        const shown = await previewPlan(
            before,
            (unknown) => (unknown ? this.planNow(unknown) : Promise.resolve(after)),
            scope,
        );
        const changes: DrillChange[] = diffInventories(before, shown, scope).changes.map((c) => ({
            op: c.op,
            urn: c.urn,
            type: c.type,
            name: c.name,
            stateful: c.stateful,
            changes: c.changes,
            predicted: c,
        }));
        if (options.exclude && options.exclude.length > 0) {
            // Excluded: their state stays what the cell has.
            const kept = new Map(
                before.resources.filter((r) => options.exclude!.includes(r.urn)).map((r) => [r.urn, r]),
            );
            return { changes, next: { ...after, resources: after.resources.map((r) => kept.get(r.urn) ?? r) } };
        }
        if (!wanted) return { changes, next: after };
        // Targeted: the untargeted resources keep what the cell has; outputs are not re-evaluated.
        const byUrn = new Map(after.resources.map((r) => [r.urn, r]));
        const kept = before.resources
            .filter((r) => !wanted.has(r.urn) || byUrn.has(r.urn))
            .map((r) => (wanted.has(r.urn) ? byUrn.get(r.urn)! : r));
        const created = after.resources.filter(
            (r) => wanted.has(r.urn) && !before.resources.some((b) => b.urn === r.urn),
        );
        return { changes, next: { ...before, resources: [...kept, ...created] } };
    }

    async preview(o: TargetOptions): Promise<DrillChange[]> {
        return (await this.predict(o)).changes;
    }

    async up(o: TargetOptions): Promise<DrillChange[]> {
        const { changes, next } = await this.predict(o);
        this.deployed = next;
        return changes;
    }

    /**
     * Offline there is no cloud to read back. What the scenario says the cloud changed by itself
     * (`reads`) is taken from the plan of the current config for the targeted resources; every
     * other input stays what the updates made it.
     */
    async refresh(options: RefreshOptions): Promise<void> {
        if (options.declared && this.deployed && options.targets) {
            const planned = new Map((await this.planNow()).resources.map((r) => [r.urn, r]));
            this.deployed = {
                ...this.deployed,
                resources: this.deployed.resources.map((r) =>
                    options.targets!.includes(r.urn) ? (planned.get(r.urn) ?? r) : r,
                ),
            };
            return;
        }
        if (!options.reads || !this.deployed) return;
        const planned = new Map((await this.planNow()).resources.map((r) => [r.urn, r]));
        const wanted = options.targets ? new Set(options.targets) : undefined;
        const resources = this.deployed.resources.map((r) => {
            const now = planned.get(r.urn);
            if (!now || (wanted && !wanted.has(r.urn))) return r;
            const inputs = structuredClone(r.inputs);
            for (const p of options.reads!) setPath(inputs, p, getPath(now.inputs, p));
            return { ...r, inputs };
        });
        this.deployed = { ...this.deployed, resources };
    }

    async outputs(): Promise<Record<string, unknown>> {
        return (this.deployed ?? (await this.start())).outputs;
    }

    /** Offline the imperative part is taken to succeed; the refresh that follows models its result. */
    async imperative(): Promise<void> {}

    async cancel(): Promise<void> {}
}

function getPath(obj: unknown, dotted: string): unknown {
    return dotted
        .split(".")
        .reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), obj);
}

function setPath(obj: Record<string, unknown>, dotted: string, value: unknown): void {
    const keys = dotted.split(".");
    let node = obj;
    for (const k of keys.slice(0, -1)) {
        if (!node[k] || typeof node[k] !== "object") node[k] = {};
        node = node[k] as Record<string, unknown>;
    }
    const last = defined(keys[keys.length - 1], `the last key of ${dotted}`);
    if (value === undefined) delete node[last];
    else node[last] = structuredClone(value);
}
