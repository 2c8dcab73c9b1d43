/**
 * `pulumi preview --policy-pack policies` installs and runs the pack from its own directory, with
 * policies/package-lock.json; the offline runner and the tests run it with the root's packages.
 * Both must be the same Pulumi packages (and the same runtime the analyzer serves on), or the
 * CLI's verdict and the offline one could differ.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), "utf8"));

interface Lock {
    lockfileVersion: number;
    packages: Record<
        string,
        { version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }
    >;
}

/**
 * What the analyzer process runs on besides the Pulumi packages: gRPC, protobuf, the TypeScript
 * the CLI registers, and the Node typings it type-checks the pack against (the root's: Node 20).
 */
const runtime = ["@grpc/grpc-js", "google-protobuf", "typescript", "ts-node", "@types/node"];

describe("policies/package-lock.json", () => {
    const rootLock = read("package-lock.json") as Lock;
    const packLock = read("policies/package-lock.json") as Lock;
    const pack = read("policies/package.json");
    const rootPackage = read("package.json");

    it("is the lockfile of policies/package.json (npm ci accepts it)", () => {
        assert.strictEqual(packLock.lockfileVersion, 3);
        assert.deepStrictEqual(
            [packLock.packages[""]?.dependencies, packLock.packages[""]?.devDependencies],
            [pack.dependencies, pack.devDependencies],
        );
    });

    it("declares the root's exact versions of every package it shares with it", () => {
        const all = { ...rootPackage.dependencies, ...rootPackage.devDependencies };
        const declared = { ...pack.dependencies, ...pack.devDependencies } as Record<string, string>;
        assert.deepStrictEqual(
            Object.entries(declared).filter(([name, v]) => all[name] !== v),
            [],
        );
    });

    it("locks every Pulumi package, gRPC, protobuf, TypeScript, ts-node and the Node typings at the root lockfile's versions", () => {
        const names = Object.keys(packLock.packages)
            .filter((k) => k.startsWith("node_modules/"))
            .map((k) => k.slice("node_modules/".length))
            // A package's own nested copies (`@pulumi/gcp/node_modules/glob`) are its dependencies, not Pulumi's.
            .filter((n) => !n.includes("/node_modules/"))
            .filter((n) => n.startsWith("@pulumi/") || runtime.includes(n));
        assert.deepStrictEqual(names.sort(), [
            "@grpc/grpc-js",
            "@pulumi/gcp",
            "@pulumi/kubernetes",
            "@pulumi/policy",
            "@pulumi/pulumi",
            "@types/node",
            "google-protobuf",
            "ts-node",
            "typescript",
        ]);
        const differ = names
            .map((n) => [
                n,
                packLock.packages[`node_modules/${n}`]?.version,
                rootLock.packages[`node_modules/${n}`]?.version,
            ])
            .filter(([, a, b]) => a !== b);
        assert.deepStrictEqual(differ, []);
    });
});
