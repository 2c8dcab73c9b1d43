import * as assert from "assert";
import { artifactRepositoryOf } from "../../infra/imageRepository";
import { imageRepositoriesOf } from "../../infra/region";
import { ofType, planOf, prodStacks } from "../support/plans";

describe("image repository: where an image is pulled from", () => {
    const table: [string, ReturnType<typeof artifactRepositoryOf>][] = [
        [
            "europe-docker.pkg.dev/edentist-artifacts/voice/voice-agent",
            { location: "europe", project: "edentist-artifacts", repository: "voice" },
        ],
        [
            "me-central1-docker.pkg.dev/edentist-artifacts/voice/voice-agent:1.4.2",
            { location: "me-central1", project: "edentist-artifacts", repository: "voice" },
        ],
        [
            `europe-docker.pkg.dev/p/r/team/img@sha256:${"a".repeat(64)}`,
            { location: "europe", project: "p", repository: "r" },
        ],
        ["redis:7.2.5-alpine", undefined],
        ["gcr.io/edentist-artifacts/voice-agent", undefined],
        ["europe-docker.pkg.dev/edentist-artifacts/voice", undefined],
        ["europe-maven.pkg.dev/edentist-artifacts/voice/voice-agent", undefined],
    ];
    for (const [image, repo] of table) {
        it(`${image} → ${repo ? `${repo.location}/${repo.project}/${repo.repository}` : "not Artifact Registry"}`, () =>
            assert.deepStrictEqual(artifactRepositoryOf(image), repo));
    }

    it("lists each repository of a region's images once", () => {
        assert.deepStrictEqual(
            imageRepositoriesOf([
                "europe-docker.pkg.dev/a/voice/agent",
                "redis:7.2.5-alpine",
                "europe-docker.pkg.dev/a/voice/worker",
                "europe-docker.pkg.dev/b/tools/redis",
            ]),
            [
                { location: "europe", project: "a", repository: "voice" },
                { location: "europe", project: "b", repository: "tools" },
            ],
        );
    });
});

const imageLocation: Record<string, string> = { "prod-eu": "europe", "prod-me": "me-central1" };

for (const { stack, project, regions } of prodStacks) {
    describe(`image pulls on ${stack}`, () => {
        it("grants each region's node account the reader role on the release image's repository in the artifacts project", async () => {
            const grants = ofType(
                await planOf(stack),
                "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember",
            ).map((r) => r.inputs);
            assert.deepStrictEqual(
                grants,
                regions.map((region) => ({
                    project: "edentist-artifacts",
                    location: imageLocation[stack],
                    repository: "voice",
                    role: "roles/artifactregistry.reader",
                    member: `serviceAccount:gke-nodes-${region}@${project}.iam.gserviceaccount.com`,
                })),
            );
        });

        it("grants no Artifact Registry role on the cell's own project, where no image lives", async () => {
            const projectGrants = ofType(await planOf(stack), "gcp:projects/iAMMember:IAMMember").filter((r) =>
                String(r.inputs.role).startsWith("roles/artifactregistry."),
            );
            assert.deepStrictEqual(projectGrants, []);
        });

        it("creates each node pool after its pull grant", async () => {
            const inv = await planOf(stack);
            const grants = ofType(inv, "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember");
            for (const pool of ofType(inv, "gcp:container/nodePool:NodePool")) {
                assert.strictEqual(grants.filter((g) => pool.dependsOn.includes(g.urn)).length, 1, pool.name);
            }
        });
    });
}
