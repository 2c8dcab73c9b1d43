/**
 * Runs observability components under Pulumi's mock runtime and records every registration the
 * way tools/lib/plan.ts does (type, name, parent, inputs with secrets masked), so component tests
 * are inventories. Works before the foundation wires the components into infra/index.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { fromWire } from "../../tools/lib/plan";
import { dataAlerts } from "../../infra/components/observability/dataAlerts";
import { serviceAlerts } from "../../infra/components/observability/serviceAlerts";
import { sloAlerts } from "../../infra/components/observability/sloAlerts";
import type { ObservedNames } from "../../infra/components/observability/targets";
import type { AlertSpec } from "../../infra/components/observability/alertSpec";
import { observabilitySchema, type ObservabilityConfig } from "../../infra/config";
import { cacheName, clusterName, databaseReplicaName, fixedNames } from "../../infra/naming";

export interface Recorded {
    type: string;
    name: string;
    parent: string;
    dependsOn: string[];
    inputs: Record<string, unknown>;
}

type Callback = (err: unknown, resp: unknown) => void;
interface WireRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getDependenciesList(): string[];
    getObject(): { toJavaScript(): unknown } | undefined;
}

class Recorder extends MockMonitor {
    constructor(
        mocks: pulumi.runtime.Mocks,
        readonly recorded: Recorded[],
    ) {
        super(mocks);
    }
    override async registerResource(req: WireRequest, callback: Callback): Promise<void> {
        return super.registerResource(req, (err: unknown, resp: unknown) => {
            if (!err) {
                this.recorded.push({
                    type: req.getType(),
                    name: req.getName(),
                    parent: req.getParent(),
                    dependsOn: [...req.getDependenciesList()].sort(),
                    inputs: (fromWire(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>) ?? {},
                });
            }
            callback(err, resp);
        });
    }
}

const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs, name: args.inputs.name ?? `${args.name}-name` } }),
    call: (args) => {
        throw new Error(`unexpected invoke ${args.token}`);
    },
};

/** Runs `program` as a stack under mocks and returns what it registered. */
export async function runComponents(
    program: () => unknown,
    opts: { dryRun?: boolean; config?: Record<string, string>; secretKeys?: string[]; /** Receives registrations even when the program fails. */ sink?: Recorded[] } = {},
): Promise<Recorded[]> {
    const dryRun = opts.dryRun ?? true;
    pulumi.runtime.setMocks(mocks, "voice-agent", "test", dryRun);
    const monitor = new Recorder(mocks, opts.sink ?? []);
    settings.setMockOptions(monitor, "voice-agent", "test", dryRun);
    pulumi.runtime.setAllConfig(opts.config ?? {}, opts.secretKeys ?? []);
    await pulumi.runtime.runInPulumiStack(async () => {
        await program();
        return {};
    });
    await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return monitor.recorded;
}

/** A two-region cell named the way infra/naming.ts names it. */
export function testNames(overrides: Partial<ObservedNames> = {}): ObservedNames {
    const regions = overrides.regions ?? ["europe-west1", "europe-west4"];
    const primaryRegion = overrides.primaryRegion ?? regions[0];
    return {
        project: "edentist-voice-test",
        stack: "prod-eu",
        cell: "eu",
        domain: "voice.eu.edentist.ai",
        healthCheckPath: "/healthz",
        regions,
        primaryRegion,
        backendService: fixedNames.backendService,
        clusters: Object.fromEntries(regions.map((r) => [r, clusterName(r)])),
        namespace: fixedNames.namespace,
        deployment: fixedNames.deployment,
        databasePrimary: fixedNames.databasePrimary,
        databaseReplicas: Object.fromEntries(regions.filter((r) => r !== primaryRegion).map((r) => [r, databaseReplicaName(r)])),
        caches: Object.fromEntries(regions.map((r) => [r, cacheName(r)])),
        pubsub: {
            jobsTopic: "pms-sync-jobs",
            replayTopic: "pms-sync-replay",
            deadLetterTopic: "pms-sync-dead-letter",
            workerSubscription: "pms-sync-worker",
            replaySubscription: "pms-sync-replay",
        },
        pmsProviders: ["dentrix", "opendental", "eaglesoft", "dentally", "curve"],
        ...overrides,
    };
}

export const defaultObservability: ObservabilityConfig = observabilitySchema.parse({});

export const testSloName = "projects/edentist-voice-test/services/voice-agent-eu/serviceLevelObjectives/availability";

/** The whole alert catalog for a cell. */
export function allSpecs(n: ObservedNames = testNames(), c: ObservabilityConfig = defaultObservability): AlertSpec[] {
    return [...serviceAlerts(n, c.alerts), ...dataAlerts(n, c.alerts), ...sloAlerts(n, testSloName, c.slo)];
}
