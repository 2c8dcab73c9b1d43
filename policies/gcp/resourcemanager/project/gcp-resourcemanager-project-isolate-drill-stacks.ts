import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../../../lib/define";

interface Config {
    drillStackPattern: string;
    productionProjectPattern: string;
    productionProjects: string[];
    stackEnvironment?: string;
    stackProject?: string;
}

/** The stack name, from any URN: urn:pulumi:<stack>::<project>::<type>::<name>. */
function stackOf(resources: PolicyResource[]): string {
    return /^urn:pulumi:([^:]+)::/.exec(resources[0]?.urn ?? "")?.[1] ?? "";
}

/** Every GCP project a stack's resources and providers name. */
function projectsOf(resources: PolicyResource[]): Map<string, string> {
    const projects = new Map<string, string>();
    const note = (value: unknown, urn: string) => {
        if (typeof value === "string" && value !== "" && !projects.has(value)) projects.set(value, urn);
    };
    for (const r of resources) {
        if (r.type.startsWith("gcp:") || r.type === "pulumi:providers:gcp") note(r.props.project, r.urn);
        // Workload Identity pools are "<project>.svc.id.goog".
        const pool = r.props.workloadIdentityConfig?.workloadPool;
        if (typeof pool === "string") note(pool.replace(/\.svc\.id\.goog$/, ""), r.urn);
    }
    return projects;
}

// The quarterly failover rehearsal runs the same program in a sandbox project. A drill stack
// whose config points at a production project would drain, fail over and tear down production.
export const policy = stackPolicy<Config>(
    {
        name: "gcp-resourcemanager-project-isolate-drill-stacks",
        description:
            'Drill stacks (stack environment, name or environment label "drill") never declare resources in a production project.',
        severity: "critical",
        category: "remediation-safety",
        remediationSteps:
            "Set gcp:project of the drill stack to its sandbox project; production project IDs match productionProjectPattern or are listed in productionProjects.",
        anchors: [],
        configSchema: {
            properties: {
                drillStackPattern: {
                    type: "string",
                    default: "(^|-)drill",
                    description: "Regular expression on the stack name.",
                },
                productionProjectPattern: {
                    type: "string",
                    default: "(^|-)prod(-|$)",
                    description: "Regular expression on project IDs.",
                },
                productionProjects: { type: "array", items: { type: "string" }, default: [] },
                // Stack facts: the offline runner fills these from the plan's resolved config;
                // with the CLI pass them in --policy-pack-config.
                stackEnvironment: { type: "string", description: "The stack's config environment (prod | drill)." },
                stackProject: { type: "string", description: "The stack's gcp:project." },
            },
        },
    },
    (args, report, config) => {
        const labelledDrill = args.resources.some(
            (r) => (r.props.labels ?? r.props.resourceLabels)?.environment === "drill",
        );
        const drill =
            config.stackEnvironment === "drill" ||
            labelledDrill ||
            new RegExp(config.drillStackPattern).test(stackOf(args.resources));
        if (!drill) return;
        const production = new RegExp(config.productionProjectPattern);
        const projects = projectsOf(args.resources);
        if (config.stackProject && !projects.has(config.stackProject))
            projects.set(config.stackProject, args.resources[0]?.urn ?? "");
        for (const [project, urn] of projects) {
            if (production.test(project) || config.productionProjects.includes(project)) {
                report(
                    `Drill stack '${stackOf(args.resources)}' declares resources in production project '${project}'; drills run in a sandbox project.`,
                    urn,
                );
            }
        }
    },
);
