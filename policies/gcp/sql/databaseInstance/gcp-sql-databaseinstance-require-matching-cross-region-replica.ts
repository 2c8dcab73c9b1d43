import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../../../lib/define";
import { isSqlReplica, ofType, physicalName, refersTo } from "../../../lib/resources";

const TYPE = "gcp:sql/databaseInstance:DatabaseInstance";

// A replica that differs from its primary is a trap for the promotion step of the runbook:
// smaller tier or disk fails under the full load, different flags or TLS change behaviour.
const MUST_MATCH: { path: string; get: (p: Record<string, any>) => unknown }[] = [
    { path: "databaseVersion", get: (p) => p.databaseVersion },
    { path: "settings.tier", get: (p) => p.settings?.tier },
    { path: "settings.edition", get: (p) => p.settings?.edition },
    { path: "settings.diskType", get: (p) => p.settings?.diskType },
    { path: "settings.diskSize", get: (p) => p.settings?.diskSize },
    { path: "settings.diskAutoresize", get: (p) => p.settings?.diskAutoresize },
    { path: "settings.ipConfiguration.sslMode", get: (p) => p.settings?.ipConfiguration?.sslMode },
    { path: "settings.ipConfiguration.ipv4Enabled", get: (p) => p.settings?.ipConfiguration?.ipv4Enabled },
    {
        path: "settings.databaseFlags",
        get: (p) =>
            JSON.stringify([...(p.settings?.databaseFlags ?? [])].map((f: any) => `${f.name}=${f.value}`).sort()),
    },
];

export const policy = stackPolicy(
    {
        name: "gcp-sql-databaseinstance-require-matching-cross-region-replica",
        description:
            "Every Cloud SQL primary has a read replica in another region whose version, tier, edition, disk, flags and TLS settings match the primary, so promoting it restores the same service.",
        severity: "critical",
        category: "availability",
        remediationSteps:
            "Declare a replica `voice-db-<region>` (instanceType READ_REPLICA_INSTANCE, masterInstanceName voice-db) in a region other than the primary's, built from the same settings as the primary.",
        anchors: [],
    },
    (args, report) => {
        const instances = ofType(args.resources, TYPE);
        for (const primary of instances.filter((r) => !isSqlReplica(r.props))) {
            const name = physicalName(primary);
            const replicas = instances.filter(
                (r) => isSqlReplica(r.props) && refersTo(r.props.masterInstanceName, name),
            );
            const remote = replicas.filter((r) => r.props.region !== primary.props.region);
            if (remote.length === 0) {
                report(
                    `Cloud SQL primary '${name}' in ${primary.props.region ?? "an unset region"} has no read replica in another region.`,
                    primary.urn,
                );
            }
            for (const replica of remote) checkMatch(primary, replica, report);
        }
    },
);

function checkMatch(primary: PolicyResource, replica: PolicyResource, report: (m: string, urn?: string) => void) {
    for (const { path, get } of MUST_MATCH) {
        const want = get(primary.props);
        const got = get(replica.props);
        if (JSON.stringify(want) !== JSON.stringify(got)) {
            report(
                `Cloud SQL replica '${physicalName(replica)}' must match its primary '${physicalName(primary)}': ${path} is ${JSON.stringify(got) ?? "not set"} on the replica and ${JSON.stringify(want) ?? "not set"} on the primary.`,
                replica.urn,
            );
        }
    }
}
