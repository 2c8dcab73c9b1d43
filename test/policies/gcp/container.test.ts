import * as assert from "assert";
import { policy as regions } from "../../../policies/gcp/container/cluster/gcp-container-cluster-distribute-across-regions";
import { policy as logging } from "../../../policies/gcp/container/cluster/gcp-container-cluster-enable-logging-and-monitoring";
import { policy as wiNp } from "../../../policies/gcp/container/cluster/gcp-container-cluster-enable-workload-identity-and-network-policy";
import { policy as privateCluster } from "../../../policies/gcp/container/cluster/gcp-container-cluster-enforce-private-cluster";
import { policy as regional } from "../../../policies/gcp/container/cluster/gcp-container-cluster-enforce-regional-control-plane";
import { policy as harden } from "../../../policies/gcp/container/cluster/gcp-container-cluster-harden-control-plane";
import { policy as nativeLb } from "../../../policies/gcp/container/cluster/gcp-container-cluster-enable-container-native-load-balancing";
import { policy as clusterProtection } from "../../../policies/gcp/container/cluster/gcp-container-cluster-enforce-protection";
import { policy as hpaAddon } from "../../../policies/gcp/container/cluster/gcp-container-cluster-keep-horizontal-pod-autoscaling";
import { policy as labels } from "../../../policies/gcp/container/cluster/gcp-container-cluster-require-labels";
import { policy as windows } from "../../../policies/gcp/container/cluster/gcp-container-cluster-separate-maintenance-windows";
import { weeklyOverlap } from "../../../core/maintenanceWindows";
import { weeklyWindows } from "../../../policies/gcp/container/cluster/maintenance";
import { policy as autoRepair } from "../../../policies/gcp/container/nodePool/gcp-container-nodepool-enable-auto-repair-and-upgrade";
import { policy as scaling } from "../../../policies/gcp/container/nodePool/gcp-container-nodepool-enforce-autoscaling-and-surge";
import {
    cpuCores,
    machineCpus,
    policy as fit,
} from "../../../policies/gcp/container/nodePool/gcp-container-nodepool-fit-workload-maximum";
import { policy as hardenNodes } from "../../../policies/gcp/container/nodePool/gcp-container-nodepool-harden-nodes";
import { policy as spanZones } from "../../../policies/gcp/container/nodePool/gcp-container-nodepool-span-zones";
import { policy as nodeSa } from "../../../policies/gcp/container/nodePool/gcp-container-nodepool-use-dedicated-service-account";
import {
    checkPlanned,
    checkStack,
    messages,
    prodEu,
    realPlan,
    REMOVE,
    resourceCases,
    setInputs,
    stackCases,
    unprotect,
} from "../harness";

const CLUSTER = "gcp:container/cluster:Cluster";
const POOL = "gcp:container/nodePool:NodePool";
const C = "voice-cluster-europe-west1";
const base = prodEu(CLUSTER, C);

resourceCases(privateCluster, base, [
    [
        "privateClusterConfig.enablePrivateNodes",
        false,
        [
            `GKE cluster '${C}' must use private nodes: privateClusterConfig.enablePrivateNodes is false (expected true).`,
        ],
    ],
    [
        "privateClusterConfig",
        REMOVE,
        [
            `GKE cluster '${C}' must use private nodes: privateClusterConfig.enablePrivateNodes is not set (expected true).`,
        ],
    ],
    [
        "masterAuthorizedNetworksConfig",
        REMOVE,
        [`GKE cluster '${C}' must restrict control-plane access with masterAuthorizedNetworksConfig.`],
    ],
    [
        "masterAuthorizedNetworksConfig.cidrBlocks[1]",
        { cidrBlock: "0.0.0.0/0", displayName: "all" },
        [`GKE cluster '${C}' must not authorize 0.0.0.0/0 to reach the control plane.`],
    ],
    // The control plane open to the whole internet in two halves: refused by the address count, whatever the split.
    [
        "masterAuthorizedNetworksConfig.cidrBlocks",
        [
            { cidrBlock: "0.0.0.0/1", displayName: "low" },
            { cidrBlock: "128.0.0.0/1", displayName: "high" },
        ],
        [
            `GKE cluster '${C}' must not open the control plane to 3702257664 public addresses (at most 65536, one /16): masterAuthorizedNetworksConfig.cidrBlocks 0.0.0.0/1, 128.0.0.0/1.`,
        ],
    ],
    [
        "masterAuthorizedNetworksConfig.cidrBlocks",
        [{ cidrBlock: "8.0.0.0/15", displayName: "a public /15" }],
        [
            `GKE cluster '${C}' must not open the control plane to 131072 public addresses (at most 65536, one /16): masterAuthorizedNetworksConfig.cidrBlocks 8.0.0.0/15.`,
        ],
    ],
    // A public /16 and a private /8 stay within the bound.
    [
        "masterAuthorizedNetworksConfig.cidrBlocks",
        [
            { cidrBlock: "8.8.0.0/16", displayName: "a public /16" },
            { cidrBlock: "10.0.0.0/8", displayName: "private" },
        ],
        [],
    ],
    [
        "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled",
        true,
        [
            `GKE cluster '${C}' must not open the control plane to all Google Cloud public IPs: masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled is true.`,
        ],
    ],
]);

describe(`${privateCluster.name} (requirePrivateEndpoint)`, () => {
    it("requires a private endpoint when configured to", async () => {
        assert.deepStrictEqual(
            await checkPlanned(privateCluster, base, undefined, {
                [privateCluster.name]: { requirePrivateEndpoint: true },
            }),
            ["europe-west1", "europe-west4"].map(
                (region) =>
                    `GKE cluster 'voice-cluster-${region}' must expose only a private control-plane endpoint: privateClusterConfig.enablePrivateEndpoint is false (expected true).`,
            ),
        );
    });
});

resourceCases(wiNp, base, [
    [
        "workloadIdentityConfig",
        REMOVE,
        [`GKE cluster '${C}' must enable Workload Identity: workloadIdentityConfig.workloadPool is not set.`],
    ],
    [
        "datapathProvider",
        "LEGACY_DATAPATH",
        [
            `GKE cluster '${C}' must enforce network policy: datapathProvider is "LEGACY_DATAPATH" and networkPolicy.enabled is not true.`,
        ],
    ],
    [
        "datapathProvider",
        REMOVE,
        [
            `GKE cluster '${C}' must enforce network policy: datapathProvider is not set and networkPolicy.enabled is not true.`,
        ],
    ],
]);

describe(`${wiNp.name} (Calico)`, () => {
    it("accepts networkPolicy.enabled without Dataplane V2", async () => {
        const calico = setInputs({ datapathProvider: REMOVE, networkPolicy: { enabled: true, provider: "CALICO" } });
        assert.deepStrictEqual(await checkPlanned(wiNp, base, calico), []);
    });
});

resourceCases(harden, base, [
    ["enableShieldedNodes", false, [`GKE cluster '${C}' must use shielded nodes: enableShieldedNodes is false.`]],
    ["enableShieldedNodes", REMOVE, []],
    [
        "releaseChannel.channel",
        "UNSPECIFIED",
        [
            `GKE cluster '${C}' must be enrolled in a release channel (REGULAR or STABLE): releaseChannel.channel is "UNSPECIFIED".`,
        ],
    ],
    [
        "releaseChannel",
        REMOVE,
        [
            `GKE cluster '${C}' must be enrolled in a release channel (REGULAR or STABLE): releaseChannel.channel is not set.`,
        ],
    ],
    ["enableLegacyAbac", true, [`GKE cluster '${C}' must not enable legacy ABAC: enableLegacyAbac is true.`]],
    [
        "masterAuth.clientCertificateConfig.issueClientCertificate",
        true,
        [
            `GKE cluster '${C}' must not issue client certificates: masterAuth.clientCertificateConfig.issueClientCertificate is true.`,
        ],
    ],
    [
        "binaryAuthorization.evaluationMode",
        "DISABLED",
        [
            `GKE cluster '${C}' must enforce Binary Authorization: binaryAuthorization.evaluationMode is "DISABLED" (expected "PROJECT_SINGLETON_POLICY_ENFORCE").`,
        ],
    ],
    [
        "binaryAuthorization",
        REMOVE,
        [
            `GKE cluster '${C}' must enforce Binary Authorization: binaryAuthorization.evaluationMode is not set (expected "PROJECT_SINGLETON_POLICY_ENFORCE").`,
        ],
    ],
]);

resourceCases(logging, base, [
    ["loggingService", "none", [`GKE cluster '${C}' must send logs to Cloud Logging: loggingService is "none".`]],
    [
        "monitoringService",
        "none",
        [`GKE cluster '${C}' must send metrics to Cloud Monitoring: monitoringService is "none".`],
    ],
    [
        "loggingConfig.enableComponents",
        ["SYSTEM_COMPONENTS"],
        [`GKE cluster '${C}' must log WORKLOADS: loggingConfig.enableComponents is ["SYSTEM_COMPONENTS"].`],
    ],
    [
        "monitoringConfig.enableComponents",
        ["POD"],
        [`GKE cluster '${C}' must monitor SYSTEM_COMPONENTS: monitoringConfig.enableComponents is ["POD"].`],
    ],
    ["loggingConfig", REMOVE, []],
    [
        "enableIntranodeVisibility",
        REMOVE,
        [`GKE cluster '${C}' must enable intranode visibility: enableIntranodeVisibility is not set (expected true).`],
    ],
]);

resourceCases(labels, base, [["resourceLabels", REMOVE, [`GKE cluster '${C}' must set resourceLabels.`]]]);

describe(`${labels.name} (required keys)`, () => {
    it("requires the cell's label keys by default", async () => {
        const withoutKeys = setInputs({ "resourceLabels.managed-by": REMOVE, "resourceLabels.app": REMOVE });
        assert.deepStrictEqual(await checkPlanned(labels, base, withoutKeys), [
            `GKE cluster '${C}' must set the resource label 'app'.`,
            `GKE cluster '${C}' must set the resource label 'managed-by'.`,
        ]);
    });
    it("requires configured label keys", async () => {
        assert.deepStrictEqual(
            await checkPlanned(labels, base, undefined, { [labels.name]: { requiredLabels: ["cell", "team"] } }),
            [
                `GKE cluster 'voice-cluster-europe-west1' must set the resource label 'team'.`,
                `GKE cluster 'voice-cluster-europe-west4' must set the resource label 'team'.`,
            ],
        );
    });
});

resourceCases(regional, base, [
    ["location", "europe-west1-b", [`GKE cluster '${C}' must be regional: location is "europe-west1-b".`]],
    [
        "nodeLocations",
        ["europe-west1-b", "europe-west1-c"],
        [`GKE cluster '${C}' must spread nodes over at least 3 zones: nodeLocations has 2.`],
    ],
    [
        "nodeLocations[2]",
        "europe-west4-a",
        [`GKE cluster '${C}' lists zone europe-west4-a outside its region europe-west1.`],
    ],
    ["deletionProtection", false, []],
]);

resourceCases(clusterProtection, base, [
    [
        "deletionProtection",
        false,
        [`GKE cluster '${C}' must enable deletion protection: deletionProtection is false (expected true).`],
    ],
    ["deletionProtection", REMOVE, []],
]);

describe(`${clusterProtection.name} (protect option)`, () => {
    it("requires the Pulumi protect option", async () => {
        assert.deepStrictEqual(await checkPlanned(clusterProtection, base, unprotect), [
            `GKE cluster '${C}' holds state and must be created with the Pulumi resource option protect: true.`,
        ]);
    });
});

resourceCases(nativeLb, base, [
    [
        "networkingMode",
        "ROUTES",
        [`GKE cluster '${C}' must be VPC-native: networkingMode is "ROUTES" and ipAllocationPolicy is set.`],
    ],
    [
        "ipAllocationPolicy",
        REMOVE,
        [`GKE cluster '${C}' must be VPC-native: networkingMode is "VPC_NATIVE" and ipAllocationPolicy is not set.`],
    ],
    [
        "subnetwork",
        REMOVE,
        [
            `GKE cluster '${C}' must name the cell's VPC and subnetwork: network is "projects/edentist-voice-prod-eu/global/networks/voice-eu" and subnetwork is null.`,
        ],
    ],
    [
        "addonsConfig.httpLoadBalancing.disabled",
        true,
        [
            `GKE cluster '${C}' must keep the HTTP load balancing add-on (NEG controller): addonsConfig.httpLoadBalancing.disabled is true.`,
        ],
    ],
]);

stackCases(windows, "prod-eu", [
    [
        CLUSTER,
        "voice-cluster-europe-west4",
        "maintenancePolicy.recurringWindow.startTime",
        "2025-01-11T05:00:00Z",
        [
            `GKE clusters 'voice-cluster-europe-west1' and 'voice-cluster-europe-west4' have overlapping maintenance windows; regions must never be maintained at the same time.`,
        ],
    ],
    [
        CLUSTER,
        "voice-cluster-europe-west4",
        "maintenancePolicy",
        REMOVE,
        [
            `GKE cluster 'voice-cluster-europe-west4' must declare a readable maintenance window: no maintenancePolicy.recurringWindow or dailyMaintenanceWindow is declared.`,
        ],
    ],
    [
        CLUSTER,
        "voice-cluster-europe-west4",
        "maintenancePolicy.recurringWindow.recurrence",
        "FREQ=MONTHLY",
        [
            `GKE cluster 'voice-cluster-europe-west4' must declare a readable maintenance window: recurrence "FREQ=MONTHLY" is neither FREQ=DAILY nor FREQ=WEEKLY.`,
        ],
    ],
    [
        CLUSTER,
        "voice-cluster-europe-west4",
        "maintenancePolicy.recurringWindow.recurrence",
        "FREQ=WEEKLY;BYDAY=MO,TU",
        [],
    ],
    [
        "gcp:sql/databaseInstance:DatabaseInstance",
        "voice-db-europe-west4",
        "settings.maintenanceWindow.hour",
        1,
        [
            `Cloud SQL instances 'voice-db' and 'voice-db-europe-west4' have overlapping maintenance windows; regions must never be maintained at the same time.`,
        ],
    ],
    [
        "gcp:redis/instance:Instance",
        "voice-cache-europe-west4",
        "maintenancePolicy.weeklyMaintenanceWindows[0].startTime.hours",
        1,
        [
            `Memorystore instances 'voice-cache-europe-west1' and 'voice-cache-europe-west4' have overlapping maintenance windows; regions must never be maintained at the same time.`,
        ],
    ],
]);

describe("maintenance window arithmetic", () => {
    it("reads a weekly window per listed day in minutes from Monday 00:00 UTC", () => {
        assert.deepStrictEqual(
            weeklyWindows({
                recurringWindow: {
                    startTime: "2025-01-11T01:00:00Z",
                    endTime: "2025-01-11T07:00:00Z",
                    recurrence: "FREQ=WEEKLY;BYDAY=SA,SU",
                },
            }),
            [
                [5 * 1440 + 60, 5 * 1440 + 420],
                [6 * 1440 + 60, 6 * 1440 + 420],
            ],
        );
    });
    it("gives a daily window four hours", () => {
        assert.deepStrictEqual(
            (weeklyWindows({ dailyMaintenanceWindow: { startTime: "03:00" } }) as number[][])[0],
            [180, 420],
        );
    });
    it("detects overlap across the Sunday-to-Monday wrap", () => {
        assert.strictEqual(weeklyOverlap([[6 * 1440 + 1380, 6 * 1440 + 1500]], [[30, 60]]), true);
        assert.strictEqual(weeklyOverlap([[6 * 1440 + 1380, 6 * 1440 + 1440]], [[30, 60]]), false);
    });
});

describe(regions.name, () => {
    const dropRegion = async () => {
        const inv = await realPlan("prod-eu");
        return {
            ...inv,
            resources: inv.resources.filter((r) => r.name !== "voice-cluster-europe-west4" || r.type !== CLUSTER),
        };
    };
    it("requires two regions", async () => {
        assert.deepStrictEqual(messages(checkStack(regions, await dropRegion())), [
            `The cell must run GKE clusters in at least 2 regions; found 1 (europe-west1).`,
        ]);
    });
});

stackCases(regions, "prod-eu", [
    [
        CLUSTER,
        "voice-cluster-europe-west4",
        "location",
        "europe-west1",
        [
            `The cell must run GKE clusters in at least 2 regions; found 1 (europe-west1).`,
            `Region europe-west1 has 2 GKE clusters (voice-cluster-europe-west1, voice-cluster-europe-west4); the cell expects one per region.`,
        ],
    ],
]);

const POOL_NAME = "voice-cluster-europe-west1-default";
const poolBase = prodEu(POOL, POOL_NAME);

resourceCases(autoRepair, poolBase, [
    [
        "management.autoRepair",
        false,
        [`GKE node pool '${POOL_NAME}' must enable auto-repair: management.autoRepair is false.`],
    ],
    [
        "management.autoUpgrade",
        false,
        [`GKE node pool '${POOL_NAME}' must enable auto-upgrade: management.autoUpgrade is false.`],
    ],
    ["management", REMOVE, []],
]);

resourceCases(hardenNodes, poolBase, [
    [
        "nodeConfig.imageType",
        "UBUNTU_CONTAINERD",
        [
            `GKE node pool '${POOL_NAME}' must use Container-Optimized OS: nodeConfig.imageType is "UBUNTU_CONTAINERD" (expected "COS_CONTAINERD").`,
        ],
    ],
    ["nodeConfig.imageType", REMOVE, []],
    [
        "nodeConfig.shieldedInstanceConfig.enableSecureBoot",
        false,
        [
            `GKE node pool '${POOL_NAME}' must enable secure boot: nodeConfig.shieldedInstanceConfig.enableSecureBoot is false (expected true).`,
        ],
    ],
    [
        "nodeConfig.shieldedInstanceConfig",
        REMOVE,
        [
            `GKE node pool '${POOL_NAME}' must enable secure boot: nodeConfig.shieldedInstanceConfig.enableSecureBoot is not set (expected true).`,
        ],
    ],
    [
        "nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring",
        false,
        [
            `GKE node pool '${POOL_NAME}' must enable integrity monitoring: nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring is false.`,
        ],
    ],
    [
        "nodeConfig.workloadMetadataConfig.mode",
        "GCE_METADATA",
        [
            `GKE node pool '${POOL_NAME}' must use the GKE metadata server: nodeConfig.workloadMetadataConfig.mode is "GCE_METADATA" (expected "GKE_METADATA").`,
        ],
    ],
    [
        "nodeConfig.workloadMetadataConfig",
        REMOVE,
        [
            `GKE node pool '${POOL_NAME}' must use the GKE metadata server: nodeConfig.workloadMetadataConfig.mode is not set (expected "GKE_METADATA").`,
        ],
    ],
    [
        "nodeConfig.metadata.disable-legacy-endpoints",
        "false",
        [
            `GKE node pool '${POOL_NAME}' must keep the legacy metadata endpoints disabled: nodeConfig.metadata["disable-legacy-endpoints"] is "false".`,
        ],
    ],
]);

resourceCases(nodeSa, poolBase, [
    [
        "nodeConfig.serviceAccount",
        REMOVE,
        [`GKE node pool '${POOL_NAME}' must run as a dedicated service account: nodeConfig.serviceAccount is not set.`],
    ],
    [
        "nodeConfig.serviceAccount",
        "default",
        [
            `GKE node pool '${POOL_NAME}' must run as a dedicated service account: nodeConfig.serviceAccount is "default".`,
        ],
    ],
    [
        "nodeConfig.serviceAccount",
        "101676087757-compute@developer.gserviceaccount.com",
        [
            `GKE node pool '${POOL_NAME}' must run as a dedicated service account: nodeConfig.serviceAccount is "101676087757-compute@developer.gserviceaccount.com".`,
        ],
    ],
]);

resourceCases(scaling, poolBase, [
    ["autoscaling", REMOVE, [`GKE node pool '${POOL_NAME}' must autoscale: autoscaling is not set.`]],
    [
        "autoscaling.minNodeCount",
        0,
        [`GKE node pool '${POOL_NAME}' must keep at least one node per zone: autoscaling.minNodeCount is 0.`],
    ],
    [
        "autoscaling.maxNodeCount",
        1,
        [`GKE node pool '${POOL_NAME}' must allow scaling up: autoscaling.maxNodeCount is 1, below minNodeCount 2.`],
    ],
    [
        "upgradeSettings.maxUnavailable",
        1,
        [
            `GKE node pool '${POOL_NAME}' must not remove nodes before replacements exist: upgradeSettings.maxUnavailable is 1 (expected 0).`,
        ],
    ],
    [
        "upgradeSettings.maxSurge",
        0,
        [`GKE node pool '${POOL_NAME}' must surge during upgrades: upgradeSettings.maxSurge is 0.`],
    ],
]);

stackCases(spanZones, "prod-eu", [
    [
        POOL,
        POOL_NAME,
        "nodeLocations",
        ["europe-west1-b"],
        [`GKE node pool '${POOL_NAME}' runs in 1 zone(s); at least 3 are required.`],
    ],
]);

/** The prod-eu plan with the europe-west1 pool's zones declared on its cluster, which the pool inherits. */
async function zonesOnCluster() {
    const inv = await realPlan("prod-eu");
    const pool = inv.resources.find((r) => r.type === POOL && r.name === POOL_NAME)!;
    const cluster = inv.resources.find((r) => r.type === CLUSTER && r.name === C)!;
    const { nodeLocations, ...poolInputs } = pool.inputs as Record<string, unknown>;
    pool.inputs = poolInputs;
    cluster.inputs = { ...cluster.inputs, nodeLocations };
    return inv;
}

stackCases(spanZones, { label: "the europe-west1 pool inheriting its cluster's zones", plan: zonesOnCluster }, [
    [
        CLUSTER,
        C,
        "nodeLocations",
        ["europe-west1-b", "europe-west1-c"],
        [`GKE node pool '${POOL_NAME}' runs in 2 zone(s); at least 3 are required.`],
    ],
]);

describe("machine and CPU arithmetic", () => {
    it("reads vCPUs of standard and custom machine types and CPU quantities", () => {
        assert.deepStrictEqual(
            ["n2-standard-8", "e2-highmem-4", "n2-custom-6-23040", "custom-2-4096", "e2-medium"].map(machineCpus),
            [8, 4, 6, 2, undefined],
        );
        assert.deepStrictEqual(["1", "500m", "1.5", "x"].map(cpuCores), [1, 0.5, 1.5, undefined]);
    });
});

stackCases(fit, "prod-eu", [
    // n2-standard-8 at 90 % holds 7 one-CPU pods; 10 nodes × 3 zones = 210 ≥ 60.
    [
        POOL,
        "voice-cluster-europe-west1-default",
        "autoscaling.maxNodeCount",
        2,
        [
            `Node pools of europe-west1 can hold 42 voice-agent pods at their maximum size, fewer than the HPA maximum of 60.`,
        ],
    ],
    [
        POOL,
        "voice-cluster-europe-west4-default",
        "nodeConfig.machineType",
        "n2-standard-2",
        [
            `Node pools of europe-west4 can hold 30 voice-agent pods at their maximum size, fewer than the HPA maximum of 60.`,
        ],
    ],
    [
        "kubernetes:apps/v1:Deployment",
        "voice-agent-europe-west1-deployment",
        "spec.template.spec.containers[0].resources.requests.cpu",
        "4",
        [
            `Node pools of europe-west1 can hold 30 voice-agent pods at their maximum size, fewer than the HPA maximum of 60.`,
        ],
    ],
    [POOL, "voice-cluster-europe-west1-default", "nodeConfig.machineType", "e2-medium", []],
]);

stackCases(spanZones, "prod-eu", [
    [
        POOL,
        "voice-cluster-europe-west1-default",
        "nodeLocations",
        ["europe-west1-b", "europe-west1-c", "europe-west4-a"],
        [
            `GKE node pool 'voice-cluster-europe-west1-default' lists zone europe-west4-a outside its cluster's region europe-west1.`,
        ],
    ],
]);

resourceCases(hpaAddon, base, [
    [
        "addonsConfig.horizontalPodAutoscaling.disabled",
        true,
        [
            `GKE cluster '${C}' must keep the HorizontalPodAutoscaling add-on: addonsConfig.horizontalPodAutoscaling.disabled is true.`,
        ],
    ],
    ["addonsConfig", REMOVE, []],
]);
