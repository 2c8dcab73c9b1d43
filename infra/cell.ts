/**
 * The cell: the one place where the components of a stack are composed from the typed config:
 * the network, the data tier, each region, the global load balancer and observability. Components
 * get typed slices of the config through their Args; decisions come from pure modules (traffic.ts,
 * runtimeFlags.ts, databaseLayout.ts, maintenanceWindows.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { regionConfigOf, type Config, type Secrets } from "./config";
import { buildDataTier } from "./dataTier";
import { lifecycleOf } from "./lifecycle";
import { databasePrimaryRegion, drReplicaRegion, voiceDbRegion } from "../core/databaseLayout";
import { defined } from "../core/defined";
import type { CellLabels } from "../core/labels";
import { childName, fixedNames, negName } from "../core/naming";
import { observedNames } from "./observedNames";
import { buildRegion, type Region } from "./region";
import { drainedRegions } from "../core/drain";
import { capacityScaler, negUrl } from "./traffic";
import { LoadBalancer } from "./components/loadBalancer/LoadBalancer";
import { Network } from "./components/network/Network";
import { ProjectApis } from "./components/project/ProjectApis";
import { Observability } from "./components/observability/Observability";

/** The port the voice-agent container serves HTTP and WebSocket on. */
const servingPort = 8080;
/** Network tag of GKE nodes; the health-check firewall targets it. */
const nodeTag = "voice-agent-node";

function labelsOf(c: Config): CellLabels {
    return { app: fixedNames.deployment, cell: c.cell, environment: c.environment, "managed-by": "pulumi" };
}

export function buildCell(config: Config, secrets: Secrets, stack: string): Record<string, pulumi.Input<unknown>> {
    const labels = labelsOf(config);
    const regions = Object.keys(config.regions);
    const { protect, clusterAccessOutput, abandonOnDelete } = lifecycleOf(config);

    // First: from here on every resource waits for the APIs its type needs.
    new ProjectApis(childName("voice", config.cell, "apis"), { project: config.project });

    const network = new Network(childName("voice", config.cell), {
        regions: Object.fromEntries(regions.map((r) => [r, regionConfigOf(config, r).subnet])),
        privateServicesRange: config.network.privateServicesRange,
        nodeTag,
        servingPort,
        protect,
        abandonOnDelete,
    });

    // Cloud SQL, Memorystore, Pub/Sub, the incident secret, and the Google service account the
    // pods' Kubernetes service account acts as through Workload Identity.
    const data = buildDataTier(
        config,
        { network: network.network.id, privateServicesConnection: network.privateServicesConnection },
        labels,
    );

    const byRegion: Record<string, Region> = {};
    const built = (region: string): Region => defined(byRegion[region], `region ${region}`);
    for (const region of regions) {
        byRegion[region] = buildRegion(config, region, {
            network: {
                network: network.network.id,
                subnetwork: defined(network.subnets[region], `subnet of region ${region}`).id,
                podsRangeName: network.podsRangeName,
                servicesRangeName: network.servicesRangeName,
            },
            data,
            servingPort,
            nodeTag,
            labels,
        });
    }

    // The project's workload pool exists only once a cluster with Workload Identity does.
    data.identity.bindWorkloadPool(regions.map((r) => defined(byRegion[r], `region ${r}`).cluster.cluster));

    const loadBalancer = new LoadBalancer(childName("voice", config.cell, "lb"), {
        domain: config.domain,
        backends: regions.flatMap((region) =>
            regionConfigOf(config, region).zones.map((zone) => ({
                group: negUrl(config.project, zone, negName(region)),
                capacityScaler: capacityScaler(config, region),
            })),
        ),
        negSources: regions.map((r) => built(r).workload.service),
        maxRatePerEndpoint: config.loadBalancer.maxRatePerEndpoint,
        timeoutSec: config.loadBalancer.timeoutSec,
        drainingTimeoutSec: config.loadBalancer.drainingTimeoutSec,
        healthCheckPath: config.loadBalancer.healthCheckPath,
        servingPort,
        rateLimit: config.rateLimit,
        labels,
        protect,
        ...(config.dns ? { dns: config.dns } : {}),
    });

    const observability = new Observability(childName("voice", config.cell, "obs"), {
        names: observedNames(config, stack),
        config: config.observability,
        pagerDutyServiceKey: secrets.pagerDutyServiceKey,
        slackAuthToken: secrets.slackAuthToken,
    });

    const drRegion = drReplicaRegion(config);
    return {
        cell: config.cell,
        domain: config.domain,
        loadBalancerIp: loadBalancer.address.address,
        backendService: loadBalancer.backendService.name,
        primaryRegion: config.primaryRegion,
        drainedRegions: drainedRegions(config),
        clusters: Object.fromEntries(regions.map((r) => [r, built(r).cluster.cluster.name])),
        // The database layout, so that a tool reads where each role is from the stack instead of
        // deriving it again: the primary role, the region of the instance named voice-db, and the
        // DR replica's region (Enterprise Plus only).
        database: {
            primaryRegion: databasePrimaryRegion(config),
            voiceDbRegion: voiceDbRegion(config),
            ...(drRegion === undefined ? {} : { drReplicaRegion: drRegion }),
            primary: data.database.primary.name,
            instances: Object.fromEntries(
                regions.map((r) => [r, defined(data.database.instances[r], `Cloud SQL instance of region ${r}`).name]),
            ),
            writeHost: data.database.writeHost,
        },
        caches: Object.fromEntries(
            regions.map((r) => {
                const cache = defined(data.caches[r], `cache of region ${r}`);
                return [r, { name: cache.instance.name, host: cache.host, port: cache.port }];
            }),
        ),
        pubsub: {
            topics: [
                data.messaging.jobsTopic.name,
                data.messaging.replayTopic.name,
                data.messaging.deadLetterTopic.name,
            ],
            subscriptions: [
                data.messaging.workerSubscription.name,
                data.messaging.replaySubscription.name,
                data.messaging.deadLetterSubscription.name,
            ],
        },
        incidentSecret: data.incidentAccess.secret.secretId,
        workloadServiceAccount: data.identity.email,
        slo: observability.sloName,
        ...(clusterAccessOutput
            ? {
                  clusterAccess: Object.fromEntries(
                      regions.map((r) => [
                          r,
                          {
                              endpoint: built(r).cluster.cluster.endpoint,
                              caCertificate: built(r).cluster.cluster.masterAuth.clusterCaCertificate,
                          },
                      ]),
                  ),
              }
            : {}),
    };
}
