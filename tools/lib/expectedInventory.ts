/**
 * The expected inventory of a stack, stored beside the tests (test/infra/expected/<stack>.yaml)
 * and reviewed like code: every resource by type and name with its protection, the count per
 * type, and the values a reviewer cares about (network ranges, tiers, replica counts, maintenance
 * windows, capacity scalers) per resource. A change that adds, loses or unprotects a resource, or
 * moves one of those values, anywhere in the program shows as a diff of that file;
 * `npm run expected` rewrites it after the change is accepted.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import type { Inventory } from "./plan";
import { projectRoot } from "./stackConfig";

export interface ExpectedInventory {
    stack: string;
    total: number;
    counts: Record<string, number>;
    /** `<type> <name>` → the reviewed values of that resource, for the types `reviewedValues` names. */
    values: Record<string, Record<string, unknown>>;
    /** `<type> <name>`, with ` (protected)` where the resource is protected; in registration order. */
    resources: string[];
}

type Inputs = Record<string, unknown>;

/** The value at a dotted path of the inputs, or undefined where any step is missing. */
function at(inputs: Inputs, dotted: string): unknown {
    let value: unknown = inputs;
    for (const key of dotted.split(".")) {
        if (value === null || typeof value !== "object") return undefined;
        value = (value as Inputs)[key];
    }
    return value;
}

/** The given paths of the inputs that are set, keyed by path. */
function pick(...paths: string[]): (inputs: Inputs) => Inputs {
    return (inputs) =>
        Object.fromEntries(paths.map((p): [string, unknown] => [p, at(inputs, p)]).filter(([, v]) => v !== undefined));
}

/** A list of objects as `key → value` of two of their fields (e.g. a subnet's secondary ranges by name). */
function mapOf(list: unknown, key: string, value: string): Record<string, unknown> | undefined {
    if (!Array.isArray(list)) return undefined;
    return Object.fromEntries(list.map((item: Inputs) => [String(at(item, key)), at(item, value)]));
}

/** Per type, what a reviewer reads of a resource's inputs. */
const reviewedValues: Record<string, (inputs: Inputs) => Inputs> = {
    "gcp:compute/subnetwork:Subnetwork": (i) => ({
        ipCidrRange: i.ipCidrRange,
        secondaryIpRanges: mapOf(i.secondaryIpRanges, "rangeName", "ipCidrRange"),
    }),
    "gcp:compute/globalAddress:GlobalAddress": (i) =>
        typeof i.address === "string" ? { range: `${i.address}/${String(i.prefixLength)}` } : {},
    "gcp:compute/backendService:BackendService": (i) => ({
        // By the NEG group URL's zone and name: `…/zones/<zone>/networkEndpointGroups/<neg>`.
        capacityScalers: Array.isArray(i.backends)
            ? Object.fromEntries(
                  i.backends.map((b: Inputs) => [
                      String(b.group).replace(/^.*\/zones\/([^/]+)\/networkEndpointGroups\//, "$1/"),
                      b.capacityScaler,
                  ]),
              )
            : undefined,
    }),
    "gcp:container/cluster:Cluster": pick(
        "privateClusterConfig.masterIpv4CidrBlock",
        "maintenancePolicy.recurringWindow",
    ),
    "gcp:container/nodePool:NodePool": pick(
        "nodeConfig.machineType",
        "autoscaling.minNodeCount",
        "autoscaling.maxNodeCount",
        "initialNodeCount",
    ),
    "gcp:sql/databaseInstance:DatabaseInstance": pick(
        "settings.edition",
        "settings.tier",
        "settings.availabilityType",
        "settings.maintenanceWindow",
    ),
    "gcp:redis/instance:Instance": pick("tier", "memorySizeGb", "maintenancePolicy.weeklyMaintenanceWindows"),
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": pick("spec.minReplicas", "spec.maxReplicas"),
    "kubernetes:apps/v1:Deployment": pick("spec.replicas"),
    "kubernetes:policy/v1:PodDisruptionBudget": pick("spec.minAvailable", "spec.maxUnavailable"),
};

export function expectedInventoryOf(inv: Inventory): ExpectedInventory {
    const counts: Record<string, number> = {};
    const values: Record<string, Record<string, unknown>> = {};
    for (const r of inv.resources) {
        counts[r.type] = (counts[r.type] ?? 0) + 1;
        const reviewed = reviewedValues[r.type];
        if (!reviewed) continue;
        const set = Object.fromEntries(Object.entries(reviewed(r.inputs)).filter(([, v]) => v !== undefined));
        if (Object.keys(set).length > 0) values[`${r.type} ${r.name}`] = set;
    }
    return {
        stack: inv.stack,
        total: inv.resources.length,
        counts: Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))),
        values: Object.fromEntries(Object.entries(values).sort(([a], [b]) => a.localeCompare(b))),
        resources: inv.resources.map((r) => `${r.type} ${r.name}${r.protect ? " (protected)" : ""}`),
    };
}

export function renderExpectedInventory(e: ExpectedInventory): string {
    return `# The expected inventory of ${e.stack}. Regenerate with \`npm run expected\` and review the diff.\n${YAML.stringify(e, { lineWidth: 0 })}`;
}

/** Where a stack's expected inventory is stored. */
export function expectedInventoryFile(stack: string): string {
    return path.join(projectRoot, "test", "infra", "expected", `${stack}.yaml`);
}

/** The stored expected inventory of a stack. */
export function readExpectedInventory(stack: string): ExpectedInventory {
    return YAML.parse(fs.readFileSync(expectedInventoryFile(stack), "utf8")) as ExpectedInventory;
}
