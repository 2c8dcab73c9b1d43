export * from "./AlertPolicies";
export * from "./Dashboards";
export * from "./LogMetrics";
export * from "./NotificationChannels";
export * from "./Observability";
export * from "./Slo";
export * from "./UptimeChecks";
export type { ObservedNames } from "./targets";
