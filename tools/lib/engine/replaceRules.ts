/**
 * What the providers replace instead of updating in place, per resource type the program
 * declares, and whether the replacement deletes the old object first. Each rule says where it was
 * read (provider, version, file and line); `ruleFor` refuses a type without one, so a new type in
 * the program fails the coverage test until its rule is read from its provider.
 *
 * GCP: terraform-provider-google-beta's ForceNew fields (generated/gcp.json, written by
 * tools/generate-provider-rules.ts from the provider source) and the CustomizeDiff
 * functions that force a new resource, as pulumi-gcp bridges them. The bridge asks for
 * delete-before-replace when an autonamed input (`name`) was set by the program
 * (pulumi-terraform-bridge pkg/tfbridge/schema.go nameRequiresDeleteBeforeReplace) or the type is
 * marked DeleteBeforeReplace in pulumi-gcp's provider/resources.go.
 *
 * Kubernetes: pulumi-kubernetes' forceNewProperties (provider/pkg/provider/diff.go, in
 * generated/kubernetes.json) and its Diff
 * (provider/pkg/provider/provider.go): a replacement deletes first when metadata.name is set by the
 * program and neither name nor namespace changes.
 */
import * as ipaddr from "ipaddr.js";
import * as YAML from "yaml";
import type { Inventory, InventoryResource } from "../plan";
import { gcpRules, k8sRules, type GcpResourceSchema, type SourceRecord } from "./generatedRules";
import { get, isPrefix, parseRulePath, valuesAt, type Segments } from "./paths";

/** One changed input path of an update. */
export interface InputChange {
    path: Segments;
    /** As shown to people: `spec.template.spec.containers[0].image`. */
    formatted: string;
    /** The program no longer sets the path. */
    removed: boolean;
}

export interface RuleInput {
    old: InventoryResource;
    now: InventoryResource;
    changes: InputChange[];
    /** The inventory after the change (the resource's provider is looked up in it). */
    after: Inventory;
}

export interface ReplaceDecision {
    replaceBecause: string[];
    deleteBeforeReplace: boolean;
    /** The provider's diff fails with this message: the preview stops at the resource. */
    error?: string;
}

export interface Provenance {
    provider: string;
    version: string;
    /** Files with line numbers, or documentation URLs, the rule was read from. */
    sources: string[];
    /** What the source leaves open, where it does. */
    note?: string;
}

export interface ReplaceRule {
    type: string;
    provenance: Provenance;
    /** Input paths whose change replaces the resource (`[]`: any list element). */
    forceNew: string[];
    /**
     * Replacements that depend on old and new values (CustomizeDiff, provider flags), and the
     * CustomizeDiff steps that take changes out of the diff.
     */
    conditions: string[];
    /**
     * Whether an input made whole unknown replaces through the force-new paths under it, as its
     * provider diffs it: the Kubernetes provider marshals an unknown value as an object of its own,
     * so its merge patch deletes every field the input held (an unknown `spec` replaces through
     * `spec.selector`; pulumi-kubernetes 4.32.0 provider.go inputPatch, convertPatchToDiff). The
     * Google provider diffs an unknown block by its own ForceNew alone (terraform-plugin-sdk
     * schemaMap.diff), so only the input itself counts.
     */
    unknownReachesNested?: boolean;
    decide(input: RuleInput): ReplaceDecision;
}

interface Field {
    path: Segments;
    display: string;
    /** Optional+Computed: unsetting keeps the state's value, so only a set, different value counts. */
    computed: boolean;
    /**
     * A list or set of blocks: the SDK diffs the block's count with its ForceNew and each nested
     * field with that field's own schema (terraform-plugin-sdk v2.40.1, the version
     * terraform-provider-google-beta's go.mod requires: helper/schema/schema.go:1396 countSchema,
     * :1430 case *Resource; diffSet :1620, :1678), so only adding or removing a block replaces; a
     * nested change is an update unless the nested field is ForceNew itself. A list of primitives
     * passes its ForceNew to each element (:1441).
     */
    block?: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The changed paths that fall under a force-new field, or the field when a change holds it. */
function forceNewHits(fields: readonly Field[], input: RuleInput): string[] {
    const hits = new Set<string>();
    for (const c of input.changes) {
        for (const f of fields) {
            if (isPrefix(f.path, c.path)) {
                if (f.computed && c.removed && c.path.length === f.path.length) continue;
                if (f.block && c.path.length > f.path.length) continue;
                hits.add(c.formatted);
            } else if (isPrefix(c.path, f.path)) {
                const before = valuesAt(input.old.inputs, f.path);
                const after = valuesAt(input.now.inputs, f.path);
                if (f.computed && after.length === 0) continue;
                if (f.block ? before.length !== after.length : !same(before, after)) hits.add(f.display);
            }
        }
    }
    return [...hits];
}

// ---------------------------------------------------------------------------------------------
// GCP

const gcpUpstream = gcpRules.source;
const gcpSource = (at: string) =>
    `terraform-provider-google-beta ${gcpUpstream.version} ${at.startsWith("google-beta/") ? at : `google-beta/services/${at}`}`;

type Condition = { describe: string; at: string; test(input: RuleInput): string[] };

const num = (v: unknown) =>
    typeof v === "number" ? v : typeof v === "string" && v !== "" && !isNaN(Number(v)) ? Number(v) : undefined;

/** resource_sql_database_instance.go isSwitchoverFromOldPrimarySide, on prior inputs as the state. */
function isSwitchoverFromOldPrimarySide(input: RuleInput): boolean {
    const oldInputs = input.old.inputs;
    const n = input.now.inputs;
    // Optional+Computed fields the program leaves unset keep the state's value.
    const newOr = (k: string) => (n[k] === undefined ? oldInputs[k] : n[k]);
    const newMaster = n.masterInstanceName;
    const replicaConfiguration = newOr("replicaConfiguration");
    if (!replicaConfiguration || typeof replicaConfiguration !== "object") return false;
    const oldReplicaNames = (oldInputs.replicaNames as unknown[] | undefined) ?? [];
    const newReplicaNames = (newOr("replicaNames") as unknown[] | undefined) ?? [];
    const cascadable = (replicaConfiguration as Record<string, unknown>).cascadableReplica === true;
    const isSqlServer =
        typeof (n.databaseVersion ?? oldInputs.databaseVersion) === "string" &&
        String(n.databaseVersion ?? oldInputs.databaseVersion).startsWith("SQLSERVER");
    return (
        newMaster !== undefined &&
        oldInputs.instanceType === "CLOUD_SQL_INSTANCE" &&
        newOr("instanceType") === "READ_REPLICA_INSTANCE" &&
        oldReplicaNames.includes(newMaster) &&
        !newReplicaNames.includes(newMaster) &&
        (!isSqlServer || cascadable)
    );
}

const sqlType = "gcp:sql/databaseInstance:DatabaseInstance";
const clusterType = "gcp:container/cluster:Cluster";
const secretType = "gcp:secretmanager/secret:Secret";

/**
 * Where the provider code a CustomizeDiff rule follows is, from the generated data: the first
 * anchor's `file:line`, then the others' (a helper function) by name and line. A rule whose anchor
 * the generator did not find fails here, at load.
 */
function cdAt(type: string, ...anchors: string[]): string {
    const known = gcpRules.schemas[type]?.customizeDiff ?? [];
    const positions = anchors.map((anchor) => {
        const found = known.find((k) => k.anchor === anchor);
        if (!found) throw new Error(`generated/gcp.json has no position of ${anchor} for ${type}`);
        return { anchor, at: found.at };
    });
    const [first, ...rest] = positions;
    const named = rest.map((p) => `${p.anchor.replace(/^func (\w+)\($/, "$1")} :${p.at.split(":")[1] ?? ""}`);
    return `${first?.at ?? ""}${named.length > 0 ? ` (${named.join(", ")})` : ""}`;
}
/**
 * A CustomizeDiff step that sets a field's new value (ResourceDiff.SetNew), which first deletes
 * the field's attribute diffs and its children's (terraform-plugin-sdk helper/schema
 * resource_diff.go setDiff, clear), static ForceNew and ForceNewIf alike, or that fails the diff.
 * It applies to the resource's own diff: `paths` leave it, or the provider returns `error`.
 */
type Clearing = {
    name: string;
    describe: string;
    at: string;
    apply(input: RuleInput): { paths: string[] } | { error: string } | undefined;
};

/** Whether a reason (a formatted input path) lies under one of the paths. */
const under = (reason: string, paths: readonly string[]) =>
    paths.some((p) => reason === p || reason.startsWith(`${p}.`) || reason.startsWith(`${p}[`));

const changedTo = (input: RuleInput, path: string) => ({
    old: get(input.old.inputs, path),
    now: get(input.now.inputs, path),
});

const gcpConditions: Record<string, Condition[]> = {
    "gcp:sql/databaseInstance:DatabaseInstance": [
        {
            describe:
                "masterInstanceName set to a new value replaces the instance, unless it is the old primary's side of a switchover: " +
                "instanceType CLOUD_SQL_INSTANCE → READ_REPLICA_INSTANCE, the new master among the state's replicaNames and not among the new ones, and a replicaConfiguration",
            at: cdAt(sqlType, 'customdiff.ForceNewIf("master_instance_name"', "func isSwitchoverFromOldPrimarySide("),
            test: (i) => {
                const c = changedTo(i, "masterInstanceName");
                return c.now !== undefined && c.now !== c.old && !isSwitchoverFromOldPrimarySide(i)
                    ? ["masterInstanceName"]
                    : [];
            },
        },
        {
            describe:
                "replicaConfiguration.cascadableReplica changes replace the instance, with the same switchover exception",
            at: cdAt(sqlType, 'customdiff.ForceNewIf("replica_configuration.0.cascadable_replica"'),
            test: (i) => {
                const c = changedTo(i, "replicaConfiguration.cascadableReplica");
                return c.now !== undefined && c.now !== c.old && !isSwitchoverFromOldPrimarySide(i)
                    ? ["replicaConfiguration.cascadableReplica"]
                    : [];
            },
        },
        {
            describe: "settings.diskSize shrinking with settings.diskAutoresize false replaces the instance",
            at: cdAt(sqlType, "d.ForceNew(key)", "func diskSizeCutomizeDiff("),
            test: (i) => {
                const c = changedTo(i, "settings.diskSize");
                const o = num(c.old);
                const n = num(c.now);
                return o !== undefined &&
                    n !== undefined &&
                    n < o &&
                    get(i.now.inputs, "settings.diskAutoresize") === false
                    ? ["settings.diskSize"]
                    : [];
            },
        },
        {
            describe: "settings.ipConfiguration.privateNetwork going from set to unset replaces the instance",
            at: cdAt(
                sqlType,
                'd.ForceNew("settings.0.ip_configuration.0.private_network")',
                "func privateNetworkCustomizeDiff(",
            ),
            test: (i) => {
                const c = changedTo(i, "settings.ipConfiguration.privateNetwork");
                return c.old && !c.now ? ["settings.ipConfiguration.privateNetwork"] : [];
            },
        },
        {
            describe: "settings.autoUpgradeEnabled going from true to false or unset replaces the instance",
            at: cdAt(sqlType, 'd.ForceNew("settings.0.auto_upgrade_enabled")', "func autoUpgradeEnabledCustomizeDiff("),
            test: (i) => {
                const c = changedTo(i, "settings.autoUpgradeEnabled");
                return c.old === true && c.now !== true ? ["settings.autoUpgradeEnabled"] : [];
            },
        },
    ],
    "gcp:container/cluster:Cluster": [
        ...[
            ["enableL4IlbSubsetting", "enable_l4_ilb_subsetting"],
            ["enableFqdnNetworkPolicy", "enable_fqdn_network_policy"],
        ].map(([f = "", k = ""]): Condition => ({
            describe: `${f} going from true to false replaces the cluster (isBeenEnabled)`,
            at: cdAt(clusterType, `customdiff.ForceNewIfChange("${k}", isBeenEnabled)`),
            test: (i) => (changedTo(i, f).old === true && changedTo(i, f).now === false ? [f] : []),
        })),
        {
            describe: "dnsConfig.additiveVpcScopeDnsDomain changes on an Autopilot cluster replace it",
            at: cdAt(clusterType, 'd.ForceNew("dns_config.0.additive_vpc_scope_dns_domain")'),
            test: (i) => {
                const c = changedTo(i, "dnsConfig.additiveVpcScopeDnsDomain");
                return get(i.now.inputs, "enableAutopilot") === true && !same(c.old, c.now)
                    ? ["dnsConfig.additiveVpcScopeDnsDomain"]
                    : [];
            },
        },
        {
            describe: "removing an API from enableK8sBetaApis.enabledApis replaces the cluster",
            at: cdAt(clusterType, 'd.ForceNew("enable_k8s_beta_apis.0.enabled_apis")'),
            test: (i) => {
                const o = (get(i.old.inputs, "enableK8sBetaApis.enabledApis") as unknown[] | undefined) ?? [];
                const n = (get(i.now.inputs, "enableK8sBetaApis.enabledApis") as unknown[] | undefined) ?? [];
                return o.some((a) => !n.includes(a)) ? ["enableK8sBetaApis.enabledApis"] : [];
            },
        },
    ],
    "gcp:compute/subnetwork:Subnetwork": [
        {
            describe:
                "ipCidrRange changes that do not contain the old range (anything but an expansion) replace the subnetwork",
            at: cdAt(
                "gcp:compute/subnetwork:Subnetwork",
                'customdiff.ForceNewIfChange("ip_cidr_range", IsShrinkageIpCidr)',
                "func IsShrinkageIpCidr(",
            ),
            test: (i) => {
                const c = changedTo(i, "ipCidrRange");
                if (typeof c.old !== "string" || typeof c.now !== "string" || c.old === c.now) return [];
                try {
                    const [oldAddress, oldBits] = ipaddr.IPv4.parseCIDR(c.old);
                    const [, newBits] = ipaddr.IPv4.parseCIDR(c.now);
                    const expands = oldBits >= newBits && oldAddress.match(ipaddr.IPv4.parseCIDR(c.now));
                    return expands ? [] : ["ipCidrRange"];
                } catch {
                    return [];
                }
            },
        },
    ],
    "gcp:redis/instance:Instance": [
        {
            describe: "redisVersion decreasing (REDIS_<major>_<minor>) replaces the instance",
            at: cdAt(
                "gcp:redis/instance:Instance",
                'customdiff.ForceNewIfChange("redis_version", isRedisVersionDecreasing)',
                "func isRedisVersionDecreasingFunc(",
            ),
            test: (i) => {
                const c = changedTo(i, "redisVersion");
                const v = (s: unknown) => {
                    const m = typeof s === "string" ? /REDIS_(\d+)_(\d+)/.exec(s) : null;
                    return m ? Number(`${m[1]}.${m[2]}`) : undefined;
                };
                const o = v(c.old);
                const n = v(c.now);
                return o !== undefined && n !== undefined && n < o ? ["redisVersion"] : [];
            },
        },
    ],
    "gcp:secretmanager/secret:Secret": [
        {
            describe:
                "replication.auto or replication.automatic changes replace the secret, except automatic true → false while auto is added",
            at: cdAt(
                secretType,
                'diff.ForceNew("replication.0.automatic")',
                'diff.ForceNew("replication.0.auto")',
                "func secretManagerSecretAutoCustomizeDiff(",
            ),
            test: (i) => {
                const automatic = changedTo(i, "replication.automatic");
                const auto = changedTo(i, "replication.auto");
                if (automatic.old === true && automatic.now !== true && auto.now !== undefined) return [];
                return [
                    ...(!same(automatic.old, automatic.now) ? ["replication.automatic"] : []),
                    ...(!same(auto.old, auto.now) ? ["replication.auto"] : []),
                ];
            },
        },
    ],
};

const gcpClearings: Record<string, Clearing[]> = {
    [sqlType]: [
        {
            // The chain runs it after the ForceNewIf on master_instance_name, whose ForceNew it
            // undoes: the new value it sets is null, and an Optional+Computed field set to null
            // has no diff (schema.go diffString: removed and Computed).
            name: "replica promotion",
            describe:
                "instanceType READ_REPLICA_INSTANCE → CLOUD_SQL_INSTANCE promotes the replica in place: masterInstanceName " +
                "and replicaConfiguration leave the diff, so neither replaces it; the program must set neither, or the " +
                "provider's diff fails",
            at: cdAt(
                sqlType,
                'customdiff.IfValueChange("instance_type", isReplicaPromoteRequested, checkPromoteConfigurationsAndUpdateDiff)',
                "func isReplicaPromoteRequested(",
                "func checkPromoteConfigurationsAndUpdateDiff(",
                "func validatePromoteConfigurations(",
            ),
            apply: (i) => {
                const before = i.old.inputs.instanceType;
                // Optional+Computed: a program that leaves it unset keeps the state's value.
                const after = i.now.inputs.instanceType ?? before;
                if (before !== "READ_REPLICA_INSTANCE" || after !== "CLOUD_SQL_INSTANCE") return undefined;
                // validatePromoteConfigurations reads the configuration as the program sets it.
                if (i.now.inputs.masterInstanceName != null)
                    return {
                        error: "Replica promote configuration check failed. Please remove master_instance_name and try again.",
                    };
                if (i.now.inputs.replicaConfiguration != null)
                    return {
                        error: "Replica promote configuration check failed. Please remove replica_configuration and try again.",
                    };
                return { paths: ["masterInstanceName", "replicaConfiguration"] };
            },
        },
    ],
};

/** A resource whose provider reference changes, or whose provider is replaced, is replaced (step_generator.go providerChanged). */
export const providerChangeReason = "(provider)";

/** How a rule's source stands to its pin: the version read, and what lies between, where they differ. */
function versionOf(source: SourceRecord, bridged: string): string {
    return `${source.version} (${source.commit.slice(0, 12)}), ${bridged}`;
}

function gcpRule(type: string, schema: GcpResourceSchema): ReplaceRule {
    const fields: Field[] = schema.forceNew.map((f) => ({
        path: parseRulePath(f.path),
        display: f.path,
        computed: f.computed,
        ...(f.block ? { block: true } : {}),
    }));
    const conditions = gcpConditions[type] ?? [];
    const clearings = gcpClearings[type] ?? [];
    const bridge = gcpRules.bridge;
    const sources = [
        gcpSource(schema.schemaAt),
        ...conditions.map((c) => gcpSource(c.at)),
        ...clearings.map((c) => gcpSource(c.at)),
        ...(schema.resourceInfoAt
            ? [`pulumi-gcp ${bridge.version} provider/resources.go:${schema.resourceInfoAt}`]
            : []),
        ...(schema.deleteBeforeReplaceAt
            ? [`pulumi-gcp ${bridge.version} ${schema.deleteBeforeReplaceAt} (DeleteBeforeReplace)`]
            : []),
        "pulumi-terraform-bridge v3.137.0 pkg/tfbridge/schema.go:195 (nameRequiresDeleteBeforeReplace), " +
            "pkg/tfbridge/info/autonaming.go:43 (SetAutonaming)",
    ];
    return {
        type,
        provenance: {
            provider: `terraform-provider-google-beta (${schema.resource})`,
            version: versionOf(gcpUpstream, `bridged by ${gcpUpstream.pin}`),
            sources,
            ...(gcpUpstream.gap ? { note: gcpUpstream.gap } : {}),
        },
        forceNew: schema.forceNew.map((f) => f.path),
        conditions: [...conditions.map((c) => c.describe), ...clearings.map((c) => `${c.name}: ${c.describe}`)],
        decide(input) {
            const because = [...forceNewHits(fields, input), ...conditions.flatMap((c) => c.test(input))];
            let uniq = [...new Set(because)];
            for (const c of clearings) {
                const applied = c.apply(input);
                if (applied === undefined) continue;
                if ("error" in applied) return { replaceBecause: [], deleteBeforeReplace: false, error: applied.error };
                uniq = uniq.filter((r) => !under(r, applied.paths));
            }
            const named = schema.autonamed !== undefined && input.now.inputs[schema.autonamed] !== undefined;
            return {
                replaceBecause: uniq,
                deleteBeforeReplace: uniq.length > 0 && (schema.deleteBeforeReplace === true || named),
            };
        },
    };
}

// ---------------------------------------------------------------------------------------------
// Kubernetes

const k8sSource = k8sRules.source;
const k8sVersion = { provider: "pulumi-kubernetes", version: versionOf(k8sSource, `standing for ${k8sSource.pin}`) };
const metadataForceNew = [".metadata.name", ".metadata.namespace"];
const k8sDiff = "pulumi-kubernetes provider/pkg/provider/diff.go";
/** A Kubernetes rule's note: what it leaves open, after the gap between the version read and the pin. */
function k8sNote(open: string | undefined): { note?: string } {
    const note = [k8sSource.gap, open].filter((n): n is string => n !== undefined).join(" ");
    return note === "" ? {} : { note };
}

/** The line of a generated `file.go:line`. */
const lineNo = (at: string) => at.split(":")[1] ?? "";
const k8sProvider = "pulumi-kubernetes provider/pkg/provider/provider.go";

/** Provider config flags as the k8s Provider resource's inputs carry them (the SDK sends them as strings). */
function providerFlag(input: RuleInput, flag: string): boolean {
    const provider = input.after.resources.find((r) => r.urn === input.now.provider);
    const v = provider ? provider.inputs[flag] : undefined;
    return v === true || v === "true";
}

type K8sSpec = (typeof k8sRules.kinds)[string];

function k8sRule(type: string, spec: K8sSpec): ReplaceRule {
    const conditions = spec.mutableFlag
        ? [
              `${spec.mutableFlag.paths.join(", ")} changes replace unless the Provider sets ${spec.mutableFlag.flag} (and the object is not immutable)`,
          ]
        : [];
    return {
        type,
        provenance: {
            ...k8sVersion,
            sources: [
                `${k8sDiff}:${k8sRules.forceNewPropertiesAt.split(":")[1] ?? ""} (forceNewProperties), ${spec.at}`,
                `${k8sProvider}:${lineNo(k8sRules.identityReplacesAt)} (identity change replaces), ` +
                    `:${lineNo(k8sRules.deleteBeforeReplaceAt)} (deleteBeforeReplace)`,
                ...(spec.mutableFlag
                    ? [
                          `${k8sProvider}:${(k8sRules.mutableFlagsAt[spec.mutableFlag.flag] ?? "").split(":")[1] ?? ""} (${spec.mutableFlag.flag}: provider config, else PULUMI_K8S_* env var, default false)`,
                          "https://github.com/pulumi/pulumi-kubernetes/issues/1567",
                          "https://github.com/pulumi/pulumi-kubernetes/issues/1568",
                      ]
                    : []),
            ],
            ...k8sNote(
                spec.mutableFlag
                    ? "The PULUMI_K8S_ENABLE_*_MUTABLE environment variable of whoever runs `pulumi up` is not " +
                          "visible offline; only the Provider's input counts here."
                    : undefined,
            ),
        },
        forceNew: [...metadataForceNew, ...spec.forceNew].map((p) => p.slice(1)),
        conditions,
        unknownReachesNested: true,
        decide(input) {
            const paths = [...metadataForceNew, ...spec.forceNew];
            if (spec.mutableFlag) {
                const immutable = input.now.inputs.immutable === true;
                if (!providerFlag(input, spec.mutableFlag.flag) || immutable) paths.push(...spec.mutableFlag.paths);
            }
            const fields: Field[] = paths.map((p) => ({
                path: parseRulePath(p),
                display: p.slice(1),
                computed: false,
            }));
            const because = forceNewHits(fields, input);
            const oldName = get(input.old.inputs, "metadata.name");
            const newName = get(input.now.inputs, "metadata.name");
            const deleteBeforeReplace =
                because.length > 0 &&
                newName !== undefined &&
                newName === oldName &&
                same(get(input.now.inputs, "metadata.namespace"), get(input.old.inputs, "metadata.namespace"));
            return { replaceBecause: because, deleteBeforeReplace };
        },
    };
}

/** The active cluster of a kubeconfig (its server and CA), or undefined when it cannot be read offline. */
function activeCluster(kubeconfig: unknown, context: unknown, cluster: unknown): unknown {
    if (typeof kubeconfig !== "string" || kubeconfig === "[secret]" || kubeconfig === "[unknown]") return undefined;
    try {
        const kc = YAML.parse(kubeconfig) as {
            "current-context"?: string;
            contexts?: { name: string; context: { cluster: string } }[];
            clusters?: { name: string; cluster: unknown }[];
        };
        const ctxName = typeof context === "string" ? context : kc["current-context"];
        const clusterName =
            typeof cluster === "string" ? cluster : kc.contexts?.find((c) => c.name === ctxName)?.context.cluster;
        return kc.clusters?.find((c) => c.name === clusterName)?.cluster;
    } catch {
        return undefined;
    }
}

const k8sProviderRule: ReplaceRule = {
    type: "pulumi:providers:kubernetes",
    provenance: {
        ...k8sVersion,
        sources: [`${k8sProvider}:${k8sRules.diffConfigAt.split(":")[1] ?? ""} (DiffConfig)`],
        ...k8sNote(
            "A kubeconfig masked as a secret cannot be compared offline; its change is then shown as an update.",
        ),
    },
    forceNew: ["clusterIdentifier", "renderYamlToDirectory"],
    conditions: [
        "kubeconfig, context or cluster unknown at preview time replaces the provider",
        "a change of the kubeconfig's active cluster (server, certificate) replaces the provider",
        "clusterIdentifier updated (not added or removed) replaces the provider; an unchanged clusterIdentifier cancels every replacement",
    ],
    decide(input) {
        const o = input.old.inputs;
        const n = input.now.inputs;
        const changed = (k: string) => !same(o[k], n[k]);
        const because: string[] = [];
        if (o.clusterIdentifier !== undefined && n.clusterIdentifier !== undefined && changed("clusterIdentifier"))
            because.push("clusterIdentifier");
        for (const k of ["kubeconfig", "context", "cluster"]) if (n[k] === "[unknown]" && changed(k)) because.push(k);
        if (changed("renderYamlToDirectory")) because.push("renderYamlToDirectory");
        const before = activeCluster(o.kubeconfig, o.context, o.cluster);
        const after = activeCluster(n.kubeconfig, n.context, n.cluster);
        if (before !== undefined && after !== undefined && !same(before, after))
            for (const k of ["kubeconfig", "context", "cluster"]) if (changed(k)) because.push(k);
        if (n.clusterIdentifier !== undefined && !changed("clusterIdentifier"))
            return { replaceBecause: [], deleteBeforeReplace: false };
        return { replaceBecause: [...new Set(because)], deleteBeforeReplace: false };
    },
};

/**
 * random:index/randomId:RandomId (the suffix of a drill cell's Cloud SQL names): every argument
 * requires replacement, which is what makes the value stable: nothing the program passes changes
 * between updates. keepers replace only when a value is not null (RequiresReplaceIfValuesNotNull).
 */
const randomIdRule: ReplaceRule = {
    type: "random:index/randomId:RandomId",
    provenance: {
        provider: "terraform-provider-random (bridged by @pulumi/random 4.21.1)",
        version:
            "module v1.3.2-0.20260513075824-f8d869dc98d9, the one pulumi-random v4.21.1 requires (provider/go.mod:197)",
        sources: [
            "terraform-provider-random internal/provider/resource_id.go:66",
            "terraform-provider-random internal/provider/resource_id.go:74",
            "terraform-provider-random internal/provider/resource_id.go:82",
        ],
    },
    forceNew: ["byteLength", "prefix", "keepers"],
    conditions: ["a keepers entry replaces only when its new value is not null"],
    decide(input) {
        const o = input.old.inputs;
        const n = input.now.inputs;
        const because = ["byteLength", "prefix"].filter((k) => !same(o[k], n[k]));
        const oldKeepers = (o.keepers ?? {}) as Record<string, unknown>;
        const newKeepers = (n.keepers ?? {}) as Record<string, unknown>;
        if (Object.entries(newKeepers).some(([k, v]) => v !== null && !same(oldKeepers[k], v))) because.push("keepers");
        return { replaceBecause: because, deleteBeforeReplace: false };
    },
};

// ---------------------------------------------------------------------------------------------

export const replaceRules: ReadonlyMap<string, ReplaceRule> = new Map<string, ReplaceRule>([
    ...Object.entries(gcpRules.schemas).map(([t, s]): [string, ReplaceRule] => [t, gcpRule(t, s)]),
    ...Object.entries(k8sRules.kinds).map(([t, s]): [string, ReplaceRule] => [t, k8sRule(t, s)]),
    [k8sProviderRule.type, k8sProviderRule],
    [randomIdRule.type, randomIdRule],
]);

export class UnknownTypeError extends Error {}

/** The rule of a custom resource type; throws for a type nobody has read the provider source for. */
export function ruleFor(type: string): ReplaceRule {
    const rule = replaceRules.get(type);
    if (!rule)
        throw new UnknownTypeError(
            `no replace rule for resource type ${type}: read its provider's source and add it to tools/lib/engine/replaceRules.ts`,
        );
    return rule;
}

/**
 * The replace keys `pulumi preview` shows for a replaced Google resource. pulumi-gcp's bridge
 * (pulumi-terraform-bridge v3.137.0, the version its provider/go.mod requires) builds the detailed
 * diff from the schema: a changed path replaces there only where the schema says ForceNew. When
 * the provider replaces for a CustomizeDiff reason alone (a ForceNewIf on a field the schema does
 * not force), no path carries the replacement and the bridge reports it under `__meta`
 * (pkg/tfbridge/provider.go:1208-1210, detailed_diff.go:802-811). So the model's reasons, which
 * name the field each rule forces, are the keys only where the schema forces them.
 */
export function bridgeReplaceKeys(type: string, because: readonly string[]): string[] {
    const schema = gcpRules.schemas[type];
    if (schema === undefined || because.length === 0) return [...because];
    const forced = because.filter((reason) => {
        const path = parseRulePath(reason.replace(/\[\d+\]/g, "[]"));
        return schema.forceNew.some((f) => {
            const field = parseRulePath(f.path);
            return isPrefix(field, path) || isPrefix(path, field);
        });
    });
    return forced.length > 0 ? forced : ["__meta"];
}
