/**
 * How the provider plugins the conformance previews run with were built: the module proxy serves
 * none of the pinned providers (docs/conformance.json, resolutions), so each pinned release was
 * built by hand from a fetched git snapshot of its repository at the release's tag. By the
 * workplace rule the snapshot's code, the binaries and the build recipe stay out of this
 * repository; what is here is the record of what was built and where the build differs from the
 * release's own, for the report and for test/conformance/versions.test.ts, which holds each entry
 * to its package.json pin: a moved pin needs a new build and a new entry.
 *
 * Each provider is built from its repository's release tag (`v<pin>`). The `sdk/v<pin>` tags, whose
 * commit the module proxy names for a pin, are the Go SDK's release commits: they descend from the
 * release tag and keep only sdk/ (pulumi-random's sdk/v4.21.1, d1175715, has no file under
 * provider/), so they are not the provider's source.
 */

export interface HandBuild {
    npm: string;
    /** The package.json pin, the release built; the plugin reports it over GetPluginInfo. */
    pin: string;
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
}

/** The proxy refuses these language modules the bridge links for converting documentation examples. */
const bridgeCodegenNote =
    "The bridge links pulumi-dotnet's, pulumi-yaml's and pulumi-java's program generators (pulumi-terraform-bridge " +
    "pkg/tfgen, imported by pkg/pf/tfbridge) only to convert documentation examples";

export const handBuilds: HandBuild[] = [
    {
        npm: "@pulumi/gcp",
        pin: "9.35.0",
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
    },
    {
        npm: "@pulumi/kubernetes",
        pin: "4.32.0",
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
    },
    {
        npm: "@pulumi/random",
        pin: "4.21.1",
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
    },
];
