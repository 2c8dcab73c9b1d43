import * as k8s from "../../kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { fixedNames } from "../../../core/naming";
import {
    containerSecurityContext,
    envFromOf,
    podSecurityContext,
    tmpMount,
    tmpVolume,
    type PodEnvironment,
} from "./podTemplate";

export interface CachePurgeJobArgs {
    provider: k8s.Provider;
    /** The cache epoch whose prefix survives; keys of every older epoch are deleted. */
    epoch: number;
    /** A pinned redis-cli image. */
    image: string;
    /**
     * The region's voice-agent pod environment: its ConfigMap (REDIS_HOST, REDIS_PORT, REDIS_CA_CERT,
     * CELL, CACHE_KEY_PREFIX) and its Secret (REDIS_AUTH), which the purge needs.
     */
    environment: PodEnvironment & { secretName: pulumi.Input<string> };
    labels: Record<string, string>;
}

/**
 * Runbook "Purge stale sessions after cache restoration": after a Redis outage the app writes
 * under a new key prefix (cacheEpoch + 1), and this Job deletes every key of the older prefixes
 * in the region's Memorystore. One Job per region and epoch, named `cache-purge-<epoch>`, so a
 * bump creates a new Job and retires the previous one. Idempotent: running it twice deletes nothing
 * new.
 */
export class CachePurgeJob extends pulumi.ComponentResource {
    constructor(name: string, args: CachePurgeJobArgs, opts?: pulumi.ComponentResourceOptions) {
        super("voice-agent:workload:CachePurgeJob", name, {}, opts);
        const labels = {
            "app.kubernetes.io/name": "cache-purge",
            "app.kubernetes.io/component": "remediation",
            ...args.labels,
        };
        // SCAN, never KEYS: it does not block Redis while live calls use it. UNLINK frees memory in
        // the background. AUTH comes from the Secret through REDISCLI_AUTH, never the command line.
        const script = [
            "set -eu",
            'printf "%s" "$REDIS_CA_CERT" > /tmp/ca.pem',
            'export REDISCLI_AUTH="$REDIS_AUTH"',
            'redis-cli --tls --cacert /tmp/ca.pem -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "voice:${CELL}:e*" \\',
            "  | awk -v keep=\"$CACHE_KEY_PREFIX\" 'index($0, keep) != 1' \\",
            '  | xargs -r -n 500 redis-cli --tls --cacert /tmp/ca.pem -h "$REDIS_HOST" -p "$REDIS_PORT" UNLINK > /dev/null',
            'echo "purged keys of epochs before ${CACHE_KEY_PREFIX}"',
        ].join("\n");

        new k8s.batch.v1.Job(
            `${name}-job`,
            {
                metadata: { name: `cache-purge-${args.epoch}`, namespace: fixedNames.namespace, labels },
                spec: {
                    backoffLimit: 3,
                    activeDeadlineSeconds: 1800,
                    // Kept a day for its logs, then garbage-collected by Kubernetes.
                    ttlSecondsAfterFinished: 86400,
                    template: {
                        metadata: { labels },
                        spec: {
                            restartPolicy: "Never",
                            serviceAccountName: args.environment.serviceAccountName,
                            automountServiceAccountToken: false,
                            securityContext: podSecurityContext,
                            containers: [
                                {
                                    name: "purge",
                                    image: args.image,
                                    command: ["/bin/sh", "-c", script],
                                    envFrom: envFromOf(args.environment),
                                    resources: {
                                        requests: { cpu: "100m", memory: "64Mi" },
                                        limits: { cpu: "500m", memory: "128Mi" },
                                    },
                                    securityContext: containerSecurityContext,
                                    volumeMounts: [tmpMount],
                                },
                            ],
                            volumes: [tmpVolume],
                        },
                    },
                },
            },
            { parent: this, provider: args.provider, dependsOn: [args.environment.namespace, args.environment.nodes] },
        );
        this.registerOutputs({});
    }
}
