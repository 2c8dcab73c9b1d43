/**
 * The provider rules generator on small Go sources: it checks each recorded ForceNew line, follows
 * a line that moved by the field's keys, derives Optional+Computed and blocks from the field's own
 * literal, and refuses a ForceNew field no rule names; Kubernetes' forceNewProperties are
 * evaluated from diff.go's map.
 */
import * as assert from "assert";
import {
    deleteBeforeReplaceOf,
    generateGcp,
    generateK8s,
    withDeleteBeforeReplace,
    type Source,
} from "../../../tools/generate-provider-rules";
import type { GcpRules } from "../../../tools/lib/engine/generatedRules";

const schemaGo = (extraLines: number, extraField = "") => `package container

// A comment with a brace { that is not code.
func ResourceThing() *schema.Resource {
${"\t// padding\n".repeat(extraLines)}\treturn &schema.Resource{
\t\tSchema: map[string]*schema.Schema{
\t\t\t"node_config": {
\t\t\t\tType:        schema.TypeList,
\t\t\t\tOptional:    true,
\t\t\t\tComputed:    true,
\t\t\t\tForceNew:    true,
\t\t\t\tDescription: \`Braces {} in a description\`,
\t\t\t\tElem: &schema.Resource{
\t\t\t\t\tSchema: map[string]*schema.Schema{
\t\t\t\t\t\t"machine_type": {
\t\t\t\t\t\t\tType:     schema.TypeString,
\t\t\t\t\t\t\tOptional: true,
\t\t\t\t\t\t},
\t\t\t\t\t\t"preemptible": {
\t\t\t\t\t\t\tType:     schema.TypeBool,
\t\t\t\t\t\t\tOptional: true,
\t\t\t\t\t\t\tForceNew: true,
\t\t\t\t\t\t},${extraField}
\t\t\t\t\t},
\t\t\t\t},
\t\t\t},
\t\t\t"tags": {
\t\t\t\tType:     schema.TypeList,
\t\t\t\tOptional: true,
\t\t\t\tForceNew: true,
\t\t\t\tElem:     &schema.Schema{Type: schema.TypeString},
\t\t\t},
\t\t},
\t}
}
`;

const source = (files: Record<string, string>): Source => ({
    module: "github.com/hashicorp/terraform-provider-google-beta",
    version: "v0.0.1",
    commit: "0".repeat(40),
    pin: "@pulumi/gcp 9.37.0",
    read: (file) => {
        const text = files[file];
        if (text === undefined) throw new Error(`no ${file}`);
        return text;
    },
});

const FILE = "google-beta/services/container/thing.go";
const rules = (at: [number, number, number]): GcpRules => ({
    source: { module: "m", version: "v0", commit: "0".repeat(40), pin: "@pulumi/gcp 9.37.0" },
    bridge: { module: "b", version: "v9.37.0", commit: "1".repeat(40), pin: "@pulumi/gcp 9.37.0" },
    schemas: {
        "gcp:container/thing:Thing": {
            resource: "google_thing",
            schemaAt: "container/thing.go:4",
            timeouts: {},
            forceNew: [
                { path: "nodeConfig", tf: "node_config", at: `container/thing.go:${at[0]}`, computed: false },
                {
                    path: "nodeConfig.preemptible",
                    tf: "node_config.preemptible",
                    at: `container/thing.go:${at[1]}`,
                    computed: false,
                },
                { path: "tags[]", tf: "tags", at: `container/thing.go:${at[2]}`, computed: false },
            ],
        },
    },
});
const bridge = { module: "b", version: "v9.37.0", commit: "1".repeat(40), pin: "@pulumi/gcp 9.37.0" };
const fields = (r: GcpRules) =>
    r.schemas["gcp:container/thing:Thing"]?.forceNew.map((f) => [f.path, f.at, f.computed, f.block ?? false]);

describe("generate:rules on Go source", () => {
    it("reads each field's literal: node_config is an Optional+Computed block; tags a list of strings", () => {
        const out = generateGcp(rules([11, 22, 30]), source({ [FILE]: schemaGo(0) }), bridge);
        assert.deepStrictEqual(fields(out), [
            ["nodeConfig", "container/thing.go:11", true, true],
            ["nodeConfig.preemptible", "container/thing.go:22", false, false],
            ["tags[]", "container/thing.go:30", false, false],
        ]);
        assert.deepStrictEqual(out.source, {
            module: "github.com/hashicorp/terraform-provider-google-beta",
            version: "v0.0.1",
            commit: "0".repeat(40),
            pin: "@pulumi/gcp 9.37.0",
        });
    });

    it("follows fields whose lines moved, by their keys", () => {
        const out = generateGcp(rules([11, 22, 30]), source({ [FILE]: schemaGo(3) }), bridge);
        assert.deepStrictEqual(
            fields(out)?.map((f) => f[1]),
            ["container/thing.go:14", "container/thing.go:25", "container/thing.go:33"],
        );
    });

    it("refuses a ForceNew field that no rule names", () => {
        const added = [
            "",
            '\t\t\t\t\t\t"spot": {',
            "\t\t\t\t\t\t\tType:     schema.TypeBool,",
            "\t\t\t\t\t\t\tOptional: true,",
            "\t\t\t\t\t\t\tForceNew: true,",
            "\t\t\t\t\t\t},",
        ].join("\n");
        assert.throws(() => generateGcp(rules([11, 22, 35]), source({ [FILE]: schemaGo(0, added) }), bridge), {
            message:
                "GCP source at 0000000000000000000000000000000000000000 disagrees with the rule data:\n" +
                "  google-beta/services/container/thing.go:27: ForceNew: true of node_config.spot that no rule names",
        });
    });

    it("refuses a recorded field that is no longer ForceNew", () => {
        const text = schemaGo(0).replace("\t\t\t\t\t\t\tForceNew: true,\n", "");
        assert.throws(() => generateGcp(rules([11, 22, 29]), source({ [FILE]: text }), bridge), {
            message:
                "GCP source at 0000000000000000000000000000000000000000 disagrees with the rule data:\n" +
                "  gcp:container/thing:Thing node_config.preemptible: no single ForceNew: true for it in " +
                "google-beta/services/container/thing.go (recorded at line 22)",
        });
    });

    it("places each CustomizeDiff anchor and refuses a CustomizeDiff ForceNew that no rule follows", () => {
        const withDiff = schemaGo(0).replace(
            "\treturn &schema.Resource{\n",
            '\treturn &schema.Resource{\n\t\tCustomizeDiff: customdiff.ForceNewIfChange("tags", isShrinking),\n',
        );
        const base = rules([11, 22, 30]);
        const thing = base.schemas["gcp:container/thing:Thing"];
        assert.ok(thing);
        const anchored: GcpRules = {
            ...base,
            schemas: {
                "gcp:container/thing:Thing": {
                    ...thing,
                    forceNew: thing.forceNew.map((f) => ({
                        ...f,
                        at: f.at.replace(/:(\d+)$/, (_, l) => `:${Number(l) + 1}`),
                    })),
                    customizeDiff: [{ anchor: 'customdiff.ForceNewIfChange("tags"', at: "container/thing.go:1" }],
                },
            },
        };
        const out = generateGcp(anchored, source({ [FILE]: withDiff }), bridge);
        assert.deepStrictEqual(out.schemas["gcp:container/thing:Thing"]?.customizeDiff, [
            { anchor: 'customdiff.ForceNewIfChange("tags"', at: "container/thing.go:6" },
        ]);
        assert.throws(
            () =>
                generateGcp(
                    { ...anchored, schemas: { "gcp:container/thing:Thing": { ...thing } } },
                    source({ [FILE]: withDiff }),
                    bridge,
                ),
            {
                message:
                    "GCP source at 0000000000000000000000000000000000000000 disagrees with the rule data:\n" +
                    "  google-beta/services/container/thing.go:6: a CustomizeDiff ForceNew that no rule follows",
            },
        );
    });

    it("refuses a CustomizeDiff that takes a forced field out of the diff unless a rule follows its function", () => {
        // The shape of google_sql_database_instance's replica promotion: a ForceNewIf on a field,
        // then a function that sets the field's new value, which deletes that ForceNew.
        const promote = [
            "",
            "func promote(_ context.Context, d *schema.ResourceDiff, _ interface{}) error {",
            '\treturn d.SetNew("tags", nil)',
            "}",
            "",
        ].join("\n");
        const withDiff =
            schemaGo(0).replace(
                "\treturn &schema.Resource{\n",
                '\treturn &schema.Resource{\n\t\tCustomizeDiff: customdiff.ForceNewIf("tags", always),\n',
            ) + promote;
        const base = rules([12, 23, 31]);
        const thing = base.schemas["gcp:container/thing:Thing"];
        assert.ok(thing);
        const withAnchors = (...anchors: string[]): GcpRules => ({
            ...base,
            schemas: {
                "gcp:container/thing:Thing": {
                    ...thing,
                    customizeDiff: anchors.map((anchor) => ({ anchor, at: "container/thing.go:1" })),
                },
            },
        });
        assert.throws(
            () => generateGcp(withAnchors('customdiff.ForceNewIf("tags"'), source({ [FILE]: withDiff }), bridge),
            {
                message:
                    "GCP source at 0000000000000000000000000000000000000000 disagrees with the rule data:\n" +
                    '  google-beta/services/container/thing.go:39: SetNew("tags") changes the diff of tags, which a ' +
                    "CustomizeDiff forces new; no rule follows it",
            },
        );
        const out = generateGcp(
            withAnchors('customdiff.ForceNewIf("tags"', "func promote("),
            source({ [FILE]: withDiff }),
            bridge,
        );
        assert.deepStrictEqual(out.schemas["gcp:container/thing:Thing"]?.customizeDiff, [
            { anchor: 'customdiff.ForceNewIf("tags"', at: "container/thing.go:6" },
            { anchor: "func promote(", at: "container/thing.go:38" },
        ]);
    });

    it("evaluates diff.go's forceNewProperties for the declared kinds", () => {
        const diffGo = `package provider

func (k *kubeProvider) forceNewProperties(obj *unstructured.Unstructured) []string {
\tif clients.IsSecret(obj) && (!k.enableSecretMutable || clients.IsImmutable(obj)) {
\t} else if clients.IsConfigMap(obj) && (!k.enableConfigMapMutable || clients.IsImmutable(obj)) {
\t}
}

var forceNew = _groups{
\t"apps": _versions{
\t\t"v1": _kinds{
\t\t\t"Deployment":  deployment},
\t},
\t"core": core,
}

var core = _versions{
\t"v1": _kinds{
\t\t"Service": properties{
\t\t\t".spec.clusterIP",
\t\t},
\t},
}

var deployment = append(
\tproperties{
\t\t".spec.selector",
\t},
\tlabelSelectorForceNewProperties(".spec.selector")...,
)
`;
        const providerGo =
            "package provider\n\nfunc (k *kubeProvider) DiffConfig(\n" +
            "\tenableConfigMapMutable := func() bool {\n\tenableSecretMutable := func() bool {\n" +
            "\t\t// Changing the identity of the resource always causes a replacement.\n" +
            "\tdeleteBeforeReplace := // 1. We know resource must be replaced.\n";
        const k8s = generateK8s(
            {
                ...source({ "provider/pkg/provider/diff.go": diffGo, "provider/pkg/provider/provider.go": providerGo }),
                pin: "@pulumi/kubernetes 4.34.2",
                version: "v4.34.2",
            },
            ["kubernetes:apps/v1:Deployment", "kubernetes:core/v1:Service", "kubernetes:core/v1:ConfigMap"],
        );
        assert.deepStrictEqual(k8s.kinds, {
            "kubernetes:apps/v1:Deployment": {
                forceNew: [
                    ".spec.selector",
                    ".spec.selector.matchExpressions",
                    ".spec.selector.matchExpressions.key",
                    ".spec.selector.matchExpressions.operator",
                    ".spec.selector.matchExpressions.values",
                    ".spec.selector.matchLabels",
                ],
                at: "diff.go:12",
            },
            "kubernetes:core/v1:Service": { forceNew: [".spec.clusterIP"], at: "diff.go:19" },
            "kubernetes:core/v1:ConfigMap": {
                forceNew: [],
                mutableFlag: { flag: "enableConfigMapMutable", paths: [".binaryData", ".data"], line: 5 },
                at: "diff.go: no entry (metadata only)",
            },
        });
        assert.deepStrictEqual([k8s.identityReplacesAt, k8s.deleteBeforeReplaceAt], ["provider.go:6", "provider.go:7"]);
        assert.deepStrictEqual(
            [k8s.forceNewPropertiesAt, k8s.diffConfigAt, k8s.mutableFlagsAt],
            [
                "diff.go:3",
                "provider.go:3",
                { enableConfigMapMutable: "provider.go:4", enableSecretMutable: "provider.go:5" },
            ],
        );
        assert.strictEqual(k8s.source.gap, undefined);
    });
});

describe("pulumi-gcp's DeleteBeforeReplace, read from its provider module", () => {
    const resourcesGo = [
        "package gcp",
        "func Provider() tfbridge.ProviderInfo {",
        "\tprov := tfbridge.ProviderInfo{",
        "\t\tResources: map[string]*tfbridge.ResourceInfo{",
        '\t\t\t"google_project_iam_member": {',
        '\t\t\t\tTok: "gcp:projects/iAMMember:IAMMember",',
        "\t\t\t\tDeleteBeforeReplace: true,",
        "\t\t\t},",
        '\t\t\t"google_project_service": {',
        "\t\t\t\t// DeleteBeforeReplace: true, once the API allows it",
        "\t\t\t},",
        '\t\t\t"google_secret_manager_secret": resourceSecretManagerSecret(),',
        "\t\t},",
        "\t}",
        "}",
    ].join("\n");
    const secretGo = [
        "package gcp",
        "func resourceSecretManagerSecret() *tfbridge.ResourceInfo {",
        "\treturn &tfbridge.ResourceInfo{",
        "\t\tDeleteBeforeReplace: true,",
        "\t}",
        "}",
    ].join("\n");

    it("finds a literal's mark under its Terraform name and a ResourceInfo function's where it is mounted", () => {
        assert.deepStrictEqual(
            [
                ...deleteBeforeReplaceOf([
                    { name: "resources.go", text: resourcesGo },
                    { name: "secret_manager.go", text: secretGo },
                ]),
            ],
            [
                ["google_project_iam_member", "provider/resources.go:7"],
                ["google_secret_manager_secret", "provider/secret_manager.go:4"],
            ],
        );
    });

    it("refuses a mark it cannot place on a resource", () => {
        const stray = "package gcp\nvar x = tfbridge.ResourceInfo{\n\tDeleteBeforeReplace: true,\n}\n";
        assert.throws(() => deleteBeforeReplaceOf([{ name: "stray.go", text: stray }]), {
            message: "provider/stray.go:3: DeleteBeforeReplace outside a resource's ResourceInfo",
        });
    });

    it("sets each type's mark from the module and drops one the module no longer makes", () => {
        const rules = {
            schemas: {
                "gcp:secretmanager/secret:Secret": { resource: "google_secret_manager_secret", forceNew: [] },
                "gcp:projects/service:Service": {
                    resource: "google_project_service",
                    forceNew: [],
                    deleteBeforeReplace: true,
                    deleteBeforeReplaceAt: "provider/resources.go:1",
                },
            },
        } as unknown as GcpRules;
        const out = withDeleteBeforeReplace(
            rules,
            new Map([["google_secret_manager_secret", "provider/secret_manager.go:44"]]),
        );
        assert.deepStrictEqual(out.schemas, {
            "gcp:secretmanager/secret:Secret": {
                resource: "google_secret_manager_secret",
                forceNew: [],
                deleteBeforeReplace: true,
                deleteBeforeReplaceAt: "provider/secret_manager.go:44",
            },
            "gcp:projects/service:Service": { resource: "google_project_service", forceNew: [] },
        });
    });
});
