/**
 * The provider rules that tools/generate-provider-rules.ts writes from the providers' Go source
 * (generated/*.json), typed. Each file records the module, version and commit it was read at and
 * the package.json pin it stands for; test/tools/engine/providerPins.test.ts holds those equal.
 */
import gcpJson from "./generated/gcp.json";
import k8sJson from "./generated/kubernetes.json";

export interface SourceRecord {
    /** Go module path the source belongs to. */
    module: string;
    /** The version it was read at (a tag, or the release the commit belongs to). */
    version: string;
    commit: string;
    /** The package.json pin the rules stand for: `@pulumi/gcp 9.37.0`. */
    pin: string;
    /** What lies between the version read and the pin, where they differ. */
    gap?: string;
    /** pulumi-gcp's patches/ read at the commit: none adds or removes a ForceNew line. */
    patches?: string[];
}

export interface ForceNewField {
    /** Pulumi input path, `[]` for list elements. */
    path: string;
    /** Terraform attribute path. */
    tf: string;
    /** `file:line` of `ForceNew: true` in the provider source (under google-beta/services/ unless it says). */
    at: string;
    /** Optional+Computed: removing it from the program keeps the state's value. */
    computed: boolean;
    /** A list or set of blocks: its own ForceNew applies only when a block is added or removed. */
    block?: true;
}

export interface GcpResourceSchema {
    /** Terraform resource type. */
    resource: string;
    /** `file:line` of the resource's schema function (for IAM members: the shared member schema). */
    schemaAt: string;
    /** pulumi-gcp's ResourceInfo line in provider/resources.go, where it has one. */
    resourceInfoAt?: number;
    /** The autonamed input (pulumi-gcp applies SetAutonaming to every string `name` input). */
    autonamed?: string;
    /** pulumi-gcp forces delete-before-replace for this type (ResourceInfo.DeleteBeforeReplace). */
    deleteBeforeReplace?: boolean;
    /** Where pulumi-gcp's provider module marks it (`provider/secret_manager.go:44`). */
    deleteBeforeReplaceAt?: string;
    /** Default operation timeouts in minutes (schema.ResourceTimeout). */
    timeouts: { create?: number; update?: number; delete?: number };
    forceNew: ForceNewField[];
    /**
     * The provider code the CustomizeDiff rules of replaceRules.ts follow: each a unique text of
     * the file (a ForceNew call, or the function it calls) and where it is.
     */
    customizeDiff?: { anchor: string; at: string }[];
}

export interface GcpRules {
    source: SourceRecord;
    /** pulumi-gcp's provider module (resources.go: autonaming, DeleteBeforeReplace). */
    bridge: SourceRecord;
    schemas: Record<string, GcpResourceSchema>;
}

export interface K8sKindRule {
    /** forceNewProperties paths beyond `.metadata.name` and `.metadata.namespace`. */
    forceNew: string[];
    /** Paths that replace unless the Provider sets the flag (and the object is not immutable). */
    mutableFlag?: { flag: string; paths: string[]; line: number };
    /** `diff.go:line` of the kind's entry. */
    at: string;
}

export interface K8sRules {
    source: SourceRecord;
    forceNewPropertiesAt: string;
    mutableFlagsAt: Record<string, string>;
    diffConfigAt: string;
    /** Diff: a change of name or namespace always replaces. */
    identityReplacesAt: string;
    /** Diff: a replacement deletes first when the object is named and keeps its name. */
    deleteBeforeReplaceAt: string;
    kinds: Record<string, K8sKindRule>;
}

export const gcpRules = gcpJson as GcpRules;
export const k8sRules = k8sJson as K8sRules;
