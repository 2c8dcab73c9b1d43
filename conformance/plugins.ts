/**
 * Prebuilt provider plugins: `npm run conformance -- --plugins DIR` runs the real previews with the
 * `pulumi-resource-<package>` binaries found in DIR, for the providers the module proxy does not
 * serve. Nothing here builds a plugin; DIR is whatever the caller built or was given.
 *
 * How the engine finds them. Pulumi 3.248.0 looks a resource plugin up on $PATH before its plugin
 * cache and takes what it finds whatever version the program asked for
 * (sdk/v3@v3.248.0 go/common/workspace/plugins.go:2035-2038, the lookup at 2138-2141, preferred at
 * 2198, with the warning "using pulumi-resource-gcp from $PATH" at 2194), and the deployment loads
 * a provider by the descriptor the SDK sent without comparing the loaded plugin's own version with
 * it (pkg/v3@v3.248.0 resource/deploy/providers/registry.go:378-386). A plugin installed under
 * PULUMI_HOME/plugins instead needs the plugin cache's versioned layout (plugins.go:2035); a
 * directory of binaries on PATH needs nothing more. So DIR goes first on the engine's PATH, and
 * since the engine would load any version from there, the report takes each plugin's version
 * from the plugin itself (its GetPluginInfo answer), never from the pin.
 */
import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

export interface PrebuiltPlugin {
    /** The Pulumi package: gcp, kubernetes, random. */
    pkg: string;
    file: string;
    /** The version the plugin reports over GetPluginInfo. */
    reportedVersion: string;
    sha256: string;
}

/** The Pulumi package of an npm package name: `gcp` of `@pulumi/gcp`. */
export function packageOfNpm(npm: string): string {
    const m = /^@pulumi\/([a-z0-9-]+)$/.exec(npm);
    if (m?.[1] === undefined) throw new Error(`not a Pulumi provider package: ${npm}`);
    return m[1];
}

export function pluginFile(dir: string, pkg: string): string {
    return path.join(dir, `pulumi-resource-${pkg}`);
}

function sha256(file: string): string {
    return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

interface GrpcModule {
    credentials: { createInsecure(): unknown };
}
interface ProviderClient {
    getPluginInfo(req: unknown, cb: (err: Error | null, res?: { getVersion(): string }) => void): void;
    close(): void;
}

/**
 * Starts the plugin without an engine address (the provider then serves on a port it prints and
 * waits to be called), asks GetPluginInfo, and stops it.
 */
export async function reportedVersion(file: string, timeoutMs = 60_000): Promise<string> {
    /* eslint-disable @typescript-eslint/no-require-imports -- the SDK ships its gRPC stubs as CommonJS without types for this path */
    const grpc = require("@grpc/grpc-js") as GrpcModule;
    const services = require("@pulumi/pulumi/proto/provider_grpc_pb") as {
        ResourceProviderClient: new (address: string, creds: unknown) => ProviderClient;
    };
    const { Empty } = require("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => unknown };
    /* eslint-enable @typescript-eslint/no-require-imports -- end of the CommonJS stubs above */
    const child: ChildProcess = spawn(file, [], { stdio: ["ignore", "pipe", "pipe"] });
    try {
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            let err = "";
            const timer = setTimeout(() => reject(new Error(`${file} printed no port in ${timeoutMs} ms`)), timeoutMs);
            child.stdout?.on("data", (d: Buffer) => {
                out += d.toString();
                const m = /^(\d+)\s*$/m.exec(out);
                if (m?.[1] !== undefined) {
                    clearTimeout(timer);
                    resolve(Number(m[1]));
                }
            });
            child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
            child.on("error", (e) => {
                clearTimeout(timer);
                reject(e);
            });
            child.on("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`${file} exited ${String(code)} before serving: ${err.trim()}`));
            });
        });
        const client = new services.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        try {
            return await new Promise<string>((resolve, reject) =>
                client.getPluginInfo(new Empty(), (e, res) =>
                    e !== null || res === undefined ? reject(e ?? new Error("no answer")) : resolve(res.getVersion()),
                ),
            );
        } finally {
            client.close();
        }
    } finally {
        child.kill("SIGTERM");
    }
}

/** The plugins in `dir` for the given packages, each with its own version and checksum. */
export async function prebuiltPlugins(dir: string, pkgs: string[]): Promise<Map<string, PrebuiltPlugin>> {
    const out = new Map<string, PrebuiltPlugin>();
    for (const pkg of pkgs) {
        const file = pluginFile(dir, pkg);
        if (!fs.existsSync(file)) continue;
        out.set(pkg, { pkg, file, reportedVersion: await reportedVersion(file), sha256: sha256(file) });
    }
    return out;
}
