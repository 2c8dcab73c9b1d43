import * as assert from "assert";
import { policy as replicas } from "../../../policies/kubernetes/apps/deployment/kubernetes-apps-deployment-defer-replicas-to-hpa";
import { policy as hpaZones } from "../../../policies/kubernetes/autoscaling/horizontalPodAutoscaler/kubernetes-autoscaling-horizontalpodautoscaler-cover-zones";
import { policy as wi } from "../../../policies/kubernetes/core/serviceAccount/kubernetes-core-serviceaccount-bind-workload-identity";
import { policy as serviceSelects } from "../../../policies/kubernetes/core/service/kubernetes-core-service-select-deployment-pods";
import { policy as pdb } from "../../../policies/kubernetes/policy/podDisruptionBudget/kubernetes-policy-poddisruptionbudget-require-and-permit-disruption";
import { checkStack, messages, realPlan, REMOVE, stackCases } from "../harness";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const W1 = "voice-agent-europe-west1";
const D = "Deployment voice-agent/voice-agent";

stackCases(replicas, "prod-eu", [
    [
        DEPLOYMENT,
        `${W1}-deployment`,
        "spec.replicas",
        3,
        [`${D} is scaled by an HPA and must not set spec.replicas (it is 3).`],
    ],
    [
        HPA,
        `${W1}-hpa`,
        "spec.scaleTargetRef.name",
        "other",
        [`${D} has no HPA and runs 1 replica(s); at least 2 are required.`],
    ],
    [
        DEPLOYMENT,
        `${W1}-deployment`,
        "spec.replicas",
        1,
        [`${D} is scaled by an HPA and must not set spec.replicas (it is 1).`],
    ],
]);

describe(`${replicas.name} (Deployments without an HPA)`, () => {
    const withoutHpa = async (count: number | undefined) => {
        const inv = await realPlan("prod-eu");
        inv.resources = inv.resources.filter((r) => r.type !== HPA);
        for (const r of inv.resources.filter((r) => r.type === DEPLOYMENT)) (r.inputs as any).spec.replicas = count;
        return messages(checkStack(replicas, inv));
    };
    it("accepts enough static replicas", async () => assert.deepStrictEqual(await withoutHpa(2), []));
    it("accepts a deliberate pause at 0 (queue-only PMS mode)", async () =>
        assert.deepStrictEqual(await withoutHpa(0), []));
    it("rejects a single replica", async () => {
        // Each region runs the PMS sync worker and the voice agent.
        const worker = "Deployment voice-agent/pms-sync-worker";
        assert.deepStrictEqual(await withoutHpa(1), [
            `${worker} has no HPA and runs 1 replica(s); at least 2 are required.`,
            `${worker} has no HPA and runs 1 replica(s); at least 2 are required.`,
            `${D} has no HPA and runs 1 replica(s); at least 2 are required.`,
            `${D} has no HPA and runs 1 replica(s); at least 2 are required.`,
        ]);
    });
});

stackCases(hpaZones, "prod-eu", [
    [
        HPA,
        `${W1}-hpa`,
        "spec.minReplicas",
        2,
        [
            `HorizontalPodAutoscaler voice-agent/voice-agent must keep at least one replica per zone: minReplicas is 2, the cluster has 3 zones.`,
        ],
    ],
    [
        HPA,
        `${W1}-hpa`,
        "spec.minReplicas",
        REMOVE,
        [
            `HorizontalPodAutoscaler voice-agent/voice-agent must keep at least one replica per zone: minReplicas is 1, the cluster has 3 zones.`,
        ],
    ],
    [
        HPA,
        `${W1}-hpa`,
        "spec.maxReplicas",
        6,
        [
            `HorizontalPodAutoscaler voice-agent/voice-agent must be able to scale out: maxReplicas is 6 with minReplicas 6.`,
        ],
    ],
    [
        HPA,
        `${W1}-hpa`,
        "spec.scaleTargetRef.name",
        "voice-agnet",
        [
            `HorizontalPodAutoscaler voice-agent/voice-agent targets Deployment voice-agnet, which is not a Deployment in the same cluster and namespace.`,
        ],
    ],
    [
        DEPLOYMENT,
        `${W1}-deployment`,
        "metadata.namespace",
        "other",
        [
            `HorizontalPodAutoscaler voice-agent/voice-agent targets Deployment voice-agent, which is not a Deployment in the same cluster and namespace.`,
        ],
    ],
]);

stackCases(pdb, "prod-eu", [
    [
        PDB,
        `${W1}-pdb`,
        "spec.selector.matchLabels",
        { "app.kubernetes.io/name": "other" },
        [`${D} has no PodDisruptionBudget selecting its pods.`],
    ],
    [
        PDB,
        `${W1}-pdb`,
        "spec.maxUnavailable",
        0,
        [`PodDisruptionBudget voice-agent/voice-agent blocks every voluntary disruption: maxUnavailable is 0.`],
    ],
    [
        PDB,
        `${W1}-pdb`,
        "spec.maxUnavailable",
        "0%",
        [`PodDisruptionBudget voice-agent/voice-agent blocks every voluntary disruption: maxUnavailable is "0%".`],
    ],
    [
        PDB,
        `${W1}-pdb`,
        "spec",
        { minAvailable: 6, selector: { matchLabels: { "app.kubernetes.io/name": "voice-agent" } } },
        [
            `PodDisruptionBudget voice-agent/voice-agent blocks every voluntary disruption: minAvailable 6 is not below the 6 replicas the Deployment runs at minimum.`,
        ],
    ],
    [
        PDB,
        `${W1}-pdb`,
        "spec",
        { minAvailable: "100%", selector: { matchLabels: { "app.kubernetes.io/name": "voice-agent" } } },
        [
            `PodDisruptionBudget voice-agent/voice-agent blocks every voluntary disruption: minAvailable "100%" is not below the 6 replicas the Deployment runs at minimum.`,
        ],
    ],
    [
        PDB,
        `${W1}-pdb`,
        "spec",
        { minAvailable: "50%", selector: { matchLabels: { "app.kubernetes.io/name": "voice-agent" } } },
        [],
    ],
    [
        PDB,
        `${W1}-pdb`,
        "spec.maxUnavailable",
        REMOVE,
        [`PodDisruptionBudget voice-agent/voice-agent must set maxUnavailable or minAvailable.`],
    ],
    // maxUnavailable 1 still permits a disruption when the HPA floor is a single replica.
    [HPA, `${W1}-hpa`, "spec.minReplicas", 1, []],
]);

describe(`${pdb.name} (one cluster's PDB does not cover another's Deployment)`, () => {
    it("reports the region whose PDB was removed", async () => {
        const inv = await realPlan("prod-eu");
        inv.resources = inv.resources.filter((r) => r.name !== `${W1}-pdb`);
        const found = checkStack(pdb, inv);
        assert.deepStrictEqual(messages(found), [`${D} has no PodDisruptionBudget selecting its pods.`]);
        assert.ok(found[0]?.urn.endsWith(`${W1}-deployment`));
    });
});

const SA = "kubernetes:core/v1:ServiceAccount";

stackCases(wi, "prod-eu", [
    [
        DEPLOYMENT,
        `${W1}-deployment`,
        "spec.template.spec.serviceAccountName",
        REMOVE,
        [`${D} must run as a dedicated service account: serviceAccountName is "default".`],
    ],
    [
        DEPLOYMENT,
        `${W1}-deployment`,
        "spec.template.spec.serviceAccountName",
        "voice-agnet",
        [`${D} runs as ServiceAccount voice-agent/voice-agnet, which is not declared in its cluster.`],
    ],
    [
        SA,
        `${W1}-service-account`,
        "metadata.annotations",
        REMOVE,
        // Reported once for each Deployment that runs as it: the voice agent and the PMS sync worker.
        [
            `ServiceAccount voice-agent/voice-agent must name its Google service account in the iam.gke.io/gcp-service-account annotation.`,
            `ServiceAccount voice-agent/voice-agent must name its Google service account in the iam.gke.io/gcp-service-account annotation.`,
        ],
    ],
    [
        "gcp:serviceaccount/iAMMember:IAMMember",
        "voice-agent-workload-identity",
        "member",
        "serviceAccount:edentist-voice-prod-eu.svc.id.goog[default/default]",
        // Once for each of the four Deployments (two per region) that run as voice-agent/voice-agent.
        Array<string>(4).fill(
            `Google service account voice-agent@edentist-voice-prod-eu.iam.gserviceaccount.com does not grant roles/iam.workloadIdentityUser to voice-agent/voice-agent.`,
        ),
    ],
    ["gcp:serviceaccount/account:Account", "voice-agent", "accountId", "someone-else", []],
]);

stackCases(serviceSelects, "prod-eu", [
    [
        "kubernetes:core/v1:Service",
        "voice-agent-europe-west1-service",
        "spec.selector",
        { "app.kubernetes.io/name": "voice-agnet" },
        [
            `Service voice-agent/voice-agent selects {"app.kubernetes.io/name":"voice-agnet"}, which matches no Deployment's pods in its cluster and namespace.`,
        ],
    ],
]);

stackCases(serviceSelects, "prod-eu", [
    [
        "kubernetes:core/v1:Service",
        "voice-agent-europe-west4-service",
        "spec.selector",
        REMOVE,
        [`Service voice-agent/voice-agent creates NEGs but has no spec.selector, so they stay empty.`],
    ],
    [
        "kubernetes:core/v1:Service",
        "voice-agent-europe-west4-service",
        "spec.ports[0].port",
        8080,
        [
            `Service voice-agent/voice-agent exposes port 80 through its NEG annotation but does not serve it in spec.ports.`,
        ],
    ],
]);
