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
            for (const ref of alert.props.notificationChannels ?? []) {
                const channel = disabled.find((c) => c.urn === ref || physicalName(c) === lastSegment(ref) || c.name === lastSegment(ref) || c.props.displayName === ref);
                if (channel) {
                    report(`Alert policy '${alert.props.displayName ?? alert.name}' routes to notification channel '${channel.props.displayName ?? channel.name}', which is disabled.`, alert.urn);
                }
            }
        }
    },
);
