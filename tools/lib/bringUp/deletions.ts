/**
 * Deletions that Google's APIs refuse while something outside Pulumi's graph still holds the
 * resource, checked for cells that are destroyed (`environment: drill`; production cells keep
 * `protect` and the APIs' refusals): a `pulumi destroy` of such a cell must finish.
 */
import type { InventoryResource } from "../plan";
import { at, textOf, type InventoryIndex } from "./inventory";
import { finding, type Finding, type Rule } from "./rules";

const connectionType = "gcp:servicenetworking/connection:Connection";
const networkType = "gcp:compute/network:Network";

/** Whether the cell is destroyed by design, so that its deletions must succeed. */
export function destroyedByDesign(index: InventoryIndex): boolean {
    return index.environment === "drill";
}

/** The VPC a network input names: its id or self link, as `projects/<p>/global/networks/<name>`. */
function networkKey(value: unknown): string | undefined {
    if (typeof value !== "string") return undefined;
    return /projects\/[^/]+\/global\/networks\/[^/]+$/.exec(value)?.[0];
}

/** Cloud SQL instances and Memorystore instances that sit on private services access in this VPC. */
function producersOn(index: InventoryIndex, network: string): InventoryResource[] {
    return index.inventory.resources.filter(
        (r) =>
            (r.type === "gcp:sql/databaseInstance:DatabaseInstance" &&
                networkKey(at(r.inputs, "settings.ipConfiguration.privateNetwork")) === network) ||
            (r.type === "gcp:redis/instance:Instance" && networkKey(r.inputs.authorizedNetwork) === network),
    );
}

const abandoned = (r: InventoryResource): boolean => r.inputs.deletionPolicy === "ABANDON";

const connectionDeletion: Rule = {
    id: "delete-connection",
    summary:
        "the private services connection of a destroyed cell is abandoned (deletionPolicy " +
        "ABANDON): DeleteConnection fails while Cloud SQL keeps producer resources on the " +
        "peering, and the VPC cannot go while the connection holds it",
    source:
        "https://github.com/hashicorp/terraform-provider-google/issues/16275; " +
        "https://github.com/hashicorp/terraform-provider-google/issues/19908",
    check(index) {
        if (!destroyedByDesign(index)) return [];
        const out: Finding[] = [];
        for (const c of index.ofType(connectionType)) {
            const network = networkKey(c.inputs.network);
            const producers = network === undefined ? [] : producersOn(index, network);
            if (producers.length === 0 || abandoned(c)) continue;
            const vpc = index
                .ofType(networkType)
                .find((n) => network !== undefined && network.endsWith(`/networks/${textOf(n.inputs.name, n.name)}`));
            out.push(
                finding(
                    this,
                    c,
                    `deletionPolicy ${textOf(c.inputs.deletionPolicy, "DELETE (default)")}: DeleteConnection ` +
                        `is refused while ${producers.map((p) => p.name).join(", ")} leave producer resources ` +
                        `on the peering, and VPC ${vpc?.name ?? network} cannot be deleted while the connection ` +
                        `holds it`,
                ),
            );
        }
        return out;
    },
};

const sqlUserDeletion: Rule = {
    id: "delete-sql-user",
    summary:
        "a PostgreSQL user of a destroyed cell is abandoned (deletionPolicy ABANDON): PostgreSQL " +
        "refuses to drop a role that owns objects, and the instance's deletion takes it along",
    source:
        "@pulumi/gcp 9.35.0 sql/user.d.ts, deletionPolicy: useful for Postgres, where users cannot be " +
        "deleted from the API if they have been granted SQL roles",
    check(index) {
        if (!destroyedByDesign(index)) return [];
        const postgres = new Set(
            index
                .ofType("gcp:sql/databaseInstance:DatabaseInstance")
                .filter((i) => textOf(i.inputs.databaseVersion, "").startsWith("POSTGRES"))
                .map((i) => String(i.inputs.name)),
        );
        return index
            .ofType("gcp:sql/user:User")
            .filter((u) => postgres.has(String(u.inputs.instance)) && !abandoned(u))
            .map((u) =>
                finding(
                    this,
                    u,
                    `deletionPolicy ${textOf(u.inputs.deletionPolicy, "DELETE (default)")} on PostgreSQL ` +
                        `instance ${String(u.inputs.instance)}: the drop is refused while the role owns objects`,
                ),
            );
    },
};

/** `cloud.google.com/neg` annotation → the NEG names it asks the controller for. */
export function negNamesOf(service: InventoryResource): string[] {
    const annotations = at(service.inputs, "metadata.annotations");
    const text =
        annotations !== null && typeof annotations === "object"
            ? (annotations as Record<string, unknown>)["cloud.google.com/neg"]
            : undefined;
    if (typeof text !== "string") return [];
    try {
        const parsed = JSON.parse(text) as { exposed_ports?: Record<string, { name?: unknown }> };
        return Object.values(parsed.exposed_ports ?? {}).flatMap((p) => (typeof p.name === "string" ? [p.name] : []));
    } catch {
        return [];
    }
}

const negOrder: Rule = {
    id: "neg-order",
    summary:
        "in a destroyed cell, a backend service waits for the Services whose NEGs it names, " +
        "and each Service for its cluster: destroy then deletes the backend service, then " +
        "the Services (the NEG controller deletes the NEGs), then the cluster",
    source:
        "https://cloud.google.com/kubernetes-engine/docs/how-to/standalone-neg (NEGs outlive " +
        "a cluster deleted first); a NEG in use by a backend service cannot be deleted (Compute " +
        "API resourceInUseByAnotherResource)",
    check(index) {
        if (!destroyedByDesign(index)) return [];
        const out: Finding[] = [];
        const services = index.ofType("kubernetes:core/v1:Service");
        const clusters = new Set(index.ofType("gcp:container/cluster:Cluster").map((c) => c.urn));
        for (const bs of index.ofType("gcp:compute/backendService:BackendService")) {
            const backends = Array.isArray(bs.inputs.backends) ? (bs.inputs.backends as { group?: unknown }[]) : [];
            const negs = new Set(
                backends
                    .flatMap((b) =>
                        typeof b.group === "string" ? [/networkEndpointGroups\/([^/]+)$/.exec(b.group)?.[1] ?? ""] : [],
                    )
                    .filter((n) => n),
            );
            const reach = index.reaches(bs);
            for (const neg of [...negs].sort()) {
                const owners = services.filter((s) => negNamesOf(s).includes(neg));
                if (owners.length === 0)
                    out.push(
                        finding(
                            this,
                            bs,
                            `names NEG ${neg}, which no Service of the plan creates: nothing deletes it before ` +
                                `the cluster`,
                        ),
                    );
                for (const s of owners)
                    if (!reach.has(s.urn))
                        out.push(
                            finding(
                                this,
                                bs,
                                `does not wait for Service ${s.name} (NEG ${neg}): destroy could delete the Service ` +
                                    `first and the NEG, still in use, stays`,
                            ),
                        );
            }
        }
        for (const s of services.filter((svc) => negNamesOf(svc).length > 0)) {
            if (![...index.reaches(s)].some((u) => clusters.has(u)))
                out.push(
                    finding(
                        this,
                        s,
                        "creates NEGs but does not wait for a cluster: destroy could delete the cluster first " +
                            "and leave its NEGs behind",
                    ),
                );
        }
        return out;
    },
};

export const deletionRules: readonly Rule[] = [connectionDeletion, sqlUserDeletion, negOrder];

/** The imperative steps a destroy of this cell needs between its Pulumi phases, each with its command. */
export interface TeardownStep {
    /** URNs the first `destroy` leaves for after the step. */
    keep: string[];
    description: string;
    commands: string[];
}

/**
 * An abandoned connection leaves its peering on the VPC, and the VPC (and the allocated range the
 * peering uses) cannot be deleted while it is there (magic-modules#18476, which adds a
 * REMOVE_PEERING policy later than the pinned provider): remove the peering between two destroys.
 * Before it, the NEGs the controller may have left are listed and deleted, since they too are
 * resources in the VPC.
 */
export function teardownSteps(index: InventoryIndex): TeardownStep[] {
    if (!destroyedByDesign(index)) return [];
    const steps: TeardownStep[] = [];
    const negs = [...new Set(index.ofType("kubernetes:core/v1:Service").flatMap(negNamesOf))].sort();
    for (const c of index.ofType(connectionType).filter(abandoned)) {
        const network = networkKey(c.inputs.network);
        const vpc = index
            .ofType(networkType)
            .find((n) => network !== undefined && network.endsWith(`/networks/${textOf(n.inputs.name, n.name)}`));
        if (!vpc || network === undefined) continue;
        const ranges = Array.isArray(c.inputs.reservedPeeringRanges) ? c.inputs.reservedPeeringRanges.map(String) : [];
        const keep = [
            vpc.urn,
            ...index
                .ofType("gcp:compute/globalAddress:GlobalAddress")
                .filter((a) => ranges.includes(String(a.inputs.name)))
                .map((a) => a.urn),
        ];
        const project = index.project;
        const vpcName = textOf(vpc.inputs.name, vpc.name);
        steps.push({
            keep,
            description:
                `remove the peering the abandoned connection left on VPC ${vpcName}, and any NEG ` +
                `the controller left in it`,
            commands: [
                ...negs.map(
                    (n) =>
                        `gcloud compute network-endpoint-groups list --project=${project} --filter="name=${n}" ` +
                        `--format="value(name,zone.basename())"  # delete each: gcloud compute network-endpoint-groups ` +
                        `delete ${n} --zone=<zone> --project=${project}`,
                ),
                // The name the service producer gives the peering (the connection's `peering` output).
                `gcloud compute networks peerings delete servicenetworking-googleapis-com --network=${vpcName} ` +
                    `--project=${project}`,
            ],
        });
    }
    return steps;
}
