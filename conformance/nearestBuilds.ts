/**
 * The provider plugins the conformance previews ran with when the pinned release could not be
 * built: which release was built instead (the nearest one whose source could be had), where its
 * source came from, how its build differs from the release's own, and what the releases between
 * it and the pin change for the resource types and fields this program uses.
 *
 * The module proxy serves none of the pinned providers (docs/conformance.json, resolutions), so
 * each was built by hand from a fetched git snapshot of its repository. By the workplace rule the
 * snapshot's code, the binaries and the build recipe stay out of this repository; what is here is
 * the record of what was built, for the report and for test/conformance/versions.test.ts, which
 * holds each entry to the pin it was made for: a bumped pin needs a new build or a new entry.
 */

export interface GapChange {
    /** The release of the gap the change is in (or the range, when its release is not known). */
    release: string;
    /** What the release notes (or the commit) say, in short. */
    change: string;
    /** Where it is said. */
    source: string;
    /** This program's resource types (and fields) the change touches; empty when none. */
    touches: string[];
    /** What it means for the previews compared here and for the model. */
    effect: string;
}

export interface NearestBuild {
    npm: string;
    /** The package.json pin this entry answers for. */
    pin: string;
    /** The release built; the plugin reports it over GetPluginInfo. */
    built: string;
    repository: string;
    tag: string;
    commit: string;
    /** The upstream Terraform provider compiled in, for a bridged provider. */
    upstream?: { repository: string; version: string; commit: string };
    /** The Go package built and the version stamped into it, as the repository's Makefile does. */
    package: string;
    ldflags: string;
    /** Wall time of the build on the project's machine (2 cores shared, `nice`, -p=2). */
    buildSeconds: number;
    builtOn: string;
    /** Where the build differs from the release's own, and why. */
    deviations: string[];
    /** The releases between the build and the pin, and what of them was found. */
    gap: { releases: string[]; notesNotFound: string[]; changes: GapChange[] };
}

const gcpTypes = {
    cluster: "gcp:container/cluster:Cluster",
    nodePool: "gcp:container/nodePool:NodePool",
    sqlInstance: "gcp:sql/databaseInstance:DatabaseInstance",
    sqlUser: "gcp:sql/user:User",
};

/** The proxy refuses these language modules the bridge links for converting documentation examples. */
const bridgeCodegenNote =
    "The bridge links pulumi-dotnet's, pulumi-yaml's and pulumi-java's program generators (pulumi-terraform-bridge " +
    "pkg/tfgen, imported by pkg/pf/tfbridge) only to convert documentation examples";

export const nearestBuilds: NearestBuild[] = [
    {
        npm: "@pulumi/gcp",
        pin: "9.37.0",
        built: "9.35.0",
        repository: "github.com/pulumi/pulumi-gcp",
        tag: "v9.35.0",
        commit: "14da5bc83e88ea359bbe9788bd7116cb0f414adf",
        upstream: {
            repository: "github.com/hashicorp/terraform-provider-google-beta",
            version: "v7.45.0",
            commit: "3dc173a397749158369ea839a2890d89f8c9c370",
        },
        package: "github.com/pulumi/pulumi-gcp/provider/v9/cmd/pulumi-resource-gcp",
        ldflags:
            "-X github.com/pulumi/pulumi-gcp/provider/v9/pkg/version.Version=9.35.0 " +
            "-X github.com/hashicorp/terraform-provider-google-beta/version.ProviderVersion=9.35.0 " +
            "-X github.com/hashicorp/terraform-provider-google-beta/version.ProviderVersion=v9.35.0 -s -w",
        buildSeconds: 775,
        builtOn: "2026-12-08",
        deviations: [
            "The upstream submodule's commit with the repository's 8 patches/*.patch applied (each applied cleanly), " +
                "as its Makefile's upstream target does.",
            "The snapshot lacks provider/cmd/pulumi-resource-gcp/schema.json (a blob over the fetch limit), so the " +
                "schema was generated as the Makefile's schema target does (pulumi-tfgen-gcp schema, built from the " +
                "same tree; of the 775 s, 444 s built it and 11 s ran it), with --skip-examples: the embedded schema's documentation has no converted examples. " +
                "The schema feeds GetSchema and the bridge's token mapping; a resource's inputs come from the " +
                "provider's own Terraform schema.",
            `${bridgeCodegenNote}. pulumi-language-dotnet v3.111.1 came from a fetched snapshot of pulumi/pulumi-dotnet at ` +
                "its tag (the same source); pulumi-yaml v1.38.2 is not in the fetched snapshot, so v1.38.1 (commit " +
                "36f271cf0a6199cd0cb1d363a0b0faa707936983); pulumi-java v1.36.0 is refused by the proxy and its " +
                "snapshot is over the fetch limit, so a stand-in package whose one function the bridge links " +
                "(Java GenerateProgram) returns an error. None of them runs in a preview.",
        ],
        gap: {
            releases: ["9.36.0", "9.37.0"],
            notesNotFound: [
                "9.36.0: pulumi-gcp keeps no changelog (CHANGELOG_OLD.md stops long before); its release notes were " +
                    "not found, only the upstream upgrade below",
                "9.37.0: its own notes were not found beyond the release issue below; the notes of " +
                    "terraform-provider-google-beta v7.46.0 and v7.46.1 were not found (the snapshot's CHANGELOG.md " +
                    'has an empty "7.46.0 (Unreleased)"; the 7.46.1 changelog pull requests give titles only)',
            ],
            changes: [
                {
                    release: "9.36.0",
                    change: "Upgrades terraform-provider-google-beta from 7.45.0 to 7.46.0.",
                    source: "https://github.com/pulumi/pulumi-gcp/pull/3982, 2026-09-01",
                    touches: ["every gcp type of this program (the upstream provider is the resources' code)"],
                    effect:
                        "What 7.46.0 changes is not established: its notes were not found. The commits below are " +
                        "on the upstream's main after v7.45.0; whether each is in 7.46.0 is not established.",
                },
                {
                    release: "9.36.0",
                    change:
                        "container: suppress permadiff on private endpoint fields when IP endpoints are disabled " +
                        "(upstream commit 8e44798f52).",
                    source: "github.com/hashicorp/terraform-provider-google-beta main after v7.45.0, 2026-08-19",
                    touches: [`${gcpTypes.cluster} privateClusterConfig`],
                    effect:
                        "A diff suppression: it can only remove an update of privateClusterConfig that 9.35.0 " +
                        "shows, never add a replacement. The program keeps IP endpoints enabled (a private cluster " +
                        "with authorized networks), where it does not apply.",
                },
                {
                    release: "9.36.0",
                    change: "sql: add replication_lag_max_seconds to google_sql_database_instance (upstream commit fc06da114d).",
                    source: "github.com/hashicorp/terraform-provider-google-beta main after v7.45.0, 2026-08-17",
                    touches: [`${gcpTypes.sqlInstance} settings`],
                    effect: "A new optional field the program does not set: no diff on these previews.",
                },
                {
                    release: "9.36.0",
                    change:
                        "fix(sql): set resource identity before early-return in resourceSqlUserRead for stopped " +
                        "instances (upstream commit 6c67eb1d06).",
                    source: "github.com/hashicorp/terraform-provider-google-beta main after v7.45.0, 2026-08-19",
                    touches: [gcpTypes.sqlUser],
                    effect: "Read only (refresh and import); a preview does not read.",
                },
                {
                    release: "9.36.0",
                    change:
                        "Add opportunistic_maintenance_strategy to GKE node_config host_maintenance_policy " +
                        "(upstream commit 210d575040).",
                    source: "github.com/hashicorp/terraform-provider-google-beta main after v7.45.0, 2026-08-18",
                    touches: [`${gcpTypes.nodePool} nodeConfig`, `${gcpTypes.cluster} nodeConfig`],
                    effect: "A new optional block the program does not set: no diff on these previews.",
                },
                {
                    release: "9.37.0",
                    change:
                        "Upgrades terraform-provider-google-beta to 7.46.1 and pulumi-terraform-bridge to v3.139.0 " +
                        "(9.35.0 has v3.137.0).",
                    source: "https://github.com/pulumi/pulumi-gcp/issues/4019, 2026-09-14",
                    touches: ["every gcp type of this program"],
                    effect:
                        "Not established: the notes of 7.46.1 and of the bridge's v3.138.0 and v3.139.0 were not " +
                        "found. The model's gcp rules are generated from the pinned 9.37.0 schema " +
                        "(npm run generate:rules), not from this build.",
                },
            ],
        },
    },
    {
        npm: "@pulumi/kubernetes",
        pin: "4.34.2",
        built: "4.32.0",
        repository: "github.com/pulumi/pulumi-kubernetes",
        tag: "v4.32.0",
        commit: "a03ff6ba58d2f1ea68319dda4b2c982119489c71",
        package: "github.com/pulumi/pulumi-kubernetes/provider/v4/cmd/pulumi-resource-kubernetes",
        ldflags: "-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=4.32.0",
        buildSeconds: 973,
        builtOn: "2026-12-08",
        deviations: [
            "The snapshot lacks provider/cmd/pulumi-resource-kubernetes/schema.json and the swagger it is generated " +
                "from, so the embedded schema is the one of the provider module the module cache holds " +
                "(v4.0.0-20260115033456-f47bc2d6f199, the v4.25.0 era), stamped 4.32.0 by the repository's " +
                "go:generate. The provider reads it only for GetSchema and when reading an imported object's " +
                "inputs (provider.go:328, :2088); Check and Diff do not.",
            "sdk/go/kubernetes/core/v1/pulumiTypes.go is missing from the snapshot; the module proxy's sdk/v4 " +
                "v4.32.0 has it with the same git blob id (7c4b1917825f82944da78a684c89d78d0c046ae8).",
            "The proxy refuses github.com/pulumi/pulumi/pkg/v3 v3.243.0: the pulumi repository's own pkg/ at tag " +
                "v3.243.0 (commit adffab4571bcac0a3094e895e067afcf06c56f83, from a fetched snapshot) stands in, " +
                "the same source.",
            "The proxy refuses github.com/fluxcd/pkg/ssa v0.71.1-0.20260424094917-4f94dc680419: v0.72.0, " +
                "released the same day after that commit, stands in.",
        ],
        gap: {
            releases: ["4.33.0", "4.34.0", "4.34.1", "4.34.2"],
            notesNotFound: [
                "4.34.1: no notes found",
                "4.34.2: only the title of its changelog pull request (#4614, 2026-09-18, " +
                    '"Changelog for recent fixes") was found',
            ],
            changes: [
                {
                    release: "4.33.0",
                    change:
                        "Kubernetes schema and libraries v1.36.1 to v1.36.2; `includeHooks` on helm.sh/v4 Chart; " +
                        "`skipAwait` defaults documented for yaml/v2 and kustomize/v2.",
                    source:
                        "CHANGELOG.md Unreleased section of the pulumi-kubernetes snapshot (to 2026-07-01); " +
                        "release https://github.com/pulumi/pulumi-kubernetes/pull/4481, 2026-07-07",
                    touches: ["every kubernetes type of this program (a patch release of the Kubernetes schema)"],
                    effect:
                        "A patch release of the API schema adds or removes no field of Deployment, Service, " +
                        "ConfigMap, Secret, Namespace, ServiceAccount, HPA or PDB that the program sets; Chart and " +
                        "yaml/v2 are not used.",
                },
                {
                    release: "4.34.0",
                    change:
                        "waitFor JSONPath: the path and the optional value are split only on an '=' outside the " +
                        "brackets, braces inside string literals now parse (the old non-greedy bracket regex " +
                        "stopped at the first '}'), and comparing a path with a path fails at parse time.",
                    source:
                        "https://github.com/pulumi/pulumi-kubernetes/pull/4524 (in 4.34.0 per " +
                        "https://github.com/pulumi/pulumi-kubernetes/pull/4568, 2026-08-26)",
                    touches: [
                        "kubernetes:core/v1:Service metadata.annotations pulumi.com/waitFor (infra/traffic.ts " +
                            "negStatusWaitFor)",
                    ],
                    effect:
                        "The NEG Service's waitFor holds the neg-status JSON, braces included, inside a string " +
                        "literal: 4.32.0's Parse (provider/pkg/jsonpath/jsonpath.go:61, :96) keeps the expression " +
                        "only up to the first '}' inside that literal (its regex applied to the program's own " +
                        "annotation), which leaves an " +
                        "unterminated string, so on 4.32.0 the Service's create or update would fail its await; " +
                        "4.34.x parses it whole. The annotation is parsed only when a create or update awaits " +
                        "(await.go:321, :504), never in a preview, so these previews cannot show it; the model " +
                        "(tools/lib/engine/awaits.ts) follows the pin's parser, and the pin must stay at 4.34.0 or later.",
                },
                {
                    release: "4.34.0",
                    change:
                        "Extension-parameterized SDKs generated from CRDs; Kubernetes v1.36.3 and v1.36.4; four " +
                        "dependency updates flagged for security.",
                    source:
                        "https://github.com/pulumi/pulumi-kubernetes/pull/4568, release notes quoted in " +
                        "https://github.com/Ashpex/homelab/pull/43",
                    touches: ["every kubernetes type of this program (a patch release of the Kubernetes schema)"],
                    effect: "No CRDs are used; the schema patch releases change no field the program sets.",
                },
                {
                    release: "4.34.2",
                    change: "Changelog for recent fixes (title only).",
                    source: "https://github.com/pulumi/pulumi-kubernetes/pull/4614, 2026-09-18",
                    touches: [],
                    effect: "Not established: the fixes are not named in what was found.",
                },
            ],
        },
    },
    {
        npm: "@pulumi/random",
        pin: "4.21.2",
        built: "4.21.1",
        repository: "github.com/pulumi/pulumi-random",
        tag: "v4.21.1",
        commit: "f2d8b029d0f708bd14bad9479e016560de9c0b6d",
        package: "github.com/pulumi/pulumi-random/provider/v4/cmd/pulumi-resource-random",
        ldflags: "-X github.com/pulumi/pulumi-random/provider/v4/pkg/version.Version=4.21.1 -s -w",
        buildSeconds: 217,
        builtOn: "2026-12-08",
        deviations: [
            `${bridgeCodegenNote}. The proxy refuses the pseudo-versions the release names for ` +
                "pulumi-language-dotnet (6a2eb2585b50) and pulumi-yaml (294c561f47f4); the same commits came from " +
                "fetched snapshots of pulumi/pulumi-dotnet and pulumi/pulumi-yaml.",
        ],
        gap: {
            releases: ["4.21.2"],
            notesNotFound: ["4.21.2: its release notes were not found"],
            changes: [
                {
                    release: "4.21.2",
                    change:
                        "The snapshot's main after v4.21.1 (to 2026-08-14) upgrades pulumi-terraform-bridge to " +
                        "v3.136.0 and v3.137.0 and updates CI workflows; whether 4.21.2 is that is not established.",
                    source: "github.com/pulumi/pulumi-random commits 1b2c0821 and f64d8726",
                    touches: ["random:index/randomId:RandomId (byteLength)"],
                    effect:
                        "A bridge upgrade can change any bridged diff; RandomId's byteLength forces a replacement " +
                        "in both the provider's schema and the model, and no case changes it.",
                },
            ],
        },
    },
];
