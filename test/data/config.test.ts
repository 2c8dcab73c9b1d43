/**
 * The data tier's config keys: defaults from the schema, and every rule's exact message naming
 * the key (on top of prod-eu's stack file, as `npm run plan -- --set` would apply them).
 */
import * as assert from "assert";
import { ConfigError, parseConfig } from "../../infra/config";
import { resolveConfig } from "../../tools/lib/plan";

const thirdRegion =
    'regions.europe-west3={zones: [europe-west3-a, europe-west3-b, europe-west3-c], subnet: {nodes: 10.12.0.0/20, pods: 10.72.0.0/14, services: 10.22.0.0/20, controlPlane: 172.16.0.32/28}, maintenance: {days: [SA, SU], start: "15:00", hours: 6}}';

function problems(sets: string[]): string[] {
    try {
        resolveConfig({ stack: "prod-eu", sets });
    } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
    }
    return [];
}

describe("data tier config", () => {
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
        assert.deepStrictEqual(c.cache, { memorySizeGb: 5, redisVersion: "REDIS_7_2", replicaCount: 2, rdbSnapshotPeriod: "ONE_HOUR" });
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
        const { incidentResponders: _omitted, project, ...rest } = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
        assert.throws(() => parseConfig(rest, project as string), (e: ConfigError) => {
            assert.deepStrictEqual(e.problems, ["voice-agent:incidentResponders: is required but not set"]);
            return true;
        });
    });

    const cases: { sets: string[]; expected: string[] }[] = [
        { sets: ["database.voiceDbRegion=us-east1"], expected: [`voice-agent:database.voiceDbRegion: "us-east1" is not a configured region; allowed: europe-west1, europe-west4`] },
        { sets: ["database.primaryRegion=us-east1"], expected: [`voice-agent:database.primaryRegion: "us-east1" is not a configured region; allowed: europe-west1, europe-west4`] },
        {
            sets: ["database.drReplicaRegion=europe-west1"],
            expected: [`voice-agent:database.drReplicaRegion: "europe-west1" holds the primary role; the DR replica must be another region: europe-west4`],
        },
        {
            sets: ["database.primaryRegion=europe-west4", "database.drReplicaRegion=europe-west4"],
            expected: [`voice-agent:database.drReplicaRegion: "europe-west4" holds the primary role; the DR replica must be another region: europe-west1`],
        },
        {
            sets: ["database.tier=db-custom-4-16384"],
            expected: [`voice-agent:database.tier: "db-custom-4-16384" is not an Enterprise Plus tier; use db-perf-optimized-N-<2|4|8|16|32|48|64|80|96|128> or set database.edition to ENTERPRISE`],
        },
        {
            sets: ["database.edition=ENTERPRISE"],
            expected: [`voice-agent:database.tier: "db-perf-optimized-N-4" is an Enterprise Plus tier; with database.edition ENTERPRISE use a db-custom-<vCPUs>-<MB> tier`],
        },
        {
            sets: ["database.edition=ENTERPRISE", "database.tier=db-custom-4-16384", "database.transactionLogRetentionDays=14", "database.primaryRegion=europe-west4", "database.drReplicaRegion=europe-west4"],
            expected: [
                "voice-agent:database.transactionLogRetentionDays: 14 days needs ENTERPRISE_PLUS; database.edition ENTERPRISE keeps at most 7",
                "voice-agent:database.drReplicaRegion: a designated DR replica needs database.edition ENTERPRISE_PLUS (got ENTERPRISE)",
                "voice-agent:database.primaryRegion: a switchover to europe-west4 needs database.edition ENTERPRISE_PLUS (got ENTERPRISE)",
            ],
        },
        { sets: ["database.edition=ENTERPRISE", "database.tier=db-custom-4-16384"], expected: [] },
        { sets: ["database.primaryRegion=europe-west4"], expected: [] },
        {
            sets: [thirdRegion],
            expected: [`voice-agent:database.drReplicaRegion: is required with 3 regions: name the primary's DR replica, one of europe-west4, europe-west3`],
        },
        { sets: [thirdRegion, "database.drReplicaRegion=europe-west3"], expected: [] },
        { sets: ["database.tier=postgres-large"], expected: [`voice-agent:database.tier: "postgres-large" is not a Cloud SQL tier such as db-perf-optimized-N-4`] },
        { sets: ["database.tier=db-perf-optimized-N-8"], expected: [] },
        { sets: ["database.transactionLogRetentionDays=36"], expected: ["voice-agent:database.transactionLogRetentionDays: number 36 is above the maximum 35"] },
        { sets: ["database.edition=ORACLE"], expected: [`voice-agent:database.edition: got string "ORACLE"; allowed: ENTERPRISE_PLUS, ENTERPRISE`] },
        {
            sets: ["database.foo=1"],
            expected: [
                "voice-agent:database.foo: unknown key; allowed keys here: version, edition, tier, diskSizeGb, backupRetainedCount, transactionLogRetentionDays, backupStartTime, logMinDurationStatementMs, maintenanceUpdateTrack, voiceDbRegion, primaryRegion, drReplicaRegion",
            ],
        },
        { sets: ["cache.memorySizeGb=1"], expected: ["voice-agent:cache.memorySizeGb: number 1 is below the minimum 5"] },
        { sets: ["cache.redisVersion=REDIS_5_0"], expected: [`voice-agent:cache.redisVersion: got string "REDIS_5_0"; allowed: REDIS_6_X, REDIS_7_0, REDIS_7_2`] },
        { sets: ["messaging.maxDeliveryAttempts=3"], expected: ["voice-agent:messaging.maxDeliveryAttempts: number 3 is below the minimum 5"] },
        { sets: ["messaging.minimumBackoffSeconds=700"], expected: ["voice-agent:messaging.minimumBackoffSeconds: number 700 is above the maximum 600"] },
        { sets: ["messaging.minimumBackoffSeconds=300", "messaging.maximumBackoffSeconds=100"], expected: ["voice-agent:messaging.minimumBackoffSeconds: 300 is above maximumBackoffSeconds 100"] },
        { sets: ["incidentResponders=not-an-email"], expected: [`voice-agent:incidentResponders: "not-an-email" is not a Google group e-mail address such as oncall@edentist.ai`] },
    ];
    for (const { sets, expected } of cases) {
        it(`${sets.map((s) => s.split("=")[0] + "=" + (s.length > 60 ? "…" : s.split("=").slice(1).join("="))).join(" ")}: ${expected.length === 0 ? "valid" : expected.length + " problem(s)"}`, () => {
            assert.deepStrictEqual(problems(sets), expected);
        });
    }
});
