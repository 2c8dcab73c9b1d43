import * as gcp from "../../gcp";
import * as pulumi from "@pulumi/pulumi";
import { cacheName } from "../../../core/naming";

export interface CacheArgs {
    region: string;
    memorySizeGb: number;
    /** Pinned Redis version, e.g. REDIS_7_2. */
    redisVersion: string;
    /** Read replicas besides the primary node (1 to 5). */
    replicaCount: number;
    rdbSnapshotPeriod: string;
    /** Weekly one-hour slot (core/maintenanceWindows.ts), inside the region's window. */
    maintenanceWindow: { day: string; startTime: { hours: number; minutes: number; seconds: number; nanos: number } };
    /** VPC the instance is reachable from. */
    network: pulumi.Input<string>;
    /** The private-services-access peering; the instance is created after it. */
    privateServicesConnection: pulumi.Resource;
    labels: Record<string, string>;
    /** Pulumi's `protect` on the stateful resources (infra/lifecycle.ts: off in drill cells). */
    protect: boolean;
    /** The provider's deletion protection (infra/lifecycle.ts: off in drill cells). */
    deletionProtection: boolean;
}

/**
 * Memorystore for Redis `voice-cache-<region>`: the session cache of one region's workload.
 * STANDARD_HA keeps a replica in another zone and fails over automatically; read replicas spread
 * reads; AUTH and in-transit TLS keep the session data private on the VPC; RDB snapshots shorten
 * the cold start after a restore (provider docs, google_redis_instance).
 */
export class Cache extends pulumi.ComponentResource {
    readonly instance: gcp.redis.Instance;
    /** Private IP of the primary endpoint. */
    readonly host: pulumi.Output<string>;
    /** 6378 with TLS (SERVER_AUTHENTICATION), per Memorystore. */
    readonly port: pulumi.Output<number>;
    /** The AUTH string; a secret, reaches pods only as a Kubernetes Secret. */
    readonly authString: pulumi.Output<string>;
    /** PEM bundle of the server CAs the clients verify the TLS connection with. */
    readonly serverCaCert: pulumi.Output<string>;

    constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:cache:Cache", name, {}, opts);

        this.instance = new gcp.redis.Instance(
            name,
            {
                name: cacheName(args.region),
                region: args.region,
                tier: "STANDARD_HA",
                memorySizeGb: args.memorySizeGb,
                redisVersion: args.redisVersion,
                replicaCount: args.replicaCount,
                readReplicasMode: "READ_REPLICAS_ENABLED",
                authEnabled: true,
                transitEncryptionMode: "SERVER_AUTHENTICATION",
                connectMode: "PRIVATE_SERVICE_ACCESS",
                authorizedNetwork: args.network,
                persistenceConfig: { persistenceMode: "RDB", rdbSnapshotPeriod: args.rdbSnapshotPeriod },
                maintenancePolicy: {
                    description: `inside the GKE maintenance window of ${args.region}`,
                    weeklyMaintenanceWindows: [args.maintenanceWindow],
                },
                deletionProtection: args.deletionProtection,
                labels: { ...args.labels, component: "cache" },
            },
            { parent: this, protect: args.protect, dependsOn: [args.privateServicesConnection] },
        );

        this.host = this.instance.host;
        this.port = this.instance.port;
        this.authString = pulumi.secret(this.instance.authString);
        // Every current CA, not just the first: during a server CA rotation Memorystore lists the old
        // and the new one, and clients must trust both until the rotation completes.
        this.serverCaCert = this.instance.serverCaCerts.apply((certs) =>
            (certs ?? []).map((c) => c.cert ?? "").join(""),
        );

        this.registerOutputs({
            host: this.host,
            port: this.port,
            authString: this.authString,
            serverCaCert: this.serverCaCert,
        });
    }
}
