/**
 * The config schema: every key of the `voice-agent` namespace with its type, bounds, default and
 * description (zod metadata). Descriptions live here once; the config reference of docs/design.md is
 * generated from them through `z.toJSONSchema` (`npm run docs:config`). Cross-field rules are in
 * rules.ts, error formatting in errors.ts, reading Pulumi's config in load.ts.
 */
import * as ipaddr from "ipaddr.js";
import { z } from "zod";
import { defined } from "../../core/defined";
import { weekdays } from "../../core/maintenanceWindows";

export const configNamespace = "voice-agent";

/**
 * An IPv4 range in CIDR form whose address is the range's first address: `10.10.0.1/20` names a
 * host, not a range, and would make every overlap and size computation lie.
 */
const ipv4Cidr = z
    .cidrv4({ error: (iss) => `"${String(iss.input)}" is not an IPv4 CIDR range such as 10.10.0.0/20` })
    .refine(
        (c) => !ipaddr.IPv4.isValidCIDR(c) || ipaddr.IPv4.networkAddressFromCIDR(c).toString() === c.split("/")[0],
        {
            error: (iss) => {
                const c = String(iss.input);
                return `"${c}" has host bits set; the range is ${ipaddr.IPv4.networkAddressFromCIDR(c).toString()}/${c.split("/")[1]}`;
            },
        },
    );
const weekday = z.enum(weekdays);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
    error: (iss) => `"${String(iss.input)}" is not a UTC time of day in HH:MM form such as 01:30`,
});
/**
 * The integer fields the config feeds are int32 in the APIs (Kubernetes' HPA replicas, GKE's
 * node counts, Cloud Armor's thresholds, Cloud Monitoring's durations): a larger value would be
 * refused by the API mid-update, or wrap.
 */
export const int32Max = 2147483647;
const int32 = z.number().int().max(int32Max);
const positiveInt = int32.min(1);
/** GKE: at most 1,000 nodes per node pool per zone. */
const nodesPerZone = positiveInt.max(1000);

/**
 * GCP region and zone names (`europe-west1`, `europe-west1-b`). Checked before a name is used
 * anywhere: names are compared as text, never built into a pattern.
 */
export const regionNamePattern = /^[a-z]{2,20}-[a-z]{2,20}[0-9]{1,2}$/;
const regionName = z.string().regex(regionNamePattern, {
    error: (iss) => `"${String(iss.input)}" is not a GCP region name such as europe-west1`,
});
const zoneName = z.string().regex(/^[a-z]{2,20}-[a-z]{2,20}[0-9]{1,2}-[a-z]$/, {
    error: (iss) => `"${String(iss.input)}" is not a GCP zone name such as europe-west1-b`,
});
const rateLimitIntervals = [10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700, 3600];
const described = (description: string) => ({ description });

export const regionSchema = z
    .strictObject({
        zones: z
            .array(zoneName)
            .min(3)
            .meta(described("Zones that run nodes and NEG backends (at least three, all in the region).")),
        subnet: z
            .strictObject({
                nodes: ipv4Cidr.meta(described("Primary range of the region's subnet (nodes).")),
                pods: ipv4Cidr.meta(described("Secondary range for pods.")),
                services: ipv4Cidr.meta(described("Secondary range for Services.")),
                controlPlane: ipv4Cidr.meta(described("The private GKE control plane's /28.")),
            })
            .meta(described("The region's address ranges; no range of the cell may overlap another.")),
        // Bounds are per zone: GKE's autoscaler counts each zone separately.
        nodePool: z
            .strictObject({
                machineType: z
                    .string()
                    .regex(/^[a-z0-9]+-[a-z0-9-]+$/)
                    .default("n2-standard-4")
                    .meta(described("Machine type of the nodes.")),
                minPerZone: nodesPerZone.default(1).meta(described("Autoscaler minimum nodes per zone.")),
                maxPerZone: nodesPerZone.default(5).meta(described("Autoscaler maximum nodes per zone.")),
                diskSizeGb: z
                    .number()
                    .int()
                    .min(30)
                    .max(65536)
                    .default(100)
                    .meta(described("Boot disk size of a node.")),
                failoverMinPerZone: nodesPerZone
                    .optional()
                    .meta(
                        described(
                            "Per-zone node minimum while another region is drained; default: the sum of all regions' `minPerZone`.",
                        ),
                    ),
            })
            .prefault({})
            .meta(described("Node pool `default` (runbook: Scale node pool).")),
        workload: z
            .strictObject({
                minReplicas: positiveInt.default(3).meta(described("HPA minimum.")),
                maxReplicas: positiveInt.default(30).meta(described("HPA maximum.")),
                targetCpuUtilization: z
                    .number()
                    .int()
                    .min(10)
                    .max(95)
                    .default(60)
                    .meta(described("HPA CPU utilization target, percent.")),
                failoverMinReplicas: positiveInt
                    .optional()
                    .meta(
                        described(
                            "HPA minimum while another region is drained (pre-scaling for the whole load); default: the sum of all regions' `minReplicas`.",
                        ),
                    ),
            })
            .prefault({})
            .meta(described("HPA bounds of the voice-agent Deployment (runbook: scale capacity).")),
        maintenance: z
            .strictObject({
                days: z.array(weekday).min(1).meta(described("Days of the window.")),
                start: hhmm.meta(described("Start time, HH:MM UTC.")),
                hours: z.number().int().min(4).max(24).meta(described("Length in hours (4 to 24).")),
            })
            .meta(
                described(
                    "Weekly GKE maintenance window in UTC; never overlapping another region's, at least 10.5 hours a week (GKE's 48 hours in 32 days).",
                ),
            ),
    })
    .meta(described("One region of the cell."));

export const releaseSchema = z
    .strictObject({
        image: z
            .string()
            .regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+$/, {
                error: (iss) =>
                    `"${String(iss.input)}" is not an image repository such as europe-docker.pkg.dev/project/repo/image (no tag or digest here)`,
            })
            .meta(described("Image repository, without tag or digest.")),
        tag: z
            .string()
            .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, {
                error: (iss) => `"${String(iss.input)}" is not a valid image tag`,
            })
            .refine((t) => t !== "latest", { error: `"latest" is not a release: pin a version tag or a digest` })
            .optional()
            .meta(described("Release tag (never `latest`); give exactly one of tag and digest.")),
        digest: z
            .string()
            .regex(/^sha256:[a-f0-9]{64}$/, {
                error: (iss) => `"${String(iss.input)}" is not a digest of the form sha256:<64 hex digits>`,
            })
            .optional()
            .meta(described("Image digest `sha256:…`; give exactly one of tag and digest.")),
    })
    .meta(described("The image both regions run (runbook: roll back a release = set the previous value)."));

/** Cloud Monitoring's uptime checker regions (UptimeCheckConfig.selectedRegions). */
export const uptimeCheckerRegions = [
    "USA",
    "EUROPE",
    "SOUTH_AMERICA",
    "ASIA_PACIFIC",
    "USA_OREGON",
    "USA_IOWA",
    "USA_VIRGINIA",
] as const;
const uptimePeriods = [60, 300, 600, 900];
const percent = (min: number, max: number) => z.number().gt(min).lt(max);

export const observabilitySchema = z
    .strictObject({
        slo: z
            .strictObject({
                availabilityPercent: percent(90, 100)
                    .default(99.5)
                    .meta(described("SLO target: percent of requests that are not 5xx.")),
                // Cloud Monitoring allows a rolling window of 1 to 30 days.
                rollingPeriodDays: z
                    .number()
                    .int()
                    .min(1)
                    .max(30)
                    .default(28)
                    .meta(described("SLO rolling window in days (1 to 30).")),
            })
            .prefault({})
            .meta(described("Request-based availability SLO on `voice-lb`.")),
        slackChannel: z
            .string()
            .regex(/^#[a-z0-9][a-z0-9_-]{0,79}$/, {
                error: (iss) => `"${String(iss.input)}" is not a Slack channel such as #edentist-incident`,
            })
            .default("#edentist-incident")
            .meta(described("Slack channel of the notification channel (token: `slackAuthToken`).")),
        alertEmails: z
            .array(z.email({ error: (iss) => `"${String(iss.input)}" is not an e-mail address` }))
            .default([])
            .meta(described("E-mail addresses that get SEV-1 and SEV-2 alerts besides PagerDuty and Slack.")),
        alerts: z
            .strictObject({
                availabilityPercent: percent(0, 100)
                    .default(98)
                    .meta(described('"VoiceAgent Availability < 98%" (SEV-2).')),
                sev1FailurePercent: percent(0, 100)
                    .default(50)
                    .meta(described("SEV-1 when more than this percent of requests fail.")),
                latencyP95Ms: positiveInt
                    .default(2000)
                    .meta(described('"Latency P95 > 2s" (SEV-2), HTTP requests only.')),
                pmsSyncFailurePercent: percent(0, 100)
                    .default(20)
                    .meta(described("PMS sync failures per provider (SEV-2).")),
                regionErrorPercent: percent(0, 100)
                    .default(10)
                    .meta(described("5xx percent of a region's backends that makes it unhealthy (SEV-2).")),
                // Lag threatens the failover's recovery point.
                replicaLagSeconds: positiveInt.default(60).meta(described("Cloud SQL replica lag alert (SEV-3).")),
                // Above it, evictions and OOM come near.
                redisMemoryPercent: percent(0, 100)
                    .default(85)
                    .meta(described("Memorystore memory usage alert (SEV-3).")),
                pubsubOldestUnackedSeconds: positiveInt
                    .default(900)
                    .meta(described("Age of the oldest unacked job on `pms-sync-worker` (SEV-2).")),
                crashLoopRestarts: positiveInt
                    .default(3)
                    .meta(described("Container restarts in 15 minutes that count as a crash loop (SEV-2).")),
                geminiErrorsPerMinute: z
                    .number()
                    .positive()
                    .default(5)
                    .meta(described("Gemini Live errors a minute (SEV-2; remediation `voiceMode: hold`).")),
                analyticsErrorsPerMinute: z
                    .number()
                    .positive()
                    .default(1)
                    .meta(described("Analytics API errors a minute (SEV-3).")),
                autoCloseMinutes: z
                    .number()
                    .int()
                    .min(30)
                    .max(10080)
                    .default(30)
                    .meta(described("An incident without data closes after this long.")),
            })
            .prefault({})
            .meta(described("Alert thresholds; the runbook's numbers are the defaults.")),
        uptime: z
            .strictObject({
                // Cloud Monitoring requires three checker locations when regions are selected.
                checkerRegions: z
                    .array(z.enum(uptimeCheckerRegions))
                    .min(3)
                    .refine((r) => new Set(r).size === r.length, {
                        error: "lists a region twice; each checker region once",
                    })
                    .default(["EUROPE", "USA_VIRGINIA", "ASIA_PACIFIC"])
                    .meta(described("Checker regions; at least three.")),
                periodSeconds: z
                    .number()
                    .int()
                    .refine((n) => uptimePeriods.includes(n), {
                        error: (iss) =>
                            `${String(iss.input)} is not a period Cloud Monitoring offers; allowed: ${uptimePeriods.join(", ")}`,
                    })
                    .default(60)
                    .meta(described("Check period: 60, 300, 600 or 900.")),
                timeoutSeconds: z.number().int().min(1).max(60).default(10).meta(described("Check timeout.")),
            })
            .prefault({})
            .meta(described("HTTPS uptime check of the domain's health path.")),
    })
    .meta(described("Alerting, SLO, uptime checks and dashboards (docs/observability.md)."));

/**
 * Secret keys (`pulumi config set --secret`). They are validated here but never reach `Config`:
 * `loadSecrets()` reads them as secret Outputs, so a plaintext copy cannot leak into a resource.
 * Messages never print the value.
 */
export const secretConfigKeys = ["pagerDutyServiceKey", "slackAuthToken"] as const;
export type SecretConfigKey = (typeof secretConfigKeys)[number];
const secretString = z
    .string()
    .refine((s) => s.trim().length > 0, { error: "is set but empty; set it with pulumi config set --secret" });

/*
 * Which instance is *named* `voice-db` and which one holds the primary *role* are two keys: a
 * Cloud SQL instance cannot be renamed, so the name stays with the region that hosted the primary
 * when the cell was created, while a switchover moves only the role (core/databaseLayout.ts).
 */
export const databaseSchema = z
    .strictObject({
        version: z
            .enum(["POSTGRES_15", "POSTGRES_16", "POSTGRES_17"])
            .default("POSTGRES_16")
            .meta(described("PostgreSQL major version, pinned")),
        edition: z
            .enum(["ENTERPRISE_PLUS", "ENTERPRISE"])
            .default("ENTERPRISE_PLUS")
            .meta(described("ENTERPRISE_PLUS (switchover, DR replica, write endpoint, data cache) or ENTERPRISE")),
        tier: z
            .string()
            .regex(/^db-[A-Za-z0-9-]+$/, {
                error: (iss) => `"${String(iss.input)}" is not a Cloud SQL tier such as db-perf-optimized-N-4`,
            })
            .default("db-perf-optimized-N-4")
            .meta(described("Machine tier; Enterprise Plus takes `db-perf-optimized-N-<vCPUs>` only")),
        // Autoresize grows the disk, so this is a floor, never a cap.
        diskSizeGb: z
            .number()
            .int()
            .min(10)
            .max(65536)
            .default(100)
            .meta(described("Initial SSD size; autoresize grows it")),
        backupRetainedCount: z.number().int().min(1).max(365).default(30).meta(described("Automated backups kept")),
        transactionLogRetentionDays: z
            .number()
            .int()
            .min(1)
            .max(35)
            .default(7)
            .meta(described("PITR window in days (Enterprise Plus up to 35, Enterprise up to 7)")),
        backupStartTime: hhmm.default("02:00").meta(described("UTC start of the daily backup window (HH:MM)")),
        logMinDurationStatementMs: int32
            .min(-1)
            .default(-1)
            .meta(described("log_min_duration_statement; -1 (off) is the CIS recommendation")),
        maintenanceUpdateTrack: z
            .enum(["canary", "stable", "week5"])
            .default("stable")
            .meta(described("Cloud SQL maintenance rollout track")),
        // A new value would rename instances, which Cloud SQL can only do by replacing them.
        voiceDbRegion: regionName
            .optional()
            .meta(
                described(
                    "Region whose instance is named voice-db; set once at cell creation, never changed (unset: primaryRegion)",
                ),
            ),
        primaryRegion: regionName
            .optional()
            .meta(described("Region holding the primary role; changing it is a switchover (unset: voiceDbRegion)")),
        drReplicaRegion: regionName
            .optional()
            .meta(described("The primary's designated DR replica (unset with two regions: the other one)")),
    })
    .meta(described("Cloud SQL for PostgreSQL: an instance per region, one primary"));

export const cacheSchema = z
    .strictObject({
        // Memorystore's minimum for READ_REPLICAS_ENABLED is 5 GB.
        memorySizeGb: z
            .number()
            .int()
            .min(5)
            .max(300)
            .default(5)
            .meta(described("Capacity per instance; read replicas need at least 5")),
        redisVersion: z
            .enum(["REDIS_6_X", "REDIS_7_0", "REDIS_7_2"])
            .default("REDIS_7_2")
            .meta(described("Redis version, pinned")),
        // Two put a node in each of three zones.
        replicaCount: z
            .number()
            .int()
            .min(1)
            .max(5)
            .default(2)
            .meta(described("Read replicas besides the primary node (1 to 5)")),
        rdbSnapshotPeriod: z
            .enum(["ONE_HOUR", "SIX_HOURS", "TWELVE_HOURS", "TWENTY_FOUR_HOURS"])
            .default("ONE_HOUR")
            .meta(described("RDB snapshot interval")),
    })
    .meta(described("Memorystore for Redis `voice-cache-<region>`, one per region"));

export const messagingSchema = z
    .strictObject({
        // A seek can go back this far.
        topicRetentionDays: z
            .number()
            .int()
            .min(7)
            .max(31)
            .default(7)
            .meta(described("Retention on pms-sync-jobs and pms-sync-replay (7 to 31 days)")),
        deadLetterRetentionDays: z
            .number()
            .int()
            .min(7)
            .max(31)
            .default(31)
            .meta(described("Retention on pms-sync-dead-letter (7 to 31 days)")),
        ackDeadlineSeconds: z
            .number()
            .int()
            .min(10)
            .max(600)
            .default(60)
            .meta(described("Ack deadline of the subscriptions (10 to 600 s)")),
        maxDeliveryAttempts: z
            .number()
            .int()
            .min(5)
            .max(100)
            .default(10)
            .meta(described("Deliveries before a job is dead-lettered (5 to 100)")),
        minimumBackoffSeconds: z
            .number()
            .int()
            .min(0)
            .max(600)
            .default(10)
            .meta(described("Retry backoff floor (0 to 600 s)")),
        maximumBackoffSeconds: z
            .number()
            .int()
            .min(0)
            .max(600)
            .default(600)
            .meta(described("Retry backoff ceiling (0 to 600 s)")),
    })
    .meta(described("Pub/Sub for PMS sync jobs, replay and dead letters"));

export const configSchema = z.strictObject({
    cell: z
        .string()
        .regex(/^[a-z][a-z0-9]{1,9}$/, {
            error: (iss) =>
                `"${String(iss.input)}" is not a cell id: 2 to 10 lowercase letters or digits, starting with a letter`,
        })
        .meta(described("Short cell id (`eu`, `me`, `drill1`); names the VPC and LB resources and labels everything.")),
    environment: z
        .enum(["prod", "drill"])
        .default("prod")
        .meta(described("`prod` for a serving cell, `drill` for a rehearsal stack in the sandbox project.")),
    domain: z
        .string()
        .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/, {
            error: (iss) => `"${String(iss.input)}" is not a DNS host name such as voice.eu.edentist.ai`,
        })
        .meta(described("The cell's public host name: managed certificate and uptime checks.")),
    primaryRegion: regionName.meta(described("The region that holds the primary role; `forcedFailover` drains it.")),
    regions: z
        .record(regionName, regionSchema)
        .meta(
            described("The cell's regions, keyed by GCP region name (at least two); stable keys survive a failover."),
        ),
    release: releaseSchema,
    // On-call laptops reach the control planes through the corporate egress, and so does CI.
    masterAuthorizedNetworks: z
        .array(
            z.strictObject({
                name: z.string().min(1).meta(described("Label of the range.")),
                cidr: ipv4Cidr.meta(described("The range.")),
            }),
        )
        .min(1)
        .meta(described("Ranges allowed to reach the GKE control planes (never 0.0.0.0/0).")),
    network: z
        .strictObject({
            privateServicesRange: ipv4Cidr
                .default("10.200.0.0/16")
                .meta(described("Private services access range peered into the VPC (Cloud SQL, Memorystore).")),
        })
        .prefault({})
        .meta(described("VPC settings.")),
    loadBalancer: z
        .strictObject({
            maxRatePerEndpoint: z
                .number()
                .positive()
                .default(20)
                .meta(described("Requests per second per pod for RATE balancing.")),
            timeoutSec: z
                .number()
                .int()
                .min(3600)
                .max(86400)
                .default(3600)
                .meta(
                    described(
                        "Backend timeout: caps a WebSocket's whole life on Google's external Application LB, so at least an hour; also the pods' termination grace.",
                    ),
                ),
            drainingTimeoutSec: z
                .number()
                .int()
                .min(60)
                .max(3600)
                .default(3600)
                .meta(
                    described(
                        "Connection draining of removed endpoints: a pod being replaced keeps its calls this long, so at least min(timeoutSec, 3600) (the LB's maximum).",
                    ),
                ),
            healthCheckPath: z
                .string()
                .regex(/^\/[A-Za-z0-9/_.-]*$/)
                .default("/healthz")
                .meta(described("Path of the LB health check and the pods' probes.")),
        })
        .prefault({})
        .meta(described("Backend service `voice-lb` settings.")),

    dns: z
        .strictObject({
            managedZone: z
                .string()
                .regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, {
                    error: (iss) =>
                        `"${String(iss.input)}" is not a Cloud DNS managed zone name such as drill-eu-edentist-ai`,
                })
                .meta(described("The existing Cloud DNS zone (delegated for the domain) that gets the A record.")),
            project: z
                .string()
                .regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, {
                    error: (iss) => `"${String(iss.input)}" is not a GCP project id`,
                })
                .optional()
                .meta(
                    described(
                        "Project of the zone; unset: the cell's project (another project's zone needs a grant there).",
                    ),
                ),
            ttlSeconds: z.number().int().min(30).max(86400).default(300).meta(described("TTL of the record.")),
        })
        .optional()
        .meta(
            described(
                "The domain's A record, pointed at the load balancer's address (the managed certificate needs it); drill cells set it, production keeps its record elsewhere.",
            ),
        ),
    quota: z
        .record(
            regionName,
            z
                .strictObject({
                    cpus: z
                        .number()
                        .int()
                        .min(0)
                        .max(1000000)
                        .optional()
                        .meta(described("Quota `CPUS` (all families) of the region; unset: 24.")),
                    familyCpus: z
                        .number()
                        .int()
                        .min(0)
                        .max(1000000)
                        .optional()
                        .meta(
                            described(
                                "Quota of the node pool's machine family (`N2_CPUS` for `n2-*`) in the region; unset: 24.",
                            ),
                        ),
                })
                .meta(described("One region's granted CPU quota.")),
        )
        .default({})
        .meta(
            described(
                "CPU quota granted to the project by region; `npm run bringup` holds the node pools' peak (autoscaler maximum plus surge) to it (docs/bring-up.md).",
            ),
        ),
    database: databaseSchema.prefault({}),
    cache: cacheSchema.prefault({}),
    messaging: messagingSchema.prefault({}),
    incidentResponders: z
        .email({
            error: (iss) => `"${String(iss.input)}" is not a Google group e-mail address such as oncall@edentist.ai`,
        })
        .meta(described("Google group of on-call engineers; reads the incident-access secret")),

    // --- remediation toggles (docs/runbook.md) ---
    forcedFailover: z
        .boolean()
        .default(false)
        .meta(described("Runbook Region Failure: drain the primary region's backends (`capacityScaler` 0).")),
    drainRegions: z
        .array(regionName)
        .default([])
        .meta(described("Drain the named regions' backends; never every region.")),
    restoreCapacity: z
        .record(
            regionName,
            z
                .number()
                .min(0.1)
                .max(1)
                .meta(described("The region's backends' `capacityScaler` during its staged failback.")),
        )
        .default({})
        .meta(
            described(
                "Failback in stages: a returning region's backends' `capacityScaler` (0.1 to 1) until it is removed.",
            ),
        ),
    cacheDisabled: z
        .boolean()
        .default(false)
        .meta(described("Runbook Redis outage: `CACHE_DISABLED=true`, the app runs stateless.")),
    cacheEpoch: int32.min(0).default(0).meta(described("Bump after a cache restore: new `CACHE_KEY_PREFIX`.")),
    voiceMode: z
        .enum(["live", "hold"])
        .default("live")
        .meta(described("Runbook Gemini outage: `hold` plays the holding prompt (`VOICE_MODE`).")),
    pmsSyncMode: z
        .enum(["live", "queued"])
        .default("live")
        .meta(described("Runbook PMS outage: `queued` keeps jobs in Pub/Sub (`PMS_SYNC_MODE`).")),
    // `pmsDisabledProviders` must name some of these.
    pmsProviders: z
        .array(z.string().regex(/^[a-z][a-z0-9-]*$/))
        .min(1)
        .default(["dentrix", "opendental", "eaglesoft", "dentally", "curve"])
        .meta(described("The PMS connectors the app ships.")),
    cachePurge: z
        .strictObject({
            image: z
                .string()
                .regex(/^[a-z0-9./-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]*|@sha256:[a-f0-9]{64})$/, {
                    error: (iss) =>
                        `"${String(iss.input)}" is not an image pinned by tag or digest such as redis:7.2.5-alpine`,
                })
                .refine((i) => !i.endsWith(":latest"), {
                    error: `"latest" is not pinned: name a version tag or a digest`,
                })
                .default("redis:7.2.5-alpine")
                .meta(described("redis-cli image, pinned by version tag or digest.")),
        })
        .prefault({})
        .meta(described("The Jobs `cache-purge-<epoch>` that delete older epochs' keys after a cache restore.")),
    pmsWorker: z
        .strictObject({
            replicas: positiveInt
                .default(2)
                .meta(described("Worker replicas while `pmsSyncMode` is `live` (0 while `queued`).")),
        })
        .prefault({})
        .meta(described("The PMS sync worker Deployment `pms-sync-worker` of each region.")),
    pmsDisabledProviders: z
        .array(z.string())
        .default([])
        .meta(described("PMS provider isolation: connectors switched off (`PMS_DISABLED_PROVIDERS`).")),
    rateLimit: z
        .strictObject({
            enabled: z.boolean().default(false).meta(described("Turns the rate-based rule on.")),
            requestsPerInterval: positiveInt
                .default(300)
                .meta(described("Requests a client IP may make per interval.")),
            intervalSec: z
                .number()
                .int()
                .refine((n) => rateLimitIntervals.includes(n), {
                    error: (iss) =>
                        `${String(iss.input)} is not an interval Cloud Armor accepts; allowed: ${rateLimitIntervals.join(", ")}`,
                })
                .default(60)
                .meta(described("The interval (one Cloud Armor accepts).")),
            banDurationSec: positiveInt.default(600).meta(described("How long an offending client IP is banned.")),
        })
        .prefault({})
        .meta(described("Runbook Stabilize: Cloud Armor rate-based ban per client IP on `voice-lb`.")),

    // --- observability (docs/observability.md) ---
    observability: observabilitySchema.prefault({}),
    pagerDutyServiceKey: secretString
        .optional()
        .meta(
            described(
                "Secret (`pulumi config set --secret`): PagerDuty Events API v2 key of the SEV-1/2 channel; required by `pulumi up`.",
            ),
        ),
    slackAuthToken: secretString
        .optional()
        .meta(
            described(
                "Secret (`pulumi config set --secret`): Slack bot token of the incident channel; required by `pulumi up`.",
            ),
        ),
});

/** Parsed config plus the GCP project it deploys to. */
export type Config = Readonly<Omit<z.infer<typeof configSchema>, SecretConfigKey> & { project: string }>;
/** The schema's output before the project is attached and the secrets dropped: what the rules see. */
export type ParsedConfig = z.infer<typeof configSchema>;
export type ObservabilityConfig = z.infer<typeof observabilitySchema>;
export type RegionConfig = z.infer<typeof regionSchema>;

/** The config of one of the cell's regions; a region that is not a key of `regions` is a bug of the caller. */
export function regionConfigOf(
    c: { readonly regions: Readonly<Record<string, RegionConfig>> },
    region: string,
): RegionConfig {
    return defined(c.regions[region], `config of region ${region}`);
}
