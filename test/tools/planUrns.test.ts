/**
 * The plan's URNs are the engine's: an operator copies them into `pulumi up --target` and
 * `pulumi state` commands, which find nothing under any other spelling.
 */
import * as assert from "assert";
import { engineResourceUrn, plan } from "../../tools/lib/plan";

const p = "urn:pulumi:prod-eu::voice-agent::";

describe("plan URNs", function () {
    this.timeout(120000);

    it("follow the engine's rule: the parent's whole qualified type, the root stack left out", () => {
        assert.strictEqual(
            engineResourceUrn("prod-eu", "voice-agent", "", "pulumi:pulumi:Stack", "voice-agent-prod-eu"),
            `${p}pulumi:pulumi:Stack::voice-agent-prod-eu`,
        );
        assert.strictEqual(
            engineResourceUrn(
                "prod-eu",
                "voice-agent",
                `${p}pulumi:pulumi:Stack::voice-agent-prod-eu`,
                "voice-agent:network:Network",
                "voice-eu",
            ),
            `${p}voice-agent:network:Network::voice-eu`,
        );
        assert.strictEqual(
            engineResourceUrn("prod-eu", "voice-agent", `${p}voice-agent:a:A::a`, "voice-agent:b:B", "b"),
            `${p}voice-agent:a:A$voice-agent:b:B::b`,
        );
        assert.strictEqual(
            engineResourceUrn(
                "prod-eu",
                "voice-agent",
                `${p}voice-agent:a:A$voice-agent:b:B::b`,
                "gcp:compute/network:Network",
                "n",
            ),
            `${p}voice-agent:a:A$voice-agent:b:B$gcp:compute/network:Network::n`,
        );
    });

    it("name every resource of prod-eu as the engine would, a direct child of the stack by its own type", async () => {
        const inv = await plan({ stack: "prod-eu" });
        const byUrn = new Map(inv.resources.map((r) => [r.urn, r]));
        for (const r of inv.resources) {
            assert.strictEqual(r.urn, engineResourceUrn("prod-eu", "voice-agent", r.parent, r.type, r.name));
            if (r.parent) assert.ok(byUrn.has(r.parent), `${r.urn}: parent ${r.parent} is in the plan`);
        }
        assert.deepStrictEqual(
            inv.resources.filter((r) => r.urn.includes("pulumi:pulumi:Stack$")).map((r) => r.urn),
            [],
        );
        assert.strictEqual(
            inv.resources.filter((r) => r.parent === `${p}pulumi:pulumi:Stack::voice-agent-prod-eu`).length,
            16,
        );
        assert.ok(byUrn.has(`${p}voice-agent:network:Network::voice-eu`));
    });
});
