/**
 * Pulumi mocks that answer like the real providers: the fields a provider computes (cluster
 * endpoint and CA certificate, IP addresses, self links, ids, e-mails) get realistic values,
 * derived deterministically from the resource so that two plans of the same config are identical.
 * Invokes the program is not known to make fail loudly.
 */
import { defined } from "../../core/defined";
import * as crypto from "crypto";
import type * as pulumi from "@pulumi/pulumi";

type State = Record<string, unknown>;

function digest(...parts: string[]): Buffer {
    return crypto.createHash("sha256").update(parts.join("\0")).digest();
}

/** A deterministic public IPv4 address in one of Google's ranges. */
export function fakePublicIp(prefix: string, ...seed: string[]): string {
    const d = digest(...seed);
    return `${prefix}.${d.readUInt8(0)}.${1 + (d.readUInt8(1) % 254)}`;
}

/** A PEM certificate-shaped, base64-encoded blob, as GKE returns `masterAuth.clusterCaCertificate`. */
function fakeCaCertificate(seed: string): string {
    const body = Buffer.concat([digest("ca", seed), digest("ca2", seed), digest("ca3", seed)]).toString("base64");
    const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`;
    return Buffer.from(pem).toString("base64");
}

const computeBase = "https://www.googleapis.com/compute/v1";

/** The project number the getProject invoke answers with, so resources and invokes agree. */
export function fakeProjectNumber(project: string): string {
    return String(100000000000 + (digest(project).readUInt32BE(0) % 899999999999));
}

/** Prefix of every fake Redis AUTH string: tests assert it never appears in plain text. */
export const fakeRedisAuthPrefix = "FAKE-REDIS-AUTH-";

/** A private IPv4 address in the default private-services-access range (10.200.0.0/16). */
function fakePsaIp(...seed: string[]): string {
    const d = digest("psa", ...seed);
    return `10.200.${d.readUInt8(0)}.${2 + (d.readUInt8(1) % 250)}`;
}

/** A PEM certificate as Cloud SQL and Memorystore return it (`serverCaCerts[].cert`, not base64-wrapped). */
function fakePem(seed: string): string {
    const body = Buffer.concat([digest("pem", seed), digest("pem2", seed), digest("pem3", seed)]).toString("base64");
    return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/** Computed outputs of the data tier's resources (Cloud SQL, Memorystore, Pub/Sub, Secret Manager). */
function dataTierComputed(
    type: string,
    name: string,
    inputs: Record<string, any>,
    project: string,
): { id: string; extra: State } | undefined {
    const physical: string = typeof inputs.name === "string" ? inputs.name : name;
    switch (type) {
        case "gcp:sql/databaseInstance:DatabaseInstance": {
            const ip = fakePsaIp(project, physical);
            const hash = digest("sql", project, physical).toString("hex");
            const extra: State = {
                name: physical,
                project,
                connectionName: `${project}:${inputs.region}:${physical}`,
                privateIpAddress: ip,
                publicIpAddress: "",
                firstIpAddress: ip,
                ipAddresses: [{ ipAddress: ip, type: "PRIVATE" }],
                selfLink: `https://sqladmin.googleapis.com/sql/v1beta4/projects/${project}/instances/${physical}`,
                serviceAccountEmailAddress: `p${fakeProjectNumber(project)}-${hash.slice(0, 6)}@gcp-sa-cloud-sql.iam.gserviceaccount.com`,
                dnsName: `${hash.slice(0, 13)}.${hash.slice(13, 26)}.${inputs.region}.sql.goog.`,
                serverCaCerts: [
                    {
                        cert: fakePem(`sql:${project}:${physical}`),
                        commonName: `C=US,O=Google\\, Inc,CN=Google Cloud SQL Server CA`,
                        sha1Fingerprint: hash.slice(0, 40),
                    },
                ],
            };
            const settings = (inputs.settings ?? {}) as Record<string, unknown>;
            // Cloud SQL generates a write endpoint for Enterprise Plus instances on private services
            // access; one per cluster, so every instance of the project reports the same name.
            const w = digest("psa-write", project).toString("hex");
            extra.replicationCluster = {
                ...((inputs.replicationCluster ?? {}) as object),
                ...(settings.edition === "ENTERPRISE_PLUS"
                    ? { psaWriteEndpoint: `${w.slice(0, 13)}.${w.slice(13, 26)}.global.sql-psa.goog.` }
                    : {}),
                drReplica: inputs.instanceType === "READ_REPLICA_INSTANCE",
            };
            return { id: physical, extra };
        }
        case "gcp:sql/database:Database":
            return {
                id: `projects/${project}/instances/${inputs.instance}/databases/${physical}`,
                extra: {
                    name: physical,
                    project,
                    selfLink: `https://sqladmin.googleapis.com/sql/v1beta4/projects/${project}/instances/${inputs.instance}/databases/${physical}`,
                },
            };
        case "gcp:sql/user:User":
            return { id: `${physical}//${inputs.instance}`, extra: { name: physical, project } };
        case "gcp:redis/instance:Instance": {
            const id = `projects/${project}/locations/${inputs.region}/instances/${physical}`;
            const tls = inputs.transitEncryptionMode === "SERVER_AUTHENTICATION";
            const hash = digest("redis", id).toString("hex");
            const zones = ["b", "c", "d"];
            return {
                id,
                extra: {
                    name: physical,
                    project,
                    host: fakePsaIp(project, physical),
                    port: tls ? 6378 : 6379,
                    readEndpoint:
                        inputs.readReplicasMode === "READ_REPLICAS_ENABLED" ? fakePsaIp(project, physical, "read") : "",
                    readEndpointPort: inputs.readReplicasMode === "READ_REPLICAS_ENABLED" ? (tls ? 6378 : 6379) : 0,
                    authString: inputs.authEnabled ? `${fakeRedisAuthPrefix}${hash.slice(0, 24)}` : "",
                    currentLocationId: `${inputs.region}-${defined(zones[digest(id).readUInt8(0) % zones.length], "a zone")}`,
                    serverCaCerts: tls
                        ? [
                              {
                                  cert: fakePem(`redis:${id}`),
                                  serialNumber: hash.slice(0, 16),
                                  sha1Fingerprint: hash.slice(16, 56),
                                  createTime: "2026-01-01T00:00:00Z",
                                  expireTime: "2036-01-01T00:00:00Z",
                              },
                          ]
                        : [],
                    persistenceIamIdentity: `serviceAccount:service-${fakeProjectNumber(project)}@cloud-redis.iam.gserviceaccount.com`,
                },
            };
        }
        case "gcp:pubsub/topic:Topic":
            return { id: `projects/${project}/topics/${physical}`, extra: { name: physical, project } };
        case "gcp:pubsub/subscription:Subscription":
            return { id: `projects/${project}/subscriptions/${physical}`, extra: { name: physical, project } };
        case "gcp:secretmanager/secret:Secret": {
            const id = `projects/${project}/secrets/${inputs.secretId}`;
            return {
                id,
                extra: {
                    name: `projects/${fakeProjectNumber(project)}/secrets/${inputs.secretId}`,
                    project,
                    createTime: "2026-01-01T00:00:00Z",
                },
            };
        }
        default:
            return undefined;
    }
}

/** The collection a compute resource lives in, for its self link and id. */
const computeCollections: Record<string, { collection: string; scope: "global" | "region" }> = {
    "gcp:compute/network:Network": { collection: "networks", scope: "global" },
    "gcp:compute/subnetwork:Subnetwork": { collection: "subnetworks", scope: "region" },
    "gcp:compute/router:Router": { collection: "routers", scope: "region" },
    "gcp:compute/firewall:Firewall": { collection: "firewalls", scope: "global" },
    "gcp:compute/globalAddress:GlobalAddress": { collection: "addresses", scope: "global" },
    "gcp:compute/backendService:BackendService": { collection: "backendServices", scope: "global" },
    "gcp:compute/healthCheck:HealthCheck": { collection: "healthChecks", scope: "global" },
    "gcp:compute/securityPolicy:SecurityPolicy": { collection: "securityPolicies", scope: "global" },
    "gcp:compute/sSLPolicy:SSLPolicy": { collection: "sslPolicies", scope: "global" },
    "gcp:compute/managedSslCertificate:ManagedSslCertificate": { collection: "sslCertificates", scope: "global" },
    "gcp:compute/targetHttpsProxy:TargetHttpsProxy": { collection: "targetHttpsProxies", scope: "global" },
    "gcp:compute/targetHttpProxy:TargetHttpProxy": { collection: "targetHttpProxies", scope: "global" },
    "gcp:compute/uRLMap:URLMap": { collection: "urlMaps", scope: "global" },
    "gcp:compute/globalForwardingRule:GlobalForwardingRule": { collection: "forwardingRules", scope: "global" },
};

export interface MockOptions {
    project: string;
}

/** Computed outputs per type; the state returned is the inputs plus these. */
function computed(args: pulumi.runtime.MockResourceArgs, project: string): { id: string; extra: State } {
    const { type, name, inputs } = args;
    const physical: string = typeof inputs.name === "string" ? inputs.name : name;
    const data = dataTierComputed(type, name, inputs, project);
    if (data) return data;
    const compute = computeCollections[type];
    if (compute) {
        const scope = compute.scope === "global" ? "global" : `regions/${inputs.region}`;
        const id = `projects/${project}/${scope}/${compute.collection}/${physical}`;
        const extra: State = { selfLink: `${computeBase}/${id}`, project, name: physical };
        if (type === "gcp:compute/globalAddress:GlobalAddress" && inputs.address === undefined) {
            extra.address = inputs.purpose === "VPC_PEERING" ? undefined : fakePublicIp("34.149", project, physical);
        }
        if (type === "gcp:compute/backendService:BackendService")
            extra.fingerprint = digest(id).toString("base64").slice(0, 12);
        if (type === "gcp:compute/managedSslCertificate:ManagedSslCertificate")
            extra.certificateId = digest(id).readUInt32BE(0);
        if (type === "gcp:compute/securityPolicy:SecurityPolicy")
            extra.fingerprint = digest(id).toString("base64").slice(0, 12);
        return { id, extra };
    }
    switch (type) {
        case "gcp:container/cluster:Cluster": {
            const id = `projects/${project}/locations/${inputs.location}/clusters/${physical}`;
            return {
                id,
                extra: {
                    name: physical,
                    project,
                    endpoint: fakePublicIp("34.76", id),
                    masterAuth: { ...(inputs.masterAuth ?? {}), clusterCaCertificate: fakeCaCertificate(id) },
                    selfLink: `https://container.googleapis.com/v1/${id}`,
                    masterVersion: "1.33.5-gke.1201000",
                },
            };
        }
        case "gcp:container/nodePool:NodePool":
            return {
                id: `projects/${project}/locations/${inputs.location}/clusters/${inputs.cluster}/nodePools/${physical}`,
                extra: { name: physical, project },
            };
        case "gcp:compute/routerNat:RouterNat":
            return { id: `${project}/${inputs.region}/${inputs.router}/${physical}`, extra: { project } };
        case "gcp:serviceaccount/account:Account": {
            const email = `${inputs.accountId}@${project}.iam.gserviceaccount.com`;
            return {
                id: `projects/${project}/serviceAccounts/${email}`,
                extra: {
                    email,
                    name: `projects/${project}/serviceAccounts/${email}`,
                    member: `serviceAccount:${email}`,
                    uniqueId: String(digest(email).readUInt32BE(0)) + "0000000000",
                    project,
                },
            };
        }
        case "random:index/randomId:RandomId": {
            // Deterministic per resource, so plans compare byte for byte; the real one is random
            // once, then held in the stack's state.
            const bytes = digest("random", name).subarray(0, Number(inputs.byteLength));
            return {
                id: bytes.toString("base64url"),
                extra: {
                    hex: bytes.toString("hex"),
                    b64Url: bytes.toString("base64url"),
                    b64Std: bytes.toString("base64"),
                    dec: BigInt(`0x${bytes.toString("hex")}`).toString(),
                },
            };
        }
        case "gcp:projects/serviceIdentity:ServiceIdentity": {
            // service-<number>@gcp-sa-<service>.iam.gserviceaccount.com, as the API returns it.
            const email = `service-${fakeProjectNumber(project)}@gcp-sa-${String(inputs.service).split(".")[0]}.iam.gserviceaccount.com`;
            return {
                id: `projects/${project}/services/${inputs.service}`,
                extra: { email, member: `serviceAccount:${email}`, project },
            };
        }
        case "gcp:dns/recordSet:RecordSet": {
            const zoneProject = typeof inputs.project === "string" ? inputs.project : project;
            return {
                id: `projects/${zoneProject}/managedZones/${inputs.managedZone}/rrsets/${inputs.name}/${inputs.type}`,
                extra: { project: zoneProject },
            };
        }
        case "gcp:servicenetworking/connection:Connection":
            return {
                id: `${inputs.network}:${inputs.service}`,
                extra: { peering: "servicenetworking-googleapis-com" },
            };
        default:
            if (type.startsWith("kubernetes:")) {
                const meta = (inputs.metadata ?? {}) as { name?: string; namespace?: string };
                const ns = meta.namespace ? `${meta.namespace}/` : "";
                return { id: `${ns}${meta.name ?? name}`, extra: {} };
            }
            if (type.startsWith("pulumi:providers:")) return { id: `${name}-provider-id`, extra: {} };
            return { id: `${physical}-id`, extra: {} };
    }
}

/** Invokes the program is known to make, with realistic answers. Anything else throws. */
const knownInvokes: Record<string, (inputs: Record<string, unknown>, project: string) => Record<string, unknown>> = {
    "gcp:organizations/getProject:getProject": (_inputs, project) => ({
        projectId: project,
        number: fakeProjectNumber(project),
        name: project,
    }),
};

export function createMocks(opts: MockOptions): pulumi.runtime.Mocks {
    return {
        newResource(args) {
            const { id, extra } = computed(args, opts.project);
            return { id, state: { ...args.inputs, ...extra } };
        },
        call(args) {
            const answer = knownInvokes[args.token];
            if (!answer) {
                throw new Error(
                    `unexpected invoke ${args.token} with ${JSON.stringify(args.inputs)}: the offline plan knows no answer for it; add one to tools/lib/mocks.ts if the program really needs it`,
                );
            }
            return answer(args.inputs as Record<string, unknown>, opts.project);
        },
    };
}
