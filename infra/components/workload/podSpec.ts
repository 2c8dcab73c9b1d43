/**
 * Pod-spec pieces every voice-agent container shares: the restricted security context the
 * namespace enforces, and the writable /tmp a read-only root filesystem needs.
 */
import type * as k8s from "@pulumi/kubernetes";

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
