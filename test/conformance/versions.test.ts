/**
 * The conformance report and the wrapper Go module name exactly the versions package.json pins,
 * and the committed copy of the language host is the release's own source. Fast: reads files,
 * builds and fetches nothing (`npm run conformance` does that).
 */
import * as assert from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import {
    engine,
    engineGoMod,
    engineModuleDir,
    goModRequires,
    languageHost,
    languageHostSource,
    npmPin,
    providers,
    pulumiReleaseCommit,
} from "../../conformance/pins";
import { handBuilds } from "../../conformance/handBuilds";
import { renderMarkdown, Report, versionLabel, VersionRecord } from "../../conformance/report";
import { projectRoot } from "../support/paths";

const report = JSON.parse(fs.readFileSync(path.join(projectRoot, "docs", "conformance.json"), "utf8")) as Report;

/** git's blob id of a file: SHA-1 of `blob <size>\0<content>`. */
function blobId(file: string): string {
    const content = fs.readFileSync(file);
    return crypto.createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}

describe("conformance versions", () => {
    it("the report has one row per component, each pinned as package.json pins it", () => {
        assert.deepStrictEqual(
            report.versions.map((v) => [v.label, v.npm, v.pin]),
            [engine, languageHost, ...providers].map((c) => [c.label, c.npm, npmPin(c.npm)]),
        );
    });

    it("every component ran at its pin; a prebuilt plugin's own answer says so, and its build is recorded", () => {
        for (const v of report.versions) {
            assert.strictEqual(v.built, v.pin, `${v.label} ran at ${String(v.built)}, not the pin ${v.pin}`);
            if (v.plugin === null) {
                assert.strictEqual(v.handBuild, null, v.label);
                continue;
            }
            assert.strictEqual(v.plugin.reportedVersion, v.pin, v.label);
            assert.deepStrictEqual(
                v.handBuild,
                handBuilds.find((b) => b.npm === v.npm),
                `${v.label}: the report's build record is not conformance/handBuilds.ts's`,
            );
        }
    });

    it("each hand build is recorded for today's pin, from the release's tag", () => {
        assert.deepStrictEqual(
            handBuilds.map((b) => [b.npm, b.pin, b.tag]),
            providers.map((p) => [p.npm, npmPin(p.npm), `v${npmPin(p.npm)}`]),
        );
        for (const b of handBuilds) {
            assert.match(b.commit, /^[0-9a-f]{40}$/, b.npm);
            assert.ok(b.ldflags.includes(`Version=${b.pin}`), `${b.npm}: the build is stamped ${b.pin}`);
        }
    });

    it("the report never labels another version as the pin", () => {
        const v: VersionRecord = {
            label: "x",
            npm: "@pulumi/x",
            pin: "1.2.3",
            module: "m@v1.2.3",
            commit: null,
            built: "1.2.0",
            source: "",
            blocked: null,
            plugin: null,
            handBuild: null,
        };
        assert.strictEqual(versionLabel(v), "1.2.0 (not the pin 1.2.3)");
        assert.strictEqual(versionLabel({ ...v, built: "1.2.3" }), "1.2.3");
        assert.strictEqual(versionLabel({ ...v, built: null }), "no");
    });

    it("the module the report asked the proxy for carries the pin or the release commit the pin names", () => {
        for (const v of report.versions) {
            const asked = v.module.split("@")[1];
            assert.ok(
                asked === `v${v.pin}` || (v.commit !== null && asked === v.commit),
                `${v.label}: asked ${v.module}`,
            );
        }
    });

    it("the wrapper go.mod requires the engine's modules at the @pulumi/pulumi pin", () => {
        const requires = goModRequires(engineGoMod());
        const pin = `v${npmPin("@pulumi/pulumi")}`;
        assert.strictEqual(requires.get("github.com/pulumi/pulumi/pkg/v3"), pin);
        assert.strictEqual(requires.get("github.com/pulumi/pulumi/sdk/v3"), pin);
        assert.match(engineGoMod(), /^tool github\.com\/pulumi\/pulumi\/pkg\/v3\/cmd\/pulumi$/m);
    });

    it("the language host is the source of the pinned release tag, unedited", () => {
        assert.strictEqual(pulumiReleaseCommit.tag, `v${npmPin("@pulumi/pulumi")}`);
        const dir = path.join(engineModuleDir, "pulumi-language-nodejs");
        const goFiles = fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(".go"))
            .sort();
        assert.deepStrictEqual(goFiles, Object.keys(languageHostSource).sort());
        for (const [file, id] of Object.entries(languageHostSource))
            assert.strictEqual(blobId(path.join(dir, file)), id, file);
    });

    it("docs/conformance.md is the rendering of docs/conformance.json", () => {
        assert.strictEqual(
            fs.readFileSync(path.join(projectRoot, "docs", "conformance.md"), "utf8"),
            renderMarkdown(report),
        );
    });

    it("the report's verdict follows from its blockers", () => {
        assert.strictEqual(report.conforms, report.blockers.length === 0);
    });
});

describe("goModRequires", () => {
    it("reads single and block requires, ignoring comments and indirect markers", () => {
        const text = [
            "module m",
            "",
            "// a comment",
            "require a.example/x v1.2.3",
            "",
            "require (",
            "\tb.example/y v0.1.0 // indirect",
            "\tc.example/z v2.0.0+incompatible",
            ")",
            "replace d.example/w => e.example/w v1.0.0",
        ].join("\n");
        assert.deepStrictEqual(
            [...goModRequires(text)],
            [
                ["a.example/x", "v1.2.3"],
                ["b.example/y", "v0.1.0"],
                ["c.example/z", "v2.0.0+incompatible"],
            ],
        );
    });
});
