import * as gcp from "@pulumi/gcp";
import { resourcePolicy } from "../../../lib/define";
import { shown } from "../../../lib/resources";

interface Config {
    minReplicaCount: number;
}

export const policy = resourcePolicy<gcp.redis.Instance, gcp.redis.InstanceArgs, Config>(
    {
        name: "gcp-redis-instance-enforce-high-availability",
        description:
            "Memorystore instances run the STANDARD_HA tier with replicas (automatic failover inside the region) and RDB persistence, so a node loss or the runbook's manual failover keeps session state.",
        severity: "critical",
        category: "availability",
        remediationSteps:
            'Set tier STANDARD_HA, replicaCount to at least the configured minimum and persistenceConfig { persistenceMode: "RDB", rdbSnapshotPeriod }.',
        anchors: [],
        configSchema: { properties: { minReplicaCount: { type: "integer", minimum: 1, maximum: 5, default: 1 } } },
    },
    gcp.redis.Instance,
    (redis, report, { name, config }) => {
        // The API default tier is BASIC (a single node without failover).
        if (redis.tier !== "STANDARD_HA") {
            report(`Memorystore instance '${name}' must use the STANDARD_HA tier: tier ${shown(redis.tier)}.`);
        }
        // STANDARD_HA defaults to one replica, so only an explicit lower count is a violation.
        const replicas = redis.replicaCount ?? 1;
        if (replicas < config.minReplicaCount) {
            report(
                `Memorystore instance '${name}' must have at least ${config.minReplicaCount} replica(s): replicaCount is ${replicas}.`,
            );
        }
        const mode = redis.persistenceConfig?.persistenceMode;
        if (mode !== "RDB") {
            report(
                `Memorystore instance '${name}' must persist snapshots: persistenceConfig.persistenceMode ${shown(mode)} (expected "RDB").`,
            );
        }
    },
);
