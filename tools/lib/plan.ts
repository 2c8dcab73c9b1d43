/**
 * The offline plan: evaluates infra/index.ts (the same module `pulumi up` runs) under Pulumi's
 * mock runtime with a stack file's config, and records every resource registration as the engine
 * would receive it: type, name, parent, `protect`, dependencies and inputs. Mocks never see
 * resource options, so a monitor that wraps Pulumi's MockMonitor reads them off the
 * RegisterResourceRequest itself.
 */
import * as pulumi from "@pulumi/pulumi";
import { mockMonitorClass, runtimeStore, setMockOptions, waitForRPCs } from "../../core/pulumiInternals";
import { decodeRawConfig, parseConfig, type Config } from "../../infra/config";
import { createMocks } from "./mocks";
import { withoutPromiseStacks } from "./promiseStacks";
import { applyOverrides, readStackConfig, toRuntimeConfig } from "./stackConfig";

export const projectName = "voice-agent";

export interface InventoryResource {
    urn: string;
    type: string;
    name: string;
    parent: string;
    protect: boolean;
    custom: boolean;
    dependsOn: string[];
    provider: string;
    inputs: Record<string, unknown>;
    /**
     * The `ignoreChanges` option's property paths, where the resource has any: the engine keeps the
     * old value of those inputs, so a change there is no change at all.
     */
    ignoreChanges?: string[];
    /**
     * For each input that takes a value from other resources, their URNs, where the resource has
     * any. When a resource is deleted before its replacement, the engine replaces the dependents
     * whose provider would replace them with those inputs unknown (tools/lib/engine/dependents.ts).
     */
    propertyDependencies?: Record<string, string[]>;
}

export interface Inventory {
    project: string;
    stack: string;
    config: Record<string, unknown>;
    resources: InventoryResource[];
    outputs: Record<string, unknown>;
}

export interface PlanOptions {
    stack: string;
    sets?: readonly string[];
    /**
     * The program to run; infra/index.ts unless given. Only the benchmark passes another one (its
     * floor: a trivial program registering as many resources under the same runtime).
     */
    program?: () => Promise<Record<string, unknown>>;
    /** The stack file's `config:` map as already read (e.g. an edited copy); read from disk unless given. */
    stackConfig?: Record<string, unknown>;
    /**
     * Resources a preview creates or replaces (URNs): their outputs are unknown to the program, as
     * in a real preview, beyond the inputs the provider plans them from (tools/lib/diff.ts
     * previewPlan).
     */
    unknownAtPreview?: ReadonlySet<string>;
}

const sig = "4dabf18193072939515e22adb298388d";
const secretSig = "1b47061264138c4ac30d75fd1eb44270";
const resourceSig = "5cf8f73096256a8f31e491e813e4eb8e";
const outputSig = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const secretMask = "[secret]";

/** Turns the wire form of properties into inventory JSON: secrets masked, references as URNs. */
export function fromWire(value: unknown): unknown {
    if (value === unknownValue) return "[unknown]";
    if (Array.isArray(value)) return value.map(fromWire);
    if (value && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[sig] === secretSig) return secretMask;
        if (obj[sig] === resourceSig) return obj.urn;
        if (obj[sig] === outputSig) return obj.secret ? secretMask : "value" in obj ? fromWire(obj.value) : "[unknown]";
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(obj)) out[k] = fromWire(v);
        return out;
    }
    return value;
}

type Callback = (err: unknown, resp: unknown) => void;

interface WireRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProtect(): boolean;
    getCustom(): boolean;
    getProvider(): string;
    getDependenciesList(): string[];
    getIgnorechangesList(): string[];
    getPropertydependenciesMap(): { forEach(f: (deps: { getUrnsList(): string[] }, key: string) => void): void };
    getObject(): { toJavaScript(): unknown } | undefined;
}

/** The root stack's type: the engine leaves it out of its children's qualified types. */
const rootStackType = "pulumi:pulumi:Stack";

/**
 * The URN the engine gives a resource (Deployment.generateURN in pkg/v3's resource/deploy): the
 * parent's whole qualified type, then `$` and the resource's type, except under the root stack,
 * whose children are named by their own type alone. Pulumi's MockMonitor prefixes the parent's
 * last type even when that is the stack (`pulumi:pulumi:Stack$voice-agent:...`) and drops the
 * rest of a deeper chain, so URNs shown to operators (`pulumi up --target`) would not exist.
 */
/** The resource type (the last of a URN's qualified type) and the name a URN ends in. */
export function urnParts(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    return { type: parts[2]?.split("$").pop() ?? "", name: parts[parts.length - 1] ?? urn };
}

export function engineResourceUrn(stack: string, project: string, parent: string, type: string, name: string): string {
    const parentType = parent ? parent.split("::")[2] : "";
    const qualifiedType = parentType && parentType !== rootStackType ? `${parentType}$${type}` : type;
    return `urn:pulumi:${[stack, project, qualifiedType, name].join("::")}`;
}

/** Pulumi's MockMonitor, recording what each registration asked for. */
class RecordingMonitor extends mockMonitorClass() {
    stackOutputs: Record<string, unknown> = {};

    constructor(
        mocks: pulumi.runtime.Mocks,
        readonly recorded: InventoryResource[],
        readonly unknownAtPreview: ReadonlySet<string> = new Set(),
    ) {
        super(mocks);
        // MockMonitor names every resource with its own newUrn (private in the SDK's typings, so it
        // is replaced on the instance): every URN the plan records, and every parent, dependency
        // and provider reference the program sends back, is then the engine's.
        (this as unknown as { newUrn(parent: string, type: string, name: string): string }).newUrn = (
            parent,
            type,
            name,
        ) => engineResourceUrn(pulumi.getStack(), pulumi.getProject(), parent, type, name);
    }

    override async registerResource(req: WireRequest, callback: Callback): Promise<void> {
        return super.registerResource(req, (err: unknown, resp: unknown) => {
            if (!err) {
                const ignoreChanges = [...req.getIgnorechangesList()];
                const propertyDependencies: [string, string[]][] = [];
                req.getPropertydependenciesMap().forEach((deps, key) => {
                    if (deps.getUrnsList().length > 0) propertyDependencies.push([key, [...deps.getUrnsList()].sort()]);
                });
                propertyDependencies.sort(([a], [b]) => a.localeCompare(b));
                this.recorded.push({
                    urn: (resp as { getUrn(): string }).getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    parent: req.getParent(),
                    protect: req.getProtect() === true,
                    custom: req.getCustom(),
                    dependsOn: [...req.getDependenciesList()].sort(),
                    provider: req.getProvider().split("::").slice(0, 4).join("::"),
                    inputs: (fromWire(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>) ?? {},
                    ...(ignoreChanges.length > 0 ? { ignoreChanges } : {}),
                    ...(propertyDependencies.length > 0
                        ? { propertyDependencies: Object.fromEntries(propertyDependencies) }
                        : {}),
                });
                // A resource the preview creates or replaces answers with its inputs only and no id:
                // the engine sends the provider's planned state, in which what the cloud computes
                // is unknown, and the SDK makes every output it does not send unknown in a preview.
                const response = resp as { getUrn(): string; setId(id: string): void; setObject(o: unknown): void };
                if (this.unknownAtPreview.has(response.getUrn())) {
                    response.setId("");
                    response.setObject(req.getObject());
                }
            }
            callback(err, resp);
        });
    }

    override registerResourceOutputs(
        req: { getUrn(): string; getOutputs(): { toJavaScript(): unknown } | undefined },
        callback: Callback,
    ): void {
        if (req.getUrn().split("::")[2] === "pulumi:pulumi:Stack") {
            this.stackOutputs = fromWire(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        }
        super.registerResourceOutputs(req, callback);
    }
}

/** The resolved config as the inventory shows it: secret keys masked. */
function maskedConfig(config: Config, secretKeys: string[]): Record<string, unknown> {
    const out = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
    for (const key of secretKeys) {
        const [ns, name] = key.split(":");
        if (ns === "voice-agent" && name !== undefined && name in out) out[name] = secretMask;
    }
    return out;
}

/** Resolves the stack's config with overrides, or throws ConfigError / StackConfigError. */
export function resolveConfig(opts: PlanOptions): {
    config: Config;
    raw: Record<string, string>;
    secretKeys: string[];
} {
    const merged = applyOverrides(opts.stackConfig ?? readStackConfig(opts.stack), opts.sets ?? []);
    const { raw, secretKeys } = toRuntimeConfig(merged);
    return { config: parseConfig(decodeRawConfig(raw), raw["gcp:project"] ?? ""), raw, secretKeys };
}

let running = false;

export interface RunOptions {
    stack: string;
    /** The GCP project the mocks answer for. */
    project: string;
    /** Pulumi's flat config (`voice-agent:<key>` → string) and which keys are secret. */
    raw: Record<string, string>;
    secretKeys: string[];
    program: () => Promise<unknown>;
    /** Preview semantics (`pulumi preview`, the offline plan) or update semantics (`pulumi up`). */
    dryRun: boolean;
    /** Receives each registration as it happens, so a failing program still shows what it registered. */
    sink?: InventoryResource[];
    /** See PlanOptions.unknownAtPreview. */
    unknownAtPreview?: ReadonlySet<string>;
}

/**
 * Runs a program under Pulumi's mock runtime with a recording monitor. One run at a time: Pulumi's
 * runtime state is process-global.
 */
export async function runProgram(
    opts: RunOptions,
): Promise<{ resources: InventoryResource[]; outputs: Record<string, unknown> }> {
    if (running)
        throw new Error("a program is already running under the mock runtime in this process; runs cannot overlap");
    running = true;
    // Pulumi's SDK reads `new Error().stack` with an unlimited depth for every resource (its source
    // position, which only the engine displays and the mocks never see). Through ts-node's
    // source-map support each of those stacks is mapped frame by frame: most of an offline plan's
    // time. Stacks are formatted lazily, on first read, so V8's own formatting while the program
    // runs, and the mapped one restored after, keeps every error that reaches a person mapped.
    const errorClass = Error as { prepareStackTrace?: unknown };
    const prepareStackTrace = errorClass.prepareStackTrace;
    errorClass.prepareStackTrace = undefined;
    try {
        const monitor = new RecordingMonitor(
            createMocks({ project: opts.project }),
            opts.sink ?? [],
            opts.unknownAtPreview,
        );
        // The same feature set setMocks() declares, on a monitor that records.
        setMockOptions(monitor, projectName, opts.stack, opts.dryRun);
        // getStore is internal to the SDK (not in its typings); setMocks() sets these same flags on it.
        const store = runtimeStore();
        store.supportsSecrets = true;
        store.supportsResourceReferences = true;
        store.supportsOutputValues = false;
        store.supportsDeletedWith = true;
        store.supportsAliasSpecs = true;
        store.supportsTransforms = false;
        pulumi.runtime.setAllConfig(opts.raw, opts.secretKeys);
        await withoutPromiseStacks(async () => {
            await pulumi.runtime.runInPulumiStack(opts.program);
            await waitForRPCs();
        });
        return { resources: monitor.recorded, outputs: monitor.stackOutputs };
    } finally {
        errorClass.prepareStackTrace = prepareStackTrace;
        running = false;
    }
}

/** Runs the program offline with preview semantics (as `pulumi preview`) and returns its inventory. */
export async function plan(opts: PlanOptions): Promise<Inventory> {
    const { config, raw, secretKeys } = resolveConfig(opts);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program loads inside the mock runtime, not when this module loads
    const program = opts.program ?? (require("../../infra/index") as () => Promise<Record<string, unknown>>);
    const { resources, outputs } = await runProgram({
        stack: opts.stack,
        project: config.project,
        raw,
        secretKeys,
        program,
        dryRun: true,
        ...(opts.unknownAtPreview !== undefined ? { unknownAtPreview: opts.unknownAtPreview } : {}),
    });
    return { project: projectName, stack: opts.stack, config: maskedConfig(config, secretKeys), resources, outputs };
}
