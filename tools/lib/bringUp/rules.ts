/**
 * Prerequisites that Google's APIs enforce on a first `pulumi up` or a `pulumi destroy` and that no
 * provider schema shows, checked on a plan inventory. Each rule names where it was read (API docs,
 * provider docs or issue); a finding is one missing prerequisite, naming the resource.
 */
import type { InventoryResource } from "../plan";
import { featureApis, serviceType } from "../../../core/featureApis";
import { at, type InventoryIndex } from "./inventory";

export interface Finding {
    rule: string;
    urn: string;
    type: string;
    name: string;
    message: string;
    source: string;
}

export interface Rule {
    id: string;
    /** What the rule holds, in one line (docs/bring-up.md lists them). */
    summary: string;
    source: string;
    check(index: InventoryIndex): Finding[];
}

export function finding(rule: Pick<Rule, "id" | "source">, r: InventoryResource, message: string): Finding {
    return { rule: rule.id, urn: r.urn, type: r.type, name: r.name, message, source: rule.source };
}

const clusterType = "gcp:container/cluster:Cluster";
const serviceIdentityType = "gcp:projects/serviceIdentity:ServiceIdentity";

const featureApi: Rule = {
    id: "feature-api",
    summary:
        "a feature that needs an API beyond its type's (Binary Authorization, Workload Identity, " +
        "logging, metrics, the SQL write endpoint, DNS, a service agent) waits for that API's " +
        "Service in the same project",
    source: "each feature's documentation, named per finding",
    check(index) {
        const out: Finding[] = [];
        const services = index.ofType(serviceType);
        for (const need of featureApis) {
            for (const r of index.ofType(need.type)) {
                if (!need.uses(r.inputs)) continue;
                const api = need.api(r.inputs);
                if (api === undefined) continue;
                const service = services.find(
                    (s) => s.inputs.service === api && index.projectOf(s) === index.projectOf(r),
                );
                const rule = { id: this.id, source: need.source };
                if (!service)
                    out.push(
                        finding(
                            rule,
                            r,
                            `${need.feature} needs ${api}, which the plan never enables in ${index.projectOf(r)}`,
                        ),
                    );
                else if (!index.reaches(r).has(service.urn))
                    out.push(finding(rule, r, `${need.feature} needs ${api}, but does not wait for ${service.name}`));
            }
        }
        return out;
    },
};

/** `serviceAccount:<project>.svc.id.goog[<namespace>/<ksa>]` → the pool. */
function workloadPoolOf(member: unknown): string | undefined {
    if (typeof member !== "string") return undefined;
    return /^(?:serviceAccount|principal):([a-z][-a-z0-9]*\.svc\.id\.goog)\[/.exec(member)?.[1];
}

const workloadIdentityPool: Rule = {
    id: "workload-identity-pool",
    summary: "a grant to a Workload Identity member waits for a cluster that creates its pool",
    source: "https://github.com/terraform-google-modules/terraform-google-kubernetes-engine/issues/916",
    check(index) {
        const out: Finding[] = [];
        for (const r of index.inventory.resources) {
            const pool = workloadPoolOf(r.inputs.member);
            if (pool === undefined) continue;
            const creators = index
                .ofType(clusterType)
                .filter((c) => at(c.inputs, "workloadIdentityConfig.workloadPool") === pool);
            const reach = index.reaches(r);
            if (creators.length === 0)
                out.push(
                    finding(
                        this,
                        r,
                        `grants to ${pool}, which no cluster of the plan creates ("Identity Pool does not exist")`,
                    ),
                );
            else if (!creators.some((c) => reach.has(c.urn))) {
                out.push(
                    finding(
                        this,
                        r,
                        `grants to ${pool} without waiting for a cluster that creates it (${creators.map((c) => c.name).join(", ")}): ` +
                            `"Identity Pool does not exist" on a first up`,
                    ),
                );
            }
        }
        return out;
    },
};

const serviceAgent: Rule = {
    id: "service-agent",
    summary: "a grant to a Google service agent takes it from a ServiceIdentity, which exists only once the agent does",
    source: "https://cloud.google.com/iam/docs/service-agents",
    check(index) {
        const out: Finding[] = [];
        const identities = new Set(index.ofType(serviceIdentityType).map((s) => s.urn));
        for (const r of index.inventory.resources) {
            const member = r.inputs.member;
            if (
                typeof member !== "string" ||
                !/^serviceAccount:service-\d+@gcp-sa-[a-z0-9-]+\.iam\.gserviceaccount\.com$/.test(member)
            )
                continue;
            if (![...index.reaches(r)].some((u) => identities.has(u))) {
                out.push(
                    finding(
                        this,
                        r,
                        `grants to the service agent ${member.slice("serviceAccount:".length)} by name: it ` +
                            `may not exist yet after its API is enabled`,
                    ),
                );
            }
        }
        return out;
    },
};

/** Writes into another project that the cell's deployer cannot make alone, and what each needs there. */
export interface StatedPrerequisite {
    project: string;
    type: string;
    needs: string;
    source: string;
}

export const statedPrerequisites: readonly StatedPrerequisite[] = [
    {
        project: "edentist-artifacts",
        type: "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember",
        needs:
            "artifactregistry.repositories.setIamPolicy on the repository (roles/artifactregistry.repoAdmin) " +
            "for the identity that runs pulumi up",
        source: "https://cloud.google.com/artifact-registry/docs/access-control",
    },
];

const otherProjects: Rule = {
    id: "other-project",
    summary:
        "a resource in another project than the cell's is a stated prerequisite (docs/bring-up.md), " +
        "with the permission it needs there",
    source: "https://cloud.google.com/iam/docs/granting-changing-revoking-access",
    check(index) {
        const out: Finding[] = [];
        for (const r of index.inventory.resources) {
            if (!r.custom || !r.type.startsWith("gcp:")) continue;
            const project = index.projectOf(r);
            if (project === index.project) continue;
            if (statedPrerequisites.some((p) => p.project === project && p.type === r.type)) continue;
            out.push(
                finding(
                    this,
                    r,
                    `is created in project ${project}, which no stated prerequisite covers: the deployer's ` +
                        `permission there is not known`,
                ),
            );
        }
        return out;
    },
};

/** The prerequisites in other projects that the plan uses, one line each, for the report. */
export function prerequisitesUsed(index: InventoryIndex): string[] {
    const lines = new Set<string>();
    for (const r of index.inventory.resources) {
        const p = statedPrerequisites.find(
            (s) => s.type === r.type && s.project === index.projectOf(r) && s.project !== index.project,
        );
        if (p) lines.add(`${p.project}: ${p.needs} (${p.type}; ${p.source})`);
    }
    return [...lines].sort();
}

const domainRecord: Rule = {
    id: "domain-record",
    summary:
        "where the load balancer's address is not kept (an unprotected address is new each " +
        "time the cell is created), each managed certificate's domain has an A record in " +
        "the plan",
    source:
        "https://cloud.google.com/load-balancing/docs/ssl-certificates/google-managed-certs " +
        "(the certificate stays PROVISIONING until the domain resolves to the load balancer)",
    check(index) {
        const addresses = index
            .ofType("gcp:compute/globalAddress:GlobalAddress")
            .filter((a) => a.inputs.addressType === "EXTERNAL");
        if (addresses.length === 0 || addresses.every((a) => a.protect)) return [];
        const records = new Set(
            index
                .ofType("gcp:dns/recordSet:RecordSet")
                .filter((r) => r.inputs.type === "A")
                .map((r) => String(r.inputs.name)),
        );
        const out: Finding[] = [];
        for (const cert of index.ofType("gcp:compute/managedSslCertificate:ManagedSslCertificate")) {
            const domains = at(cert.inputs, "managed.domains");
            for (const d of Array.isArray(domains) ? domains.map(String) : []) {
                if (!records.has(`${d}.`))
                    out.push(
                        finding(
                            this,
                            cert,
                            `${d} has no A record in the plan, and the address is new with every creation of ` +
                                `the cell: the certificate never becomes ACTIVE`,
                        ),
                    );
            }
        }
        return out;
    },
};

export const identityRules: readonly Rule[] = [
    featureApi,
    workloadIdentityPool,
    serviceAgent,
    otherProjects,
    domainRecord,
];
