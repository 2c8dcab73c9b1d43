/**
 * The cell's project enables every API its resource types need, one Service per API, never
 * disabled on destroy, and every resource waits for its API.
 */
import * as assert from "assert";
import { serviceType } from "../../core/featureApis";
import { apisFor, apisForType, requiredApis, UnknownApiError } from "../../infra/projectApis";
import { ofType, planOf, prodStacks } from "../support/plans";

describe("project APIs: the API behind each resource type", () => {
    const table: [string, string[]][] = [
        ["gcp:compute/backendService:BackendService", ["compute.googleapis.com"]],
        ["gcp:container/cluster:Cluster", ["container.googleapis.com", "compute.googleapis.com"]],
        ["gcp:container/nodePool:NodePool", ["container.googleapis.com", "compute.googleapis.com"]],
        ["gcp:sql/databaseInstance:DatabaseInstance", ["sqladmin.googleapis.com", "dns.googleapis.com"]],
        ["gcp:sql/user:User", ["sqladmin.googleapis.com"]],
        ["gcp:redis/instance:Instance", ["redis.googleapis.com"]],
        ["gcp:servicenetworking/connection:Connection", ["servicenetworking.googleapis.com"]],
        ["gcp:pubsub/topicIAMMember:TopicIAMMember", ["pubsub.googleapis.com"]],
        ["gcp:secretmanager/secret:Secret", ["secretmanager.googleapis.com"]],
        ["gcp:serviceaccount/account:Account", ["iam.googleapis.com"]],
        ["gcp:projects/iAMMember:IAMMember", ["cloudresourcemanager.googleapis.com"]],
        ["gcp:monitoring/alertPolicy:AlertPolicy", ["monitoring.googleapis.com"]],
        ["gcp:logging/metric:Metric", ["logging.googleapis.com"]],
        ["gcp:artifactregistry/repositoryIamMember:RepositoryIamMember", ["artifactregistry.googleapis.com"]],
        ["gcp:dns/recordSet:RecordSet", ["dns.googleapis.com"]],
        ["gcp:projects/serviceIdentity:ServiceIdentity", ["cloudresourcemanager.googleapis.com"]],
        [serviceType, []],
        ["kubernetes:apps/v1:Deployment", []],
        ["pulumi:providers:kubernetes", []],
        ["voice-agent:cluster:Cluster", []],
    ];
    for (const [type, apis] of table) {
        it(`${type} → ${apis.join(", ") || "none"}`, () => assert.deepStrictEqual(apisForType(type), apis));
    }

    it("refuses a gcp module it knows no API for, naming the type and where to add it", () => {
        assert.throws(
            () => apisForType("gcp:bigquery/dataset:Dataset"),
            (e: unknown) =>
                e instanceof UnknownApiError &&
                e.message ===
                    'no Google API known for resource type gcp:bigquery/dataset:Dataset (module "bigquery"); add it to apiOfModule in infra/projectApis.ts',
        );
    });
});

describe("project APIs: what a resource's features need beyond its type", () => {
    const cluster = "gcp:container/cluster:Cluster";
    const table: [string, string, Record<string, unknown>, string[]][] = [
        ["a cluster with nothing turned on", cluster, {}, ["container.googleapis.com", "compute.googleapis.com"]],
        [
            "Binary Authorization enforced",
            cluster,
            { binaryAuthorization: { evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" } },
            ["container.googleapis.com", "compute.googleapis.com", "binaryauthorization.googleapis.com"],
        ],
        [
            "Binary Authorization DISABLED",
            cluster,
            { binaryAuthorization: { evaluationMode: "DISABLED" } },
            ["container.googleapis.com", "compute.googleapis.com"],
        ],
        [
            "Binary Authorization by the legacy flag",
            cluster,
            { binaryAuthorization: { enabled: true } },
            ["container.googleapis.com", "compute.googleapis.com", "binaryauthorization.googleapis.com"],
        ],
        [
            "Workload Identity",
            cluster,
            { workloadIdentityConfig: { workloadPool: "p.svc.id.goog" } },
            ["container.googleapis.com", "compute.googleapis.com", "iamcredentials.googleapis.com"],
        ],
        [
            "system and workload logs",
            cluster,
            { loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS"] } },
            ["container.googleapis.com", "compute.googleapis.com", "logging.googleapis.com"],
        ],
        [
            "no log components",
            cluster,
            { loggingConfig: { enableComponents: [] } },
            ["container.googleapis.com", "compute.googleapis.com"],
        ],
        [
            "managed Prometheus",
            cluster,
            { monitoringConfig: { managedPrometheus: { enabled: true } } },
            ["container.googleapis.com", "compute.googleapis.com", "monitoring.googleapis.com"],
        ],
        [
            "the Pub/Sub service agent",
            "gcp:projects/serviceIdentity:ServiceIdentity",
            { service: "pubsub.googleapis.com" },
            ["cloudresourcemanager.googleapis.com", "pubsub.googleapis.com"],
        ],
        ["a Kubernetes object", "kubernetes:apps/v1:Deployment", { binaryAuthorization: { enabled: true } }, []],
    ];
    for (const [what, type, props, apis] of table) {
        it(`${what} → ${apis.join(", ") || "none"}`, () => assert.deepStrictEqual(apisFor(type, props), apis));
    }
});

const expectedApis = [
    "artifactregistry.googleapis.com",
    "binaryauthorization.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "compute.googleapis.com",
    "container.googleapis.com",
    "dns.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "redis.googleapis.com",
    "secretmanager.googleapis.com",
    "servicenetworking.googleapis.com",
    "sqladmin.googleapis.com",
];

for (const { stack, project } of prodStacks) {
    describe(`project APIs of ${stack}`, () => {
        it("derives exactly these APIs from the declared types and their features", async () => {
            const inv = await planOf(stack);
            const byFeature = inv.resources.flatMap((r) => apisFor(r.type, r.inputs));
            assert.deepStrictEqual(
                [...new Set([...requiredApis(inv.resources.map((r) => r.type)), ...byFeature])].sort(),
                expectedApis,
            );
        });

        it("declares one Service per API, in the cell's project, never disabled on destroy", async () => {
            const services = ofType(await planOf(stack), serviceType);
            assert.deepStrictEqual(services.map((s) => s.inputs.service).sort(), expectedApis);
            for (const s of services) {
                assert.deepStrictEqual(
                    { project: s.inputs.project, disableOnDestroy: s.inputs.disableOnDestroy },
                    { project, disableOnDestroy: false },
                    s.name,
                );
                assert.deepStrictEqual(s.dependsOn, [], `${s.name} waits for nothing`);
            }
        });

        it("makes every gcp resource depend on the Service of each API its type needs", async () => {
            const inv = await planOf(stack);
            const serviceUrn = new Map(ofType(inv, serviceType).map((s) => [s.inputs.service as string, s.urn]));
            let checked = 0;
            for (const r of inv.resources) {
                for (const api of apisFor(r.type, r.inputs)) {
                    assert.ok(
                        r.dependsOn.includes(serviceUrn.get(api)!),
                        `${r.type} ${r.name} does not wait for ${api}`,
                    );
                    checked++;
                }
            }
            assert.ok(checked > 100, `${checked} resource-API pairs checked`);
        });
    });
}
