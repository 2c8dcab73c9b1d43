/**
 * The cell's project enables every API its resource types need, one Service per API, never
 * disabled on destroy, and every resource waits for its API.
 */
import * as assert from "assert";
import { apisForType, requiredApis, serviceType, UnknownApiError } from "../../infra/projectApis";
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
                e.message === 'no Google API known for resource type gcp:bigquery/dataset:Dataset (module "bigquery"); add it to apiOfModule in infra/projectApis.ts',
        );
    });
});

const expectedApis = [
    "artifactregistry.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "compute.googleapis.com",
    "container.googleapis.com",
    "dns.googleapis.com",
    "iam.googleapis.com",
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
        it("derives exactly these APIs from the declared types", async () => {
            const inv = await planOf(stack);
            assert.deepStrictEqual(requiredApis(inv.resources.map((r) => r.type)), expectedApis);
        });

        it("declares one Service per API, in the cell's project, never disabled on destroy", async () => {
            const services = ofType(await planOf(stack), serviceType);
            assert.deepStrictEqual(services.map((s) => s.inputs.service).sort(), expectedApis);
            for (const s of services) {
                assert.deepStrictEqual({ project: s.inputs.project, disableOnDestroy: s.inputs.disableOnDestroy }, { project, disableOnDestroy: false }, s.name);
                assert.deepStrictEqual(s.dependsOn, [], `${s.name} waits for nothing`);
            }
        });

        it("makes every gcp resource depend on the Service of each API its type needs", async () => {
            const inv = await planOf(stack);
            const serviceUrn = new Map(ofType(inv, serviceType).map((s) => [s.inputs.service as string, s.urn]));
            let checked = 0;
            for (const r of inv.resources) {
                for (const api of apisForType(r.type)) {
                    assert.ok(r.dependsOn.includes(serviceUrn.get(api)!), `${r.type} ${r.name} does not wait for ${api}`);
                    checked++;
                }
            }
            assert.ok(checked > 100, `${checked} resource-API pairs checked`);
        });
    });
}
