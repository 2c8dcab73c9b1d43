import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { configKeySchema, configSchema, secretConfigKeys } from "../../infra/config";
import { documentedReference, referenceRows, renderReference } from "../../tools/config-reference";
import { sectionOf } from "../support/text";
import { projectRoot } from "../support/paths";

const root = projectRoot;

/**
 * The files the layout tree of docs/design.md names: each line's first word is a path, a trailing `/`
 * opens a folder, and indentation (two spaces a level) says which folder a line belongs to.
 */
function layoutFiles(text: string): string[] {
    const block = sectionOf(sectionOf(text, "## Layout\n", "\n## "), "```\n", "```\n");
    const folders: string[] = [];
    const files: string[] = [];
    for (const line of block.split("\n")) {
        const [word] = line.trim().split(/\s+/);
        if (!word) continue;
        const depth = (line.length - line.trimStart().length) / 2;
        folders.length = depth;
        const full = [...folders, word].join("");
        if (word.endsWith("/")) folders.push(word);
        else files.push(full);
    }
    return files.sort();
}

/** Files git tracks below the given folders. */
function trackedFiles(dirs: string[]): string[] {
    return execFileSync("git", ["ls-files", ...dirs], { cwd: root, encoding: "utf8" })
        .split("\n")
        .filter(Boolean)
        .sort();
}
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
const design = fs.readFileSync(path.join(root, "docs", "design.md"), "utf8");

describe("README", () => {
    it("starts with the offline plan and the test command", () => {
        const block = sectionOf(readme, "```sh\n", "```")
            .split("\n")
            .map((l) => l.replace(/#.*$/, "").trim());
        assert.deepStrictEqual(block.slice(0, 2), ["npm ci && npm run plan -- --stack prod-eu", "npm test"]);
    });

    it("is for using the project: at most 250 lines", () => {
        assert.ok(readme.split("\n").length <= 250, `README.md has ${readme.split("\n").length} lines`);
    });

    it(".ci/run runs exactly the README's test command", () => {
        const ci = fs
            .readFileSync(path.join(root, ".ci", "run"), "utf8")
            .split("\n")
            .filter((l) => l && !l.startsWith("#"));
        assert.deepStrictEqual(ci.slice(-2), ["npm ci", "npm test"]);
    });
});

describe("docs/design.md", () => {
    it("the config reference is the one generated from the schema (npm run docs:config)", () => {
        assert.strictEqual(documentedReference(design), renderReference());
    });

    it("the schema describes every key", () => {
        assert.deepStrictEqual(
            referenceRows()
                .filter((r) => r.description === "")
                .map((r) => r.key),
            [],
        );
    });

    it("the layout names every file of core/, infra/ and tools/, and no file that is not there", () => {
        assert.deepStrictEqual(
            layoutFiles(design).filter((f) => /^(core|infra|tools)\//.test(f)),
            trackedFiles(["core", "infra", "tools"]),
        );
    });
});

describe("Pulumi.yaml", () => {
    const project = YAML.parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));

    it("is project voice-agent on nodejs with main infra/index.ts", () => {
        assert.deepStrictEqual(
            [project.name, project.runtime.name, project.main],
            ["voice-agent", "nodejs", "infra/index.ts"],
        );
    });

    /** What Pulumi's project schema can declare for a key (string, integer, boolean, array of scalars), or undefined. */
    function declarable(key: string): { type: string; items?: { type: string } } | undefined {
        const row = referenceRows().find((r) => r.key === `\`${key}\``)!;
        if (row.type === "boolean") return { type: "boolean" };
        if (row.type === "integer") return { type: "integer" };
        if (row.type === "string" || /^[a-z]+( \\\| [a-z]+)+$/.test(row.type)) return { type: "string" };
        if (row.type === "list of string") return { type: "array", items: { type: "string" } };
        return undefined;
    }

    it("declares every scalar and array key of the schema with its type, and no key the schema lacks", () => {
        const keys = Object.keys(configSchema.shape);
        const expected = Object.fromEntries(keys.flatMap((k) => (declarable(k) ? [[k, declarable(k)]] : [])));
        const actual = Object.fromEntries(
            Object.entries(project.config as Record<string, { type: string; items?: { type: string } }>).map(
                ([k, v]) => [k, v.items ? { type: v.type, items: v.items } : { type: v.type }],
            ),
        );
        assert.deepStrictEqual(actual, expected);
    });

    it("gives each declared key the schema's default, and a key without one none (the CLI requires it)", () => {
        // Pulumi refuses to run a stack that leaves a declared key without a default unset, so a
        // key the schema defaults must carry that default here, and only the keys the schema
        // requires, plus the secrets set per stack, may be left without one.
        const schema = configKeySchema();
        const expected = Object.fromEntries(
            Object.keys(project.config as object).map((k) => [k, schema.properties?.[k]?.default]),
        );
        const actual = Object.fromEntries(
            Object.entries(project.config as Record<string, { default?: unknown }>).map(([k, v]) => [k, v.default]),
        );
        assert.deepStrictEqual(actual, expected);
        assert.deepStrictEqual(
            Object.entries(actual)
                .filter(([, v]) => v === undefined)
                .map(([k]) => k)
                .sort(),
            ["cell", "domain", "incidentResponders", "pagerDutyServiceKey", "primaryRegion", "slackAuthToken"],
        );
    });

    it("declares the secret keys secret, and no other key", () => {
        const declaredSecret = Object.entries(project.config as Record<string, { secret?: boolean }>)
            .filter(([, v]) => v.secret === true)
            .map(([k]) => k);
        assert.deepStrictEqual(declaredSecret, [...secretConfigKeys]);
    });
});
