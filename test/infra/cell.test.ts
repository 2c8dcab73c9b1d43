import { regionConfigOf } from "../../infra/config";
import * as assert from "assert";
import { resolveConfig } from "../../tools/lib/plan";
// The whole inventory, every resource and count per type: test/infra/expectedInventory.test.ts.
import { inputs, one, ofType, planOf, prodStacks } from "../support/plans";

for (const { stack } of prodStacks) {
    describe(`inventory of ${stack}: compute path`, () => {
        const { config } = resolveConfig({ stack });
        const regions = Object.keys(config.regions);

        it("one VPC, a subnet with pods and services ranges, and Cloud NAT per region", async () => {
            const inv = await planOf(stack);
            assert.strictEqual(inputs(one(inv, "gcp:compute/network:Network")).autoCreateSubnetworks, false);
            for (const region of regions) {
                const subnet = inputs(
                    one(inv, "gcp:compute/subnetwork:Subnetwork", (r) => inputs(r).region === region),
                );
                assert.strictEqual(subnet.ipCidrRange, regionConfigOf(config, region).subnet.nodes);
                assert.deepStrictEqual(subnet.secondaryIpRanges, [
                    { rangeName: "pods", ipCidrRange: regionConfigOf(config, region).subnet.pods },
                    { rangeName: "services", ipCidrRange: regionConfigOf(config, region).subnet.services },
                ]);
                assert.strictEqual(subnet.privateIpGoogleAccess, true);
                const nat = inputs(one(inv, "gcp:compute/routerNat:RouterNat", (r) => inputs(r).region === region));
                assert.strictEqual(nat.sourceSubnetworkIpRangesToNat, "ALL_SUBNETWORKS_ALL_IP_RANGES");
            }
        });

        it("lets Google's health checks reach the pods", async () => {
            const fw = inputs(one(await planOf(stack), "gcp:compute/firewall:Firewall"));
            assert.deepStrictEqual(fw.sourceRanges, ["35.191.0.0/16", "130.211.0.0/22"]);
            assert.deepStrictEqual(fw.allows, [{ protocol: "tcp", ports: ["8080"] }]);
            assert.deepStrictEqual(fw.targetTags, ["voice-agent-node"]);
        });

        it("one private regional cluster per region with Workload Identity and deletion protection", async () => {
            const inv = await planOf(stack);
            for (const region of regions) {
                const r = one(
                    inv,
                    "gcp:container/cluster:Cluster",
                    (c) => inputs(c).name === `voice-cluster-${region}`,
                );
                const c = inputs(r);
                assert.strictEqual(r.protect, true);
                assert.strictEqual(c.location, region);
                assert.deepStrictEqual(c.nodeLocations, regionConfigOf(config, region).zones);
                assert.strictEqual(c.privateClusterConfig.enablePrivateNodes, true);
                assert.strictEqual(
                    c.privateClusterConfig.masterIpv4CidrBlock,
                    regionConfigOf(config, region).subnet.controlPlane,
                );
                assert.strictEqual(c.workloadIdentityConfig.workloadPool, `${config.project}.svc.id.goog`);
                assert.strictEqual(c.deletionProtection, true);
                assert.strictEqual(c.removeDefaultNodePool, true);
                assert.strictEqual(c.datapathProvider, "ADVANCED_DATAPATH");
                assert.strictEqual(c.enableShieldedNodes, true);
                assert.strictEqual(c.releaseChannel.channel, "REGULAR");
                assert.deepStrictEqual(
                    c.masterAuthorizedNetworksConfig.cidrBlocks,
                    config.masterAuthorizedNetworks.map((n) => ({ displayName: n.name, cidrBlock: n.cidr })),
                );
            }
        });

        it("a node pool `default` per cluster with per-zone autoscaling, surge upgrades and its own service account", async () => {
            const inv = await planOf(stack);
            for (const region of regions) {
                const np = inputs(one(inv, "gcp:container/nodePool:NodePool", (r) => inputs(r).location === region));
                assert.strictEqual(np.name, "default");
                assert.strictEqual(np.cluster, `voice-cluster-${region}`);
                assert.deepStrictEqual(np.autoscaling, {
                    minNodeCount: regionConfigOf(config, region).nodePool.minPerZone,
                    maxNodeCount: regionConfigOf(config, region).nodePool.maxPerZone,
                    locationPolicy: "BALANCED",
                });
                assert.deepStrictEqual(np.management, { autoRepair: true, autoUpgrade: true });
                assert.deepStrictEqual(np.upgradeSettings, { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 });
                assert.strictEqual(np.nodeConfig.imageType, "COS_CONTAINERD");
                assert.strictEqual(
                    np.nodeConfig.serviceAccount,
                    `gke-nodes-${region}@${config.project}.iam.gserviceaccount.com`,
                );
                assert.deepStrictEqual(np.nodeConfig.workloadMetadataConfig, { mode: "GKE_METADATA" });
                assert.deepStrictEqual(np.nodeConfig.shieldedInstanceConfig, {
                    enableSecureBoot: true,
                    enableIntegrityMonitoring: true,
                });
            }
        });

        it("maintenance windows of the regions never overlap", async () => {
            const inv = await planOf(stack);
            const windows = ofType(inv, "gcp:container/cluster:Cluster").map(
                (c) => inputs(c).maintenancePolicy.recurringWindow,
            );
            assert.strictEqual(new Set(windows.map((w) => `${w.startTime}`)).size, regions.length);
        });

        it("backend service voice-lb: EXTERNAL_MANAGED, a RATE backend per zone, long timeout, draining, armor, logging, outlier detection", async () => {
            const inv = await planOf(stack);
            const r = one(inv, "gcp:compute/backendService:BackendService");
            const b = inputs(r);
            assert.strictEqual(b.name, "voice-lb");
            assert.strictEqual(b.loadBalancingScheme, "EXTERNAL_MANAGED");
            assert.ok(b.timeoutSec >= 3600);
            assert.ok(b.connectionDrainingTimeoutSec >= 60);
            assert.deepStrictEqual(b.logConfig, { enable: true, sampleRate: 1 });
            assert.strictEqual(b.outlierDetection.consecutiveErrors, 5);
            assert.strictEqual(
                b.securityPolicy,
                `https://www.googleapis.com/compute/v1/projects/${config.project}/global/securityPolicies/voice-${config.cell}-lb-armor`,
            );
            assert.strictEqual(
                b.healthChecks,
                `projects/${config.project}/global/healthChecks/voice-${config.cell}-lb-health`,
            );
            const expected = regions.flatMap((region) =>
                regionConfigOf(config, region).zones.map((zone) => ({
                    group: `https://www.googleapis.com/compute/v1/projects/${config.project}/zones/${zone}/networkEndpointGroups/voice-agent-neg-${region}`,
                    balancingMode: "RATE",
                    maxRatePerEndpoint: 20,
                    capacityScaler: 1,
                })),
            );
            assert.deepStrictEqual(b.backends, expected);
            // The NEGs exist only once GKE created them: the backend service waits for the Services.
            const services = ofType(inv, "kubernetes:core/v1:Service").map((s) => s.urn);
            assert.deepStrictEqual(
                r.dependsOn.filter((u) => services.includes(u)),
                [...services].sort(),
            );
        });

        it("HTTPS on 443 with a TLS 1.2+ MODERN policy and a managed certificate; port 80 only redirects", async () => {
            const inv = await planOf(stack);
            const proxy = inputs(one(inv, "gcp:compute/targetHttpsProxy:TargetHttpsProxy"));
            const ssl = one(inv, "gcp:compute/sSLPolicy:SSLPolicy");
            assert.deepStrictEqual([inputs(ssl).profile, inputs(ssl).minTlsVersion], ["MODERN", "TLS_1_2"]);
            assert.strictEqual(proxy.sslPolicy, `projects/${config.project}/global/sslPolicies/${inputs(ssl).name}`);
            assert.deepStrictEqual(
                inputs(one(inv, "gcp:compute/managedSslCertificate:ManagedSslCertificate")).managed.domains,
                [config.domain],
            );
            const rules = ofType(inv, "gcp:compute/globalForwardingRule:GlobalForwardingRule").map((r) => [
                inputs(r).portRange,
                inputs(r).target.split("/")[3],
            ]);
            assert.deepStrictEqual(rules.sort(), [
                ["443", "targetHttpsProxies"],
                ["80", "targetHttpProxies"],
            ]);
            const redirect = inputs(
                one(inv, "gcp:compute/uRLMap:URLMap", (r) => inputs(r).defaultUrlRedirect !== undefined),
            );
            assert.strictEqual(redirect.defaultUrlRedirect.httpsRedirect, true);
            assert.strictEqual(redirect.defaultService, undefined);
        });

        it("per cluster: the voice-agent Deployment, HPA, PDB and NEG Service, through that cluster's provider", async () => {
            const inv = await planOf(stack);
            for (const region of regions) {
                const provider = one(
                    inv,
                    "pulumi:providers:kubernetes",
                    (p) => p.name === `voice-cluster-${region}`,
                ).urn;
                const objects = inv.resources.filter(
                    (r) => r.type.startsWith("kubernetes:") && r.name.startsWith(`voice-agent-${region}-`),
                );
                assert.ok(objects.length >= 6);
                for (const o of objects) assert.strictEqual(o.provider, provider, `${o.name} goes through ${provider}`);

                const d = inputs(objects.find((o) => o.type === "kubernetes:apps/v1:Deployment")!);
                assert.deepStrictEqual([d.metadata.name, d.metadata.namespace], ["voice-agent", "voice-agent"]);
                assert.strictEqual(d.spec.replicas, undefined);
                const pod = d.spec.template.spec;
                const container = pod.containers[0];
                assert.strictEqual(container.image, `${config.release.image}:${config.release.tag}`);
                assert.ok(container.readinessProbe && container.livenessProbe && container.startupProbe);
                assert.deepStrictEqual(container.resources, {
                    requests: { cpu: "1", memory: "1Gi" },
                    limits: { cpu: "2", memory: "2Gi" },
                });
                assert.strictEqual(pod.securityContext.runAsNonRoot, true);
                assert.strictEqual(container.securityContext.allowPrivilegeEscalation, false);
                assert.strictEqual(pod.topologySpreadConstraints[0].topologyKey, "topology.kubernetes.io/zone");
                assert.strictEqual(pod.terminationGracePeriodSeconds, 3600);

                const hpa = inputs(
                    objects.find((o) => o.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")!,
                );
                assert.deepStrictEqual(
                    [hpa.spec.minReplicas, hpa.spec.maxReplicas],
                    [
                        regionConfigOf(config, region).workload.minReplicas,
                        regionConfigOf(config, region).workload.maxReplicas,
                    ],
                );
                assert.strictEqual(hpa.spec.scaleTargetRef.name, "voice-agent");
                const pdb = inputs(objects.find((o) => o.type === "kubernetes:policy/v1:PodDisruptionBudget")!);
                assert.strictEqual(pdb.spec.maxUnavailable, 1);
                const svc = inputs(objects.find((o) => o.type === "kubernetes:core/v1:Service")!);
                assert.strictEqual(
                    svc.metadata.annotations["cloud.google.com/neg"],
                    `{"exposed_ports":{"80":{"name":"voice-agent-neg-${region}"}}}`,
                );
            }
        });

        it("--set forcedFailover=true gives the primary region's backends capacityScaler 0 and the others 1", async () => {
            const inv = await planOf(stack, "forcedFailover=true");
            const backends = inputs(one(inv, "gcp:compute/backendService:BackendService")).backends as {
                group: string;
                capacityScaler: number;
            }[];
            assert.deepStrictEqual(
                backends.map((b) => [b.group.split("/")[8], b.capacityScaler]),
                regions.flatMap((region) =>
                    regionConfigOf(config, region).zones.map((z) => [z, region === config.primaryRegion ? 0 : 1]),
                ),
            );
        });

        it("--set drainRegions=[<secondary>] drains exactly that region's backends", async () => {
            const secondary = regions.find((r) => r !== config.primaryRegion)!;
            const inv = await planOf(stack, `drainRegions=[${secondary}]`);
            const backends = inputs(one(inv, "gcp:compute/backendService:BackendService")).backends as {
                group: string;
                capacityScaler: number;
            }[];
            assert.deepStrictEqual(
                backends.filter((b) => b.capacityScaler === 0).map((b) => b.group.split("/")[8]),
                [...regionConfigOf(config, secondary).zones],
            );
            assert.strictEqual(
                backends.filter((b) => b.capacityScaler === 1).length,
                regionConfigOf(config, config.primaryRegion).zones.length,
            );
        });
    });
}
