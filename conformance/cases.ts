/**
 * The changes a conformance run previews on each prod stack: every remediation the runbook has
 * (the top-level toggles, the database switchover, a rollback, a digest pin, each region's
 * capacity), then representative edits of every component, among them the cases the model was
 * once wrong about (a node-pool machine type, a control-plane range, a database tier, a flag of
 * the mutable ConfigMap, a new region). Each case is a list of `--set key=value` overrides, the
 * form both `npm run diff` and the stack settings of the real preview take.
 */
import { remediationKeys } from "../tools/lib/remediationKeys";

export interface Case {
    id: string;
    /** What the change is, in the runbook's words where it has them. */
    title: string;
    /** Whether the case exercises a remediation key (tools/lib/remediationKeys.ts). */
    remediation: boolean;
    sets: string[];
}

/** What a stack's plan says about its regions: the cases are written against it. */
export interface StackShape {
    primaryRegion: string;
    regions: string[];
    /** The release's image repository (a digest pin replaces the whole release block). */
    releaseImage: string;
    /** A region the stack does not use yet, with subnet ranges no existing region holds. */
    newRegion: {
        name: string;
        zones: string[];
        nodes: string;
        pods: string;
        services: string;
        controlPlane: string;
        /** A maintenance start whose 6 hours overlap no existing region's window. */
        maintenanceStart: string;
    };
}

/** Regions a prod cell could add, by the cell's primary region. */
export const newRegions: Record<string, StackShape["newRegion"]> = {
    "europe-west1": {
        name: "europe-west3",
        zones: ["europe-west3-a", "europe-west3-b", "europe-west3-c"],
        nodes: "10.12.0.0/20",
        pods: "10.72.0.0/14",
        services: "10.22.0.0/20",
        controlPlane: "172.16.0.32/28",
        maintenanceStart: "15:00",
    },
    "me-central1": {
        name: "me-west1",
        zones: ["me-west1-a", "me-west1-b", "me-west1-c"],
        nodes: "10.42.0.0/20",
        pods: "10.136.0.0/14",
        services: "10.52.0.0/20",
        controlPlane: "172.16.1.32/28",
        maintenanceStart: "14:00",
    },
};

export function casesFor(shape: StackShape): Case[] {
    const p = shape.primaryRegion;
    const s = shape.regions.find((r) => r !== p);
    if (s === undefined) throw new Error(`a prod stack has two regions; this one has ${shape.regions.join(", ")}`);
    const n = shape.newRegion;
    const newRegion =
        `{zones: [${n.zones.join(", ")}], subnet: {nodes: ${n.nodes}, pods: ${n.pods}, services: ${n.services}, ` +
        `controlPlane: ${n.controlPlane}}, nodePool: {machineType: n2-standard-8, minPerZone: 2, maxPerZone: 10}, ` +
        `workload: {minReplicas: 6, maxReplicas: 60, targetCpuUtilization: 60}, ` +
        `maintenance: {days: [SA, SU], start: "${n.maintenanceStart}", hours: 6}}`;
    const digest = `sha256:${"4f".repeat(32)}`;
    const toggles: Partial<Record<(typeof remediationKeys)[number], Case>> = {
        forcedFailover: {
            id: "forced-failover",
            title: "Region failure: drain the primary region",
            remediation: true,
            sets: ["forcedFailover=true"],
        },
        drainRegions: { id: "drain-region", title: `Drain ${s}`, remediation: true, sets: [`drainRegions=[${s}]`] },
        restoreCapacity: {
            id: "restore-capacity",
            title: `Failback in stages: ${p} at a tenth of its capacity`,
            remediation: true,
            sets: [`restoreCapacity={${p}: 0.1}`],
        },
        cacheDisabled: {
            id: "cache-off",
            title: "Cache outage: run stateless",
            remediation: true,
            sets: ["cacheDisabled=true"],
        },
        cacheEpoch: {
            id: "cache-epoch",
            title: "Cache restore: bump the epoch",
            remediation: true,
            sets: ["cacheEpoch=1"],
        },
        voiceMode: {
            id: "hold-mode",
            title: "Gemini outage: holding prompt",
            remediation: true,
            sets: ["voiceMode=hold"],
        },
        pmsSyncMode: {
            id: "pms-queue",
            title: "PMS outage: queue the jobs",
            remediation: true,
            sets: ["pmsSyncMode=queued"],
        },
        pmsDisabledProviders: {
            id: "pms-disable",
            title: "Isolate one PMS connector",
            remediation: true,
            sets: ["pmsDisabledProviders=[opendental]"],
        },
        rateLimit: {
            id: "rate-limit-on",
            title: "Stabilize: rate-based ban",
            remediation: true,
            sets: ["rateLimit.enabled=true"],
        },
    };
    return [
        ...remediationKeys.map((k) => {
            const c = toggles[k];
            // A new remediation key needs its own case here before the report can claim every toggle.
            if (c === undefined) throw new Error(`conformance/cases.ts: no case for the remediation key ${k}`);
            return c;
        }),
        {
            id: "db-switchover",
            title: `Database switchover to ${s}`,
            remediation: true,
            sets: [`database.primaryRegion=${s}`],
        },
        { id: "rollback", title: "Roll the release back one tag", remediation: true, sets: ["release.tag=2026.11.2"] },
        {
            id: "release-digest",
            title: "Pin the release by digest",
            remediation: true,
            sets: [`release={image: ${shape.releaseImage}, digest: "${digest}"}`],
        },
        {
            id: "workload-scale",
            title: `More replicas in ${p}`,
            remediation: true,
            sets: [`regions.${p}.workload.minReplicas=12`],
        },
        {
            id: "nodepool-max",
            title: `More nodes allowed in ${p}`,
            remediation: true,
            sets: [`regions.${p}.nodePool.maxPerZone=20`],
        },
        {
            id: "nodepool-machine-type",
            title: `Node-pool machine type resize in ${p}`,
            remediation: false,
            sets: [`regions.${p}.nodePool.machineType=n2-standard-16`],
        },
        {
            id: "nodepool-disk",
            title: `Node disk size in ${p}`,
            remediation: false,
            sets: [`regions.${p}.nodePool.diskSizeGb=200`],
        },
        {
            id: "control-plane-range",
            title: `Control-plane range of ${p}`,
            remediation: false,
            sets: [`regions.${p}.subnet.controlPlane=172.16.3.0/28`],
        },
        {
            id: "maintenance-window",
            title: `One more maintenance day in ${p}`,
            remediation: false,
            sets: [`regions.${p}.maintenance.days=[FR, SA, SU]`],
        },
        { id: "db-tier", title: "Database tier", remediation: false, sets: ["database.tier=db-perf-optimized-N-8"] },
        { id: "db-disk", title: "Database disk size", remediation: false, sets: ["database.diskSizeGb=200"] },
        {
            id: "db-backup-window",
            title: "Database backup start time",
            remediation: false,
            sets: ["database.backupStartTime=03:00"],
        },
        { id: "cache-size", title: "Cache memory size", remediation: false, sets: ["cache.memorySizeGb=10"] },
        { id: "cache-replicas", title: "Cache read replicas", remediation: false, sets: ["cache.replicaCount=3"] },
        {
            id: "pubsub-ack",
            title: "Pub/Sub ack deadline",
            remediation: false,
            sets: ["messaging.ackDeadlineSeconds=120"],
        },
        {
            id: "pubsub-retention",
            title: "Pub/Sub topic retention",
            remediation: false,
            sets: ["messaging.topicRetentionDays=14"],
        },
        {
            id: "lb-timeout",
            title: "Load-balancer backend timeout",
            remediation: false,
            sets: ["loadBalancer.timeoutSec=7200"],
        },
        {
            id: "lb-health-path",
            title: "Load-balancer health-check path",
            remediation: false,
            sets: ["loadBalancer.healthCheckPath=/readyz"],
        },
        {
            id: "pms-worker-replicas",
            title: "PMS worker replicas",
            remediation: false,
            sets: ["pmsWorker.replicas=3"],
        },
        {
            id: "authorized-networks",
            title: "Control-plane authorized networks",
            remediation: false,
            sets: ["masterAuthorizedNetworks=[{name: corp-egress, cidr: 203.0.113.0/28}]"],
        },
        {
            id: "incident-responders",
            title: "Incident responders group",
            remediation: false,
            sets: ["incidentResponders=oncall-b@edentist.ai"],
        },
        {
            id: "new-region",
            title: `New region ${n.name}`,
            remediation: false,
            // A third region needs the database's DR replica named (infra/config/rules.ts).
            sets: [`regions.${n.name}=${newRegion}`, `database.drReplicaRegion=${s}`],
        },
    ];
}
