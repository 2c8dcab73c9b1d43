/**
 * One mutated plan per defect the bring-up check guards against: each takes a committed stack's
 * plan and undoes one prerequisite, as the program did or could do.
 */
import { serviceType } from "../../../core/featureApis";
import type { Inventory } from "../../../tools/lib/plan";
import { pick, unlink, type Mutation } from "./fixtures";

const clusterType = "gcp:container/cluster:Cluster";

export interface Case {
    defect: string;
    stack: string;
    mutate: Mutation;
}

function dropService(inv: Inventory, api: string): void {
    const s = inv.resources.find((r) => r.type === serviceType && r.inputs.service === api);
    if (!s) throw new Error(`fixture: ${api} is not enabled in ${inv.stack}`);
    inv.resources = inv.resources.filter((r) => r !== s);
    for (const r of inv.resources) unlink(r, (u) => u === s.urn);
}

export const cases: Case[] = [
    {
        defect: "the Workload Identity binding waits for no cluster",
        stack: "prod-eu",
        mutate: (inv) =>
            unlink(pick(inv, "gcp:serviceaccount/iAMMember:IAMMember", "voice-agent-workload-identity"), (u) =>
                u.includes(`$${clusterType}::`),
            ),
    },
    {
        defect: "no cluster enables Workload Identity for the pool a grant names",
        stack: "prod-me",
        mutate: (inv) => {
            for (const c of inv.resources.filter((r) => r.type === clusterType)) delete c.inputs.workloadIdentityConfig;
        },
    },
    {
        defect: "Binary Authorization without its API",
        stack: "prod-eu",
        mutate: (inv) => dropService(inv, "binaryauthorization.googleapis.com"),
    },
    {
        defect: "a cluster that does not wait for the IAM Credentials API",
        stack: "drill-eu",
        mutate: (inv) => {
            const api = pick(inv, serviceType, "voice-drilleu-apis-iamcredentials");
            unlink(pick(inv, clusterType, "voice-cluster-europe-west4"), (u) => u === api.urn);
        },
    },
    {
        defect: "the Pub/Sub service agent granted by its e-mail alone",
        stack: "prod-eu",
        mutate: (inv) => {
            const agent = pick(inv, "gcp:projects/serviceIdentity:ServiceIdentity");
            inv.resources = inv.resources.filter((r) => r !== agent);
            for (const r of inv.resources) unlink(r, (u) => u === agent.urn);
        },
    },
    {
        defect: "a grant in another project that no stated prerequisite covers",
        stack: "prod-me",
        mutate: (inv) => {
            pick(
                inv,
                "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember",
                "voice-cluster-me-central2-nodes-pull-edentist-artifacts-voice",
            ).inputs.project = "edentist-artifacts-me";
        },
    },
    {
        defect: "node pools beyond the project's N2 quota",
        stack: "prod-eu",
        mutate: (inv) => {
            const pool = pick(inv, "gcp:container/nodePool:NodePool", "voice-cluster-europe-west1-default");
            (pool.inputs.autoscaling as Record<string, unknown>).maxNodeCount = 12;
        },
    },
    {
        defect: "a new project's default quota",
        stack: "drill-eu",
        mutate: (inv) => {
            inv.config.quota = {};
        },
    },
    {
        defect: "the private services connection of a drill cell deleted, not abandoned",
        stack: "drill-eu",
        mutate: (inv) => {
            delete pick(inv, "gcp:servicenetworking/connection:Connection").inputs.deletionPolicy;
        },
    },
    {
        defect: "the PostgreSQL IAM user of a drill cell deleted, not abandoned",
        stack: "drill-eu",
        mutate: (inv) => {
            delete pick(inv, "gcp:sql/user:User").inputs.deletionPolicy;
        },
    },
    {
        defect: "a backend service that does not wait for a Service whose NEGs it names",
        stack: "drill-eu",
        mutate: (inv) =>
            unlink(pick(inv, "gcp:compute/backendService:BackendService"), (u) =>
                u.endsWith("::voice-agent-europe-west4-service"),
            ),
    },
    {
        defect: "a drill cell without the DNS record of its domain",
        stack: "drill-eu",
        mutate: (inv) => {
            inv.resources = inv.resources.filter((r) => r.type !== "gcp:dns/recordSet:RecordSet");
        },
    },
];
