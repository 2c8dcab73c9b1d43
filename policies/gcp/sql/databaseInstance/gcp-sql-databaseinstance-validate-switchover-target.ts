import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../../../lib/define";
import { isSqlReplica, lastSegment, ofType, physicalName, refersTo } from "../../../lib/resources";

const TYPE = "gcp:sql/databaseInstance:DatabaseInstance";

/** Cloud SQL defaults PostgreSQL 16+ to ENTERPRISE_PLUS when edition is unset (provider docs). */
function edition(props: Record<string, any>): string {
    const explicit = props.settings?.edition;
    if (typeof explicit === "string") return explicit;
    const major = Number(/^POSTGRES_(\d+)/.exec(String(props.databaseVersion ?? ""))?.[1] ?? 0);
    return major >= 16 ? "ENTERPRISE_PLUS" : "ENTERPRISE";
}

// Runbook "Database failover": a switchover (changing database.primaryRegion) is only possible to
// a designated DR replica of an Enterprise Plus primary; any other target means a promotion that
// breaks replication and a manual rebuild in the middle of an incident.
export const policy = stackPolicy(
    {
        name: "gcp-sql-databaseinstance-validate-switchover-target",
        description:
            "The Cloud SQL primary names a DR replica (replicationCluster.failoverDrReplicaName) that exists as its replica in another region, and both run the ENTERPRISE_PLUS edition that switchover requires.",
        severity: "critical",
        category: "remediation-safety",
        remediationSteps:
            'Set replicationCluster.failoverDrReplicaName on the primary to "<project>:voice-db-<region>" of an existing cross-region replica and settings.edition ENTERPRISE_PLUS on both.',
        anchors: [],
    },
    (args, report) => {
        const instances = ofType(args.resources, TYPE);
        for (const primary of instances.filter((r) => !isSqlReplica(r.props))) {
            const name = physicalName(primary);
            if (edition(primary.props) !== "ENTERPRISE_PLUS") {
                report(
                    `Cloud SQL primary '${name}' must use edition ENTERPRISE_PLUS to allow switchover; it is ${edition(primary.props)}.`,
                    primary.urn,
                );
            }
            const target = primary.props.replicationCluster?.failoverDrReplicaName;
            if (typeof target !== "string" || target === "") {
                report(
                    `Cloud SQL primary '${name}' must name its switchover target in replicationCluster.failoverDrReplicaName.`,
                    primary.urn,
                );
                continue;
            }
            const replica: PolicyResource | undefined = instances.find((r) => physicalName(r) === lastSegment(target));
            if (!replica || !isSqlReplica(replica.props) || !refersTo(replica.props.masterInstanceName, name)) {
                report(
                    `Cloud SQL primary '${name}' names switchover target '${target}', which is not a replica of it in this stack.`,
                    primary.urn,
                );
                continue;
            }
            if (replica.props.region === primary.props.region) {
                report(
                    `Cloud SQL switchover target '${physicalName(replica)}' must be in another region than its primary (${primary.props.region}).`,
                    replica.urn,
                );
            }
            if (edition(replica.props) !== "ENTERPRISE_PLUS") {
                report(
                    `Cloud SQL switchover target '${physicalName(replica)}' must use edition ENTERPRISE_PLUS; it is ${edition(replica.props)}.`,
                    replica.urn,
                );
            }
        }
    },
);
