/**
 * What the observability components watch, named from the config and core/naming.ts: the
 * runbook's fixed names, so the alerts and dashboards need no reference to the resources of the
 * other components (and keep matching them when those are replaced or not yet merged).
 */
import type { Config } from "./config";
import type { ObservedNames } from "./components/observability/targets";
import { databaseInstanceName, databasePrimaryRegion } from "../core/databaseLayout";
import { lifecycleOf } from "./lifecycle";
import { cacheName, clusterName, fixedNames, pubsubNames } from "../core/naming";

export function observedNames(config: Config, stack: string): ObservedNames {
    const regions = Object.keys(config.regions);
    return {
        project: config.project,
        stack,
        cell: config.cell,
        domain: config.domain,
        healthCheckPath: config.loadBalancer.healthCheckPath,
        regions,
        primaryRegion: config.primaryRegion,
        backendService: fixedNames.backendService,
        clusters: Object.fromEntries(regions.map((r) => [r, clusterName(r)])),
        namespace: fixedNames.namespace,
        deployment: fixedNames.deployment,
        // The alerts follow the primary *role* (database.primaryRegion), not the name voice-db:
        // after a switchover, replica lag is watched on the instance that is now the replica.
        databasePrimary: databaseInstanceName(config, databasePrimaryRegion(config)),
        databaseReplicas: Object.fromEntries(
            regions.filter((r) => r !== databasePrimaryRegion(config)).map((r) => [r, databaseInstanceName(config, r)]),
        ),
        // The suffix exists only once the cell is created: the catalogs match any of its length.
        databaseNameSuffixDigits: 2 * lifecycleOf(config).nameSuffixBytes,
        caches: Object.fromEntries(regions.map((r) => [r, cacheName(r)])),
        pubsub: {
            jobsTopic: pubsubNames.jobsTopic,
            replayTopic: pubsubNames.replayTopic,
            deadLetterTopic: pubsubNames.deadLetterTopic,
            workerSubscription: pubsubNames.workerSubscription,
            replaySubscription: pubsubNames.replaySubscription,
        },
        pmsProviders: config.pmsProviders,
    };
}
