/**
 * A stack's Kubernetes objects as the manifests Checkov's kubernetes framework reads: one multi-document
 * YAML file per cluster (the objects of one Kubernetes provider), since both regions declare objects of
 * the same kind, namespace and name. The objects are the plan's inputs (secrets masked), in plan order.
 */
import { stringify } from "yaml";
import type { Inventory } from "../plan";
import { UserInputError } from "../userError";

export interface ManifestFile {
    /** The cluster's Kubernetes provider name, e.g. `voice-cluster-europe-west1`. */
    cluster: string;
    yaml: string;
}

export function renderManifests(inventory: Inventory): ManifestFile[] {
    const providers = new Map(
        inventory.resources.filter((r) => r.type === "pulumi:providers:kubernetes").map((r) => [r.urn, r.name]),
    );
    const docs = new Map<string, string[]>();
    for (const r of inventory.resources) {
        if (!r.custom || !r.type.startsWith("kubernetes:")) continue;
        const cluster = providers.get(r.provider);
        if (!cluster) throw new UserInputError(`${r.urn}: its provider ${r.provider || "(default)"} is no cluster's`);
        if (typeof r.inputs.apiVersion !== "string" || typeof r.inputs.kind !== "string") {
            throw new UserInputError(`${r.urn}: has no apiVersion and kind`);
        }
        const { apiVersion, kind, ...rest } = r.inputs;
        const doc = stringify({ apiVersion, kind, ...rest }, { lineWidth: 0, aliasDuplicateObjects: false });
        docs.set(cluster, [...(docs.get(cluster) ?? []), doc]);
    }
    return [...docs.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([cluster, list]) => ({ cluster, yaml: list.join("---\n") }));
}
