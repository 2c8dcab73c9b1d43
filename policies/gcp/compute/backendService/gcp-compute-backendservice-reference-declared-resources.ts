import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../../../lib/define";
import { lastSegment, ofType, physicalName } from "../../../lib/resources";

/** Does a self link / id name one of `candidates`? */
function declared(ref: unknown, candidates: PolicyResource[]): boolean {
    const name = lastSegment(ref);
    return candidates.some((c) => physicalName(c) === name || c.name === name || ref === c.urn);
}

// A reference to a health check, Cloud Armor policy or SSL policy the stack no longer declares
// means the resource is about to be deleted (or lives outside review); the attachment policies
// only see that a link is set.
export const policy = stackPolicy(
    {
        name: "gcp-compute-backendservice-reference-declared-resources",
        description:
            "The backend service's health checks and Cloud Armor policy, and the HTTPS proxy's SSL policy, are declared in the same stack.",
        severity: "high",
        category: "security",
        remediationSteps:
            "Declare the referenced HealthCheck, SecurityPolicy and SSLPolicy in the load balancer component and reference them by their outputs.",
        anchors: [],
    },
    (args, report) => {
        const healthChecks = ofType(args.resources, "gcp:compute/healthCheck:HealthCheck");
        const armor = ofType(args.resources, "gcp:compute/securityPolicy:SecurityPolicy");
        const ssl = ofType(args.resources, "gcp:compute/sSLPolicy:SSLPolicy");
        for (const b of ofType(args.resources, "gcp:compute/backendService:BackendService")) {
            const checks: unknown[] = Array.isArray(b.props.healthChecks)
                ? b.props.healthChecks
                : b.props.healthChecks
                  ? [b.props.healthChecks]
                  : [];
            for (const ref of checks.filter((r) => !declared(r, healthChecks))) {
                report(
                    `Backend service '${physicalName(b)}' uses health check ${JSON.stringify(ref)}, which this stack does not declare.`,
                    b.urn,
                );
            }
            if (b.props.securityPolicy && !declared(b.props.securityPolicy, armor)) {
                report(
                    `Backend service '${physicalName(b)}' uses Cloud Armor policy ${JSON.stringify(b.props.securityPolicy)}, which this stack does not declare.`,
                    b.urn,
                );
            }
        }
        for (const p of ofType(args.resources, "gcp:compute/targetHttpsProxy:TargetHttpsProxy")) {
            if (p.props.sslPolicy && !declared(p.props.sslPolicy, ssl)) {
                report(
                    `HTTPS proxy '${physicalName(p)}' uses SSL policy ${JSON.stringify(p.props.sslPolicy)}, which this stack does not declare.`,
                    p.urn,
                );
            }
        }
    },
);
