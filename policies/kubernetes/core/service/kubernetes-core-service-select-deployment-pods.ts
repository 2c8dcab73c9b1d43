import { stackPolicy } from "../../../lib/define";
import { clusterKey, describeObject, selects } from "../../../lib/kubernetes";
import { cellRegions, ofType } from "../../../lib/resources";

// A Service whose selector matches no pod template leaves its NEGs empty: the load balancer then
// sees a region with zero healthy endpoints although every pod is fine.
export const policy = stackPolicy(
    {
        name: "kubernetes-core-service-select-deployment-pods",
        description:
            "Every Service with a selector selects the pods of a Deployment in the same cluster and namespace; a Service that creates NEGs has a selector and serves each port it exposes through them.",
        severity: "high",
        category: "availability",
        remediationSteps: "Make spec.selector of the Service a subset of the Deployment's pod template labels.",
        anchors: ["kube-score service-targets-pod"],
    },
    (args, report) => {
        const regions = cellRegions(args.resources);
        const deployments = ofType(args.resources, "kubernetes:apps/v1:Deployment");
        for (const service of ofType(args.resources, "kubernetes:core/v1:Service")) {
            const selector = service.props.spec?.selector;
            const neg = service.props.metadata?.annotations?.["cloud.google.com/neg"];
            if (typeof neg === "string") {
                let exposed: string[] = [];
                try {
                    exposed = Object.keys(JSON.parse(neg).exposed_ports ?? {});
                } catch {
                    // an unreadable annotation is reported by the NEG policy of the backend service
                }
                const ports = (service.props.spec?.ports ?? []).map((p: { port?: number }) => String(p.port));
                for (const port of exposed.filter((p) => !ports.includes(p))) {
                    report(
                        `${describeObject(service.props, service.name)} exposes port ${port} through its NEG annotation but does not serve it in spec.ports.`,
                        service.urn,
                    );
                }
                if (!selector) {
                    report(
                        `${describeObject(service.props, service.name)} creates NEGs but has no spec.selector, so they stay empty.`,
                        service.urn,
                    );
                }
            }
            if (!selector) continue;
            const found = deployments.some(
                (d) =>
                    clusterKey(d, regions) === clusterKey(service, regions) &&
                    d.props.metadata?.namespace === service.props.metadata?.namespace &&
                    selects(selector, d.props.spec?.template?.metadata?.labels),
            );
            if (!found) {
                report(
                    `${describeObject(service.props, service.name)} selects ${JSON.stringify(selector)}, which matches no Deployment's pods in its cluster and namespace.`,
                    service.urn,
                );
            }
        }
    },
);
