/**
 * The provider rules stand for the pinned providers: each generated rule file and the waitFor
 * parser record the package.json pin they were generated for, so moving a pin fails here until
 * `npm run generate:rules` has been run against the new version (docs/design.md, "Provider
 * rules"). A file read at another release than its pin says so. Fast: it compares versions only.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { waitForParserSource } from "../../../tools/lib/engine/awaits";
import { gcpRules, k8sRules } from "../../../tools/lib/engine/generatedRules";
import { ruleFor } from "../../../tools/lib/engine/replaceRules";
import { engineSource } from "../../../tools/lib/engine/stepGenerator";

const root = path.resolve(__dirname, "../../..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
};
const pin = (name: string) => `${name} ${pkg.dependencies[name] ?? "(not a dependency)"}`;

describe("provider rules and the pinned providers", () => {
    const files = [
        ["generated/gcp.json", gcpRules.source, "@pulumi/gcp"],
        ["generated/gcp.json bridge", gcpRules.bridge, "@pulumi/gcp"],
        ["generated/kubernetes.json", k8sRules.source, "@pulumi/kubernetes"],
    ] as const;
    for (const [file, source, name] of files) {
        it(`${file} was generated for the pinned ${name}`, () => {
            assert.strictEqual(source.pin, pin(name));
            assert.match(source.commit, /^[0-9a-f]{40}$/);
        });
    }

    it("the GCP rules say when they were read as of another pulumi-gcp release than the pin", () => {
        const read = gcpRules.bridge.version.replace(/^v/, "");
        const pinned = pkg.dependencies["@pulumi/gcp"];
        assert.strictEqual(gcpRules.source.gap !== undefined, read !== pinned);
    });

    it("the Kubernetes rules say when they were read at another release than the pin", () => {
        const read = k8sRules.source.version.replace(/^v/, "");
        assert.strictEqual(k8sRules.source.gap !== undefined, read !== pkg.dependencies["@pulumi/kubernetes"]);
    });

    it("the step logic follows the pinned engine's step_generator.go", () => {
        assert.strictEqual(engineSource.pin, pin("@pulumi/pulumi"));
        assert.strictEqual(engineSource.version, `v${pkg.dependencies["@pulumi/pulumi"] ?? ""}`);
    });

    it("the RandomId rule names the pinned @pulumi/random", () => {
        assert.strictEqual(
            ruleFor("random:index/randomId:RandomId").provenance.provider,
            `terraform-provider-random (bridged by ${pin("@pulumi/random")})`,
        );
    });

    it("the waitFor parser was ported from the pinned @pulumi/kubernetes", () => {
        assert.deepStrictEqual(
            [waitForParserSource.pin, waitForParserSource.version],
            [pin("@pulumi/kubernetes"), `v${pkg.dependencies["@pulumi/kubernetes"] ?? ""}`],
        );
    });
});
