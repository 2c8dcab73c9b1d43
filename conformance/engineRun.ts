/**
 * Runs the built Pulumi CLI on this project without touching the work tree or any cloud: a copy
 * of Pulumi.yaml and the stack's settings in a scratch project folder (the rest of the checkout
 * linked in), a file backend under .cache/conformance, a passphrase secrets manager, fake Google
 * credentials, no plugin downloads, and a PULUMI_HOME of its own so only built plugins are found.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { configSchema } from "../infra/config";
import { defaultOf } from "../tools/lib/remediationKeys";
import { cacheRoot } from "./build";
import { projectRoot } from "./pins";

export interface CliResult {
    args: string[];
    status: number | null;
    stdout: string;
    stderr: string;
    seconds: number;
}

export interface Workspace {
    projectDir: string;
    env: NodeJS.ProcessEnv;
}

/**
 * A scratch project and backend under `<cache>/runs/<name>`, emptied first. `pluginsDir`, when
 * given, goes first on the engine's PATH: the CLI takes a resource plugin found there before its
 * plugin cache (conformance/plugins.ts).
 */
export function workspace(name: string, binDir: string, stacks: string[], pluginsDir?: string): Workspace {
    const base = path.join(cacheRoot, "runs", name);
    fs.rmSync(base, { recursive: true, force: true });
    const projectDir = path.join(base, "project");
    const backend = path.join(base, "backend");
    const home = path.join(base, "home");
    for (const d of [projectDir, backend, home]) fs.mkdirSync(d, { recursive: true });
    for (const entry of fs.readdirSync(projectRoot)) {
        if (entry === ".git" || entry === ".cache" || /^Pulumi\..*yaml$/.test(entry)) continue;
        fs.symlinkSync(path.join(projectRoot, entry), path.join(projectDir, entry));
    }
    fs.copyFileSync(path.join(projectRoot, "Pulumi.yaml"), path.join(projectDir, "Pulumi.yaml"));
    for (const s of stacks) {
        fs.copyFileSync(path.join(projectRoot, `Pulumi.${s}.yaml`), path.join(projectDir, `Pulumi.${s}.yaml`));
    }
    const nodeDir = path.dirname(process.execPath);
    const env: NodeJS.ProcessEnv = {
        PATH: [
            ...(pluginsDir !== undefined ? [pluginsDir] : []),
            binDir,
            nodeDir,
            "/usr/local/bin",
            "/usr/bin",
            "/bin",
        ].join(path.delimiter),
        HOME: home,
        PULUMI_HOME: path.join(home, ".pulumi"),
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: "conformance",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        // Fake credentials: nothing here may reach Google; a call that tried would fail to authenticate.
        GOOGLE_OAUTH_ACCESS_TOKEN: "conformance-fake-token",
        GOOGLE_PROJECT: "",
        KUBECONFIG: path.join(home, "no-kubeconfig"),
        // Every HTTP(S) call a plugin makes goes to a proxy on a closed loopback port, so a call
        // to Google or to a cluster fails here instead of leaving the machine; the engine's own
        // gRPC with its plugins and language host is on 127.0.0.1 and bypasses it.
        HTTPS_PROXY: "http://127.0.0.1:9",
        HTTP_PROXY: "http://127.0.0.1:9",
        NO_PROXY: "127.0.0.1,localhost",
        no_proxy: "127.0.0.1,localhost",
        NO_COLOR: "1",
    };
    return { projectDir, env };
}

export function pulumi(ws: Workspace, args: string[], timeoutMs = 900_000): CliResult {
    const started = Date.now();
    const res = spawnSync("pulumi", [...args, "--non-interactive"], {
        cwd: ws.projectDir,
        env: ws.env,
        encoding: "utf8",
        timeout: timeoutMs,
        maxBuffer: 256 * 1024 * 1024,
    });
    if (res.error) throw new Error(`pulumi ${args.join(" ")}: ${res.error.message}`);
    return { args, status: res.status, stdout: res.stdout, stderr: res.stderr, seconds: (Date.now() - started) / 1000 };
}

/** The CLI run without blocking, so previews in separate workspaces run side by side. */
export function pulumiAsync(ws: Workspace, args: string[], timeoutMs = 900_000): Promise<CliResult> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
        const child = spawn("pulumi", [...args, "--non-interactive"], { cwd: ws.projectDir, env: ws.env });
        let stdout = "";
        let stderr = "";
        const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", (e) => {
            clearTimeout(timer);
            reject(new Error(`pulumi ${args.join(" ")}: ${e.message}`));
        });
        child.on("close", (status) => {
            clearTimeout(timer);
            resolve({ args, status, stdout, stderr, seconds: (Date.now() - started) / 1000 });
        });
    });
}

/** Runs the CLI and fails with its output when it exits non-zero. */
export function pulumiOk(ws: Workspace, args: string[]): CliResult {
    const r = pulumi(ws, args);
    if (r.status !== 0) {
        throw new Error(`pulumi ${args.join(" ")} exited ${String(r.status)}:\n${r.stderr.trim()}\n${r.stdout.trim()}`);
    }
    return r;
}

/** The error lines a preview printed: the `--json` diagnostics of severity error, else stderr. */
export function previewErrors(r: CliResult): string[] {
    const lines: string[] = [];
    try {
        const parsed = JSON.parse(r.stdout) as {
            diagnostics?: { severity?: string; message?: string; urn?: string }[];
        };
        for (const d of parsed.diagnostics ?? []) {
            if (d.severity === "error" && d.message !== undefined) lines.push(`${d.urn ?? ""} ${d.message}`.trim());
        }
    } catch {
        // Not JSON: the CLI stopped before the engine ran; its reason is on stderr.
    }
    if (lines.length === 0) lines.push(...r.stderr.split("\n").filter((l) => l.trim() !== ""));
    // The checkout's own path is this machine's; the report names files relative to it.
    return lines.map((l) => l.split(projectRoot).join("<checkout>").replace(/\s+/g, " ").trim());
}

/**
 * The keys Pulumi.yaml declares without a default that the stack's settings do not set: the CLI
 * refuses to run the program until each has a value ("Stack ... is missing configuration values").
 */
export function missingConfigKeys(projectDir: string, stack: string): { key: string; secret: boolean }[] {
    const project = YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as {
        name: string;
        config?: Record<string, { default?: unknown; secret?: boolean }>;
    };
    const settings = YAML.parse(fs.readFileSync(path.join(projectDir, `Pulumi.${stack}.yaml`), "utf8")) as {
        config?: Record<string, unknown>;
    };
    return Object.entries(project.config ?? {})
        .filter(([key, decl]) => !("default" in decl) && !(`${project.name}:${key}` in (settings.config ?? {})))
        .map(([key, decl]) => ({ key, secret: decl.secret === true }));
}

/**
 * Gives each missing key of the scratch copy a value: the schema's default (what the program uses
 * when the key is absent), and for a secret a fake value set with `pulumi config set --secret`.
 */
export function fillMissingConfig(ws: Workspace, stack: string, keys: { key: string; secret: boolean }[]): void {
    const file = path.join(ws.projectDir, `Pulumi.${stack}.yaml`);
    const doc = YAML.parseDocument(fs.readFileSync(file, "utf8"));
    const project = (YAML.parse(fs.readFileSync(path.join(ws.projectDir, "Pulumi.yaml"), "utf8")) as { name: string })
        .name;
    const secrets: string[] = [];
    for (const { key, secret } of keys) {
        if (secret) {
            secrets.push(key);
            continue;
        }
        if (!(key in configSchema.shape))
            throw new Error(`Pulumi.yaml declares ${key}, which infra/config does not know`);
        const value = defaultOf(key as keyof typeof configSchema.shape);
        if (value === undefined)
            throw new Error(`Pulumi.yaml declares ${key} without a default, and the schema has none`);
        doc.setIn(["config", `${project}:${key}`], value);
    }
    fs.writeFileSync(file, doc.toString());
    for (const key of secrets) {
        pulumiOk(ws, ["config", "set", "--secret", "--stack", stack, `${project}:${key}`, `conformance-fake-${key}`]);
    }
}

/** The passphrase salt `pulumi stack init` wrote into the scratch copy of the stack's settings. */
export function encryptionSalt(ws: Workspace, stack: string): string {
    const settings = YAML.parse(fs.readFileSync(path.join(ws.projectDir, `Pulumi.${stack}.yaml`), "utf8")) as {
        encryptionsalt?: string;
    };
    if (settings.encryptionsalt === undefined)
        throw new Error(`Pulumi.${stack}.yaml of the scratch project has no encryptionsalt`);
    return settings.encryptionsalt;
}
