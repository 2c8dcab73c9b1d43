/**
 * The versions a conformance run must use: the Pulumi packages pinned in package.json, and the Go
 * modules that carry the same releases (the engine, its Node.js language host, each provider).
 * Everything here reads committed files; nothing is built or fetched.
 */
import * as fs from "fs";
import * as path from "path";

export const projectRoot = path.resolve(__dirname, "..");
export const engineModuleDir = path.join(projectRoot, "conformance", "engine");

/** A Pulumi package of package.json and the Go modules of its release. */
export interface Component {
    /** The npm package whose pin the component must equal. */
    npm: string;
    /** What the report calls it. */
    label: string;
    /** The Go module tagged at the release (its Origin.Hash names the release commit). */
    taggedModule: string;
    /** The Go module that holds the program (the same module for the engine). */
    programModule: string;
    /** The Go package built, relative to the program module. */
    programPackage: string;
}

export const engine: Component = {
    npm: "@pulumi/pulumi",
    label: "Pulumi CLI (engine)",
    taggedModule: "github.com/pulumi/pulumi/pkg/v3",
    programModule: "github.com/pulumi/pulumi/pkg/v3",
    programPackage: "cmd/pulumi",
};

/**
 * The language host is its own module in the pulumi repository, tagged only as part of the
 * repository's release; conformance/engine holds its source at the release tag and builds it
 * against the pkg/v3 and sdk/v3 modules of the same tag.
 */
export const languageHost: Component = {
    npm: "@pulumi/pulumi",
    label: "Node.js language host",
    taggedModule: "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3",
    programModule: "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3",
    programPackage: ".",
};

/**
 * The commit the pulumi repository's tag v3.248.0 points at: the language host's source was copied
 * from it. The module proxy's record of pkg/v3 v3.248.0 names no commit; go.sum's checksums tie
 * the engine's modules to that release instead.
 */
export const pulumiReleaseCommit = { tag: "v3.248.0", commit: "a88168d865b7fd428e5a929cc54aeceaf72d203f" };

/** The providers' modules carry no tags: their SDK module's tag names the release commit. */
export const providers: Component[] = [
    {
        npm: "@pulumi/gcp",
        label: "pulumi-gcp provider",
        taggedModule: "github.com/pulumi/pulumi-gcp/sdk/v9",
        programModule: "github.com/pulumi/pulumi-gcp/provider/v9",
        programPackage: "cmd/pulumi-resource-gcp",
    },
    {
        npm: "@pulumi/kubernetes",
        label: "pulumi-kubernetes provider",
        taggedModule: "github.com/pulumi/pulumi-kubernetes/sdk/v4",
        programModule: "github.com/pulumi/pulumi-kubernetes/provider/v4",
        programPackage: "cmd/pulumi-resource-kubernetes",
    },
    {
        npm: "@pulumi/random",
        label: "pulumi-random provider",
        taggedModule: "github.com/pulumi/pulumi-random/sdk/v4",
        programModule: "github.com/pulumi/pulumi-random/provider/v4",
        programPackage: "cmd/pulumi-resource-random",
    },
];

/** The exact version package.json pins for an npm package. */
export function npmPin(pkg: string, root = projectRoot): string {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
    };
    const version = manifest.dependencies?.[pkg];
    if (version === undefined || !/^\d+\.\d+\.\d+$/.test(version)) {
        throw new Error(`package.json: dependencies["${pkg}"] is not an exact version (${String(version)})`);
    }
    return version;
}

/** The `require` lines of a go.mod (module → version), both single lines and blocks. */
export function goModRequires(text: string): Map<string, string> {
    const out = new Map<string, string>();
    let inBlock = false;
    for (const raw of text.split("\n")) {
        const line = raw.replace(/\/\/.*$/, "").trim();
        if (line === "") continue;
        if (inBlock) {
            if (line === ")") inBlock = false;
            else {
                const [mod, version] = line.split(/\s+/);
                if (mod !== undefined && version !== undefined) out.set(mod, version);
            }
            continue;
        }
        if (line === "require (") {
            inBlock = true;
            continue;
        }
        const single = /^require\s+(\S+)\s+(\S+)$/.exec(line);
        if (single?.[1] !== undefined && single[2] !== undefined) out.set(single[1], single[2]);
    }
    return out;
}

/** The wrapper module's go.mod. */
export function engineGoMod(): string {
    return fs.readFileSync(path.join(engineModuleDir, "go.mod"), "utf8");
}

/**
 * The language host's source files as committed, with the git blob id each had at the release
 * tag of the pulumi repository (sdk/nodejs/cmd/pulumi-language-nodejs/). The conformance test
 * recomputes the ids, so an edit to the copy cannot go unnoticed.
 */
export const languageHostSource: Record<string, string> = {
    "main.go": "bd3dba5b9efc8be574e08931c5f8576dbcd10065",
    "installcache.go": "0ddc4889b71d13ef31a9e3bb676a424782ac67c2",
    "proxy.go": "703370e852d4c71c346103854aa1fb20daf27cb4",
    "proxy_unix.go": "ea4f9bb14beaccc26dae3c86b50506369e8a8037",
    "proxy_windows.go": "855045930dbe85dfd486fc881244e13fb10885a7",
};
