import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    ConfigError,
    loadSecrets,
    MissingSecretError,
    parseConfig,
    resolveSecret,
    secretConfigKeys,
} from "../../infra/config";
import { resolveConfig } from "../../tools/lib/plan";
import { StackConfigError } from "../../tools/lib/stackConfig";
import { runComponents, type Recorded } from "./components/observability/harness";

/** Resolves prod-eu's config with overrides; returns the ConfigError's problems, or [] when valid. */
function problems(sets: string[]): string[] {
    try {
        resolveConfig({ stack: "prod-eu", sets });
        return [];
    } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        // Refused before the schema (an unknown key, a --set path): one problem.
        if (e instanceof StackConfigError) return [e.message];
        throw e;
    }
}

const thirdRegion =
    'regions.europe-west3={zones: [europe-west3-a, europe-west3-b, europe-west3-c], subnet: {nodes: 10.12.0.0/20, pods: 10.72.0.0/14, services: 10.22.0.0/20, controlPlane: 172.16.0.32/28}, maintenance: {days: [SA, SU], start: "15:00", hours: 6}}';

/** A short title for a row given by its overrides. */
function setsTitle(sets: string[]): string {
    return sets.map((s) => s.split("=")[0] + "=" + (s.length > 60 ? "…" : s.split("=").slice(1).join("="))).join(" ");
}

const badConfigs: { name: string; sets: string[]; expected: string[] }[] = [
    {
        name: "every region drained",
        sets: ["drainRegions=[europe-west1, europe-west4]"],
        expected: [
            "voice-agent:drainRegions: drains every region (europe-west1, europe-west4); at least one region must keep serving",
        ],
    },
    {
        name: "forcedFailover drains the last serving region",
        sets: ["drainRegions=[europe-west4]", "forcedFailover=true"],
        expected: [
            "voice-agent:drainRegions: drains every region (europe-west1, europe-west4, with forcedFailover draining the primary); at least one region must keep serving",
        ],
    },
    {
        name: "zone outside its region",
        sets: ["regions.europe-west1.zones=[europe-west1-b, europe-west1-c, europe-west4-a]"],
        expected: [
            'voice-agent:regions.europe-west1.zones[2]: zone "europe-west4-a" is not in region europe-west1; allowed: zones named europe-west1-<letter>',
        ],
    },
    {
        name: "boolean given as a word",
        sets: ["forcedFailover=yes"],
        expected: ['voice-agent:forcedFailover: expected a boolean (true or false), got string "yes"'],
    },
    {
        name: "misspelt key",
        sets: ["forcedFailvoer=true"],
        // Refused by the known-key check, with the closest key, before the schema sees it.
        expected: ["--set voice-agent:forcedFailvoer: is not a known key (did you mean voice-agent:forcedFailover?)"],
    },
    {
        name: "misspelt nested key",
        sets: ["regions.europe-west1.nodePool.machineTyp=n2-standard-4"],
        expected: [
            "voice-agent:regions.europe-west1.nodePool.machineTyp: unknown key; allowed keys here: machineType, minPerZone, maxPerZone, diskSizeGb, failoverMinPerZone",
        ],
    },
    {
        name: "unknown voice mode",
        sets: ["voiceMode=silent"],
        expected: ['voice-agent:voiceMode: got string "silent"; allowed: live, hold'],
    },
    {
        name: "primary region not configured",
        sets: ["primaryRegion=us-east1"],
        expected: [
            'voice-agent:primaryRegion: "us-east1" is not a configured region; allowed: europe-west1, europe-west4',
        ],
    },
    {
        name: "one region only",
        sets: ["regions.europe-west4=null"],
        expected: ["voice-agent:regions.europe-west4: expected a map, got null"],
    },
    {
        name: "latest is not a release",
        sets: ["release.tag=latest"],
        expected: ['voice-agent:release.tag: "latest" is not a release: pin a version tag or a digest'],
    },
    {
        name: "both tag and digest",
        sets: [`release.digest=sha256:${"a".repeat(64)}`],
        expected: ["voice-agent:release: give exactly one of release.tag and release.digest (got both)"],
    },
    {
        name: "malformed digest",
        // A string key takes the --set text as typed, so the digest alone is what is wrong here.
        sets: ["release.digest=sha256:abc"],
        expected: ['voice-agent:release.digest: "sha256:abc" is not a digest of the form sha256:<64 hex digits>'],
    },
    {
        name: "overlapping subnet ranges",
        sets: ["regions.europe-west4.subnet.pods=10.64.0.0/16"],
        expected: [
            "voice-agent:regions.europe-west4.subnet.pods: 10.64.0.0/16 overlaps 10.64.0.0/14 of voice-agent:regions.europe-west1.subnet.pods; ranges of a cell must not overlap",
        ],
    },
    {
        name: "overlapping maintenance windows",
        sets: ["regions.europe-west4.maintenance.start=03:00"],
        expected: [
            "voice-agent:regions.europe-west4.maintenance: overlaps the maintenance window of europe-west1; windows of different regions must not overlap",
        ],
    },
    {
        name: "too little maintenance time for GKE",
        sets: ["regions.europe-west1.maintenance.hours=4"],
        expected: [
            "voice-agent:regions.europe-west1.maintenance: allows 8 hours a week; GKE requires 48 hours in any 32 days, so at least 10.5 hours a week",
        ],
    },
    {
        name: "drained region not configured",
        sets: ["drainRegions=[us-east1]"],
        expected: [
            'voice-agent:drainRegions[0]: "us-east1" is not a configured region; allowed: europe-west1, europe-west4',
        ],
    },
    {
        name: "negative cache epoch",
        sets: ["cacheEpoch=-1"],
        expected: ["voice-agent:cacheEpoch: number -1 is below the minimum 0"],
    },
    {
        name: "fractional cache epoch",
        sets: ["cacheEpoch=1.5"],
        expected: ["voice-agent:cacheEpoch: expected a whole number, got number 1.5"],
    },
    {
        name: "unknown PMS provider",
        sets: ["pmsDisabledProviders=[acme]"],
        expected: [
            'voice-agent:pmsDisabledProviders[0]: "acme" is not a known PMS provider; allowed: dentrix, opendental, eaglesoft, dentally, curve',
        ],
    },
    {
        name: "rate-limit interval Cloud Armor refuses",
        sets: ["rateLimit.intervalSec=45"],
        expected: [
            "voice-agent:rateLimit.intervalSec: 45 is not an interval Cloud Armor accepts; allowed: 10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700, 3600",
        ],
    },
    {
        name: "control plane open to the internet",
        sets: ["masterAuthorizedNetworks=[{name: all, cidr: 0.0.0.0/0}]"],
        expected: [
            "voice-agent:masterAuthorizedNetworks: 0.0.0.0/0 opens the GKE control plane to 3702257664 public addresses; at most 65536 (one /16): name the on-call and CI egress ranges",
        ],
    },
    {
        name: "control plane open to the internet in two halves (measured in addresses, whatever the split)",
        sets: ["masterAuthorizedNetworks=[{name: low, cidr: 0.0.0.0/1}, {name: high, cidr: 128.0.0.0/1}]"],
        expected: [
            "voice-agent:masterAuthorizedNetworks: 0.0.0.0/1, 128.0.0.0/1 together open the GKE control plane to 3702257664 public addresses; at most 65536 (one /16): name the on-call and CI egress ranges",
        ],
    },
    {
        name: "control plane open to a public range shorter than /16",
        sets: ["masterAuthorizedNetworks=[{name: wide, cidr: 8.0.0.0/15}]"],
        expected: [
            "voice-agent:masterAuthorizedNetworks: 8.0.0.0/15 opens the GKE control plane to 131072 public addresses; at most 65536 (one /16): name the on-call and CI egress ranges",
        ],
    },
    {
        name: "HPA maximum beyond int32 (the HPA API's type)",
        sets: ["regions.europe-west1.workload.maxReplicas=1e10"],
        expected: [
            "voice-agent:regions.europe-west1.workload.maxReplicas: number 10000000000 is above the maximum 2147483647",
        ],
    },
    {
        name: "a zone that is not a GCP zone name",
        sets: ["regions.europe-west1.zones=[europe-west1-b, europe-west1-c, (a|a)+]"],
        expected: ['voice-agent:regions.europe-west1.zones[2]: "(a|a)+" is not a GCP zone name such as europe-west1-b'],
    },
    {
        name: "region name that is a regular expression (never built into a pattern)",
        sets: ["primaryRegion=(a|a)+"],
        expected: ['voice-agent:primaryRegion: "(a|a)+" is not a GCP region name such as europe-west1'],
    },
    {
        name: "HPA minimum above maximum",
        sets: ["regions.europe-west1.workload={minReplicas: 12, maxReplicas: 10, failoverMinReplicas: 10}"],
        expected: ["voice-agent:regions.europe-west1.workload.minReplicas: 12 is above maxReplicas 10"],
    },
    {
        name: "default failover capacity above the surviving region's maximum",
        sets: ["regions.europe-west4.workload.maxReplicas=10"],
        expected: [
            "voice-agent:regions.europe-west4.workload.maxReplicas: failover capacity 12 replicas (the sum of all regions' minReplicas) is above maxReplicas 10; raise maxReplicas or set a lower failoverMinReplicas",
        ],
    },
    {
        name: "configured failover capacity above the maximum",
        sets: ["regions.europe-west1.nodePool.failoverMinPerZone=11"],
        expected: [
            "voice-agent:regions.europe-west1.nodePool.failoverMinPerZone: failover capacity 11 nodes per zone is above maxPerZone 10; raise maxPerZone or set a lower failoverMinPerZone",
        ],
    },
    {
        name: "too few zones",
        sets: ["regions.europe-west1.zones=[europe-west1-b]"],
        expected: ["voice-agent:regions.europe-west1.zones: lists 1 entry; at least 3 are required"],
    },
    {
        name: "domain not a host name",
        sets: ["domain=Not A Domain"],
        expected: ['voice-agent:domain: "Not A Domain" is not a DNS host name such as voice.eu.edentist.ai'],
    },
    {
        name: "backend timeout too short for a call",
        sets: ["loadBalancer.timeoutSec=30"],
        expected: ["voice-agent:loadBalancer.timeoutSec: number 30 is below the minimum 3600"],
    },
    {
        name: "connection draining shorter than a call",
        sets: ["loadBalancer.drainingTimeoutSec=300"],
        expected: [
            "voice-agent:loadBalancer.drainingTimeoutSec: 300 s cuts calls short: connection draining must cover a call, at least min(loadBalancer.timeoutSec, 3600) = 3600 s",
        ],
    },
    {
        name: "connection draining one second short of the LB's maximum, with a day-long timeout",
        sets: ["loadBalancer.timeoutSec=86400", "loadBalancer.drainingTimeoutSec=3599"],
        expected: [
            "voice-agent:loadBalancer.drainingTimeoutSec: 3599 s cuts calls short: connection draining must cover a call, at least min(loadBalancer.timeoutSec, 3600) = 3600 s",
        ],
    },
    {
        name: "no GCP project",
        sets: ["gcp:project="],
        expected: ["gcp:project: is required but not set (the cell's GCP project)"],
    },
    {
        name: "CIDR with a bad prefix length",
        sets: ["regions.europe-west1.subnet.nodes=10.10.0.0/33"],
        expected: [
            'voice-agent:regions.europe-west1.subnet.nodes: "10.10.0.0/33" is not an IPv4 CIDR range such as 10.10.0.0/20',
        ],
    },
    {
        name: "CIDR with host bits set",
        sets: ["regions.europe-west1.subnet.nodes=10.10.0.1/20"],
        expected: [
            'voice-agent:regions.europe-west1.subnet.nodes: "10.10.0.1/20" has host bits set; the range is 10.10.0.0/20',
        ],
    },
    {
        name: "control plane range not a /28",
        sets: ["regions.europe-west1.subnet.controlPlane=172.16.8.0/24"],
        expected: [
            'voice-agent:regions.europe-west1.subnet.controlPlane: "172.16.8.0/24" must be a /28 range (GKE\'s private control plane)',
        ],
    },
    {
        name: "region key not a region name",
        sets: [
            "regions.europe-west1.zones=[europe-west1-b, europe-west1-c, europe-west1-d]",
            "regions.Europe_West9={zones: [a, b, c], subnet: {nodes: 10.50.0.0/20, pods: 10.128.0.0/14, services: 10.51.0.0/20, controlPlane: 172.18.0.0/28}, maintenance: {days: [WE, TH], start: '01:00', hours: 6}}",
        ],
        // The schema refuses the name before any rule uses it (zod does not check the value under a refused key).
        expected: ['voice-agent:regions.Europe_West9: "Europe_West9" is not a GCP region name such as europe-west1'],
    },
    // data tier
    {
        name: `data tier: ${setsTitle(["database.voiceDbRegion=us-east1"])}`,
        sets: ["database.voiceDbRegion=us-east1"],
        expected: [
            `voice-agent:database.voiceDbRegion: "us-east1" is not a configured region; allowed: europe-west1, europe-west4`,
        ],
    },
    {
        name: `data tier: ${setsTitle(["database.primaryRegion=us-east1"])}`,
        sets: ["database.primaryRegion=us-east1"],
        expected: [
            `voice-agent:database.primaryRegion: "us-east1" is not a configured region; allowed: europe-west1, europe-west4`,
        ],
    },
    {
        name: `data tier: ${setsTitle(["database.drReplicaRegion=europe-west1"])}`,
        sets: ["database.drReplicaRegion=europe-west1"],
        expected: [
            `voice-agent:database.drReplicaRegion: "europe-west1" holds the primary role; the DR replica must be another region: europe-west4`,
        ],
    },
    {
        name: `data tier: ${setsTitle(["database.primaryRegion=europe-west4", "database.drReplicaRegion=europe-west4"])}`,
        sets: ["database.primaryRegion=europe-west4", "database.drReplicaRegion=europe-west4"],
        expected: [
            `voice-agent:database.drReplicaRegion: "europe-west4" holds the primary role; the DR replica must be another region: europe-west1`,
        ],
    },
    {
        name: `data tier: ${setsTitle(["database.tier=db-custom-4-16384"])}`,
        sets: ["database.tier=db-custom-4-16384"],
        expected: [
            `voice-agent:database.tier: "db-custom-4-16384" is not an Enterprise Plus tier; use db-perf-optimized-N-<2|4|8|16|32|48|64|80|96|128> or set database.edition to ENTERPRISE`,
        ],
    },
    {
        name: `data tier: ${setsTitle(["database.edition=ENTERPRISE"])}`,
        sets: ["database.edition=ENTERPRISE"],
        expected: [
            `voice-agent:database.tier: "db-perf-optimized-N-4" is an Enterprise Plus tier; with database.edition ENTERPRISE use a db-custom-<vCPUs>-<MB> tier`,
        ],
    },
    {
        name: `data tier: ${setsTitle(["database.edition=ENTERPRISE", "database.tier=db-custom-4-16384", "database.transactionLogRetentionDays=14", "database.primaryRegion=europe-west4", "database.drReplicaRegion=europe-west4"])}`,
        sets: [
            "database.edition=ENTERPRISE",
            "database.tier=db-custom-4-16384",
            "database.transactionLogRetentionDays=14",
            "database.primaryRegion=europe-west4",
            "database.drReplicaRegion=europe-west4",
        ],
        expected: [
            "voice-agent:database.transactionLogRetentionDays: 14 days needs ENTERPRISE_PLUS; database.edition ENTERPRISE keeps at most 7",
            "voice-agent:database.drReplicaRegion: a designated DR replica needs database.edition ENTERPRISE_PLUS (got ENTERPRISE)",
            "voice-agent:database.primaryRegion: a switchover to europe-west4 needs database.edition ENTERPRISE_PLUS (got ENTERPRISE)",
        ],
    },
    {
        name: `data tier: ${setsTitle([thirdRegion])}`,
        sets: [thirdRegion],
        expected: [
            `voice-agent:database.drReplicaRegion: is required with 3 regions: name the primary's DR replica, one of europe-west4, europe-west3`,
        ],
    },
    {
        name: `data tier: ${setsTitle(["database.tier=postgres-large"])}`,
        sets: ["database.tier=postgres-large"],
        expected: [`voice-agent:database.tier: "postgres-large" is not a Cloud SQL tier such as db-perf-optimized-N-4`],
    },
    {
        name: `data tier: ${setsTitle(["database.transactionLogRetentionDays=36"])}`,
        sets: ["database.transactionLogRetentionDays=36"],
        expected: ["voice-agent:database.transactionLogRetentionDays: number 36 is above the maximum 35"],
    },
    {
        name: `data tier: ${setsTitle(["database.edition=ORACLE"])}`,
        sets: ["database.edition=ORACLE"],
        expected: [`voice-agent:database.edition: got string "ORACLE"; allowed: ENTERPRISE_PLUS, ENTERPRISE`],
    },
    {
        name: `data tier: ${setsTitle(["database.foo=1"])}`,
        sets: ["database.foo=1"],
        expected: [
            "voice-agent:database.foo: unknown key; allowed keys here: version, edition, tier, diskSizeGb, backupRetainedCount, transactionLogRetentionDays, backupStartTime, logMinDurationStatementMs, maintenanceUpdateTrack, voiceDbRegion, primaryRegion, drReplicaRegion",
        ],
    },
    {
        name: `data tier: ${setsTitle(["cache.memorySizeGb=1"])}`,
        sets: ["cache.memorySizeGb=1"],
        expected: ["voice-agent:cache.memorySizeGb: number 1 is below the minimum 5"],
    },
    {
        name: `data tier: ${setsTitle(["cache.redisVersion=REDIS_5_0"])}`,
        sets: ["cache.redisVersion=REDIS_5_0"],
        expected: [`voice-agent:cache.redisVersion: got string "REDIS_5_0"; allowed: REDIS_6_X, REDIS_7_0, REDIS_7_2`],
    },
    {
        name: `data tier: ${setsTitle(["messaging.maxDeliveryAttempts=3"])}`,
        sets: ["messaging.maxDeliveryAttempts=3"],
        expected: ["voice-agent:messaging.maxDeliveryAttempts: number 3 is below the minimum 5"],
    },
    {
        name: `data tier: ${setsTitle(["messaging.minimumBackoffSeconds=700"])}`,
        sets: ["messaging.minimumBackoffSeconds=700"],
        expected: ["voice-agent:messaging.minimumBackoffSeconds: number 700 is above the maximum 600"],
    },
    {
        name: `data tier: ${setsTitle(["messaging.minimumBackoffSeconds=300", "messaging.maximumBackoffSeconds=100"])}`,
        sets: ["messaging.minimumBackoffSeconds=300", "messaging.maximumBackoffSeconds=100"],
        expected: ["voice-agent:messaging.minimumBackoffSeconds: 300 is above maximumBackoffSeconds 100"],
    },
    {
        name: `data tier: ${setsTitle(["incidentResponders=not-an-email"])}`,
        sets: ["incidentResponders=not-an-email"],
        expected: [
            `voice-agent:incidentResponders: "not-an-email" is not a Google group e-mail address such as oncall@edentist.ai`,
        ],
    },
    // observability
    {
        name: "SLO target of 100",
        sets: ["observability.slo.availabilityPercent=100"],
        expected: ["voice-agent:observability.slo.availabilityPercent: number 100 is above the maximum 100"],
    },
    {
        name: "SLO window over 30 days",
        sets: ["observability.slo.rollingPeriodDays=31"],
        expected: ["voice-agent:observability.slo.rollingPeriodDays: number 31 is above the maximum 30"],
    },
    {
        name: "two checker regions",
        sets: ["observability.uptime.checkerRegions=[EUROPE, USA]"],
        expected: ["voice-agent:observability.uptime.checkerRegions: lists 2 entries; at least 3 are required"],
    },
    {
        name: "a checker region twice",
        sets: ["observability.uptime.checkerRegions=[EUROPE, USA, EUROPE]"],
        expected: ["voice-agent:observability.uptime.checkerRegions: lists a region twice; each checker region once"],
    },
    {
        name: "an uptime period Cloud Monitoring does not offer",
        sets: ["observability.uptime.periodSeconds=120"],
        expected: [
            "voice-agent:observability.uptime.periodSeconds: 120 is not a period Cloud Monitoring offers; allowed: 60, 300, 600, 900",
        ],
    },
    {
        name: "a bad e-mail",
        sets: ["observability.alertEmails=[oncall]"],
        expected: ['voice-agent:observability.alertEmails[0]: "oncall" is not an e-mail address'],
    },
    {
        name: "a Slack channel without #",
        sets: ["observability.slackChannel=edentist-incident"],
        expected: [
            'voice-agent:observability.slackChannel: "edentist-incident" is not a Slack channel such as #edentist-incident',
        ],
    },
    {
        name: "an unknown threshold",
        sets: ["observability.alerts.latencyP99Ms=3000"],
        expected: [
            "voice-agent:observability.alerts.latencyP99Ms: unknown key; allowed keys here: availabilityPercent, sev1FailurePercent, latencyP95Ms, pmsSyncFailurePercent, regionErrorPercent, replicaLagSeconds, redisMemoryPercent, pubsubOldestUnackedSeconds, crashLoopRestarts, geminiErrorsPerMinute, analyticsErrorsPerMinute, autoCloseMinutes",
        ],
    },
    {
        name: "an empty secret, without printing it",
        sets: ["slackAuthToken= "],
        expected: ["voice-agent:slackAuthToken: is set but empty; set it with pulumi config set --secret"],
    },
];

describe("config validation", () => {
    it("accepts both prod stacks as written", () => {
        for (const stack of ["prod-eu", "prod-me"]) assert.doesNotThrow(() => resolveConfig({ stack }));
    });

    it("accepts forcedFailover with the primary also listed in drainRegions (the other region serves)", () => {
        assert.deepStrictEqual(problems(["drainRegions=[europe-west1]", "forcedFailover=true"]), []);
    });

    const validCombinations: string[][] = [
        ["database.edition=ENTERPRISE", "database.tier=db-custom-4-16384"],
        ["database.primaryRegion=europe-west4"],
        [thirdRegion, "database.drReplicaRegion=europe-west3"],
        ["database.tier=db-perf-optimized-N-8"],
    ];
    for (const sets of validCombinations) {
        it(`accepts ${setsTitle(sets)}`, () => assert.deepStrictEqual(problems(sets), []));
    }

    it(`rejects ${badConfigs.length} bad configs with messages that name the key`, () => {
        assert.ok(badConfigs.length >= 15);
    });

    for (const c of badConfigs) {
        it(`rejects: ${c.name}`, () => {
            assert.deepStrictEqual(problems(c.sets), c.expected);
        });
    }

    it("refuses a drill stack pointed at a production project, and plans it in its sandbox", () => {
        assert.throws(() => resolveConfig({ stack: "drill-eu", sets: ["gcp:project=edentist-voice-prod-eu"] }), {
            message:
                'invalid configuration:\n  - gcp:project: "edentist-voice-prod-eu" is a production project; a drill stack (environment: drill) runs in a sandbox project',
        });
        const { config } = resolveConfig({ stack: "drill-eu" });
        assert.deepStrictEqual(
            [config.project, config.environment, config.cell],
            ["edentist-voice-sandbox", "drill", "drilleu"],
        );
    });

    it("freezes the result so no component can change it", () => {
        const { config } = resolveConfig({ stack: "prod-eu" });
        assert.ok(Object.isFrozen(config));
        assert.ok(Object.isFrozen(config.regions["europe-west1"]?.zones));
    });

    it("fills defaults from the schema", () => {
        const { config } = resolveConfig({ stack: "prod-eu" });
        assert.deepStrictEqual(
            {
                forcedFailover: config.forcedFailover,
                drainRegions: config.drainRegions,
                cacheDisabled: config.cacheDisabled,
                cacheEpoch: config.cacheEpoch,
                voiceMode: config.voiceMode,
                pmsSyncMode: config.pmsSyncMode,
                pmsDisabledProviders: config.pmsDisabledProviders,
                rateLimit: config.rateLimit,
                loadBalancer: config.loadBalancer,
            },
            {
                forcedFailover: false,
                drainRegions: [],
                cacheDisabled: false,
                cacheEpoch: 0,
                voiceMode: "live",
                pmsSyncMode: "live",
                pmsDisabledProviders: [],
                rateLimit: { enabled: false, requestsPerInterval: 300, intervalSec: 60, banDurationSec: 600 },
                loadBalancer: {
                    maxRatePerEndpoint: 20,
                    timeoutSec: 3600,
                    drainingTimeoutSec: 3600,
                    healthCheckPath: "/healthz",
                },
            },
        );
    });
});

describe("config: data tier defaults", () => {
    it("defaults every data tier setting in the schema; the stack file pins only voice-db's region", () => {
        const c = resolveConfig({ stack: "prod-eu" }).config;
        assert.deepStrictEqual(c.database, {
            version: "POSTGRES_16",
            edition: "ENTERPRISE_PLUS",
            tier: "db-perf-optimized-N-4",
            diskSizeGb: 100,
            backupRetainedCount: 30,
            transactionLogRetentionDays: 7,
            backupStartTime: "02:00",
            logMinDurationStatementMs: -1,
            maintenanceUpdateTrack: "stable",
            voiceDbRegion: "europe-west1",
        });
        assert.deepStrictEqual(c.cache, {
            memorySizeGb: 5,
            redisVersion: "REDIS_7_2",
            replicaCount: 2,
            rdbSnapshotPeriod: "ONE_HOUR",
        });
        assert.deepStrictEqual(c.messaging, {
            topicRetentionDays: 7,
            deadLetterRetentionDays: 31,
            ackDeadlineSeconds: 60,
            maxDeliveryAttempts: 10,
            minimumBackoffSeconds: 10,
            maximumBackoffSeconds: 600,
        });
        assert.strictEqual(c.incidentResponders, "voice-oncall-eu@edentist.ai");
        assert.strictEqual(resolveConfig({ stack: "prod-me" }).config.database.voiceDbRegion, "me-central1");
    });

    it("requires the incident responders' group", () => {
        const { config } = resolveConfig({ stack: "prod-eu" });
        const {
            incidentResponders: _omitted,
            project,
            ...rest
        } = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
        assert.throws(
            () => parseConfig(rest, project as string),
            (e: ConfigError) => {
                assert.deepStrictEqual(e.problems, ["voice-agent:incidentResponders: is required but not set"]);
                return true;
            },
        );
    });
});

describe("config: observability defaults and secret keys", () => {
    it("defaults: 99.5% over 28 days, the runbook's thresholds, three checker regions", () => {
        assert.deepStrictEqual(resolveConfig({ stack: "prod-eu" }).config.observability, {
            slo: { availabilityPercent: 99.5, rollingPeriodDays: 28 },
            slackChannel: "#edentist-incident",
            alertEmails: [],
            alerts: {
                availabilityPercent: 98,
                sev1FailurePercent: 50,
                latencyP95Ms: 2000,
                pmsSyncFailurePercent: 20,
                regionErrorPercent: 10,
                replicaLagSeconds: 60,
                redisMemoryPercent: 85,
                pubsubOldestUnackedSeconds: 900,
                crashLoopRestarts: 3,
                geminiErrorsPerMinute: 5,
                analyticsErrorsPerMinute: 1,
                autoCloseMinutes: 30,
            },
            uptime: {
                checkerRegions: ["EUROPE", "USA_VIRGINIA", "ASIA_PACIFIC"],
                periodSeconds: 60,
                timeoutSeconds: 10,
            },
        });
    });

    it("validates the secret keys but never puts them into Config", () => {
        const c = resolveConfig({
            stack: "prod-eu",
            sets: ["pagerDutyServiceKey=pd-key", "slackAuthToken=xoxb-token"],
        }).config;
        for (const k of secretConfigKeys) assert.ok(!(k in c), k);
        assert.ok(!JSON.stringify(c).includes("pd-key"));
    });

    it("stack files never hold the secret keys in plain text", () => {
        for (const stack of ["prod-eu", "prod-me"]) {
            const { raw, secretKeys } = resolveConfig({ stack });
            for (const k of secretConfigKeys)
                if (`voice-agent:${k}` in raw)
                    assert.ok(secretKeys.includes(`voice-agent:${k}`), `${stack}: ${k} is not secure`);
        }
    });
});

describe("config: secrets at preview and at up", () => {
    const table: [boolean, boolean, string][] = [
        [true, true, "use"],
        [true, false, "use"],
        [false, true, "empty-secret-in-preview"],
    ];
    for (const [present, dryRun, expected] of table) {
        it(`present=${present} dryRun=${dryRun} → ${expected}`, () =>
            assert.strictEqual(resolveSecret("voice-agent:slackAuthToken", { present, dryRun }), expected));
    }
    it("pulumi up without the secret fails naming the key and the command", () => {
        assert.throws(
            () => resolveSecret("voice-agent:pagerDutyServiceKey", { present: false, dryRun: false }),
            (e: unknown) =>
                e instanceof MissingSecretError &&
                e.message ===
                    "voice-agent:pagerDutyServiceKey: is required for pulumi up but not set; set it with: pulumi config set --secret voice-agent:pagerDutyServiceKey <value>",
        );
    });

    it("loadSecrets() under the runtime: preview goes on with secrets, up stops at the first missing key", async () => {
        let secrets: ReturnType<typeof loadSecrets> | undefined;
        await runComponents(() => {
            secrets = loadSecrets();
        });
        for (const k of secretConfigKeys) assert.strictEqual(await pulumi.isSecret(secrets![k]), true, k);

        await assert.rejects(
            runComponents(() => loadSecrets(), { dryRun: false }),
            /voice-agent:pagerDutyServiceKey: is required for pulumi up but not set/,
        );
        await assert.rejects(
            runComponents(() => loadSecrets(), {
                dryRun: false,
                config: { "voice-agent:pagerDutyServiceKey": "pd" },
                secretKeys: ["voice-agent:pagerDutyServiceKey"],
            }),
            /voice-agent:slackAuthToken: is required for pulumi up but not set/,
        );
        let given: ReturnType<typeof loadSecrets> | undefined;
        await runComponents(() => (given = loadSecrets()), {
            dryRun: false,
            config: { "voice-agent:pagerDutyServiceKey": "pd", "voice-agent:slackAuthToken": "xoxb" },
            secretKeys: ["voice-agent:pagerDutyServiceKey", "voice-agent:slackAuthToken"],
        });
        assert.strictEqual(await pulumi.isSecret(given!.slackAuthToken), true);
    });
});

describe("config: pulumi up of the whole program without the secrets", () => {
    it("fails naming the key, before registering any resource", async () => {
        const { raw, secretKeys } = resolveConfig({ stack: "prod-eu" });
        const registered: Recorded[] = [];
        await assert.rejects(
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program is loaded fresh inside the mock runtime, as the plan does
            runComponents(() => (require("../../infra/index") as () => Promise<unknown>)(), {
                dryRun: false,
                config: raw,
                secretKeys,
                sink: registered,
            }),
            /voice-agent:pagerDutyServiceKey: is required for pulumi up but not set; set it with: pulumi config set --secret voice-agent:pagerDutyServiceKey <value>/,
        );
        // Not one resource of the cell (the Stack itself may or may not have registered by then).
        assert.deepStrictEqual(
            registered.filter((r) => r.type !== "pulumi:pulumi:Stack"),
            [],
        );
    });

    it("with the secrets given, the same program runs through (sanity check of the test above)", async () => {
        const { raw, secretKeys } = resolveConfig({ stack: "prod-eu" });
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program is loaded fresh inside the mock runtime, as the plan does
        const rs = await runComponents(() => (require("../../infra/index") as () => Promise<unknown>)(), {
            dryRun: false,
            config: { ...raw, "voice-agent:pagerDutyServiceKey": "pd", "voice-agent:slackAuthToken": "xoxb" },
            secretKeys: [...secretKeys, "voice-agent:pagerDutyServiceKey", "voice-agent:slackAuthToken"],
        });
        assert.strictEqual(rs.filter((r) => r.type === "gcp:monitoring/alertPolicy:AlertPolicy").length, 19);
    });
});
