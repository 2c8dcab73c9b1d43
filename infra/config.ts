/**
 * The only reader of Pulumi config. One zod schema describes every key of the `voice-agent`
 * namespace with its default; cross-field rules run after it. The result is typed and frozen, and
 * every error names the key path (as `pulumi config set --path` spells it) and what is allowed.
 *
 * Components never read config: they receive slices of `Config` through their Args.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { crossFieldIssues } from "./configRules";
import { resolveSecret } from "./secretRules";

export const configNamespace = "voice-agent";

const ipv4Cidr = z
    .string()
    .regex(/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/(3[0-2]|[12]?\d)$/, {
        error: (iss) => `"${String(iss.input)}" is not an IPv4 CIDR range such as 10.10.0.0/20`,
    });
const weekday = z.enum(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
    error: (iss) => `"${String(iss.input)}" is not a UTC time of day in HH:MM form such as 01:30`,
});
const positiveInt = z.number().int().min(1);
const rateLimitIntervals = [10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700, 3600];

export const regionSchema = z.strictObject({
    /** Zones of the region that run nodes and NEG backends; at least three so a zone loss leaves two. */
    zones: z.array(z.string()).min(3),
    /** Primary range of the region's subnet (nodes), its secondary ranges, and the GKE control plane's /28. */
    subnet: z.strictObject({
        nodes: ipv4Cidr,
        pods: ipv4Cidr,
        services: ipv4Cidr,
        controlPlane: ipv4Cidr,
    }),
    /** Node pool `default`: bounds are per zone (GKE's autoscaler counts per zone). */
    nodePool: z
        .strictObject({
            machineType: z.string().regex(/^[a-z0-9]+-[a-z0-9-]+$/).default("n2-standard-4"),
            minPerZone: positiveInt.default(1),
            maxPerZone: positiveInt.default(5),
            diskSizeGb: z.number().int().min(30).default(100),
            /** Per-zone minimum while another region is drained; default: the sum of every region's minPerZone. */
            failoverMinPerZone: positiveInt.optional(),
        })
        .prefault({}),
    /** HPA bounds of the voice-agent Deployment in this region. */
    workload: z
        .strictObject({
            minReplicas: positiveInt.default(3),
            maxReplicas: positiveInt.default(30),
            targetCpuUtilization: z.number().int().min(10).max(95).default(60),
            /** HPA minimum while another region is drained; default: the sum of every region's minReplicas. */
            failoverMinReplicas: positiveInt.optional(),
        })
        .prefault({}),
    /** Weekly GKE maintenance window in UTC; windows of different regions never overlap. */
    maintenance: z.strictObject({
        days: z.array(weekday).min(1),
        start: hhmm,
        hours: z.number().int().min(4).max(24),
    }),
});

export const releaseSchema = z.strictObject({
    /** Image repository without tag or digest. */
    image: z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+$/, {
        error: (iss) =>
            `"${String(iss.input)}" is not an image repository such as europe-docker.pkg.dev/project/repo/image (no tag or digest here)`,
    }),
    /** Release tag; never `latest`. */
    tag: z
        .string()
        .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, {
            error: (iss) => `"${String(iss.input)}" is not a valid image tag`,
        })
        .refine((t) => t !== "latest", { error: `"latest" is not a release: pin a version tag or a digest` })
        .optional(),
    /** Image digest; wins over nothing: give exactly one of tag and digest. */
    digest: z
        .string()
        .regex(/^sha256:[a-f0-9]{64}$/, {
            error: (iss) => `"${String(iss.input)}" is not a digest of the form sha256:<64 hex digits>`,
        })
        .optional(),
});

/** Cloud Monitoring's uptime checker regions (UptimeCheckConfig.selectedRegions). */
export const uptimeCheckerRegions = ["USA", "EUROPE", "SOUTH_AMERICA", "ASIA_PACIFIC", "USA_OREGON", "USA_IOWA", "USA_VIRGINIA"] as const;
const uptimePeriods = [60, 300, 600, 900];
const percent = (min: number, max: number) => z.number().gt(min).lt(max);

/**
 * Observability of the cell (docs/observability.md): SLO, alert thresholds (the runbook's numbers
 * are the defaults), routing targets other than the secret ones, uptime checks.
 */
export const observabilitySchema = z.strictObject({
    /** Request-based availability SLO on `voice-lb`. */
    slo: z
        .strictObject({
            /** Percent of requests that are not 5xx over the rolling window. */
            availabilityPercent: percent(90, 100).default(99.5),
            /** Rolling compliance window; Cloud Monitoring allows 1 to 30 days. */
            rollingPeriodDays: z.number().int().min(1).max(30).default(28),
        })
        .prefault({}),
    /** Slack channel the Slack notification channel posts to (token: `voice-agent:slackAuthToken`). */
    slackChannel: z.string().regex(/^#[a-z0-9][a-z0-9_-]{0,79}$/, {
        error: (iss) => `"${String(iss.input)}" is not a Slack channel such as #edentist-incident`,
    }).default("#edentist-incident"),
    /** E-mail addresses that get SEV-1 and SEV-2 alerts besides PagerDuty and Slack. */
    alertEmails: z.array(z.email({ error: (iss) => `"${String(iss.input)}" is not an e-mail address` })).default([]),
    /** Thresholds of the alert policies (docs/observability.md lists each alert with its threshold). */
    alerts: z
        .strictObject({
            /** Runbook: "VoiceAgent Availability < 98%" (SEV-2). */
            availabilityPercent: percent(0, 100).default(98),
            /** Runbook SEV-1: more than this percent of requests fail. */
            sev1FailurePercent: percent(0, 100).default(50),
            /** Runbook: "Latency P95 > 2s" (SEV-2), on HTTP request latency. */
            latencyP95Ms: positiveInt.default(2000),
            /** Runbook SEV-2: PMS sync failures above this percent, per provider. */
            pmsSyncFailurePercent: percent(0, 100).default(20),
            /** A region is unhealthy when more than this percent of its backend responses are 5xx. */
            regionErrorPercent: percent(0, 100).default(10),
            /** Cloud SQL replica lag that threatens the failover's recovery point. */
            replicaLagSeconds: positiveInt.default(60),
            /** Memorystore used memory ratio, in percent, above which evictions and OOM come near. */
            redisMemoryPercent: percent(0, 100).default(85),
            /** Age of the oldest unacked PMS sync job on `pms-sync-worker`. */
            pubsubOldestUnackedSeconds: positiveInt.default(900),
            /** voice-agent container restarts in 15 minutes that count as a crash loop. */
            crashLoopRestarts: positiveInt.default(3),
            /** Gemini Live errors per minute across the cell (runbook: Gemini Provider Outage). */
            geminiErrorsPerMinute: z.number().positive().default(5),
            /** Analytics API errors per minute (SEV-3). */
            analyticsErrorsPerMinute: z.number().positive().default(1),
            /** An incident with no data for this long closes by itself. */
            autoCloseMinutes: z.number().int().min(30).max(10080).default(30),
        })
        .prefault({}),
    /** HTTPS uptime check on the cell's domain and health path. */
    uptime: z
        .strictObject({
            /** At least three: Cloud Monitoring requires three checker locations when regions are selected. */
            checkerRegions: z
                .array(z.enum(uptimeCheckerRegions))
                .min(3)
                .refine((r) => new Set(r).size === r.length, { error: "lists a region twice; each checker region once" })
                .default(["EUROPE", "USA_VIRGINIA", "ASIA_PACIFIC"]),
            periodSeconds: z
                .number()
                .int()
                .refine((n) => uptimePeriods.includes(n), {
                    error: (iss) => `${String(iss.input)} is not a period Cloud Monitoring offers; allowed: ${uptimePeriods.join(", ")}`,
                })
                .default(60),
            timeoutSeconds: z.number().int().min(1).max(60).default(10),
        })
        .prefault({}),
});

/**
 * Secret keys (`pulumi config set --secret`). They are validated here but never reach `Config`:
 * `loadSecrets()` reads them as secret Outputs, so a plaintext copy cannot leak into a resource.
 * Messages never print the value.
 */
export const secretConfigKeys = ["pagerDutyServiceKey", "slackAuthToken"] as const;
export type SecretConfigKey = (typeof secretConfigKeys)[number];
const secretString = z.string().refine((s) => s.trim().length > 0, { error: "is set but empty; set it with pulumi config set --secret" });

/**
 * Cloud SQL for PostgreSQL: one instance per region, one of them the primary (issue 3). Which
 * instance is *named* `voice-db` and which one holds the primary *role* are two different keys: a
 * Cloud SQL instance cannot be renamed, so the name stays with the region that hosted the primary
 * when the cell was created, while a switchover (issue 5) moves only the role. See
 * infra/databaseLayout.ts.
 */
export const databaseSchema = z.strictObject({
    /** PostgreSQL major version; pinned, never "latest". */
    version: z.enum(["POSTGRES_15", "POSTGRES_16", "POSTGRES_17"]).default("POSTGRES_16"),
    /** Enterprise Plus: 99.99% SLA, data cache, and the advanced DR (switchover, DR replica) the runbook relies on. */
    edition: z.enum(["ENTERPRISE_PLUS", "ENTERPRISE"]).default("ENTERPRISE_PLUS"),
    /** Machine tier; Enterprise Plus takes `db-perf-optimized-N-<vCPUs>` only (rule in configRules.ts). */
    tier: z
        .string()
        .regex(/^db-[A-Za-z0-9-]+$/, { error: (iss) => `"${String(iss.input)}" is not a Cloud SQL tier such as db-perf-optimized-N-4` })
        .default("db-perf-optimized-N-4"),
    /** Initial SSD size; autoresize grows it, so this is a floor, never a cap. */
    diskSizeGb: z.number().int().min(10).max(65536).default(100),
    /** Automated backups kept (count-based retention). */
    backupRetainedCount: z.number().int().min(1).max(365).default(30),
    /** Point-in-time recovery window: write-ahead logs kept this many days (Enterprise Plus allows 35, Enterprise 7). */
    transactionLogRetentionDays: z.number().int().min(1).max(35).default(7),
    /** UTC start of the daily automated backup (a 4-hour window). */
    backupStartTime: hhmm.default("02:00"),
    /** `log_min_duration_statement` in ms; -1 (off) is the CIS recommendation, a threshold logs slow statements. */
    logMinDurationStatementMs: z.number().int().min(-1).default(-1),
    /** Cloud SQL maintenance rollout track: `stable` gets updates after `canary`, `week5` last. */
    maintenanceUpdateTrack: z.enum(["canary", "stable", "week5"]).default("stable"),
    /**
     * Region whose instance is physically named `voice-db` (the others are `voice-db-<region>`).
     * Set once when the cell is created and never changed: a new value renames instances, which
     * Cloud SQL can only do by replacing them. Unset: the top-level `primaryRegion`.
     */
    voiceDbRegion: z.string().optional(),
    /** Region whose instance holds the primary role; changing it is a switchover. Unset: `voiceDbRegion`. */
    primaryRegion: z.string().optional(),
    /** The primary's designated DR replica (Enterprise Plus). Unset with two regions: the other one. */
    drReplicaRegion: z.string().optional(),
});

/** Memorystore for Redis, one instance per region (issue 3). */
export const cacheSchema = z.strictObject({
    /** Read replicas need at least 5 GB (Memorystore's minimum for READ_REPLICAS_ENABLED). */
    memorySizeGb: z.number().int().min(5).max(300).default(5),
    /** Pinned Redis version. */
    redisVersion: z.enum(["REDIS_6_X", "REDIS_7_0", "REDIS_7_2"]).default("REDIS_7_2"),
    /** Read replicas besides the primary node (1 to 5); two put a node in each of three zones. */
    replicaCount: z.number().int().min(1).max(5).default(2),
    /** How often RDB snapshots are taken. */
    rdbSnapshotPeriod: z.enum(["ONE_HOUR", "SIX_HOURS", "TWELVE_HOURS", "TWENTY_FOUR_HOURS"]).default("ONE_HOUR"),
});

/** Pub/Sub for PMS sync jobs, their replay and their dead letters (issue 3). */
export const messagingSchema = z.strictObject({
    /** Retention on the jobs and replay topics (7 to 31 days): a seek can go back this far. */
    topicRetentionDays: z.number().int().min(7).max(31).default(7),
    /** Retention on the dead-letter topic (7 to 31 days). */
    deadLetterRetentionDays: z.number().int().min(7).max(31).default(31),
    /** How long the worker has to ack a job before Pub/Sub redelivers it (10 to 600 s). */
    ackDeadlineSeconds: z.number().int().min(10).max(600).default(60),
    /** Deliveries before a job goes to the dead-letter topic (Pub/Sub allows 5 to 100). */
    maxDeliveryAttempts: z.number().int().min(5).max(100).default(10),
    /** Exponential backoff between redeliveries (0 to 600 s). */
    minimumBackoffSeconds: z.number().int().min(0).max(600).default(10),
    maximumBackoffSeconds: z.number().int().min(0).max(600).default(600),
});

export const configSchema = z.strictObject({
    /** Short cell id (`eu`, `me`, `drill1`); labels every resource. */
    cell: z.string().regex(/^[a-z][a-z0-9]{1,9}$/, {
        error: (iss) => `"${String(iss.input)}" is not a cell id: 2 to 10 lowercase letters or digits, starting with a letter`,
    }),
    /** `prod` for a serving cell, `drill` for a rehearsal stack in the sandbox project. */
    environment: z.enum(["prod", "drill"]).default("prod"),
    /** The cell's public host name (managed certificate, uptime checks). */
    domain: z.string().regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/, {
        error: (iss) => `"${String(iss.input)}" is not a DNS host name such as voice.eu.edentist.ai`,
    }),
    /** Region that holds the primary role (drained first by forcedFailover). */
    primaryRegion: z.string(),
    /** Map keyed by GCP region name; at least two. */
    regions: z.record(z.string(), regionSchema),
    release: releaseSchema,
    /** CIDRs allowed to reach the GKE control planes (on-call laptops via the corporate egress, CI). */
    masterAuthorizedNetworks: z
        .array(z.strictObject({ name: z.string().min(1), cidr: ipv4Cidr }))
        .min(1),
    network: z
        .strictObject({
            /** Private services access range (Cloud SQL, Memorystore) peered into the VPC. */
            privateServicesRange: ipv4Cidr.default("10.200.0.0/16"),
        })
        .prefault({}),
    loadBalancer: z
        .strictObject({
            /** Requests per second each pod takes before the LB spills to other endpoints. */
            maxRatePerEndpoint: z.number().positive().default(20),
            /** Caps a WebSocket's whole life on Google's external Application LB: a call must fit. */
            timeoutSec: z.number().int().min(3600).max(86400).default(3600),
            /** How long a drained backend keeps serving live calls. */
            drainingTimeoutSec: z.number().int().min(60).max(3600).default(300),
            healthCheckPath: z.string().regex(/^\/[A-Za-z0-9/_.-]*$/).default("/healthz"),
        })
        .prefault({}),

    database: databaseSchema.prefault({}),
    cache: cacheSchema.prefault({}),
    messaging: messagingSchema.prefault({}),
    /** Google group of the on-call engineers: reads the `incident-access` secret during an incident. */
    incidentResponders: z.email({ error: (iss) => `"${String(iss.input)}" is not a Google group e-mail address such as oncall@edentist.ai` }),

    // --- remediation toggles (docs/runbook.md) ---
    /** Region failure: drain the primary region's backends; the others take all traffic. */
    forcedFailover: z.boolean().default(false),
    /** Drain any named regions' backends. */
    drainRegions: z.array(z.string()).default([]),
    /** Redis outage: the app runs stateless (`CACHE_DISABLED=true`). */
    cacheDisabled: z.boolean().default(false),
    /** Bumped after a cache restore: new key prefix and one purge Job per region. */
    cacheEpoch: z.number().int().min(0).default(0),
    /** Gemini outage: `hold` plays the holding prompt. */
    voiceMode: z.enum(["live", "hold"]).default("live"),
    /** PMS outage: `queued` keeps jobs in Pub/Sub for replay. */
    pmsSyncMode: z.enum(["live", "queued"]).default("live"),
    /** The PMS connectors the app ships; `pmsDisabledProviders` must name some of these. */
    pmsProviders: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).min(1).default(["dentrix", "opendental", "eaglesoft", "dentally", "curve"]),
    /** The Jobs that purge stale sessions after a cache restore (cacheEpoch). */
    cachePurge: z
        .strictObject({
            /** redis-cli image, pinned by version tag or digest; never latest. */
            image: z
                .string()
                .regex(/^[a-z0-9.\/-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]*|@sha256:[a-f0-9]{64})$/, {
                    error: (iss) => `"${String(iss.input)}" is not an image pinned by tag or digest such as redis:7.2.5-alpine`,
                })
                .refine((i) => !i.endsWith(":latest"), { error: `"latest" is not pinned: name a version tag or a digest` })
                .default("redis:7.2.5-alpine"),
        })
        .prefault({}),
    /** The PMS sync worker of each region (scaled to 0 while pmsSyncMode is queued). */
    pmsWorker: z
        .strictObject({
            replicas: positiveInt.default(2),
        })
        .prefault({}),
    /** PMS provider isolation: connectors switched off. */
    pmsDisabledProviders: z.array(z.string()).default([]),
    /** Stabilize: Cloud Armor rate-based ban per client IP on `voice-lb`. */
    rateLimit: z
        .strictObject({
            enabled: z.boolean().default(false),
            requestsPerInterval: positiveInt.default(300),
            /** Cloud Armor accepts only these intervals for rate-based rules. */
            intervalSec: z
                .number()
                .int()
                .refine((n) => rateLimitIntervals.includes(n), {
                    error: (iss) => `${String(iss.input)} is not an interval Cloud Armor accepts; allowed: ${rateLimitIntervals.join(", ")}`,
                })
                .default(60),
            banDurationSec: positiveInt.default(600),
        })
        .prefault({}),

    // --- observability (docs/observability.md) ---
    observability: observabilitySchema.prefault({}),
    /** PagerDuty Events API v2 integration key of the SEV-1/2 notification channel (secret). */
    pagerDutyServiceKey: secretString.optional(),
    /** Slack bot token of the #edentist-incident notification channel (secret). */
    slackAuthToken: secretString.optional(),
});

/** Parsed config plus the GCP project it deploys to. */
export type Config = Readonly<Omit<z.infer<typeof configSchema>, SecretConfigKey> & { project: string }>;
export type ObservabilityConfig = z.infer<typeof observabilitySchema>;
export type RegionConfig = z.infer<typeof regionSchema>;

/** A config error that names every offending key; the offline plan prints `message` as is. */
export class ConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

/** `regions.europe-west1.zones[0]`: the path as `pulumi config set --path` spells it. */
export function keyPath(path: readonly PropertyKey[]): string {
    let out = `${configNamespace}:`;
    path.forEach((p, i) => {
        if (typeof p === "number") out += `[${p}]`;
        else out += (i === 0 ? "" : ".") + String(p);
    });
    return out;
}

/** Walks the schema to the node at `path`, unwrapping defaults and optionals. */
function schemaAt(path: readonly PropertyKey[]): z.core.$ZodType | undefined {
    let node: z.core.$ZodType | undefined = configSchema;
    for (const p of path) {
        node = unwrap(node);
        if (!node) return undefined;
        const def = node._zod.def as unknown as Record<string, unknown> & { type: string };
        if (def.type === "object") node = (def.shape as Record<string, z.core.$ZodType>)[String(p)];
        else if (def.type === "record") node = def.valueType as z.core.$ZodType;
        else if (def.type === "array") node = def.element as z.core.$ZodType;
        else return undefined;
    }
    return unwrap(node);
}

function unwrap(node: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
    while (node) {
        const def = node._zod.def as unknown as { type: string; innerType?: z.core.$ZodType };
        if (!["default", "prefault", "optional", "nullable"].includes(def.type) || !def.innerType) return node;
        node = def.innerType;
    }
    return node;
}

function describe(value: unknown): string {
    if (value === undefined) return "nothing";
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "a map";
    return `${typeof value} ${JSON.stringify(value)}`;
}

const article: Record<string, string> = {
    boolean: "a boolean (true or false)",
    number: "a number",
    int: "a whole number",
    string: "a string",
    array: "a list",
    object: "a map",
    record: "a map",
};

/** One readable line per zod issue, naming the key. */
export function formatIssue(issue: z.core.$ZodIssue): string {
    const where = keyPath(issue.path);
    switch (issue.code) {
        case "invalid_type": {
            const input = (issue as { input?: unknown }).input;
            if (input === undefined) return `${where}: is required but not set`;
            return `${where}: expected ${article[issue.expected] ?? issue.expected}, got ${describe(input)}`;
        }
        case "unrecognized_keys": {
            const node = schemaAt(issue.path);
            const def = node?._zod.def as unknown as { type: string; shape?: Record<string, unknown> } | undefined;
            const allowed = def?.type === "object" && def.shape ? Object.keys(def.shape).join(", ") : "";
            return issue.keys.map((k) => `${keyPath([...issue.path, k])}: unknown key; allowed keys here: ${allowed}`).join("\n");
        }
        case "invalid_value":
            return `${where}: got ${describe((issue as { input?: unknown }).input)}; allowed: ${issue.values.map((v) => String(v)).join(", ")}`;
        case "invalid_union":
            return `${where}: got ${describe((issue as { input?: unknown }).input)}; ${issue.message}`;
        case "too_small":
            if (issue.origin === "array") {
                const n = ((issue as { input?: unknown[] }).input ?? []).length;
                return `${where}: lists ${n} ${n === 1 ? "entry" : "entries"}; at least ${String(issue.minimum)} are required`;
            }
            return issue.origin === "string"
                ? `${where}: is empty; a value is required`
                : `${where}: ${describe((issue as { input?: unknown }).input)} is below the minimum ${String(issue.minimum)}`;
        case "too_big":
            return `${where}: ${describe((issue as { input?: unknown }).input)} is above the maximum ${String(issue.maximum)}`;
        default:
            return `${where}: ${issue.message}`;
    }
}

/** Top-level keys whose Pulumi config value is a plain string (all others are YAML/JSON values). */
function isStringKey(key: string): boolean {
    const node = schemaAt([key]);
    const t = (node?._zod.def as unknown as { type: string } | undefined)?.type;
    return t === "string" || t === "enum";
}

/**
 * Turns Pulumi's raw config strings (`voice-agent:<key>` → string) into values: strings stay
 * strings for string keys, everything else is parsed as JSON (the form Pulumi stores structured
 * and boolean values in).
 */
export function decodeRawConfig(raw: Record<string, string>): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const [fullKey, text] of Object.entries(raw)) {
        if (!fullKey.startsWith(`${configNamespace}:`)) continue;
        const key = fullKey.slice(configNamespace.length + 1);
        if (isStringKey(key)) {
            values[key] = text;
            continue;
        }
        try {
            values[key] = JSON.parse(text);
        } catch {
            // Not JSON: hand the text to the schema, whose type error names the key and the type.
            values[key] = text;
        }
    }
    return values;
}

/** Project ids of serving cells (`edentist-voice-prod-eu`); drill stacks must not use one. */
export const productionProject = /(^|-)prod(-|$)/;

/** Pure: validates decoded values for a project. Throws ConfigError listing every problem. */
export function parseConfig(values: Record<string, unknown>, project: string): Config {
    if (!project) throw new ConfigError(["gcp:project: is required but not set (the cell's GCP project)"]);
    const result = configSchema.safeParse(values, { reportInput: true });
    if (!result.success) throw new ConfigError(result.error.issues.flatMap((i) => formatIssue(i).split("\n")));
    const problems = crossFieldIssues(result.data).map((p) => `${keyPath(p.path)}: ${p.message}`);
    // A rehearsal drains regions and switches the database over: never in a production project.
    if (result.data.environment === "drill" && productionProject.test(project)) {
        problems.push(`gcp:project: "${project}" is a production project; a drill stack (environment: drill) runs in a sandbox project`);
    }
    if (problems.length > 0) throw new ConfigError(problems);
    const data: Record<string, unknown> = { ...result.data };
    for (const key of secretConfigKeys) delete data[key];
    return deepFreeze({ ...(data as Omit<typeof result.data, SecretConfigKey>), project });
}

function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object" && !Object.isFrozen(value)) {
        Object.values(value as Record<string, unknown>).forEach(deepFreeze);
        Object.freeze(value);
    }
    return value;
}

/** Reads the stack's config once. Called by infra/index.ts only. */
export function loadConfig(): Config {
    const values = decodeRawConfig(pulumi.runtime.allConfig());
    const project = new pulumi.Config("gcp").get("project") ?? "";
    return parseConfig(values, project);
}

/** The secret keys as secret Outputs; never plaintext. */
export type Secrets = Readonly<Record<SecretConfigKey, pulumi.Output<string>>>;

/**
 * Reads the secret keys with `getSecret`. A missing key is an empty secret in a preview and a
 * MissingSecretError (naming the key) in `pulumi up`; see infra/secretRules.ts.
 */
export function loadSecrets(): Secrets {
    const cfg = new pulumi.Config(configNamespace);
    const dryRun = pulumi.runtime.isDryRun();
    const out = {} as Record<SecretConfigKey, pulumi.Output<string>>;
    for (const key of secretConfigKeys) {
        const value = cfg.getSecret(key);
        out[key] =
            resolveSecret(`${configNamespace}:${key}`, { present: value !== undefined, dryRun }) === "use"
                ? value!
                : pulumi.secret("");
    }
    return Object.freeze(out);
}

/** The keys that express a runbook remediation (docs/runbook.md); the plan lists those not at their default. */
export const remediationKeys = [
    "forcedFailover",
    "drainRegions",
    "cacheDisabled",
    "cacheEpoch",
    "voiceMode",
    "pmsSyncMode",
    "pmsDisabledProviders",
    "rateLimit",
] as const;

/**
 * Every config key a runbook remediation changes (docs/runbook.md names each one): the top-level
 * toggles above, the database switchover, the release, and the capacity keys of each region.
 */
export const remediationKeyPaths = [
    ...remediationKeys,
    "database.primaryRegion",
    "release.tag",
    "release.digest",
    "regions.<region>.workload",
    "regions.<region>.nodePool",
] as const;

/** The schema's default of a top-level key. */
export function defaultOf(key: keyof z.infer<typeof configSchema>): unknown {
    const field = configSchema.shape[key] as z.ZodType;
    const parsed = field.safeParse(undefined);
    return parsed.success ? parsed.data : undefined;
}
