import * as assert from "assert";
import { ConfigError, configSchema } from "../infra/config";
import { resolveConfig } from "../tools/lib/plan";

/** Resolves prod-eu's config with overrides; returns the ConfigError's problems, or [] when valid. */
function problems(sets: string[]): string[] {
    try {
        resolveConfig({ stack: "prod-eu", sets });
        return [];
    } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
    }
}

const badConfigs: { name: string; sets: string[]; expected: string[] }[] = [
    {
        name: "every region drained",
        sets: ["drainRegions=[europe-west1, europe-west4]"],
        expected: ["voice-agent:drainRegions: drains every region (europe-west1, europe-west4); at least one region must keep serving"],
    },
    {
        name: "forcedFailover drains the last serving region",
        sets: ["drainRegions=[europe-west4]", "forcedFailover=true"],
        expected: ["voice-agent:drainRegions: drains every region (europe-west1, europe-west4, with forcedFailover draining the primary); at least one region must keep serving"],
    },
    {
        name: "zone outside its region",
        sets: ["regions.europe-west1.zones=[europe-west1-b, europe-west1-c, europe-west4-a]"],
        expected: ['voice-agent:regions.europe-west1.zones[2]: zone "europe-west4-a" is not in region europe-west1; allowed: zones named europe-west1-<letter>'],
    },
    {
        name: "boolean given as a word",
        sets: ["forcedFailover=yes"],
        expected: ['voice-agent:forcedFailover: expected a boolean (true or false), got string "yes"'],
    },
    {
        name: "misspelt key",
        sets: ["forcedFailvoer=true"],
        expected: [
            `voice-agent:forcedFailvoer: unknown key; allowed keys here: ${Object.keys(configSchema.shape).join(", ")}`,
        ],
    },
    {
        name: "misspelt nested key",
        sets: ["regions.europe-west1.nodePool.machineTyp=n2-standard-4"],
        expected: ['voice-agent:regions.europe-west1.nodePool.machineTyp: unknown key; allowed keys here: machineType, minPerZone, maxPerZone, diskSizeGb, failoverMinPerZone'],
    },
    { name: "unknown voice mode", sets: ["voiceMode=silent"], expected: ['voice-agent:voiceMode: got string "silent"; allowed: live, hold'] },
    {
        name: "primary region not configured",
        sets: ["primaryRegion=us-east1"],
        expected: ['voice-agent:primaryRegion: "us-east1" is not a configured region; allowed: europe-west1, europe-west4'],
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
        sets: ["release.digest=sha256:abc", "release.tag=null"],
        expected: ["voice-agent:release.tag: expected a string, got null", 'voice-agent:release.digest: "sha256:abc" is not a digest of the form sha256:<64 hex digits>'],
    },
    {
        name: "overlapping subnet ranges",
        sets: ["regions.europe-west4.subnet.pods=10.64.0.0/16"],
        expected: ["voice-agent:regions.europe-west4.subnet.pods: 10.64.0.0/16 overlaps 10.64.0.0/14 of voice-agent:regions.europe-west1.subnet.pods; ranges of a cell must not overlap"],
    },
    {
        name: "overlapping maintenance windows",
        sets: ["regions.europe-west4.maintenance.start=03:00"],
        expected: ["voice-agent:regions.europe-west4.maintenance: overlaps the maintenance window of europe-west1; windows of different regions must not overlap"],
    },
    {
        name: "too little maintenance time for GKE",
        sets: ["regions.europe-west1.maintenance.hours=4"],
        expected: ["voice-agent:regions.europe-west1.maintenance: allows 8 hours a week; GKE requires 48 hours in any 32 days, so at least 10.5 hours a week"],
    },
    {
        name: "drained region not configured",
        sets: ["drainRegions=[us-east1]"],
        expected: ['voice-agent:drainRegions[0]: "us-east1" is not a configured region; allowed: europe-west1, europe-west4'],
    },
    { name: "negative cache epoch", sets: ["cacheEpoch=-1"], expected: ["voice-agent:cacheEpoch: number -1 is below the minimum 0"] },
    { name: "fractional cache epoch", sets: ["cacheEpoch=1.5"], expected: ["voice-agent:cacheEpoch: expected a whole number, got number 1.5"] },
    {
        name: "unknown PMS provider",
        sets: ["pmsDisabledProviders=[acme]"],
        expected: ['voice-agent:pmsDisabledProviders[0]: "acme" is not a known PMS provider; allowed: dentrix, opendental, eaglesoft, dentally, curve'],
    },
    {
        name: "rate-limit interval Cloud Armor refuses",
        sets: ["rateLimit.intervalSec=45"],
        expected: ["voice-agent:rateLimit.intervalSec: 45 is not an interval Cloud Armor accepts; allowed: 10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700, 3600"],
    },
    {
        name: "control plane open to the internet",
        sets: ["masterAuthorizedNetworks=[{name: all, cidr: 0.0.0.0/0}]"],
        expected: ["voice-agent:masterAuthorizedNetworks[0].cidr: 0.0.0.0/0 opens the GKE control plane to the whole internet; name the on-call and CI egress ranges"],
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
    { name: "domain not a host name", sets: ["domain=Not A Domain"], expected: ['voice-agent:domain: "Not A Domain" is not a DNS host name such as voice.eu.edentist.ai'] },
    {
        name: "backend timeout too short for a call",
        sets: ["loadBalancer.timeoutSec=30"],
        expected: ["voice-agent:loadBalancer.timeoutSec: number 30 is below the minimum 3600"],
    },
    { name: "no GCP project", sets: ["gcp:project="], expected: ["gcp:project: is required but not set (the cell's GCP project)"] },
    {
        name: "CIDR with a bad prefix length",
        sets: ["regions.europe-west1.subnet.nodes=10.10.0.0/33"],
        expected: ['voice-agent:regions.europe-west1.subnet.nodes: "10.10.0.0/33" is not an IPv4 CIDR range such as 10.10.0.0/20'],
    },
    {
        name: "CIDR with host bits set",
        sets: ["regions.europe-west1.subnet.nodes=10.10.0.1/20"],
        expected: ['voice-agent:regions.europe-west1.subnet.nodes: "10.10.0.1/20" has host bits set; the range is 10.10.0.0/20'],
    },
    {
        name: "control plane range not a /28",
        sets: ["regions.europe-west1.subnet.controlPlane=172.16.8.0/24"],
        expected: ['voice-agent:regions.europe-west1.subnet.controlPlane: "172.16.8.0/24" must be a /28 range (GKE\'s private control plane)'],
    },
    {
        name: "region key not a region name",
        sets: ["regions.europe-west1.zones=[europe-west1-b, europe-west1-c, europe-west1-d]", "regions.Europe_West9={zones: [a, b, c], subnet: {nodes: 10.50.0.0/20, pods: 10.128.0.0/14, services: 10.51.0.0/20, controlPlane: 172.18.0.0/28}, maintenance: {days: [WE, TH], start: '01:00', hours: 6}}"],
        expected: [
            'voice-agent:regions.Europe_West9: "Europe_West9" is not a GCP region name such as europe-west1',
            'voice-agent:regions.Europe_West9.zones[0]: zone "a" is not in region Europe_West9; allowed: zones named Europe_West9-<letter>',
            'voice-agent:regions.Europe_West9.zones[1]: zone "b" is not in region Europe_West9; allowed: zones named Europe_West9-<letter>',
            'voice-agent:regions.Europe_West9.zones[2]: zone "c" is not in region Europe_West9; allowed: zones named Europe_West9-<letter>',
            // A third region makes the Enterprise Plus DR replica a choice the config must name (data tier).
            "voice-agent:database.drReplicaRegion: is required with 3 regions: name the primary's DR replica, one of europe-west4, Europe_West9",
        ],
    },
];

describe("config validation", () => {
    it("accepts both prod stacks as written", () => {
        for (const stack of ["prod-eu", "prod-me"]) assert.doesNotThrow(() => resolveConfig({ stack }));
    });

    it("accepts forcedFailover with the primary also listed in drainRegions (the other region serves)", () => {
        assert.deepStrictEqual(problems(["drainRegions=[europe-west1]", "forcedFailover=true"]), []);
    });

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
            message: 'invalid configuration:\n  - gcp:project: "edentist-voice-prod-eu" is a production project; a drill stack (environment: drill) runs in a sandbox project',
        });
        const { config } = resolveConfig({ stack: "drill-eu" });
        assert.deepStrictEqual([config.project, config.environment, config.cell], ["edentist-voice-sandbox", "drill", "drilleu"]);
    });

    it("freezes the result so no component can change it", () => {
        const { config } = resolveConfig({ stack: "prod-eu" });
        assert.ok(Object.isFrozen(config));
        assert.ok(Object.isFrozen(config.regions["europe-west1"].zones));
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
                loadBalancer: { maxRatePerEndpoint: 20, timeoutSec: 3600, drainingTimeoutSec: 300, healthCheckPath: "/healthz" },
            },
        );
    });
});
