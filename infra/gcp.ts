/**
 * The services of @pulumi/gcp the program uses, as `gcp.<service>` like the package's own index.
 * That index loads all of the provider's ~150 service modules at once; with only these (and the
 * Kubernetes groups of ./kubernetes.ts) loading infra/ takes 143 modules instead of 370, half the
 * time. Each class still loads on first use. A service the program starts using is added here.
 */
export * as artifactregistry from "@pulumi/gcp/artifactregistry";
export * as compute from "@pulumi/gcp/compute";
export * as container from "@pulumi/gcp/container";
export * as dns from "@pulumi/gcp/dns";
export * as logging from "@pulumi/gcp/logging";
export * as monitoring from "@pulumi/gcp/monitoring";
export * as organizations from "@pulumi/gcp/organizations";
export * as projects from "@pulumi/gcp/projects";
export * as pubsub from "@pulumi/gcp/pubsub";
export * as redis from "@pulumi/gcp/redis";
export * as secretmanager from "@pulumi/gcp/secretmanager";
export * as serviceaccount from "@pulumi/gcp/serviceaccount";
export * as servicenetworking from "@pulumi/gcp/servicenetworking";
export * as sql from "@pulumi/gcp/sql";
export * as types from "@pulumi/gcp/types";
