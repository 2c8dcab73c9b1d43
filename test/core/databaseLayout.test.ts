import * as assert from "assert";
import {
    databaseInstanceName,
    databaseLayout,
    databasePrimaryRegion,
    drReplicaRegion,
    voiceDbRegion,
    type DatabaseLayoutInput,
} from "../../core/databaseLayout";

const two = { a1: {}, b2: {} };
const three = { a1: {}, b2: {}, c3: {} };
const input = (
    regions: Record<string, unknown>,
    database: Partial<DatabaseLayoutInput["database"]> = {},
    primaryRegion = "a1",
): DatabaseLayoutInput => ({
    regions,
    primaryRegion,
    database: { edition: "ENTERPRISE_PLUS", ...database },
});

describe("databaseLayout: who is named what, who is primary", () => {
    const cases: { title: string; c: DatabaseLayoutInput; home: string; primary: string; dr: string | undefined }[] = [
        {
            title: "defaults: voice-db and the primary role in the top-level primaryRegion",
            c: input(two),
            home: "a1",
            primary: "a1",
            dr: "b2",
        },
        {
            title: "top-level primaryRegion b2 and nothing pinned",
            c: input(two, {}, "b2"),
            home: "b2",
            primary: "b2",
            dr: "a1",
        },
        {
            title: "voiceDbRegion pinned: the top-level primaryRegion no longer moves the name",
            c: input(two, { voiceDbRegion: "a1" }, "b2"),
            home: "a1",
            primary: "a1",
            dr: "b2",
        },
        {
            title: "switchover: the role moves, the name stays",
            c: input(two, { voiceDbRegion: "a1", primaryRegion: "b2" }),
            home: "a1",
            primary: "b2",
            dr: "a1",
        },
        {
            title: "three regions, DR replica named",
            c: input(three, { drReplicaRegion: "c3" }),
            home: "a1",
            primary: "a1",
            dr: "c3",
        },
        {
            title: "three regions, nothing named: no DR replica (a config rule refuses it)",
            c: input(three),
            home: "a1",
            primary: "a1",
            dr: undefined,
        },
        {
            title: "Enterprise: no DR replica designation",
            c: input(two, { edition: "ENTERPRISE" }),
            home: "a1",
            primary: "a1",
            dr: undefined,
        },
    ];
    for (const { title, c, home, primary, dr } of cases) {
        it(title, () => {
            assert.deepStrictEqual(
                [voiceDbRegion(c), databasePrimaryRegion(c), drReplicaRegion(c)],
                [home, primary, dr],
            );
        });
    }

    it("names a region's instance the same whichever region is primary", () => {
        for (const regions of [two, three]) {
            const names = (primaryRegion?: string) =>
                Object.keys(regions).map((r) =>
                    databaseInstanceName(
                        input(regions, { voiceDbRegion: "a1", primaryRegion, drReplicaRegion: undefined }),
                        r,
                    ),
                );
            for (const p of Object.keys(regions)) assert.deepStrictEqual(names(p), names(undefined));
            assert.deepStrictEqual(
                names(undefined),
                ["voice-db", "voice-db-b2", "voice-db-c3"].slice(0, Object.keys(regions).length),
            );
        }
    });

    it("plans the created layout: voice-db primary, the other instance its designated replica", () => {
        assert.deepStrictEqual(databaseLayout(input(two), "p"), [
            {
                region: "a1",
                name: "voice-db",
                role: "primary",
                instanceType: "CLOUD_SQL_INSTANCE",
                masterInstanceName: undefined,
                replicaNames: ["voice-db-b2"],
                failoverDrReplicaName: "p:voice-db-b2",
                backupsEnabled: true,
            },
            {
                region: "b2",
                name: "voice-db-b2",
                role: "replica",
                instanceType: "READ_REPLICA_INSTANCE",
                masterInstanceName: "voice-db",
                replicaNames: [],
                failoverDrReplicaName: "",
                backupsEnabled: false,
            },
        ]);
    });

    it("plans a switchover in the provider's documented shape", () => {
        assert.deepStrictEqual(databaseLayout(input(two, { voiceDbRegion: "a1", primaryRegion: "b2" }), "p"), [
            {
                region: "a1",
                name: "voice-db",
                role: "replica",
                instanceType: "READ_REPLICA_INSTANCE",
                masterInstanceName: "voice-db-b2",
                replicaNames: [],
                failoverDrReplicaName: "",
                backupsEnabled: false,
            },
            {
                region: "b2",
                name: "voice-db-b2",
                role: "primary",
                instanceType: "CLOUD_SQL_INSTANCE",
                masterInstanceName: undefined,
                replicaNames: ["voice-db"],
                failoverDrReplicaName: "p:voice-db",
                backupsEnabled: true,
            },
        ]);
    });

    it("plans three regions: every replica follows the primary, one is the DR replica", () => {
        assert.deepStrictEqual(
            databaseLayout(input(three, { drReplicaRegion: "c3" }), "p").map((i) => [
                i.name,
                i.role,
                i.masterInstanceName,
                i.replicaNames,
                i.failoverDrReplicaName,
            ]),
            [
                ["voice-db", "primary", undefined, ["voice-db-b2", "voice-db-c3"], "p:voice-db-c3"],
                ["voice-db-b2", "replica", "voice-db", [], ""],
                ["voice-db-c3", "replica", "voice-db", [], ""],
            ],
        );
    });

    it("plans Enterprise without DR designations", () => {
        assert.deepStrictEqual(
            databaseLayout(input(two, { edition: "ENTERPRISE" }), "p").map((i) => i.failoverDrReplicaName),
            [undefined, undefined],
        );
    });
});
