/**
 * What the observability components watch, named from the config and infra/naming.ts: the
 * runbook's fixed names, so the alerts and dashboards need no reference to the resources of the
 * other components (and keep matching them when those are replaced or not yet merged).
 */
import type { Config } from "./config";
import type { ObservedNames } from "./components/observability/targets";
import { cacheName, clusterName, databaseInstanceName, fixedNames, pubsubNames } from "./naming";

export function observedNames(c: Config, stack: string): ObservedNames {
    const regions = Object.keys(c.regions);
    return {
        project: c.project,
        stack,
        cell: c.cell,
        domain: c.domain,
        healthCheckPath: c.loadBalancer.healthCheckPath,
        regions,
        primaryRegion: c.primaryRegion,
        backendService: fixedNames.backendService,
        clusters: Object.fromEntries(regions.map((r) => [r, clusterName(r)])),
        namespace: fixedNames.namespace,
        deployment: fixedNames.deployment,
        databasePrimary: fixedNames.databasePrimary,
        databaseReplicas: Object.fromEntries(
            regions.filter((r) => r !== c.primaryRegion).map((r) => [r, databaseInstanceName(r, c.primaryRegion)]),
        ),
        caches: Object.fromEntries(regions.map((r) => [r, cacheName(r)])),
        pubsub: {
            jobsTopic: pubsubNames.jobsTopic,
            replayTopic: pubsubNames.replayTopic,
            deadLetterTopic: pubsubNames.deadLetterTopic,
            workerSubscription: pubsubNames.workerSubscription,
            replaySubscription: pubsubNames.replaySubscription,
        },
        pmsProviders: c.pmsProviders,
    };
}
