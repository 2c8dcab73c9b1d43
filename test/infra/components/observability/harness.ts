/**
 * Runs observability components under Pulumi's mock runtime and records every registration the
 * way tools/lib/plan.ts does (type, name, parent, inputs with secrets masked), so component tests
 * are inventories. Works before the foundation wires the components into infra/index.ts.
 */
import { defined } from "../../../../core/defined";
import { runProgram, type InventoryResource } from "../../../../tools/lib/plan";
import { dataAlerts } from "../../../../infra/components/observability/dataAlerts";
import { serviceAlerts } from "../../../../infra/components/observability/serviceAlerts";
import { sloAlerts } from "../../../../infra/components/observability/sloAlerts";
import type { ObservedNames } from "../../../../infra/components/observability/targets";
import type { AlertSpec } from "../../../../infra/components/observability/alertSpec";
import { observabilitySchema, type ObservabilityConfig } from "../../../../infra/config";
import { cacheName, clusterName, databaseReplicaName, fixedNames, pubsubNames } from "../../../../core/naming";

/** What the recording monitor of the offline plan keeps of a registration. */
export type Recorded = InventoryResource;

/** Runs `program` as a stack under mocks and returns what it registered. */
export async function runComponents(
    program: () => unknown,
    opts: {
        dryRun?: boolean;
        config?: Record<string, string>;
        secretKeys?: string[];
        /** Receives registrations even when the program fails. */ sink?: Recorded[];
    } = {},
): Promise<Recorded[]> {
    const { resources } = await runProgram({
        stack: "test",
        project: opts.config?.["gcp:project"] ?? "edentist-voice-test",
        raw: opts.config ?? {},
        secretKeys: opts.secretKeys ?? [],
        program: async () => {
            await program();
            return {};
        },
        dryRun: opts.dryRun ?? true,
        sink: opts.sink,
    });
    return resources;
}

/** A two-region cell named the way core/naming.ts names it. */
export function testNames(overrides: Partial<ObservedNames> = {}): ObservedNames {
    const regions = overrides.regions ?? ["europe-west1", "europe-west4"];
    const primaryRegion = overrides.primaryRegion ?? defined(regions[0], "a region");
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
        databaseReplicas: Object.fromEntries(
            regions.filter((r) => r !== primaryRegion).map((r) => [r, databaseReplicaName(r)]),
        ),
        databaseNameSuffixDigits: 0,
        caches: Object.fromEntries(regions.map((r) => [r, cacheName(r)])),
        pubsub: {
            jobsTopic: pubsubNames.jobsTopic,
            replayTopic: pubsubNames.replayTopic,
            deadLetterTopic: pubsubNames.deadLetterTopic,
            workerSubscription: pubsubNames.workerSubscription,
            replaySubscription: pubsubNames.replaySubscription,
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
