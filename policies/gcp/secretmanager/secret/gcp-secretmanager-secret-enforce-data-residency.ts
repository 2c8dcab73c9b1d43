import { stackPolicy } from "../../../lib/define";
import { cellRegions, ofType, physicalName } from "../../../lib/resources";

// Automatic replication stores secret payloads in Google-chosen regions worldwide; a cell keeps
// its data, credentials included, in its own jurisdiction.
export const policy = stackPolicy(
    {
        name: "gcp-secretmanager-secret-enforce-data-residency",
        description:
            "Secret Manager secrets use user-managed replication limited to the cell's regions, in at least two of them.",
        severity: "high",
        category: "security",
        remediationSteps:
            "Replace replication.auto with replication.userManaged.replicas, one { location } per cell region.",
        anchors: ["Google policy-library (resource locations)"],
    },
    (args, report) => {
        const regions = cellRegions(args.resources);
        for (const secret of ofType(args.resources, "gcp:secretmanager/secret:Secret")) {
            const replicas: { location?: string }[] = secret.props.replication?.userManaged?.replicas ?? [];
            if (replicas.length === 0) {
                report(
                    `Secret Manager secret '${physicalName(secret)}' must use replication.userManaged limited to the cell's regions (${regions.join(", ")}).`,
                    secret.urn,
                );
                continue;
            }
            // One replica region makes incident access depend on that region staying up.
            if (replicas.length < Math.min(2, regions.length)) {
                report(
                    `Secret Manager secret '${physicalName(secret)}' replicates to ${replicas.map((r) => r.location).join(", ")} only; replicate to at least two cell regions so incident access survives a region loss.`,
                    secret.urn,
                );
            }
            const outside = replicas
                .map((r) => r.location)
                .filter((l) => regions.length > 0 && !regions.includes(l as string));
            if (outside.length > 0) {
                report(
                    `Secret Manager secret '${physicalName(secret)}' replicates outside the cell: ${outside.join(", ")} (cell regions: ${regions.join(", ")}).`,
                    secret.urn,
                );
            }
        }
    },
);
