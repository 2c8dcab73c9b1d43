/**
 * Which pinned Go modules the module proxy serves. For each component: the tagged module at the
 * pinned version (whose Origin.Hash is the release commit), then the program's module at that
 * commit. The answer is the go command's own (`go mod download -json`), error text included, so the
 * report can say exactly what was refused.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Component } from "./pins";

export interface ModuleAnswer {
    /** `module@query` as asked. */
    query: string;
    /** The version the proxy resolved the query to. */
    version?: string;
    /** The source commit (Origin.Hash) when the proxy names one. */
    commit?: string;
    /** The module's directory in the module cache, when downloaded. */
    dir?: string;
    /** The go command's error, verbatim, when refused. */
    error?: string;
}

export interface Resolution {
    component: string;
    npmPin: string;
    tagged: ModuleAnswer;
    program?: ModuleAnswer;
}

interface DownloadJson {
    Version?: string;
    Dir?: string;
    Error?: string;
    Origin?: { Hash?: string };
}

/**
 * The go command's message without the registry's address: the path it asked for says which
 * module and version were refused.
 */
export function withoutHost(message: string): string {
    return message
        .replace(/https?:\/\/[^/\s]+\//g, "")
        .replace(/\s+/g, " ")
        .trim();
}

/** `go mod download -json module@query`, run outside any module so no go.mod is touched. */
export function download(module: string, query: string): ModuleAnswer {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "conformance-resolve-"));
    try {
        const res = spawnSync("go", ["mod", "download", "-json", `${module}@${query}`], {
            cwd,
            encoding: "utf8",
            env: { ...process.env, GOFLAGS: "-mod=mod" },
            timeout: 600_000,
        });
        if (res.error) throw new Error(`go mod download ${module}@${query}: ${res.error.message}`);
        const answer: ModuleAnswer = { query: `${module}@${query}` };
        let parsed: DownloadJson;
        try {
            parsed = JSON.parse(res.stdout) as DownloadJson;
        } catch {
            answer.error = withoutHost(res.stderr || res.stdout);
            return answer;
        }
        if (parsed.Version !== undefined) answer.version = parsed.Version;
        if (parsed.Origin?.Hash !== undefined) answer.commit = parsed.Origin.Hash;
        if (parsed.Dir !== undefined) answer.dir = parsed.Dir;
        if (parsed.Error !== undefined) answer.error = withoutHost(parsed.Error);
        return answer;
    } finally {
        fs.rmSync(cwd, { recursive: true, force: true });
    }
}

/** The tagged module at `v<pin>`, then (when it names a commit) the program module at that commit. */
export function resolveComponent(component: Component, pin: string): Resolution {
    const tagged = download(component.taggedModule, `v${pin}`);
    const out: Resolution = { component: component.label, npmPin: pin, tagged };
    if (component.programModule !== component.taggedModule && tagged.commit !== undefined) {
        out.program = download(component.programModule, tagged.commit);
    }
    return out;
}
