/**
 * Builds the Pulumi CLI and its Node.js language host from conformance/engine, cached under
 * .cache/conformance/ in a folder named by a hash of everything that decides the binaries: the
 * wrapper's go.mod and go.sum, the language host's source, the Go version and the version stamped
 * into them. A warm run finds the folder and builds nothing.
 */
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { engineModuleDir, languageHostSource, projectRoot } from "./pins";

export const cacheRoot = path.join(projectRoot, ".cache", "conformance");

export interface EngineBuild {
    binDir: string;
    key: string;
    /** True when the binaries came from the cache. */
    cached: boolean;
    seconds: number;
    goVersion: string;
}

function run(cmd: string, args: string[], cwd: string, log: string): void {
    const res = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, GOFLAGS: "-mod=readonly" } });
    fs.appendFileSync(log, `$ ${cmd} ${args.join(" ")}\n${res.stdout ?? ""}${res.stderr ?? ""}\n`);
    if (res.error) throw new Error(`${cmd}: ${res.error.message}`);
    if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${String(res.status)}; see ${log}`);
}

export function goVersion(): string {
    const res = spawnSync("go", ["env", "GOVERSION"], { encoding: "utf8" });
    if (res.error || res.status !== 0)
        throw new Error("the go command is not available (Go is needed to build the engine)");
    return res.stdout.trim();
}

/** The cache key: a hash of the inputs of both builds. */
export function engineKey(cliVersion: string, go: string): string {
    const h = crypto.createHash("sha256");
    h.update(`${go}\n${cliVersion}\n`);
    // go.mod's comments decide nothing about the binaries; a reworded comment keeps the cache.
    const goMod = fs.readFileSync(path.join(engineModuleDir, "go.mod"), "utf8");
    h.update(goMod.replace(/\/\/.*$/gm, "").replace(/\n\s*\n/g, "\n"));
    h.update(fs.readFileSync(path.join(engineModuleDir, "go.sum")));
    for (const f of Object.keys(languageHostSource).sort()) {
        h.update(fs.readFileSync(path.join(engineModuleDir, "pulumi-language-nodejs", f)));
    }
    return h.digest("hex").slice(0, 16);
}

/** The CLI and the language host at `cliVersion` (e.g. 3.248.0), built unless cached. */
export function buildEngine(cliVersion: string): EngineBuild {
    const started = Date.now();
    const go = goVersion();
    const key = engineKey(cliVersion, go);
    const binDir = path.join(cacheRoot, `engine-${key}`);
    const binaries = ["pulumi", "pulumi-language-nodejs"].map((b) => path.join(binDir, b));
    if (binaries.every((b) => fs.existsSync(b))) {
        return { binDir, key, cached: true, seconds: (Date.now() - started) / 1000, goVersion: go };
    }
    const tmp = `${binDir}.partial`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    const log = path.join(cacheRoot, `engine-${key}.log`);
    fs.writeFileSync(log, "");
    // Both binaries report the release they are; the CLI compares it with the SDK's requirements.
    const ldflags = `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${cliVersion}`;
    const common = ["build", "-trimpath", "-ldflags", ldflags];
    run(
        "go",
        [...common, "-o", path.join(tmp, "pulumi"), "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"],
        engineModuleDir,
        log,
    );
    run(
        "go",
        [...common, "-o", path.join(tmp, "pulumi-language-nodejs"), "./pulumi-language-nodejs"],
        engineModuleDir,
        log,
    );
    fs.rmSync(binDir, { recursive: true, force: true });
    fs.renameSync(tmp, binDir);
    return { binDir, key, cached: false, seconds: (Date.now() - started) / 1000, goVersion: go };
}
