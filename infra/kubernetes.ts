/**
 * The API groups of @pulumi/kubernetes the program uses, as `k8s.<group>` like the package's own
 * index, which also loads every other group, Helm and the YAML engine (with its glob library). A
 * group the program starts using is added here.
 */
export { Provider } from "@pulumi/kubernetes/provider";
export * as apps from "@pulumi/kubernetes/apps";
export * as autoscaling from "@pulumi/kubernetes/autoscaling";
export * as batch from "@pulumi/kubernetes/batch";
export * as core from "@pulumi/kubernetes/core";
export * as policy from "@pulumi/kubernetes/policy";
export * as types from "@pulumi/kubernetes/types";
