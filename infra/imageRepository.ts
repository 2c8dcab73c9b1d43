/**
 * Where an image lives in Artifact Registry: the release image is built once into the artifacts
 * project and pulled by every cell, so the nodes' pull grant belongs on that repository in that
 * project, not on the cell's own project.
 */

/** An Artifact Registry Docker repository: `<location>-docker.pkg.dev/<project>/<repository>/<image…>`. */
export interface ArtifactRepository {
    location: string;
    project: string;
    repository: string;
}

const artifactRegistryHost = /^([a-z0-9-]+)-docker\.pkg\.dev$/;

/**
 * The Artifact Registry repository an image reference (with or without tag or digest) is pulled
 * from, or undefined for any other registry (Docker Hub, gcr.io), which needs no Google grant.
 */
export function artifactRepositoryOf(image: string): ArtifactRepository | undefined {
    const [withoutDigest = ""] = image.split("@");
    const segments = withoutDigest.split("/");
    const [registry = "", project, repository] = segments;
    const location = artifactRegistryHost.exec(registry)?.[1];
    // Host, project, repository and at least one image path segment.
    if (location === undefined || segments.length < 4) return undefined;
    if (!project || !repository) return undefined;
    return { location, project, repository };
}
