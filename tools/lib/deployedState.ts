/**
 * What is deployed, read from `pulumi stack export` (a deployment of version 3: `deployment.
 * resources[]`, each with its urn, type, inputs, outputs, protect, parent, dependencies, provider
 * and propertyDependencies) as the same inventory shape as an offline plan, so the diff compares
 * the plan of the stack file with the state instead of another plan. The state records what the
 * last update or refresh saw: drift made outside Pulumi shows once a `pulumi refresh` has read it.
 */
import { z } from "zod";
import { diffInventories, renderDiff } from "./diff";
import type { Inventory, InventoryResource } from "./plan";
import { labelBackends } from "./pathLabels";
import { readRegularFile } from "./io";
import { limits } from "./limits";
import { UserInputError } from "./userError";

export class StateFileError extends UserInputError {}

const resourceSchema = z.looseObject({
    urn: z.string().min(1),
    type: z.string().min(1),
    custom: z.boolean().optional(),
    id: z.string().optional(),
    parent: z.string().optional(),
    protect: z.boolean().optional(),
    provider: z.string().optional(),
    dependencies: z.array(z.string()).optional(),
    propertyDependencies: z.record(z.string(), z.array(z.string())).optional(),
    inputs: z.record(z.string(), z.unknown()).optional(),
    outputs: z.record(z.string(), z.unknown()).optional(),
});

const exportSchema = z.looseObject({
    version: z.literal(3, { error: "is not 3: give the output of `pulumi stack export` (deployment version 3)" }),
    deployment: z.looseObject({
        resources: z.array(resourceSchema).optional(),
        pending_operations: z.array(z.unknown()).optional(),
    }),
});

export type StackExport = z.infer<typeof exportSchema>;

export interface DeployedState {
    file: string;
    stack?: string;
    inventory: Inventory;
    /** Operations a failed or cancelled update left pending (the state may be behind the cloud). */
    pending: number;
}

const secretSig = "4dabf18193072939515e22adb298388d";

/** Secrets as the plan shows them, and the providers' bookkeeping (`__defaults`, `__meta`) left out. */
function clean(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(clean);
    if (v === null || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    if (secretSig in o) return "[secret]";
    return Object.fromEntries(
        Object.entries(o)
            .filter(([k]) => !k.startsWith("__"))
            .map(([k, x]) => [k, clean(x)]),
    );
}

/** `<provider urn>::<id>` → the provider's URN; a default provider → "" (the plan names none). */
function providerUrn(ref: string | undefined): string {
    if (!ref) return "";
    const urn = ref.slice(0, ref.lastIndexOf("::"));
    return /\$?pulumi:providers:[^:]+::default(_[\w]+)?$/.test(urn) ? "" : urn;
}

export function stateInventory(exp: StackExport, stack: string, project = "voice-agent"): Inventory {
    const all = exp.deployment.resources ?? [];
    const isDefaultProvider = (r: { type: string; urn: string }) =>
        r.type.startsWith("pulumi:providers:") && /::default(_[\w]+)?$/.test(r.urn);
    const stackResource = all.find((r) => r.type === "pulumi:pulumi:Stack");
    const resources: InventoryResource[] = all
        .filter((r) => !isDefaultProvider(r))
        .map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.urn.split("::").pop() ?? r.urn,
            parent: r.parent ?? "",
            protect: r.protect ?? false,
            custom: r.custom ?? false,
            dependsOn: r.dependencies ?? [],
            provider: providerUrn(r.provider),
            inputs: clean(r.inputs ?? {}) as Record<string, unknown>,
            ...(r.propertyDependencies && Object.keys(r.propertyDependencies).length > 0
                ? { propertyDependencies: r.propertyDependencies }
                : {}),
        }));
    return {
        project,
        stack,
        config: {},
        resources,
        outputs: (clean(stackResource?.outputs ?? {}) as Record<string, unknown>) ?? {},
    };
}

/** Reads and checks an export file; errors name the file and the path. */
export function readStateFile(file: string, stack?: string): DeployedState {
    // Through the hardened reader: a FIFO or /dev/zero given as the state is refused, never read.
    const text = readRegularFile(file, {
        limit: limits.inventoryBytes,
        label: `--state ${file}`,
        what: "a cell's export is a few megabytes",
    }).text;
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (e) {
        throw new StateFileError(
            `--state: ${file} is not JSON (${(e as Error).message}); give the output of \`pulumi stack export\``,
        );
    }
    const parsed = exportSchema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new StateFileError(
            `--state: ${file}: ${(issue?.path ?? []).join(".") || "(root)"}: ${issue?.message ?? "not a stack export"}`,
        );
    }
    const stackUrn = parsed.data.deployment.resources?.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
    const stateStack = stackUrn ? /^urn:pulumi:([^:]+)::/.exec(stackUrn)?.[1] : undefined;
    if (stack !== undefined && stateStack !== undefined && stateStack !== stack) {
        throw new StateFileError(`--state: ${file} is the state of stack ${stateStack}, not ${stack}`);
    }
    return {
        file,
        ...(stateStack ? { stack: stateStack } : {}),
        inventory: stateInventory(parsed.data, stack ?? stateStack ?? ""),
        pending: parsed.data.deployment.pending_operations?.length ?? 0,
    };
}

/** The line every output without a state carries, so nobody takes a plan-to-plan diff for the cloud. */
export const stackFilesOnly =
    "compares stack files (offline plans), not what is deployed: pass --state <file> (the JSON of `pulumi stack export`) to compare with the deployed state";

/**
 * The lines comparing the stack file's plan with the deployed state: the changes an `up` of the
 * file as it stands would make (edits not applied yet, or drift the state recorded).
 */
export async function compareWithState(
    stack: string,
    state: DeployedState | undefined,
    planned: Promise<Inventory>,
    file?: string,
): Promise<string[]> {
    if (!state) return [stackFilesOnly];
    const diff = labelBackends(diffInventories(state.inventory, await planned), state.inventory, await planned);
    const out = [
        `compares Pulumi.${stack}.yaml's plan with the deployed state ${file ?? state.file} (${state.inventory.resources.length} resources)`,
    ];
    if (state.pending > 0)
        out.push(
            `warning: the state has ${state.pending} pending operation(s): an update was interrupted; \`pulumi refresh\` before trusting it`,
        );
    if (diff.changes.length === 0) out.push(`Pulumi.${stack}.yaml is applied: the state matches its plan`);
    else {
        out.push(
            `warning: Pulumi.${stack}.yaml is not what is deployed: ${diff.changes.length} resource change(s) not applied (edits committed or ` +
                "made but not applied, or drift recorded by a refresh):",
            ...renderDiff(diff)
                .split("\n")
                .map((l) => `  ${l}`),
        );
    }
    return out;
}
