/**
 * The probe in a process of its own, with the same RunningProbe interface. A drill plans and
 * judges policies in its own process (CPU-bound for seconds at a time); a probe sharing that event
 * loop would send late and time out requests the cell answered in time. The child runs
 * startProbe and sends its result back over the IPC channel when done; `stop()` asks it to end.
 */
import { fork } from "child_process";
import type { ProbeOptions, ProbeResult, RunningProbe } from "./run";
import { validateProbeOptions } from "./run";

type ToChild = { kind: "start"; options: ProbeOptions } | { kind: "stop" };
type FromChild = { kind: "result"; result: ProbeResult } | { kind: "error"; message: string };

export function startProbeProcess(options: ProbeOptions): RunningProbe {
    // Refuse bad options here, where the caller can see the error, not in the child.
    validateProbeOptions(options);
    const child = fork(__filename, [], {
        execArgv: ["-r", "ts-node/register/transpile-only"],
        stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    const done = new Promise<ProbeResult>((resolve, reject) => {
        child.on("message", (m: FromChild) =>
            m.kind === "result" ? resolve(m.result) : reject(new Error(`probe: ${m.message}`)),
        );
        child.on("exit", (code) => reject(new Error(`probe process exited with ${code} before reporting`)));
    });
    child.send({ kind: "start", options } satisfies ToChild);
    let stopped = false;
    return {
        stop: () => {
            if (stopped || !child.connected) return;
            stopped = true;
            child.send({ kind: "stop" } satisfies ToChild);
        },
        done: done.finally(() => child.connected && child.disconnect()),
    };
}

if (require.main === module && process.send) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the probe loads in the child process only
    const { startProbe } = require("./run") as typeof import("./run");
    let running: RunningProbe | undefined;
    process.on("message", (m: ToChild) => {
        if (m.kind === "stop") return running?.stop();
        running = startProbe(m.options);
        const reply = (msg: FromChild) =>
            process.connected ? process.send!(msg, () => process.disconnect()) : process.exit(0);
        running.done.then(
            (result) => reply({ kind: "result", result }),
            (e: Error) => reply({ kind: "error", message: e.message }),
        );
    });
    // The parent gone (killed, crashed): the probe does not outlive it.
    process.on("disconnect", () => running?.stop());
}
