/**
 * Bounded child processes and clean exits for the tools that run them (`review`, `drill`). Each
 * child is spawned in a process group of its own (detached), so a Ctrl-C at the terminal reaches
 * only this process, which then kills every live child's whole group (a child's own children
 * included) and runs the registered clean-ups (worktrees, temporary directories) before exiting
 * with the signal's code: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP, 131 for SIGQUIT.
 * Every child has a time limit (its group is killed when it is over) and an output cap.
 */
import { spawn } from "child_process";

export const exitSignals = { SIGHUP: 129, SIGINT: 130, SIGQUIT: 131, SIGTERM: 143 } as const;
export type ExitSignal = keyof typeof exitSignals;

const cleanups = new Set<() => void>();
/** Process groups of children still running: killed when this process exits for any reason. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killLiveGroupsAtExit(): void {
    if (exitHookInstalled) return;
    exitHookInstalled = true;
    process.on("exit", () => {
        for (const pid of liveGroups) killGroup(pid);
    });
}
let installed: ExitSignal[] = [];
let onSignalMessage: (signal: ExitSignal) => string = (s) => `interrupted (${s}); cleaned up`;

function runCleanups(): void {
    for (const cleanup of [...cleanups].reverse()) {
        cleanups.delete(cleanup);
        try {
            cleanup();
        } catch {
            // one failed clean-up must not keep the others from running
        }
    }
}

/**
 * Installs the handlers of SIGINT, SIGTERM, SIGHUP and SIGQUIT (once): run every clean-up, newest
 * first, print `message(signal)` on stderr and exit with the signal's code.
 */
export function exitCleanlyOnSignals(message?: (signal: ExitSignal) => string): void {
    if (message) onSignalMessage = message;
    if (installed.length > 0) return;
    installed = Object.keys(exitSignals) as ExitSignal[];
    for (const signal of installed) {
        process.on(signal, () => {
            runCleanups();
            process.stderr.write(`${onSignalMessage(signal)}\n`);
            process.exit(exitSignals[signal]);
        });
    }
}

/** Registers a clean-up for a signal (newest runs first); returns its unregistration. */
export function atSignal(cleanup: () => void): () => void {
    cleanups.add(cleanup);
    return () => void cleanups.delete(cleanup);
}

/** Kills a detached child's whole process group (it leads the group: its pid is the group's id). */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals = "SIGKILL"): void {
    if (pid === undefined) return;
    try {
        process.kill(-pid, signal);
    } catch {
        // the group is gone already
    }
}

export interface ChildOptions {
    cwd: string;
    /** The child's whole group is killed after this long. */
    timeoutMs: number;
    /** Bytes kept of stdout and of stderr each; more is dropped and `truncated` set. */
    maxOutputBytes?: number;
    env?: NodeJS.ProcessEnv;
}

export interface ChildResult {
    status: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    timedOut: boolean;
    truncated: boolean;
    /** Set when the command could not be started (ENOENT, EACCES). */
    spawnError?: string;
}

/** Runs a command in its own process group with a time limit; resolves when it has exited. */
export function runChild(command: string, args: readonly string[], opts: ChildOptions): Promise<ChildResult> {
    const cap = opts.maxOutputBytes ?? 64 * 1024 * 1024;
    return new Promise((resolve) => {
        killLiveGroupsAtExit();
        const child = spawn(command, [...args], {
            cwd: opts.cwd,
            env: opts.env ?? process.env,
            stdio: ["ignore", "pipe", "pipe"],
            detached: true,
        });
        if (child.pid !== undefined) liveGroups.add(child.pid);
        const unregister = atSignal(() => killGroup(child.pid));
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let outBytes = 0;
        let errBytes = 0;
        let truncated = false;
        let timedOut = false;
        const keep = (into: Buffer[], d: Buffer, used: number): number => {
            if (used >= cap) {
                truncated = true;
                return used;
            }
            const part = d.subarray(0, cap - used);
            if (part.length < d.length) truncated = true;
            into.push(part);
            return used + part.length;
        };
        child.stdout.on("data", (d: Buffer) => (outBytes = keep(out, d, outBytes)));
        child.stderr.on("data", (d: Buffer) => (errBytes = keep(err, d, errBytes)));
        const timer = setTimeout(() => {
            timedOut = true;
            killGroup(child.pid);
        }, opts.timeoutMs);
        let spawnError: string | undefined;
        child.on("error", (e: NodeJS.ErrnoException) => {
            spawnError = e.code ?? "cannot start";
        });
        child.on("close", (status, signal) => {
            clearTimeout(timer);
            unregister();
            // A group member left behind by the child (it exited, they did not) goes too.
            killGroup(child.pid);
            if (child.pid !== undefined) liveGroups.delete(child.pid);
            resolve({
                status,
                signal,
                stdout: Buffer.concat(out).toString("utf8"),
                stderr: Buffer.concat(err).toString("utf8"),
                timedOut,
                truncated,
                ...(spawnError !== undefined ? { spawnError } : {}),
            });
        });
    });
}

/**
 * For a tool that must finish its own clean-up (a drill restores its stack file and cell): the
 * first SIGINT, SIGTERM, SIGHUP or SIGQUIT aborts `controller` and calls `onSignal`; a second one
 * exits at once with its code. Returns what tells which signal came, if any.
 */
export function abortOnSignals(
    controller: AbortController,
    onSignal: (signal: ExitSignal) => void,
): () => ExitSignal | undefined {
    let received: ExitSignal | undefined;
    for (const signal of Object.keys(exitSignals) as ExitSignal[]) {
        process.on(signal, () => {
            if (received !== undefined) {
                runCleanups();
                process.exit(exitSignals[signal]);
            }
            received = signal;
            onSignal(signal);
            controller.abort();
        });
    }
    return () => received;
}
