import * as assert from "assert";
import { readdirSync, readFileSync, statSync } from "fs";
import { join } from "path";
import { policies } from "../../policies/policies";
import { runPolicies } from "../../tools/lib/policy";
import { registryFile, renderRegistry } from "../../tools/lib/policyRegistry";
import { committedStacks, planOf } from "../support/plans";

function policyFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
        const path = join(dir, f);
        if (statSync(path).isDirectory()) return policyFiles(path);
        return /^(gcp|kubernetes)-.*\.ts$/.test(f) ? [path] : [];
    });
}

describe("policy pack", () => {
    const root = join(__dirname, "../../policies");

    it("lists exactly one policy per policy file, named after its file and folder", () => {
        const files = [...policyFiles(join(root, "gcp")), ...policyFiles(join(root, "kubernetes"))]
            .map((f) => f.slice(root.length + 1).replace(/\.ts$/, ""))
            .sort();
        const listed = policies.map((p) => p.name).sort();
        assert.deepStrictEqual(
            files.map((f) => f.split("/").pop()),
            listed,
        );
        for (const f of files) {
            const [provider = "", service = "", resource = "", name = ""] = f.split("/");
            assert.ok(
                name.startsWith(`${provider}-${service.toLowerCase()}-${resource.toLowerCase()}-`),
                `${f} is not named <provider>-<service>-<resource>-…`,
            );
        }
    });

    it("the committed registry is the one generated from the policy files (npm run policy:registry)", async () => {
        assert.strictEqual(readFileSync(registryFile, "utf8"), await renderRegistry());
    });

    it("gives every policy its metadata and a valid enforcement level", () => {
        for (const p of policies) {
            assert.ok(p.description.length > 20 && p.remediationSteps.length > 20, p.name);
            assert.ok(["critical", "high", "medium", "low"].includes(p.severity), p.name);
            const expected = p.category === "hygiene" ? "advisory" : p.enforcementLevel;
            assert.strictEqual(p.enforcementLevel, expected, p.name);
            // Only deliberate, commented exceptions are advisory outside hygiene.
            if (p.category !== "hygiene" && p.enforcementLevel === "advisory") {
                assert.ok(
                    [
                        "gcp-compute-globaladdress-enforce-protection",
                        "kubernetes-apps-deployment-use-trusted-registry",
                    ].includes(p.name),
                    p.name,
                );
            }
            assert.ok(!p.configSchema?.properties.enforcementLevel, p.name);
        }
    });

    it("reports nothing for the plan of each committed stack", async () => {
        for (const stack of committedStacks) assert.deepStrictEqual(runPolicies(await planOf(stack)), [], stack);
    });
});
