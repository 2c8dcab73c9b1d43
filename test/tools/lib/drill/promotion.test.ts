import * as assert from "assert";
import { deployedPromotion } from "../../../../tools/lib/drill/run";
import { DrillError } from "../../../../tools/lib/drill/errors";

const op = {
    do: "promote-replica" as const,
    command:
        "gcloud sql instances promote-replica voice-db-europe-west4-f159de63 --failover --project edentist-voice-sandbox",
    instance: "voice-db-europe-west4-f159de63",
    region: "europe-west4",
    project: "edentist-voice-sandbox",
};
const outputs = (instances: unknown) => ({ outputs: async () => ({ database: { instances } }) });

describe("a live drill promotes the instance the cell deployed", () => {
    it("keeps the command when the cell's output names the plan's instance", async () => {
        const lines: string[] = [];
        const got = await deployedPromotion(op, outputs({ "europe-west4": op.instance }), (l) => lines.push(l));
        assert.strictEqual(got, op.command);
        assert.deepStrictEqual(lines, []);
    });

    it("promotes the deployed name when the drill cell's random suffix differs from the plan's", async () => {
        const lines: string[] = [];
        const got = await deployedPromotion(
            op,
            outputs({
                "europe-west1": "voice-db-europe-west1-0a1b2c3d",
                "europe-west4": "voice-db-europe-west4-9e8d7c6b",
            }),
            (l) => lines.push(l),
        );
        assert.strictEqual(
            got,
            "gcloud sql instances promote-replica voice-db-europe-west4-9e8d7c6b --failover --project edentist-voice-sandbox",
        );
        assert.deepStrictEqual(lines, [
            "the cell names the instance voice-db-europe-west4-9e8d7c6b (stack output database.instances.europe-west4); the offline plan says voice-db-europe-west4-f159de63",
        ]);
    });

    for (const [what, instances, shown] of [
        ["no instance in the region", { "europe-west1": "voice-db-europe-west1-0a1b2c3d" }, "null"],
        ["a value that is not an instance name", { "europe-west4": "x; rm -rf /" }, '"x; rm -rf /"'],
    ] as const) {
        it(`refuses to promote when the output names ${what}`, async () => {
            await assert.rejects(
                deployedPromotion(op, outputs(instances), () => undefined),
                {
                    constructor: DrillError,
                    message: `the stack output database.instances.europe-west4 names no instance (${shown}); not promoting voice-db-europe-west4-f159de63, the name the offline plan gives`,
                },
            );
        });
    }
});
