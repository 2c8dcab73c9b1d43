import { multiTypePolicy } from "../../../lib/define";
import { containersOf, describeObject, WORKLOAD_TYPES } from "../../../lib/kubernetes";

/** "repo/name:tag@sha256:…" → { tag, digest }; the registry port ("host:5000/…") is not a tag. */
export function imageReference(image: string): { tag?: string; digest?: string } {
    const [withoutDigest = "", digest] = image.split("@");
    const lastPart = withoutDigest.split("/").pop() ?? "";
    const tag = lastPart.includes(":") ? lastPart.split(":").pop() : undefined;
    return { tag, digest };
}

// A rollback (`release.tag` / `release.digest`) only means something if every rollout names
// an immutable image; "latest" or no tag changes what runs without a reviewed diff.
export const policy = multiTypePolicy(
    {
        name: "kubernetes-apps-deployment-pin-image",
        description: "Deployment and Job containers pin their image by a release tag other than latest, or by digest.",
        severity: "high",
        category: "availability",
        remediationSteps: "Set config release.tag (e.g. 2026.11.3) or release.digest (sha256:…); never latest.",
        anchors: [
            "CKV_K8S_14",
            "CKV_K8S_43",
            "kube-score container-image-tag",
            "Polaris tagNotSpecified",
            "kube-linter latest-tag",
        ],
    },
    WORKLOAD_TYPES,
    (props, report, { name }) => {
        const what = describeObject(props, name);
        for (const { container, kind } of containersOf(props)) {
            const image = String(container.image ?? "");
            const { tag, digest } = imageReference(image);
            if (digest) continue;
            if (!tag || tag === "latest") {
                report(`${what} ${kind} '${container.name}' must pin its image by tag or digest: "${image}".`);
            }
        }
    },
);
