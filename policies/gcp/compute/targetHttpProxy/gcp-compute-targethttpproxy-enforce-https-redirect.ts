import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../../../lib/define";
import { ofType, physicalName, refersTo, shown } from "../../../lib/resources";

/** The resource among `candidates` that `ref` points at, by name or by declared dependency. */
function resolve(owner: PolicyResource, ref: unknown, candidates: PolicyResource[]): PolicyResource | undefined {
    return (
        candidates.find((c) => refersTo(ref, physicalName(c)) || refersTo(ref, c.name)) ??
        candidates.find((c) => owner.dependencies.includes(c))
    );
}

// Plain HTTP exists only to redirect to HTTPS: the voice console carries patient audio and the
// session token. Anything else served on port 80 bypasses TLS entirely. The redirect stays on the
// global external Application Load Balancer (EXTERNAL_MANAGED) with the HTTPS front end: a rule
// left on the classic scheme (EXTERNAL, also what the provider gives when the scheme is unset)
// puts port 80 on Google's legacy load balancer, outside the cell's Cloud Armor and logging setup.
export const policy = stackPolicy(
    {
        name: "gcp-compute-targethttpproxy-enforce-https-redirect",
        description:
            "Plain-HTTP serving is limited to the HTTP→HTTPS redirect: every HTTP proxy uses a URL map that only redirects, and only port-80 forwarding rules on the EXTERNAL_MANAGED scheme point at HTTP proxies.",
        severity: "high",
        category: "security",
        remediationSteps:
            "Point the HTTP proxy at the redirect URL map (defaultUrlRedirect { httpsRedirect: true }, no defaultService), give its forwarding rule loadBalancingScheme EXTERNAL_MANAGED, and serve the application only through the HTTPS proxy on 443.",
        anchors: ["CKV2_GCP_38"],
    },
    (args, report) => {
        const urlMaps = ofType(args.resources, "gcp:compute/uRLMap:URLMap");
        const httpProxies = ofType(args.resources, "gcp:compute/targetHttpProxy:TargetHttpProxy");
        for (const proxy of httpProxies) {
            const map = resolve(proxy, proxy.props.urlMap, urlMaps);
            if (!map) {
                report(
                    `HTTP proxy '${physicalName(proxy)}' uses URL map ${JSON.stringify(proxy.props.urlMap ?? "")}, which is not declared in this stack.`,
                    proxy.urn,
                );
            } else if (
                map.props.defaultUrlRedirect?.httpsRedirect !== true ||
                map.props.defaultService ||
                (map.props.pathMatchers ?? []).length > 0
            ) {
                report(
                    `HTTP proxy '${physicalName(proxy)}' must only redirect to HTTPS: URL map '${physicalName(map)}' needs defaultUrlRedirect.httpsRedirect true and no defaultService or pathMatchers.`,
                    proxy.urn,
                );
            }
        }
        for (const rule of ofType(args.resources, "gcp:compute/globalForwardingRule:GlobalForwardingRule")) {
            const target = resolve(rule, rule.props.target, httpProxies);
            const port = String(rule.props.portRange ?? "");
            if (!target) continue;
            if (port !== "80" && port !== "80-80") {
                report(
                    `Forwarding rule '${physicalName(rule)}' serves plain HTTP proxy '${physicalName(target)}' on port ${port || "(all)"}; HTTP is only allowed on port 80 for the redirect.`,
                    rule.urn,
                );
            }
            const scheme = rule.props.loadBalancingScheme ?? "EXTERNAL";
            if (String(scheme).toUpperCase() === "EXTERNAL") {
                report(
                    `Forwarding rule '${physicalName(rule)}' serves HTTP proxy '${physicalName(target)}' on the classic load balancer (loadBalancingScheme ${shown(rule.props.loadBalancingScheme)}); use EXTERNAL_MANAGED, as the HTTPS front end does.`,
                    rule.urn,
                );
            }
        }
    },
);
