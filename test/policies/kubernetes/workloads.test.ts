import * as assert from "assert";
import { policy as podDefaults } from "../../../policies/kubernetes/apps/deployment/kubernetes-apps-deployment-harden-pod-defaults";
import { policy as rollout } from "../../../policies/kubernetes/apps/deployment/kubernetes-apps-deployment-roll-out-without-capacity-loss";
import { policy as psa } from "../../../policies/kubernetes/core/namespace/kubernetes-core-namespace-enforce-pod-security-standard";
import { policy as registry } from "../../../policies/kubernetes/apps/deployment/kubernetes-apps-deployment-use-trusted-registry";
import { policy as probes } from "../../../policies/kubernetes/apps/deployment/kubernetes-apps-deployment-configure-probes";
import { policy as escalation } from "../../../policies/kubernetes/apps/deployment/kubernetes-apps-deployment-disallow-privilege-escalation";
import { policy as hostNs } from "../../../policies/kubernetes/apps/deployment/kubernetes-apps-deployment-disallow-host-namespaces";
import { policy as literalSecrets } from "../../../policies/kubernetes/apps/deployment/kubernetes-apps-deployment-disallow-literal-secrets-in-env";
import { policy as caps } from "../../../policies/kubernetes/apps/deployment/kubernetes-apps-deployment-drop-all-capabilities";
import { policy as grace } from "../../../policies/kubernetes/apps/deployment/kubernetes-apps-deployment-graceful-termination";
import {
    imageReference,
    policy as pin,
} from "../../../policies/kubernetes/apps/deployment/kubernetes-apps-deployment-pin-image";
import { policy as readOnly } from "../../../policies/kubernetes/apps/deployment/kubernetes-apps-deployment-require-read-only-root-filesystem";
import { policy as nonRoot } from "../../../policies/kubernetes/apps/deployment/kubernetes-apps-deployment-run-as-non-root";
import { policy as resources } from "../../../policies/kubernetes/apps/deployment/kubernetes-apps-deployment-set-resource-requests-and-limits";
import { policy as spread } from "../../../policies/kubernetes/apps/deployment/kubernetes-apps-deployment-spread-across-zones";
import { policy as configMapSecrets } from "../../../policies/kubernetes/core/configMap/kubernetes-core-configmap-disallow-secret-data";
import { policy as namespace } from "../../../policies/kubernetes/core/namespace/kubernetes-core-namespace-disallow-default-namespace";
import { policy as exposure } from "../../../policies/kubernetes/core/service/kubernetes-core-service-disallow-external-exposure";
import {
    addCopy,
    checkPlanned,
    checkStack,
    messages,
    prodEu,
    realPlan,
    REMOVE,
    resourceCases,
    setInputs,
} from "../harness";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const JOB = "kubernetes:batch/v1:Job";
const D = "Deployment voice-agent/voice-agent";
const C = "spec.template.spec.containers[0]";
const POD = "spec.template.spec";
const VOICE_AGENT = prodEu(DEPLOYMENT, "voice-agent-europe-west1-deployment");
const NAMESPACE = prodEu("kubernetes:core/v1:Namespace", "voice-agent-europe-west1-namespace");

resourceCases(nonRoot, VOICE_AGENT, [
    [
        `${POD}.securityContext.runAsNonRoot`,
        false,
        [
            `${D} container 'voice-agent' must run as non-root: runAsNonRoot is false (pod or container securityContext).`,
        ],
    ],
    [
        `${POD}.securityContext.runAsNonRoot`,
        REMOVE,
        [
            `${D} container 'voice-agent' must run as non-root: runAsNonRoot is not set (pod or container securityContext).`,
        ],
    ],
    [
        `${C}.securityContext.runAsNonRoot`,
        false,
        [
            `${D} container 'voice-agent' must run as non-root: runAsNonRoot is false (pod or container securityContext).`,
        ],
    ],
    [`${C}.securityContext.runAsUser`, 0, [`${D} container 'voice-agent' must not run as UID 0.`]],
]);

resourceCases(escalation, VOICE_AGENT, [
    [
        `${C}.securityContext.allowPrivilegeEscalation`,
        true,
        [`${D} container 'voice-agent' must set securityContext.allowPrivilegeEscalation false; it is true.`],
    ],
    [
        `${C}.securityContext.allowPrivilegeEscalation`,
        REMOVE,
        [`${D} container 'voice-agent' must set securityContext.allowPrivilegeEscalation false; it is not set.`],
    ],
    [`${C}.securityContext.privileged`, true, [`${D} container 'voice-agent' must not be privileged.`]],
]);

resourceCases(readOnly, VOICE_AGENT, [
    [
        `${C}.securityContext.readOnlyRootFilesystem`,
        false,
        [`${D} container 'voice-agent' must set securityContext.readOnlyRootFilesystem true.`],
    ],
    [
        `${C}.securityContext.readOnlyRootFilesystem`,
        REMOVE,
        [`${D} container 'voice-agent' must set securityContext.readOnlyRootFilesystem true.`],
    ],
]);

describe(`${readOnly.name} (exemptions)`, () => {
    it("skips containers listed in exemptContainers", async () => {
        const writable = setInputs({ [`${C}.securityContext.readOnlyRootFilesystem`]: false });
        const config = { [readOnly.name]: { exemptContainers: ["voice-agent"] } };
        assert.deepStrictEqual(await checkPlanned(readOnly, VOICE_AGENT, writable, config), []);
    });
});

resourceCases(caps, VOICE_AGENT, [
    [
        `${C}.securityContext.capabilities.drop`,
        ["NET_RAW"],
        [`${D} container 'voice-agent' must drop ALL capabilities: securityContext.capabilities.drop is ["NET_RAW"].`],
    ],
    [
        `${C}.securityContext.capabilities`,
        REMOVE,
        [`${D} container 'voice-agent' must drop ALL capabilities: securityContext.capabilities.drop is [].`],
    ],
    [
        `${C}.securityContext.capabilities.add`,
        ["SYS_ADMIN"],
        [`${D} container 'voice-agent' must not add capability SYS_ADMIN.`],
    ],
    [`${C}.securityContext.capabilities.add`, ["NET_BIND_SERVICE"], []],
]);

resourceCases(hostNs, VOICE_AGENT, [
    [`${POD}.hostNetwork`, true, [`${D} must not set hostNetwork.`]],
    [`${POD}.hostPID`, true, [`${D} must not set hostPID.`]],
    [`${POD}.hostIPC`, true, [`${D} must not set hostIPC.`]],
    [
        `${POD}.volumes`,
        [{ name: "docker", hostPath: { path: "/var/run/docker.sock" } }],
        [`${D} must not mount hostPath volume 'docker'.`],
    ],
    [
        `${C}.ports`,
        [{ containerPort: 8080, hostPort: 8080 }],
        [`${D} container 'voice-agent' must not bind host port 8080.`],
    ],
]);

resourceCases(probes, VOICE_AGENT, [
    [`${C}.readinessProbe`, REMOVE, [`${D} container 'voice-agent' must define a readinessProbe.`]],
    [`${C}.livenessProbe`, REMOVE, [`${D} container 'voice-agent' must define a livenessProbe.`]],
]);

resourceCases(resources, VOICE_AGENT, [
    [`${C}.resources.requests.cpu`, REMOVE, [`${D} container 'voice-agent' must set resources.requests.cpu.`]],
    [`${C}.resources.requests.memory`, REMOVE, [`${D} container 'voice-agent' must set resources.requests.memory.`]],
    [`${C}.resources.limits.memory`, REMOVE, [`${D} container 'voice-agent' must set resources.limits.memory.`]],
    [`${C}.resources.limits.cpu`, REMOVE, []],
    [
        `${C}.resources`,
        REMOVE,
        [
            `${D} container 'voice-agent' must set resources.requests.cpu.`,
            `${D} container 'voice-agent' must set resources.requests.memory.`,
            `${D} container 'voice-agent' must set resources.limits.memory.`,
        ],
    ],
]);

describe(`${resources.name} (requireCpuLimit)`, () => {
    it("requires a CPU limit when configured to", async () => {
        const noCpuLimit = setInputs({ [`${C}.resources.limits.cpu`]: REMOVE });
        assert.deepStrictEqual(
            await checkPlanned(resources, VOICE_AGENT, noCpuLimit, { [resources.name]: { requireCpuLimit: true } }),
            [`${D} container 'voice-agent' must set resources.limits.cpu.`],
        );
    });
});

resourceCases(pin, VOICE_AGENT, [
    [
        `${C}.image`,
        "europe-docker.pkg.dev/edentist-artifacts/voice/voice-agent:latest",
        [
            `${D} container 'voice-agent' must pin its image by tag or digest: "europe-docker.pkg.dev/edentist-artifacts/voice/voice-agent:latest".`,
        ],
    ],
    [
        `${C}.image`,
        "europe-docker.pkg.dev/edentist-artifacts/voice/voice-agent",
        [
            `${D} container 'voice-agent' must pin its image by tag or digest: "europe-docker.pkg.dev/edentist-artifacts/voice/voice-agent".`,
        ],
    ],
    [`${C}.image`, `europe-docker.pkg.dev/edentist-artifacts/voice/voice-agent@sha256:${"a".repeat(64)}`, []],
    [
        `${C}.image`,
        "registry:5000/voice-agent",
        [`${D} container 'voice-agent' must pin its image by tag or digest: "registry:5000/voice-agent".`],
    ],
]);

describe("image reference parsing", () => {
    it("separates tag, digest and registry port", () => {
        assert.deepStrictEqual(imageReference("host:5000/a/b:1.2@sha256:ff"), { tag: "1.2", digest: "sha256:ff" });
        assert.deepStrictEqual(imageReference("host:5000/a/b"), { tag: undefined, digest: undefined });
    });
});

resourceCases(literalSecrets, VOICE_AGENT, [
    [
        `${C}.env[0]`,
        { name: "REDIS_AUTH", value: "hunter2" },
        [`${D} container 'voice-agent' sets REDIS_AUTH from a literal value; use valueFrom.secretKeyRef.`],
    ],
    [
        `${C}.env[1]`,
        { name: "GEMINI_API_KEY", value: "AIza..." },
        [`${D} container 'voice-agent' sets GEMINI_API_KEY from a literal value; use valueFrom.secretKeyRef.`],
    ],
    [`${C}.env[1]`, { name: "VOICE_MODE", value: "hold" }, []],
]);

resourceCases(spread, VOICE_AGENT, [
    [
        `${POD}.topologySpreadConstraints`,
        REMOVE,
        [`${D} must spread pods across zones: no topologySpreadConstraints entry uses topology.kubernetes.io/zone.`],
    ],
    [
        `${POD}.topologySpreadConstraints[0].topologyKey`,
        "kubernetes.io/hostname",
        [`${D} must spread pods across zones: no topologySpreadConstraints entry uses topology.kubernetes.io/zone.`],
    ],
]);

resourceCases(grace, VOICE_AGENT, [
    [
        `${POD}.terminationGracePeriodSeconds`,
        30,
        [`${D} must allow live calls to finish: terminationGracePeriodSeconds is 30 (at least 3600).`],
    ],
    [
        `${POD}.terminationGracePeriodSeconds`,
        REMOVE,
        [`${D} must allow live calls to finish: terminationGracePeriodSeconds is 30 (at least 3600).`],
    ],
    [`${C}.lifecycle`, REMOVE, [`${D} container 'voice-agent' must define a lifecycle.preStop hook.`]],
    ["metadata.name", "pms-sync-worker", []],
]);

resourceCases(namespace, VOICE_AGENT, [
    [
        "metadata.namespace",
        "default",
        [
            `${D.replace("voice-agent/", "default/")} must be placed in a dedicated namespace: metadata.namespace is "default".`,
        ],
    ],
    [
        "metadata.namespace",
        REMOVE,
        [`Deployment default/voice-agent must be placed in a dedicated namespace: metadata.namespace is not set.`],
    ],
]);

resourceCases(exposure, prodEu("kubernetes:core/v1:Service", "voice-agent-europe-west1-service"), [
    [
        "spec.type",
        "LoadBalancer",
        [
            `Service voice-agent/voice-agent must not be exposed directly: spec.type is "LoadBalancer" (expected "ClusterIP").`,
        ],
    ],
    [
        "spec.type",
        "NodePort",
        [
            `Service voice-agent/voice-agent must not be exposed directly: spec.type is "NodePort" (expected "ClusterIP").`,
        ],
    ],
    ["spec.type", REMOVE, []],
]);

resourceCases(configMapSecrets, prodEu("kubernetes:core/v1:ConfigMap", "voice-agent-europe-west1-config"), [
    [
        "data.REDIS_PASSWORD",
        "hunter2",
        [`ConfigMap voice-agent/voice-agent-config holds credential-like key REDIS_PASSWORD; store it in a Secret.`],
    ],
]);

describe("workload policies on Jobs", () => {
    /** The prod-eu plan with a Job that runs the voice-agent pod template, changed by `change`. */
    async function withJob(change: Record<string, unknown> = {}) {
        const inventory = await realPlan("prod-eu");
        const job = addCopy(inventory, VOICE_AGENT, JOB, "cache-purge-3", (deployment) => ({
            apiVersion: "batch/v1",
            kind: "Job",
            metadata: { name: "cache-purge-3", namespace: deployment.metadata.namespace },
            spec: { template: { spec: deployment.spec.template.spec } },
        }));
        setInputs(change)(job);
        return inventory;
    }
    it("applies the container hardening to Jobs", async () => {
        assert.deepStrictEqual(messages(checkStack(escalation, await withJob())), []);
        const privileged = await withJob({ [`${C}.securityContext.privileged`]: true });
        assert.deepStrictEqual(messages(checkStack(escalation, privileged)), [
            `Job voice-agent/cache-purge-3 container 'voice-agent' must not be privileged.`,
        ]);
    });
    it("does not ask Jobs for probes", async () => {
        const withoutProbe = await withJob({ [`${C}.readinessProbe`]: REMOVE });
        assert.deepStrictEqual(messages(checkStack(probes, withoutProbe)), []);
    });
});

resourceCases(podDefaults, VOICE_AGENT, [
    [
        `${POD}.automountServiceAccountToken`,
        true,
        [`${D} must not mount a service account token: spec.template.spec.automountServiceAccountToken is true.`],
    ],
    [
        `${POD}.automountServiceAccountToken`,
        REMOVE,
        [`${D} must not mount a service account token: spec.template.spec.automountServiceAccountToken is not set.`],
    ],
    [
        `${POD}.securityContext.seccompProfile`,
        REMOVE,
        [`${D} container 'voice-agent' must run with seccomp profile RuntimeDefault; it is "Unconfined".`],
    ],
    [
        `${C}.securityContext.seccompProfile`,
        { type: "Unconfined" },
        [`${D} container 'voice-agent' must run with seccomp profile RuntimeDefault; it is "Unconfined".`],
    ],
]);

resourceCases(rollout, VOICE_AGENT, [
    [
        "spec.strategy",
        { type: "Recreate" },
        [`${D} must not use the Recreate strategy; it stops every pod before starting new ones.`],
    ],
    [
        "spec.strategy.rollingUpdate.maxUnavailable",
        1,
        [`${D} must roll out without losing capacity: spec.strategy.rollingUpdate.maxUnavailable is 1 (expected 0).`],
    ],
    [
        "spec.strategy",
        REMOVE,
        [
            `${D} must roll out without losing capacity: spec.strategy.rollingUpdate.maxUnavailable is "25%" (expected 0).`,
        ],
    ],
    [
        "spec.strategy.rollingUpdate.maxSurge",
        0,
        [`${D} must surge new pods during a rollout: spec.strategy.rollingUpdate.maxSurge is 0.`],
    ],
    ["metadata.name", "pms-sync-worker", []],
]);

resourceCases(psa, NAMESPACE, [
    [
        "metadata.labels",
        REMOVE,
        [
            `Namespace voice-agent must enforce the restricted Pod Security Standard: label pod-security.kubernetes.io/enforce is not set.`,
        ],
    ],
]);

describe(`${psa.name} (levels)`, () => {
    const baseline = setInputs({ "metadata.labels": { "pod-security.kubernetes.io/enforce": "baseline" } });
    it("rejects baseline by default and accepts it when configured", async () => {
        assert.deepStrictEqual(await checkPlanned(psa, NAMESPACE, baseline), [
            `Namespace voice-agent must enforce the restricted Pod Security Standard: label pod-security.kubernetes.io/enforce is "baseline".`,
        ]);
        assert.deepStrictEqual(await checkPlanned(psa, NAMESPACE, baseline, { [psa.name]: { level: "baseline" } }), []);
    });
});

resourceCases(registry, VOICE_AGENT, [
    [
        `${C}.image`,
        "docker.io/library/voice-agent:2026.11.3",
        [
            `${D} container 'voice-agent' pulls "docker.io/library/voice-agent:2026.11.3" from outside the allowed registries (europe-docker.pkg.dev/edentist-artifacts/, me-central1-docker.pkg.dev/edentist-artifacts/).`,
        ],
    ],
    [`${C}.image`, "me-central1-docker.pkg.dev/edentist-artifacts/voice/voice-agent:2026.11.3", []],
]);
