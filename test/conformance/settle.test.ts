/**
 * Settling the conformance run's imported state: a saved preview plan folded into the checkpoint
 * (checked inputs, planned outputs, secrets read back), unknowns filled by schema type,
 * certificate-shaped outputs made real certificates, and Kubernetes objects stored the way
 * pulumi-kubernetes stores them.
 */
import * as assert from "assert";
import * as crypto from "crypto";
import {
    checkedInputs,
    Deployment,
    fillUnknowns,
    foldPlanned,
    foldPreview,
    kubernetesCheckpoint,
    PackageSchema,
    passphraseDecrypter,
    SavedPlan,
    unknownValue,
    withCertificates,
    zeroOf,
} from "../../conformance/deployment";

const sig = "4dabf18193072939515e22adb298388d";
const secretSig = "1b47061264138c4ac30d75fd1eb44270";
const plain = (v: unknown) => ({ [sig]: secretSig, plaintext: JSON.stringify(v) });

// A self-signed P-256 certificate (openssl req -x509), the kind the run generates.
const certificate = [
    "-----BEGIN CERTIFICATE-----",
    "MIIBgDCCASegAwIBAgIUYFPLxINUTSqbJWFCfifHyHmoosQwCgYIKoZIzj0EAwIw",
    "FjEUMBIGA1UEAwwLY29uZm9ybWFuY2UwHhcNMjYxMjA4MDIzODIzWhcNMzYxMjA1",
    "MDIzODIzWjAWMRQwEgYDVQQDDAtjb25mb3JtYW5jZTBZMBMGByqGSM49AgEGCCqG",
    "SM49AwEHA0IABBlZGwtli/GdPDAstbwQmQacXzQDz8HSFPeyMTakjDh5dKHROOGS",
    "bZC3aBht4kOuXR3U1vUXYGZ62Jt40NL+mYujUzBRMB0GA1UdDgQWBBRuO6yR11Al",
    "oFVHNggksGWaiNJ0VDAfBgNVHSMEGDAWgBRuO6yR11AloFVHNggksGWaiNJ0VDAP",
    "BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCICa1z29fVdO8jYOmrLfI",
    "Wux8z6suSpZEijVPwUmndCnLAiBqwmlarl/dAsEbQnj0mMh9noIdZMxJEJ4T+mDJ",
    "OrklHw==",
    "-----END CERTIFICATE-----",
    "",
].join("\n");
const fakePem = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGUgYXQgYWxs\n-----END CERTIFICATE-----\n";

/** Encrypts as the engine's passphrase secrets manager does (AES-256-GCM, `v1:<nonce>:<sealed>`). */
function encrypt(key: Buffer, text: string, nonce: Buffer): string {
    const c = crypto.createCipheriv("aes-256-gcm", key, nonce);
    const sealed = Buffer.concat([c.update(text, "utf8"), c.final(), c.getAuthTag()]);
    return `v1:${nonce.toString("base64")}:${sealed.toString("base64")}`;
}

const salt = Buffer.from("0123456789abcdef");
const key = crypto.pbkdf2Sync("conformance", salt, 1_000_000, 32, "sha256");
const encryptionsalt = `v1:${salt.toString("base64")}:${encrypt(key, "pulumi", Buffer.alloc(12, 1))}`;
const cipher = (v: unknown) => ({ [sig]: secretSig, ciphertext: encrypt(key, JSON.stringify(v), Buffer.alloc(12, 2)) });
const noDecrypt = (c: string): string => {
    throw new Error(`decrypted ${c}`);
};

const schema: PackageSchema = {
    provider: { properties: { kubeconfig: { type: "string" } } },
    resources: {
        "gcp:container/cluster:Cluster": {
            properties: {
                endpoint: { type: "string" },
                nodeCount: { type: "integer" },
                enabled: { type: "boolean" },
                zones: { type: "array", items: { type: "string" } },
                labels: { type: "object", additionalProperties: { type: "string" } },
                addons: { $ref: "#/types/gcp:container/ClusterAddons:ClusterAddons" },
                tier: { $ref: "#/types/gcp:container/Tier:Tier" },
                raw: { $ref: "pulumi.json#/Any" },
            },
        },
    },
    types: {
        "gcp:container/ClusterAddons:ClusterAddons": {
            type: "object",
            properties: { dns: { $ref: "#/types/gcp:container/ClusterAddonsDns:ClusterAddonsDns" } },
        },
        "gcp:container/ClusterAddonsDns:ClusterAddonsDns": {
            type: "object",
            properties: {
                zone: { type: "string" },
                // A type that holds itself: filled once, then left empty.
                next: { $ref: "#/types/gcp:container/ClusterAddons:ClusterAddons" },
            },
        },
        "gcp:container/Tier:Tier": { type: "string", enum: [{ value: "STANDARD" }, { value: "ENTERPRISE" }] },
    },
};

describe("conformance state settling", () => {
    it("passphraseDecrypter opens the engine's ciphertexts and refuses a salt the passphrase does not open", () => {
        const decrypt = passphraseDecrypter("conformance", encryptionsalt);
        assert.strictEqual(decrypt(cipher({ a: "b" }).ciphertext), '{"a":"b"}');
        assert.throws(
            () => passphraseDecrypter("conformance", "v2:abc:def"),
            new Error("encryptionsalt: not a v1 salt"),
        );
        const other = `v1:${salt.toString("base64")}:${encrypt(key, "nope", Buffer.alloc(12, 1))}`;
        assert.throws(
            () => passphraseDecrypter("conformance", other),
            new Error("encryptionsalt: the passphrase does not open it"),
        );
    });

    it("foldPlanned keeps the planned keys and values, takes unknowns from the prior state, reads secrets", () => {
        const decrypt = passphraseDecrypter("conformance", encryptionsalt);
        const folded = foldPlanned(
            {
                id: "mock-id",
                endpoint: "34.76.1.2",
                mockOnly: "dropped",
                labels: { app: "a" },
                zones: ["b", "c"],
                token: plain("prior-token"),
            },
            {
                id: unknownValue,
                endpoint: unknownValue,
                deletionPolicy: "DELETE",
                effectiveLabels: cipher({ app: "a", "goog-terraform-provisioned": "true" }),
                zones: [unknownValue, "d", unknownValue],
                token: cipher(unknownValue),
                selfLink: unknownValue,
            },
            decrypt,
        );
        assert.deepStrictEqual(folded, {
            id: "mock-id",
            endpoint: "34.76.1.2",
            deletionPolicy: "DELETE",
            effectiveLabels: plain({ app: "a", "goog-terraform-provisioned": "true" }),
            zones: ["b", "d", unknownValue],
            token: plain("prior-token"),
            selfLink: unknownValue,
        });
    });

    it("checkedInputs applies the plan's top-level adds, updates and deletes to the prior inputs", () => {
        const decrypt = passphraseDecrypter("conformance", encryptionsalt);
        assert.deepStrictEqual(
            checkedInputs(
                { apiVersion: "v1", kind: "Secret", stringData: plain({ k: "v" }), metadata: { name: "s" } },
                {
                    adds: { data: cipher({ k: "dg==" }), __defaults: [] },
                    deletes: ["stringData"],
                    updates: { metadata: { name: "s", namespace: "ns" } },
                },
                decrypt,
            ),
            {
                apiVersion: "v1",
                kind: "Secret",
                metadata: { name: "s", namespace: "ns" },
                data: plain({ k: "dg==" }),
                __defaults: [],
            },
        );
        const prior = { a: 1 };
        assert.strictEqual(checkedInputs(prior, undefined, noDecrypt), prior);
    });

    it("zeroOf gives the empty value of each schema kind, an enum's first value, each property of an object", () => {
        const props = schema.resources["gcp:container/cluster:Cluster"]?.properties ?? {};
        assert.deepStrictEqual(
            Object.fromEntries(Object.entries(props).map(([k, spec]) => [k, zeroOf(spec, schema)])),
            {
                endpoint: "",
                nodeCount: 0,
                enabled: false,
                zones: [],
                labels: {},
                addons: { dns: { zone: "", next: {} } },
                tier: "STANDARD",
                raw: "",
            },
        );
        assert.throws(
            () => zeroOf({ $ref: "#/types/gcp:x/Missing:Missing" }, schema),
            new Error("schema: no type #/types/gcp:x/Missing:Missing"),
        );
        assert.throws(() => zeroOf({}, schema), new Error("schema: a type without a kind: {}"));
    });

    it("fillUnknowns fills by the type at each path and reports what it filled and what it could not", () => {
        const filled: string[] = [];
        const left: string[] = [];
        const spec = { $ref: "#/types/gcp:container/ClusterAddons:ClusterAddons" };
        assert.deepStrictEqual(
            fillUnknowns(
                { dns: unknownValue, other: unknownValue, kept: "x" },
                spec,
                schema,
                "urn addons",
                filled,
                left,
            ),
            { dns: { zone: "", next: { dns: {} } }, other: unknownValue, kept: "x" },
        );
        assert.deepStrictEqual(
            fillUnknowns(
                plain([unknownValue, "a"]),
                { type: "array", items: { type: "string" } },
                schema,
                "urn zones",
                filled,
                left,
            ),
            plain(["", "a"]),
        );
        assert.deepStrictEqual(filled, ["urn addons.dns", "urn zones[0]"]);
        assert.deepStrictEqual(left, ["urn addons.other"]);
    });

    it("withCertificates replaces certificate-shaped values X.509 cannot read, in their own encoding", () => {
        const certified: string[] = [];
        const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
        assert.deepStrictEqual(
            withCertificates(
                {
                    masterAuth: { clusterCaCertificate: b64(fakePem), clientKey: "" },
                    serverCaCerts: [{ cert: fakePem }, { cert: certificate }],
                    goodBase64: b64(certificate),
                    text: "-----BEGIN nothing",
                },
                certificate,
                "urn",
                certified,
            ),
            {
                masterAuth: { clusterCaCertificate: b64(certificate), clientKey: "" },
                serverCaCerts: [{ cert: certificate }, { cert: certificate }],
                goodBase64: b64(certificate),
                text: "-----BEGIN nothing",
            },
        );
        assert.deepStrictEqual(certified, ["urn.masterAuth.clusterCaCertificate", "urn.serverCaCerts[0].cert"]);
    });

    it("kubernetesCheckpoint stores the object with its inputs and initial apiVersion, as the provider's Create", () => {
        const inputs = { __defaults: [], apiVersion: "v1", kind: "Namespace", metadata: { name: "ns" } };
        const object = { apiVersion: "v1", kind: "Namespace", metadata: { name: "ns" } };
        assert.deepStrictEqual(kubernetesCheckpoint(inputs), {
            ...object,
            __inputs: object,
            __initialApiVersion: "v1",
        });
    });

    it("foldPreview folds a saved plan into each custom resource and leaves components alone", () => {
        const decrypt = passphraseDecrypter("conformance", encryptionsalt);
        const p = "urn:pulumi:s::proj::";
        const clusterUrn = `${p}gcp:container/cluster:Cluster::c`;
        const providerUrn = `${p}pulumi:providers:kubernetes::k8s`;
        const nsUrn = `${p}kubernetes:core/v1:Namespace::ns`;
        const base = { dependencies: [], protect: false };
        const d: Deployment = {
            version: 3,
            deployment: {
                manifest: { time: "t", magic: "m", version: "v3.248.0" },
                secrets_providers: { type: "passphrase", state: { salt: encryptionsalt } },
                resources: [
                    {
                        ...base,
                        urn: `${p}pulumi:pulumi:Stack::s`,
                        custom: false,
                        type: "pulumi:pulumi:Stack",
                        inputs: {},
                        outputs: {},
                    },
                    {
                        ...base,
                        urn: clusterUrn,
                        custom: true,
                        id: "projects/p/locations/l/clusters/c",
                        type: "gcp:container/cluster:Cluster",
                        inputs: { name: "c" },
                        outputs: { name: "c", caCert: Buffer.from(fakePem).toString("base64") },
                    },
                    {
                        ...base,
                        urn: providerUrn,
                        custom: true,
                        id: "provider-k8s",
                        type: "pulumi:providers:kubernetes",
                        inputs: { kubeconfig: "old" },
                        outputs: { kubeconfig: "old" },
                    },
                    {
                        ...base,
                        urn: nsUrn,
                        custom: true,
                        id: "id-ns",
                        type: "kubernetes:core/v1:Namespace",
                        inputs: { apiVersion: "v1", kind: "Namespace", metadata: { name: "ns" } },
                        outputs: { apiVersion: "v1", kind: "Namespace", metadata: { name: "ns" } },
                    },
                ],
            },
        };
        const plan: SavedPlan = {
            resourcePlans: {
                [clusterUrn]: {
                    steps: ["update"],
                    goal: { inputDiff: { adds: { __defaults: [] } } },
                    state: {
                        id: unknownValue,
                        name: "c",
                        caCert: unknownValue,
                        endpoint: unknownValue,
                        nodeCount: 3,
                        __meta: '{"schema_version":"2"}',
                    },
                },
                [providerUrn]: {
                    steps: ["update"],
                    goal: { inputDiff: { updates: { kubeconfig: "new" } } },
                    state: { kubeconfig: "new", version: "4.34.2" },
                },
                [nsUrn]: { steps: ["update"], goal: { inputDiff: { adds: { __defaults: [] } } }, state: null },
            },
        };
        const fold = foldPreview(d, plan, decrypt, () => schema, certificate);
        assert.deepStrictEqual(fold.filled, [`${clusterUrn} endpoint`]);
        assert.deepStrictEqual(fold.left, []);
        assert.deepStrictEqual(fold.certified, [`${clusterUrn} caCert`]);
        assert.deepStrictEqual(
            fold.deployment.deployment.resources.map((r) => ({ urn: r.urn, inputs: r.inputs, outputs: r.outputs })),
            [
                { urn: `${p}pulumi:pulumi:Stack::s`, inputs: {}, outputs: {} },
                {
                    urn: clusterUrn,
                    inputs: { name: "c", __defaults: [] },
                    outputs: {
                        id: "projects/p/locations/l/clusters/c",
                        name: "c",
                        caCert: Buffer.from(certificate).toString("base64"),
                        endpoint: "",
                        nodeCount: 3,
                        __meta: '{"schema_version":"2"}',
                    },
                },
                {
                    urn: providerUrn,
                    inputs: { kubeconfig: "new" },
                    outputs: { kubeconfig: "new", version: "4.34.2" },
                },
                {
                    urn: nsUrn,
                    inputs: { apiVersion: "v1", kind: "Namespace", metadata: { name: "ns" }, __defaults: [] },
                    outputs: {
                        apiVersion: "v1",
                        kind: "Namespace",
                        metadata: { name: "ns" },
                        __inputs: { apiVersion: "v1", kind: "Namespace", metadata: { name: "ns" } },
                        __initialApiVersion: "v1",
                    },
                },
            ],
        );
    });
});
