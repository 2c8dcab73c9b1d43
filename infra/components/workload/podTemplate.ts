/**
 * The pod template every voice-agent Deployment shares (the realtime agent and the PMS sync
 * worker), and the pieces the purge Job shares with them: the restricted security context the
 * namespace enforces, the writable /tmp a read-only root filesystem needs, and the region's pod
 * environment (its ConfigMap and Secret, and their checksums that roll the pods on a change).
 */
import type * as k8s from "../../kubernetes";
import type * as pulumi from "@pulumi/pulumi";

export const podSecurityContext: k8s.types.input.core.v1.PodSecurityContext = {
    runAsNonRoot: true,
    runAsUser: 10001,
    runAsGroup: 10001,
    fsGroup: 10001,
    seccompProfile: { type: "RuntimeDefault" },
};

export const containerSecurityContext: k8s.types.input.core.v1.SecurityContext = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    privileged: false,
    capabilities: { drop: ["ALL"] },
};

export const tmpVolume: k8s.types.input.core.v1.Volume = { name: "tmp", emptyDir: { sizeLimit: "256Mi" } };
export const tmpMount: k8s.types.input.core.v1.VolumeMount = { name: "tmp", mountPath: "/tmp" };

/**
 * What a pod of the region's voice-agent namespace runs with: the Workload creates it, and the PMS
 * worker and the purge Jobs take it whole.
 */
export interface PodEnvironment {
    /** The namespace object, so that objects in it are created after it. */
    namespace: pulumi.Resource;
    /**
     * The node pool the pods run on: the objects that create pods (Deployments, Jobs) wait for it;
     * nothing else in the namespace does, so a node-pool update holds up no other change.
     */
    nodes: pulumi.Resource;
    serviceAccountName: pulumi.Input<string>;
    /** Runtime flags and endpoints. */
    configMapName: pulumi.Input<string>;
    /** The Redis AUTH string, when the region has one. */
    secretName?: pulumi.Input<string>;
    /** Checksum of the ConfigMap data: a flag or endpoint change rolls the pods. */
    configChecksum: pulumi.Input<string>;
    /** Checksum of the Secret data; a secret itself, so kept apart from the config checksum. */
    secretChecksum?: pulumi.Input<string>;
}

/** The ConfigMap, and the Secret where there is one, as the container's environment. */
export function envFromOf(env: PodEnvironment): k8s.types.input.core.v1.EnvFromSource[] {
    const envFrom: k8s.types.input.core.v1.EnvFromSource[] = [{ configMapRef: { name: env.configMapName } }];
    if (env.secretName) envFrom.push({ secretRef: { name: env.secretName } });
    return envFrom;
}

export interface PodTemplateArgs {
    labels: Record<string, string>;
    /** Pod annotations besides the checksums. */
    annotations?: Record<string, string>;
    terminationGracePeriodSeconds: number;
    topologySpreadConstraints: k8s.types.input.core.v1.TopologySpreadConstraint[];
    /** The one container, without what every container gets: environment, security context, /tmp. */
    container: Omit<k8s.types.input.core.v1.Container, "envFrom" | "securityContext" | "volumeMounts">;
}

/**
 * A Deployment's pod template: non-root and read-only under the restricted standard, no token
 * mounted (Workload Identity needs none), the pod environment, and checksum annotations so that
 * changing a flag restarts the pods (the app reads its environment once).
 */
export function podTemplate(env: PodEnvironment, args: PodTemplateArgs): k8s.types.input.core.v1.PodTemplateSpec {
    return {
        metadata: {
            labels: args.labels,
            annotations: {
                ...args.annotations,
                "voice-agent.edentist.ai/config-checksum": env.configChecksum,
                ...(env.secretChecksum ? { "voice-agent.edentist.ai/secret-checksum": env.secretChecksum } : {}),
            },
        },
        spec: {
            serviceAccountName: env.serviceAccountName,
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: args.terminationGracePeriodSeconds,
            securityContext: podSecurityContext,
            topologySpreadConstraints: args.topologySpreadConstraints,
            containers: [
                {
                    ...args.container,
                    envFrom: envFromOf(env),
                    securityContext: containerSecurityContext,
                    volumeMounts: [tmpMount],
                },
            ],
            volumes: [tmpVolume],
        },
    };
}
