import * as gcp from "../../gcp";
import * as pulumi from "@pulumi/pulumi";
import { childName, fixedNames } from "../../../core/naming";
import { armorRules, type RateLimit } from "./armorRules";

export interface LoadBalancerBackend {
    /** URL of a zonal standalone NEG created by GKE. */
    group: string;
    /** 1 serves; 0 drains (runbook: Region Failure). */
    capacityScaler: number;
}

export interface LoadBalancerArgs {
    domain: string;
    backends: LoadBalancerBackend[];
    /**
     * The Kubernetes Services whose NEG annotations create the backends' NEGs. The backend service
     * depends on them explicitly: GCP rejects a backend service naming a NEG that does not exist,
     * and no input of the backend service refers to them.
     */
    negSources: pulumi.Resource[];
    maxRatePerEndpoint: number;
    timeoutSec: number;
    drainingTimeoutSec: number;
    healthCheckPath: string;
    servingPort: number;
    rateLimit: RateLimit;
    labels: Record<string, string>;
    /** Pulumi's `protect` on the stateful resources (infra/lifecycle.ts: off in drill cells). */
    protect: boolean;
    /**
     * The Cloud DNS zone that gets the domain's A record, pointed at the address; none where the
     * record is kept elsewhere (a production cell's address never changes).
     */
    dns?: { managedZone: string; project?: string; ttlSeconds: number };
}

/**
 * The global external Application Load Balancer of the cell (HTTPS and WSS on 443, a redirect on
 * 80), with the backend service `voice-lb` that the runbook's gcloud commands name.
 */
export class LoadBalancer extends pulumi.ComponentResource {
    readonly address: gcp.compute.GlobalAddress;
    readonly backendService: gcp.compute.BackendService;
    readonly securityPolicy: gcp.compute.SecurityPolicy;

    constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:loadBalancer:LoadBalancer", name, {}, opts);
        const parent = { parent: this };
        const nameOf = (...parts: string[]) => childName(name, ...parts);

        // The cell's DNS points at this address: a new one means a DNS change and its propagation.
        this.address = new gcp.compute.GlobalAddress(
            nameOf("ip"),
            { name: nameOf("ip"), addressType: "EXTERNAL", ipVersion: "IPV4", labels: args.labels },
            pulumi.mergeOptions(parent, { protect: args.protect }),
        );

        const certificate = new gcp.compute.ManagedSslCertificate(
            nameOf("cert"),
            { name: nameOf("cert"), managed: { domains: [args.domain] } },
            parent,
        );

        // MODERN allows TLS 1.2+ with forward-secret ciphers only; browsers and SIP trunks support it.
        const sslPolicy = new gcp.compute.SSLPolicy(
            nameOf("tls"),
            { name: nameOf("tls"), profile: "MODERN", minTlsVersion: "TLS_1_2" },
            parent,
        );

        const healthCheck = new gcp.compute.HealthCheck(
            nameOf("health"),
            {
                name: nameOf("health"),
                checkIntervalSec: 5,
                timeoutSec: 5,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
                // NEG endpoints are pods: probe the serving port of each endpoint.
                httpHealthCheck: { portSpecification: "USE_SERVING_PORT", requestPath: args.healthCheckPath },
                logConfig: { enable: true },
            },
            parent,
        );

        this.securityPolicy = new gcp.compute.SecurityPolicy(
            nameOf("armor"),
            {
                name: nameOf("armor"),
                description: "Cloud Armor policy of voice-lb",
                type: "CLOUD_ARMOR",
                rules: armorRules(args.rateLimit),
                advancedOptionsConfig: { logLevel: "VERBOSE", jsonParsing: "STANDARD" },
            },
            parent,
        );

        this.backendService = new gcp.compute.BackendService(
            nameOf("backend"),
            {
                name: fixedNames.backendService,
                loadBalancingScheme: "EXTERNAL_MANAGED",
                // WebSocket upgrades ride on HTTP/1.1 to the pods.
                protocol: "HTTP",
                // On Google's external Application LB the backend service timeout caps a WebSocket's
                // whole life, not its idle time: a call must end before it.
                // https://cloud.google.com/load-balancing/docs/https#websocket_support
                timeoutSec: args.timeoutSec,
                connectionDrainingTimeoutSec: args.drainingTimeoutSec,
                healthChecks: healthCheck.id,
                securityPolicy: this.securityPolicy.selfLink,
                backends: args.backends.map((b) => ({
                    group: b.group,
                    balancingMode: "RATE",
                    maxRatePerEndpoint: args.maxRatePerEndpoint,
                    capacityScaler: b.capacityScaler,
                })),
                outlierDetection: {
                    consecutiveErrors: 5,
                    consecutiveGatewayFailure: 3,
                    interval: { seconds: 10 },
                    baseEjectionTime: { seconds: 30 },
                    maxEjectionPercent: 50,
                    enforcingConsecutiveErrors: 100,
                    enforcingConsecutiveGatewayFailure: 100,
                },
                logConfig: { enable: true, sampleRate: 1 },
            },
            // The NEG backends exist only after GKE's NEG controller created them from the
            // Services' annotations; the Services wait for that (see Workload.ts), and this
            // explicit dependency makes the backend service wait for the Services.
            pulumi.mergeOptions(parent, { dependsOn: args.negSources }),
        );

        const urlMap = new gcp.compute.URLMap(
            nameOf("https"),
            { name: nameOf("https"), defaultService: this.backendService.id },
            parent,
        );
        const httpsProxy = new gcp.compute.TargetHttpsProxy(
            nameOf("https"),
            { name: nameOf("https"), urlMap: urlMap.id, sslCertificates: [certificate.id], sslPolicy: sslPolicy.id },
            parent,
        );
        new gcp.compute.GlobalForwardingRule(
            nameOf("https"),
            {
                name: nameOf("https"),
                target: httpsProxy.id,
                ipAddress: this.address.address,
                portRange: "443",
                ipProtocol: "TCP",
                loadBalancingScheme: "EXTERNAL_MANAGED",
                labels: args.labels,
            },
            parent,
        );

        // Port 80 serves nothing but a redirect to HTTPS.
        const redirectMap = new gcp.compute.URLMap(
            nameOf("http-redirect"),
            {
                name: nameOf("http-redirect"),
                defaultUrlRedirect: {
                    httpsRedirect: true,
                    stripQuery: false,
                    redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT",
                },
            },
            parent,
        );
        const httpProxy = new gcp.compute.TargetHttpProxy(
            nameOf("http-redirect"),
            { name: nameOf("http-redirect"), urlMap: redirectMap.id },
            parent,
        );
        new gcp.compute.GlobalForwardingRule(
            nameOf("http-redirect"),
            {
                name: nameOf("http-redirect"),
                target: httpProxy.id,
                ipAddress: this.address.address,
                portRange: "80",
                ipProtocol: "TCP",
                loadBalancingScheme: "EXTERNAL_MANAGED",
                labels: args.labels,
            },
            parent,
        );

        // Google's managed certificate becomes ACTIVE only once the domain resolves to the load
        // balancer's address (docs: "Use Google-managed SSL certificates", domain status); a drill
        // cell gets a new address each time it is created, so its record is declared with it.
        if (args.dns) {
            new gcp.dns.RecordSet(
                nameOf("dns"),
                {
                    managedZone: args.dns.managedZone,
                    ...(args.dns.project !== undefined ? { project: args.dns.project } : {}),
                    name: `${args.domain}.`,
                    type: "A",
                    ttl: args.dns.ttlSeconds,
                    rrdatas: [this.address.address],
                },
                parent,
            );
        }

        this.registerOutputs({ address: this.address.address, backendService: this.backendService.name });
    }
}
