import { stackPolicy } from "../../../lib/define";
import { cellRegions, ofType, physicalName } from "../../../lib/resources";

// A cell keeps patient data in its jurisdiction (docs/design.md, "Stacks are cells"); without a storage
// policy Pub/Sub may persist messages in any Google region.
export const policy = stackPolicy(
    {
        name: "gcp-pubsub-topic-enforce-data-residency",
        description:
            "Pub/Sub topics restrict message storage to the cell's regions (messageStoragePolicy.allowedPersistenceRegions, enforced in transit) and allow at least two of them.",
        severity: "high",
        category: "security",
        remediationSteps:
            "Set messageStoragePolicy { allowedPersistenceRegions: <the cell's region keys>, enforceInTransit: true } on every topic.",
        anchors: ["Google policy-library (resource locations)"],
    },
    (args, report) => {
        const regions = cellRegions(args.resources);
        for (const topic of ofType(args.resources, "gcp:pubsub/topic:Topic")) {
            const allowed: unknown[] = topic.props.messageStoragePolicy?.allowedPersistenceRegions ?? [];
            if (allowed.length === 0) {
                report(
                    `Pub/Sub topic '${physicalName(topic)}' must restrict messageStoragePolicy.allowedPersistenceRegions to the cell's regions (${regions.join(", ")}).`,
                    topic.urn,
                );
                continue;
            }
            // Without enforceInTransit, Pub/Sub may still route messages through other regions.
            if (topic.props.messageStoragePolicy?.enforceInTransit !== true) {
                report(
                    `Pub/Sub topic '${physicalName(topic)}' must keep messages in the cell in transit too: messageStoragePolicy.enforceInTransit is not true.`,
                    topic.urn,
                );
            }
            // A single allowed region makes publishing depend on that region staying up.
            if (allowed.length < Math.min(2, regions.length)) {
                report(
                    `Pub/Sub topic '${physicalName(topic)}' may store messages in ${allowed.join(", ")} only; allow at least two cell regions so publishing survives a region loss.`,
                    topic.urn,
                );
            }
            const outside = allowed.filter((r) => regions.length > 0 && !regions.includes(r as string));
            if (outside.length > 0) {
                report(
                    `Pub/Sub topic '${physicalName(topic)}' may store messages outside the cell: ${outside.join(", ")} (cell regions: ${regions.join(", ")}).`,
                    topic.urn,
                );
            }
        }
    },
);
