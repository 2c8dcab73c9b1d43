/**
 * Advisories for changes whose danger is in their meaning rather than in their operation: an
 * in-place update that still restarts something, or widens who can reach something. Each names
 * its source.
 * - Cloud SQL `settings.tier`: a machine-type change restarts the instance
 *   (https://cloud.google.com/sql/docs/postgres/instance-settings#impact).
 * - GKE `masterAuthorizedNetworksConfig.cidrBlocks`: the control plane is reachable from more
 *   addresses; the factor counts the addresses of each side's CIDRs (ipaddr.js), overlaps merged
 *   by counting each range once.
 * - A Deployment's `spec.template`: a rolling update replaces every pod of the Deployment
 *   (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#updating-a-deployment).
 */
import * as ipaddr from "ipaddr.js";
import type { ResourceChange } from "./diff";

const sources = {
    sqlTier: "https://cloud.google.com/sql/docs/postgres/instance-settings#impact",
    authorizedNetworks: "https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks",
    rollout: "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#updating-a-deployment",
};

/** The number of addresses a list of CIDRs covers (each distinct range once; nested ranges counted in the wider). */
export function addressCount(cidrs: readonly string[]): number {
    const ranges = [...new Set(cidrs)].flatMap((c) => {
        try {
            const [addr, prefix] = ipaddr.parseCIDR(c);
            return [{ addr, prefix, size: 2 ** ((addr.kind() === "ipv4" ? 32 : 128) - prefix) }];
        } catch {
            return [];
        }
    });
    return ranges
        .filter(
            (r, i) =>
                !ranges.some(
                    (o, j) =>
                        j !== i &&
                        o.prefix < r.prefix &&
                        o.addr.kind() === r.addr.kind() &&
                        r.addr.match(o.addr, o.prefix),
                ),
        )
        .reduce((n, r) => n + r.size, 0);
}

function cidrsOf(inputs: unknown): string[] {
    const blocks =
        (inputs as { masterAuthorizedNetworksConfig?: { cidrBlocks?: { cidrBlock?: string }[] } } | undefined)
            ?.masterAuthorizedNetworksConfig?.cidrBlocks ?? [];
    return blocks.map((b) => b.cidrBlock).filter((c): c is string => typeof c === "string");
}

/** The advisories of one change, given the resource's inputs before and after. */
export function advisories(
    change: ResourceChange,
    before: Record<string, unknown> | undefined,
    after: Record<string, unknown> | undefined,
): string[] {
    const out: string[] = [];
    if (change.type === "gcp:sql/databaseInstance:DatabaseInstance" && change.op === "update") {
        const tier = change.changes.find((p) => p.path === "settings.tier");
        if (tier)
            out.push(
                `the Cloud SQL tier ${JSON.stringify(tier.old)} → ${JSON.stringify(tier.new)} restarts the instance: minutes without the database (${sources.sqlTier})`,
            );
    }
    if (
        change.type === "gcp:container/cluster:Cluster" &&
        change.changes.some((p) => p.path.startsWith("masterAuthorizedNetworksConfig"))
    ) {
        const [old, now] = [addressCount(cidrsOf(before)), addressCount(cidrsOf(after))];
        if (now > old) {
            const factor = old === 0 ? "from none" : `${Number((now / old).toFixed(2))}×`;
            out.push(
                `the control plane is reachable from ${now} addresses instead of ${old} (${factor}, counted with ipaddr.js; ${sources.authorizedNetworks})`,
            );
        }
    }
    if (
        change.type === "kubernetes:apps/v1:Deployment" &&
        change.op === "update" &&
        change.changes.some((p) => p.path.startsWith("spec.template"))
    ) {
        const name = (after?.metadata as { name?: string } | undefined)?.name ?? change.name;
        out.push(`the pod template changes: a rolling update replaces every pod of ${name} (${sources.rollout})`);
    }
    return out;
}
