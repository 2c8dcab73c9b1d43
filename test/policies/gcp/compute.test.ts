import * as assert from "assert";
import { policy as logging } from "../../../policies/gcp/compute/backendService/gcp-compute-backendservice-enable-logging";
import { policy as ha } from "../../../policies/gcp/compute/backendService/gcp-compute-backendservice-enforce-ha-configuration";
import { policy as capacity } from "../../../policies/gcp/compute/backendService/gcp-compute-backendservice-ensure-failover-capacity";
import { policy as declaredDrain } from "../../../policies/gcp/compute/backendService/gcp-compute-backendservice-match-declared-drain";
import { policy as neverDrain } from "../../../policies/gcp/compute/backendService/gcp-compute-backendservice-never-drain-all-regions";
import { policy as armor } from "../../../policies/gcp/compute/backendService/gcp-compute-backendservice-require-cloud-armor";
import { policy as span } from "../../../policies/gcp/compute/backendService/gcp-compute-backendservice-span-regions-and-zones";
import { policy as negs } from "../../../policies/gcp/compute/backendService/gcp-compute-backendservice-require-declared-negs";
import { policy as references } from "../../../policies/gcp/compute/backendService/gcp-compute-backendservice-reference-declared-resources";
import { policy as healthFirewall } from "../../../policies/gcp/compute/firewall/gcp-compute-firewall-allow-google-health-checks";
import { policy as nat } from "../../../policies/gcp/compute/routerNat/gcp-compute-routernat-require-egress-per-region";
import { policy as customVpc } from "../../../policies/gcp/compute/network/gcp-compute-network-use-custom-subnets";
import { policy as firewallLogging } from "../../../policies/gcp/compute/firewall/gcp-compute-firewall-enable-logging";
import { policy as healthPolicy } from "../../../policies/gcp/compute/healthCheck/gcp-compute-healthcheck-enforce-fast-detection";
import { policy as firewallPolicy } from "../../../policies/gcp/compute/firewall/gcp-compute-firewall-disallow-public-ingress";
import { policy as addressProtection } from "../../../policies/gcp/compute/globalAddress/gcp-compute-globaladdress-enforce-protection";
import { policy as tls } from "../../../policies/gcp/compute/sSLPolicy/gcp-compute-sslpolicy-enforce-modern-tls";
import { policy as flowLogs } from "../../../policies/gcp/compute/subnetwork/gcp-compute-subnetwork-enable-flow-logs";
import { policy as pga } from "../../../policies/gcp/compute/subnetwork/gcp-compute-subnetwork-enable-private-google-access";
import { policy as redirect } from "../../../policies/gcp/compute/targetHttpProxy/gcp-compute-targethttpproxy-enforce-https-redirect";
import { policy as proxyPolicy } from "../../../policies/gcp/compute/targetHttpsProxy/gcp-compute-targethttpsproxy-require-ssl-policy";
import {
    checkPlanned,
    checkStack,
    messages,
    mutateResource,
    prodEu,
    realPlan,
    REMOVE,
    resourceCases,
    setInputs,
    stackCases,
    unprotect,
} from "../harness";
import { PolicyInventory } from "../../../tools/lib/policy";
import { planOf } from "../../support/plans";

const BACKEND = "gcp:compute/backendService:BackendService";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const LB = "voice-eu-lb-backend";
const BACKEND_SERVICE = prodEu(BACKEND, LB);
const FIREWALL = prodEu("gcp:compute/firewall:Firewall", "voice-eu-allow-health-checks");
const SUBNETWORK = prodEu("gcp:compute/subnetwork:Subnetwork", "voice-eu-europe-west1");
/** The prod-eu NEG that the backend service's first backend (europe-west1-b) names. */
const FIRST_NEG =
    "https://www.googleapis.com/compute/v1/projects/edentist-voice-prod-eu/zones/europe-west1-b/networkEndpointGroups/voice-agent-neg-europe-west1";

/** The backends of the prod-eu backend service, in plan order. */
async function plannedBackends(): Promise<{ group: string }[]> {
    const inv = await realPlan("prod-eu");
    const backend = inv.resources.find((r) => r.type === BACKEND && r.name === LB)!;
    return (backend.inputs as { backends: { group: string }[] }).backends;
}

/** The backends of the prod-eu backend service in `region`. */
async function backendsIn(region: string): Promise<{ group: string }[]> {
    return (await plannedBackends()).filter((b) => b.group.includes(`/zones/${region}-`));
}

resourceCases(firewallPolicy, FIREWALL, [
    [
        "sourceRanges[2]",
        "0.0.0.0/0",
        [`Firewall rule 'voice-eu-allow-health-checks' allows ingress from 0.0.0.0/0; restrict sourceRanges.`],
    ],
    [
        "sourceRanges",
        ["::/0"],
        [`Firewall rule 'voice-eu-allow-health-checks' allows ingress from ::/0; restrict sourceRanges.`],
    ],
]);

describe(`${firewallPolicy.name} (deny and egress rules)`, () => {
    it("ignores deny rules and egress rules", async () => {
        const deny = setInputs({ allows: REMOVE, denies: [{ protocol: "all" }], sourceRanges: ["0.0.0.0/0"] });
        assert.deepStrictEqual(await checkPlanned(firewallPolicy, FIREWALL, deny), []);
        const egress = setInputs({ direction: "EGRESS", sourceRanges: REMOVE, destinationRanges: ["0.0.0.0/0"] });
        assert.deepStrictEqual(await checkPlanned(firewallPolicy, FIREWALL, egress), []);
    });
});

resourceCases(pga, SUBNETWORK, [
    [
        "privateIpGoogleAccess",
        false,
        [
            `Subnetwork 'voice-eu-europe-west1' must enable Private Google Access: privateIpGoogleAccess is false (expected true).`,
        ],
    ],
    [
        "privateIpGoogleAccess",
        REMOVE,
        [
            `Subnetwork 'voice-eu-europe-west1' must enable Private Google Access: privateIpGoogleAccess is not set (expected true).`,
        ],
    ],
]);

resourceCases(flowLogs, SUBNETWORK, [
    ["logConfig", REMOVE, [`Subnetwork 'voice-eu-europe-west1' must enable VPC flow logs: logConfig is not set.`]],
]);

resourceCases(tls, prodEu("gcp:compute/sSLPolicy:SSLPolicy", "voice-eu-lb-tls"), [
    [
        "minTlsVersion",
        "TLS_1_0",
        [`SSL policy 'voice-eu-lb-tls' must require TLS 1.2 or later: minTlsVersion is "TLS_1_0".`],
    ],
    [
        "minTlsVersion",
        REMOVE,
        [`SSL policy 'voice-eu-lb-tls' must require TLS 1.2 or later: minTlsVersion is not set.`],
    ],
    [
        "profile",
        "COMPATIBLE",
        [`SSL policy 'voice-eu-lb-tls' must use the MODERN or RESTRICTED profile: profile is "COMPATIBLE".`],
    ],
    [
        "profile",
        REMOVE,
        [`SSL policy 'voice-eu-lb-tls' must use the MODERN or RESTRICTED profile: profile is not set.`],
    ],
    ["minTlsVersion", "TLS_1_3", []],
]);

resourceCases(proxyPolicy, prodEu("gcp:compute/targetHttpsProxy:TargetHttpsProxy", "voice-eu-lb-https"), [
    ["sslPolicy", REMOVE, [`HTTPS proxy 'voice-eu-lb-https' must attach an SSL policy: sslPolicy is not set.`]],
    ["sslCertificates", [], [`HTTPS proxy 'voice-eu-lb-https' must serve a certificate: sslCertificates is empty.`]],
]);

resourceCases(logging, BACKEND_SERVICE, [
    ["logConfig.enable", false, [`Backend service 'voice-lb' must log requests: logConfig.enable is not true.`]],
    ["logConfig", REMOVE, [`Backend service 'voice-lb' must log requests: logConfig.enable is not true.`]],
    [
        "logConfig.sampleRate",
        0.01,
        [`Backend service 'voice-lb' must log at least 0.1 of requests: logConfig.sampleRate is 0.01.`],
    ],
]);

resourceCases(armor, BACKEND_SERVICE, [
    [
        "securityPolicy",
        REMOVE,
        [`Backend service 'voice-lb' must attach a Cloud Armor policy: securityPolicy is not set.`],
    ],
]);

resourceCases(ha, BACKEND_SERVICE, [
    [
        "loadBalancingScheme",
        "EXTERNAL",
        [
            `Backend service 'voice-lb' must use the global external Application Load Balancer: loadBalancingScheme is "EXTERNAL" (expected "EXTERNAL_MANAGED").`,
        ],
    ],
    ["healthChecks", REMOVE, [`Backend service 'voice-lb' must have a health check: healthChecks is empty.`]],
    [
        "outlierDetection",
        REMOVE,
        [`Backend service 'voice-lb' must eject failing endpoints: outlierDetection is not set.`],
    ],
    [
        "outlierDetection.maxEjectionPercent",
        0,
        [
            `Backend service 'voice-lb' has outlierDetection that never ejects an endpoint (every enforcing percentage or maxEjectionPercent is 0).`,
        ],
    ],
    [
        "outlierDetection",
        { enforcingConsecutiveGatewayFailure: 0, enforcingSuccessRate: 0 },
        [
            `Backend service 'voice-lb' has outlierDetection that never ejects an endpoint (every enforcing percentage or maxEjectionPercent is 0).`,
        ],
    ],
    [
        "connectionDrainingTimeoutSec",
        0,
        [
            `Backend service 'voice-lb' must drain connections for a whole call, at least 3600s (min(timeoutSec, 3600)): connectionDrainingTimeoutSec is 0.`,
        ],
    ],
    [
        "connectionDrainingTimeoutSec",
        3599,
        [
            `Backend service 'voice-lb' must drain connections for a whole call, at least 3600s (min(timeoutSec, 3600)): connectionDrainingTimeoutSec is 3599.`,
        ],
    ],
    [
        "connectionDrainingTimeoutSec",
        REMOVE,
        [
            `Backend service 'voice-lb' must drain connections for a whole call, at least 3600s (min(timeoutSec, 3600)): connectionDrainingTimeoutSec is 300.`,
        ],
    ],
    [
        "timeoutSec",
        30,
        [`Backend service 'voice-lb' must keep WebSocket calls open for at least 3600s: timeoutSec is 30.`],
    ],
    [
        "timeoutSec",
        REMOVE,
        [`Backend service 'voice-lb' must keep WebSocket calls open for at least 3600s: timeoutSec is not set.`],
    ],
    [
        "backends[0].balancingMode",
        "UTILIZATION",
        [`Backend service 'voice-lb' backend ${FIRST_NEG} must use balancingMode "RATE": it is "UTILIZATION".`],
    ],
    [
        "backends[0].maxRatePerEndpoint",
        REMOVE,
        [`Backend service 'voice-lb' backend ${FIRST_NEG} must set maxRatePerEndpoint > 0: it is not set.`],
    ],
    [
        "backends[0].capacityScaler",
        2,
        [`Backend service 'voice-lb' backend ${FIRST_NEG} has capacityScaler 2; it must be between 0 and 1.`],
    ],
]);

stackCases(span, "prod-eu", [
    [
        BACKEND,
        LB,
        "backends[1]",
        REMOVE,
        [
            `Backend service 'voice-lb' has no backend in zone europe-west1-c where cluster 'voice-cluster-europe-west1' runs nodes.`,
        ],
    ],
    [BACKEND, LB, "backends", [], [`Backend service 'voice-lb' has no backends.`]],
]);

describe(`${span.name} (one region)`, () => {
    it("requires backends in two regions and in every zone of each cluster", async () => {
        const inv = mutateResource(await planOf("prod-eu"), BACKEND, LB, "backends", await backendsIn("europe-west1"));
        assert.deepStrictEqual(messages(checkStack(span, inv)), [
            `Backend service 'voice-lb' has backends in 1 region(s) (europe-west1); at least 2 are required.`,
            `Backend service 'voice-lb' has no backend in zone europe-west4-a where cluster 'voice-cluster-europe-west4' runs nodes.`,
            `Backend service 'voice-lb' has no backend in zone europe-west4-b where cluster 'voice-cluster-europe-west4' runs nodes.`,
            `Backend service 'voice-lb' has no backend in zone europe-west4-c where cluster 'voice-cluster-europe-west4' runs nodes.`,
        ]);
    });
});

/** The prod-eu plan with every backend of `regions` at capacityScaler 0 (what drainRegions declares). */
async function drained(...regions: string[]): Promise<PolicyInventory> {
    let inv = await realPlan("prod-eu");
    (await plannedBackends()).forEach((b, i) => {
        if (regions.some((r) => b.group.includes(`/zones/${r}-`)))
            inv = mutateResource(inv, BACKEND, LB, `backends[${i}].capacityScaler`, 0);
    });
    return inv;
}

describe(neverDrain.name, () => {
    it("accepts the prod-eu plan and a single drained region", async () => {
        assert.deepStrictEqual(messages(checkStack(neverDrain, await realPlan("prod-eu"))), []);
        assert.deepStrictEqual(messages(checkStack(neverDrain, await drained("europe-west1"))), []);
    });
    it("rejects draining every region", async () => {
        assert.deepStrictEqual(messages(checkStack(neverDrain, await drained("europe-west1", "europe-west4"))), [
            `Backend service 'voice-lb' drains every region (europe-west1, europe-west4): all backends have capacityScaler 0.`,
        ]);
    });
});

describe(capacity.name, () => {
    it("accepts the prod-eu plan and a drained region whose peer can absorb it", async () => {
        assert.deepStrictEqual(messages(checkStack(capacity, await realPlan("prod-eu"))), []);
        assert.deepStrictEqual(messages(checkStack(capacity, await drained("europe-west1"))), []);
    });
    it("rejects a drain the surviving region cannot carry", async () => {
        const inv = mutateResource(
            await drained("europe-west1"),
            HPA,
            "voice-agent-europe-west4-hpa",
            "spec.maxReplicas",
            10,
        );
        assert.deepStrictEqual(messages(checkStack(capacity, inv)), [
            `With europe-west1 drained, backend service 'voice-lb' is left with europe-west4, whose HPA maxReplicas add up to 10, below the cell's floor of 12 voice-agent replicas.`,
        ]);
    });
    it("checks the loss of each region when none is drained", async () => {
        const inv = mutateResource(await planOf("prod-eu"), HPA, "voice-agent-europe-west1-hpa", "spec.maxReplicas", 8);
        assert.deepStrictEqual(messages(checkStack(capacity, inv)), [
            `If europe-west4 is lost, backend service 'voice-lb' is left with europe-west1, whose HPA maxReplicas add up to 8, below the cell's floor of 12 voice-agent replicas.`,
        ]);
    });
    it("counts a region without any backend as not serving", async () => {
        let inv = mutateResource(await planOf("prod-eu"), BACKEND, LB, "backends", await backendsIn("europe-west1"));
        inv = mutateResource(inv, HPA, "voice-agent-europe-west1-hpa", "spec.maxReplicas", 11);
        assert.deepStrictEqual(messages(checkStack(capacity, inv)), [
            `With europe-west4 drained, backend service 'voice-lb' is left with europe-west1, whose HPA maxReplicas add up to 11, below the cell's floor of 12 voice-agent replicas.`,
        ]);
    });
});

stackCases(redirect, "prod-eu", [
    [
        "gcp:compute/uRLMap:URLMap",
        "voice-eu-lb-http-redirect",
        "defaultUrlRedirect",
        REMOVE,
        [
            `HTTP proxy 'voice-eu-lb-http-redirect' must only redirect to HTTPS: URL map 'voice-eu-lb-http-redirect' needs defaultUrlRedirect.httpsRedirect true and no defaultService or pathMatchers.`,
        ],
    ],
    [
        "gcp:compute/targetHttpProxy:TargetHttpProxy",
        "voice-eu-lb-http-redirect",
        "urlMap",
        "projects/edentist-voice-prod-eu/global/urlMaps/voice-eu-lb-https",
        [
            `HTTP proxy 'voice-eu-lb-http-redirect' must only redirect to HTTPS: URL map 'voice-eu-lb-https' needs defaultUrlRedirect.httpsRedirect true and no defaultService or pathMatchers.`,
        ],
    ],
    [
        "gcp:compute/globalForwardingRule:GlobalForwardingRule",
        "voice-eu-lb-http-redirect",
        "portRange",
        "8080",
        [
            `Forwarding rule 'voice-eu-lb-http-redirect' serves plain HTTP proxy 'voice-eu-lb-http-redirect' on port 8080; HTTP is only allowed on port 80 for the redirect.`,
        ],
    ],
    [
        "gcp:compute/globalForwardingRule:GlobalForwardingRule",
        "voice-eu-lb-https",
        "target",
        "projects/edentist-voice-prod-eu/global/targetHttpProxies/voice-eu-lb-http-redirect",
        [
            `Forwarding rule 'voice-eu-lb-https' serves plain HTTP proxy 'voice-eu-lb-http-redirect' on port 443; HTTP is only allowed on port 80 for the redirect.`,
        ],
    ],
]);

describe(addressProtection.name, () => {
    it("is advisory: recreating an address loses no data", () => {
        assert.strictEqual(addressProtection.enforcementLevel, "advisory");
    });
    it("asks for the protect option", async () => {
        const address = prodEu("gcp:compute/globalAddress:GlobalAddress", "voice-eu-lb-ip");
        assert.deepStrictEqual(await checkPlanned(addressProtection, address), []);
        assert.deepStrictEqual(await checkPlanned(addressProtection, address, unprotect), [
            `Global address 'voice-eu-lb-ip' holds state and must be created with the Pulumi resource option protect: true.`,
        ]);
    });
});

resourceCases(healthPolicy, prodEu("gcp:compute/healthCheck:HealthCheck", "voice-eu-lb-health"), [
    ["checkIntervalSec", 60, [`Health check 'voice-eu-lb-health' probes every 60s; at most 10s is allowed.`]],
    ["timeoutSec", 8, [`Health check 'voice-eu-lb-health' has timeoutSec 8 above checkIntervalSec 5.`]],
    [
        "unhealthyThreshold",
        10,
        [`Health check 'voice-eu-lb-health' marks endpoints unhealthy only after 10 failures; at most 3 are allowed.`],
    ],
    [
        "httpHealthCheck",
        REMOVE,
        [
            `Health check 'voice-eu-lb-health' must probe an HTTP request path (httpHealthCheck.requestPath), not only a TCP port.`,
        ],
    ],
    ["checkIntervalSec", REMOVE, []],
]);

resourceCases(firewallLogging, FIREWALL, [
    ["logConfig", REMOVE, [`Firewall rule 'voice-eu-allow-health-checks' must log matches: logConfig is not set.`]],
]);

stackCases(negs, "prod-eu", [
    [
        "kubernetes:core/v1:Service",
        "voice-agent-europe-west4-service",
        "metadata.annotations",
        REMOVE,
        [
            `Backend service 'voice-lb' uses NEG 'voice-agent-neg-europe-west4' in europe-west4, which no Service's cloud.google.com/neg annotation in that region creates.`,
        ],
    ],
    [
        "kubernetes:core/v1:Service",
        "voice-agent-europe-west1-service",
        "metadata.annotations",
        { "cloud.google.com/neg": "not json" },
        [
            `Backend service 'voice-lb' uses NEG 'voice-agent-neg-europe-west1' in europe-west1, which no Service's cloud.google.com/neg annotation in that region creates.`,
        ],
    ],
    [
        BACKEND,
        LB,
        "backends[0].group",
        "https://www.googleapis.com/compute/v1/projects/p/zones/europe-west1-b/networkEndpointGroups/other-neg",
        [
            `Backend service 'voice-lb' uses NEG 'other-neg' in europe-west1, which no Service's cloud.google.com/neg annotation in that region creates.`,
        ],
    ],
]);

stackCases(references, "prod-eu", [
    [
        BACKEND,
        LB,
        "healthChecks",
        "projects/p/global/healthChecks/old-health",
        [
            `Backend service 'voice-lb' uses health check "projects/p/global/healthChecks/old-health", which this stack does not declare.`,
        ],
    ],
    [
        BACKEND,
        LB,
        "securityPolicy",
        "projects/p/global/securityPolicies/old-armor",
        [
            `Backend service 'voice-lb' uses Cloud Armor policy "projects/p/global/securityPolicies/old-armor", which this stack does not declare.`,
        ],
    ],
    [
        "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
        "voice-eu-lb-https",
        "sslPolicy",
        "projects/p/global/sslPolicies/old-tls",
        [
            `HTTPS proxy 'voice-eu-lb-https' uses SSL policy "projects/p/global/sslPolicies/old-tls", which this stack does not declare.`,
        ],
    ],
]);

stackCases(healthFirewall, "prod-eu", [
    [
        "gcp:compute/firewall:Firewall",
        "voice-eu-allow-health-checks",
        "sourceRanges",
        ["130.211.0.0/22"],
        [`No enabled ingress firewall rule lets Google health checks from 35.191.0.0/16 reach the GKE nodes over TCP.`],
    ],
    [
        "gcp:compute/firewall:Firewall",
        "voice-eu-allow-health-checks",
        "targetTags",
        ["other-nodes"],
        [
            `No enabled ingress firewall rule lets Google health checks from 35.191.0.0/16, 130.211.0.0/22 reach the GKE nodes over TCP.`,
        ],
    ],
    [
        "gcp:compute/firewall:Firewall",
        "voice-eu-allow-health-checks",
        "disabled",
        true,
        [
            `No enabled ingress firewall rule lets Google health checks from 35.191.0.0/16, 130.211.0.0/22 reach the GKE nodes over TCP.`,
        ],
    ],
    [
        "gcp:compute/firewall:Firewall",
        "voice-eu-allow-health-checks",
        "allows",
        [{ protocol: "udp" }],
        [
            `No enabled ingress firewall rule lets Google health checks from 35.191.0.0/16, 130.211.0.0/22 reach the GKE nodes over TCP.`,
        ],
    ],
]);

stackCases(nat, "prod-eu", [
    [
        "gcp:compute/routerNat:RouterNat",
        "voice-eu-europe-west4-nat",
        "region",
        "europe-west1",
        [
            `Region europe-west4 has no Cloud NAT on a Cloud Router of that region; private nodes there cannot reach external APIs.`,
        ],
    ],
    [
        "gcp:compute/routerNat:RouterNat",
        "voice-eu-europe-west1-nat",
        "router",
        "voice-eu-europe-west4-router",
        [
            `Region europe-west1 has no Cloud NAT on a Cloud Router of that region; private nodes there cannot reach external APIs.`,
        ],
    ],
]);

resourceCases(customVpc, prodEu("gcp:compute/network:Network", "voice-eu"), [
    [
        "autoCreateSubnetworks",
        true,
        [`VPC 'voice-eu' must be custom-mode: autoCreateSubnetworks is true (expected false).`],
    ],
    [
        "autoCreateSubnetworks",
        REMOVE,
        [`VPC 'voice-eu' must be custom-mode: autoCreateSubnetworks is not set (expected false).`],
    ],
]);

describe(declaredDrain.name, () => {
    const withDeclared = (inv: PolicyInventory, drainedRegions: string[] | undefined) => ({
        ...inv,
        outputs: drainedRegions ? { drainedRegions } : {},
    });
    it("accepts the prod-eu plan and a drain the stack declares", async () => {
        assert.deepStrictEqual(messages(checkStack(declaredDrain, await realPlan("prod-eu"))), []);
        assert.deepStrictEqual(
            messages(checkStack(declaredDrain, withDeclared(await drained("europe-west1"), ["europe-west1"]))),
            [],
        );
    });
    it("rejects an undeclared capacityScaler 0", async () => {
        const inv = mutateResource(await planOf("prod-eu"), BACKEND, LB, "backends[4].capacityScaler", 0);
        assert.deepStrictEqual(messages(checkStack(declaredDrain, inv)), [
            `Backend service 'voice-lb' sends no traffic to zone europe-west4-b (capacityScaler 0), but europe-west4 is not a declared drained region.`,
        ]);
    });
    it("rejects a declared drain that leaves capacity", async () => {
        assert.deepStrictEqual(
            messages(checkStack(declaredDrain, withDeclared(await realPlan("prod-eu"), ["europe-west4"]))),
            [
                `Backend service 'voice-lb' still sends traffic to zone europe-west4-a (capacityScaler 1) although europe-west4 is declared drained.`,
                `Backend service 'voice-lb' still sends traffic to zone europe-west4-b (capacityScaler 1) although europe-west4 is declared drained.`,
                `Backend service 'voice-lb' still sends traffic to zone europe-west4-c (capacityScaler 1) although europe-west4 is declared drained.`,
            ],
        );
    });
    it("does not apply when the stack does not export its drain state", async () => {
        const inv = mutateResource(
            withDeclared(await realPlan("prod-eu"), undefined),
            BACKEND,
            LB,
            "backends[4].capacityScaler",
            0,
        );
        assert.deepStrictEqual(messages(checkStack(declaredDrain, inv)), []);
    });
});
