import { multiTypePolicy } from "../../../lib/define";
import { containersOf, describeObject, WORKLOAD_TYPES } from "../../../lib/kubernetes";

interface Config {
    allowedRegistries: string[];
}

// Images come from the organization's Artifact Registry, where vulnerability scanning and the
// Binary Authorization attestations live; a public registry bypasses both.
export const policy = multiTypePolicy<Config>(
    {
        name: "kubernetes-apps-deployment-use-trusted-registry",
        description:
            "Deployment and Job containers pull images only from the organization's Artifact Registry repositories.",
        severity: "high",
        category: "security",
        // Advisory: beyond the security baseline the pack enforces, and the cache purge Job still pulls redis from
        // Docker Hub (reported); Binary Authorization enforces the registry at admission anyway.
        enforcementLevel: "advisory",
        remediationSteps:
            "Publish the image to the cell's Artifact Registry (<region>-docker.pkg.dev/edentist-artifacts/…) and reference it from config release.image.",
        anchors: ["CIS GKE (minimize container registries to only those approved)"],
        configSchema: {
            properties: {
                allowedRegistries: {
                    type: "array",
                    items: { type: "string" },
                    default: [
                        "europe-docker.pkg.dev/edentist-artifacts/",
                        "me-central1-docker.pkg.dev/edentist-artifacts/",
                    ],
                    description: "Image reference prefixes that are allowed.",
                },
            },
        },
    },
    WORKLOAD_TYPES,
    (props, report, { name, config }) => {
        const what = describeObject(props, name);
        for (const { container, kind } of containersOf(props)) {
            const image = String(container.image ?? "");
            if (!config.allowedRegistries.some((prefix) => image.startsWith(prefix))) {
                report(
                    `${what} ${kind} '${container.name}' pulls "${image}" from outside the allowed registries (${config.allowedRegistries.join(", ")}).`,
                );
            }
        }
    },
);
