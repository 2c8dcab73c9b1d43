import { stackPolicy } from "../../../lib/define";
import { lastSegment, ofType, physicalName } from "../../../lib/resources";

// An alert routed only to disabled channels pages nobody; the routing policy only sees that a
// channel is listed.
export const policy = stackPolicy(
    {
        name: "gcp-monitoring-notificationchannel-keep-routed-channels-enabled",
        description: "Notification channels that alert policies route to are enabled.",
        severity: "high",
        category: "availability",
        remediationSteps: "Set enabled true on the channel (or route the alert to an enabled channel).",
        anchors: [],
    },
    (args, report) => {
        const channels = ofType(args.resources, "gcp:monitoring/notificationChannel:NotificationChannel");
        const disabled = channels.filter((c) => c.props.enabled === false);
        for (const alert of ofType(args.resources, "gcp:monitoring/alertPolicy:AlertPolicy")) {
            const refs: unknown[] = alert.props.notificationChannels ?? [];
            for (const channel of disabled) {
                // A channel reference is the channel's output, so routing also shows as a dependency.
                const named = refs.some(
                    (ref) =>
                        ref === channel.urn ||
                        physicalName(channel) === lastSegment(ref) ||
                        channel.name === lastSegment(ref),
                );
                if (named || alert.dependencies.includes(channel)) {
                    report(
                        `Alert policy '${alert.props.displayName ?? alert.name}' routes to notification channel '${channel.props.displayName ?? channel.name}', which is disabled.`,
                        alert.urn,
                    );
                }
            }
        }
    },
);
