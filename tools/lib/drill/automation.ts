/**
 * StackOps on Pulumi's Automation API: a LocalWorkspace on this project directory and its
 * stack files, so an `up` reads the same Pulumi.<stack>.yaml the drill edits. Needs the Pulumi CLI,
 * the stack's backend and cloud credentials; nothing here runs in the offline tests.
 */
import { execFile } from "child_process";
import { LocalWorkspace, type EngineEvent, type Stack } from "@pulumi/pulumi/automation";
import { projectRoot } from "../stackConfig";
import { DrillError } from "./errors";
import { isStateful, type DrillChange, type StackOps, type RefreshOptions, type TargetOptions } from "./stackOps";

/**
 * The engine's resource steps that change something, once each: a replacement is reported as
 * `replace` (its `create-replacement` and `delete-replaced` steps are the same change).
 */
const changingOps = new Set(["create", "update", "delete", "replace"]);

function collector(): { onEvent: (e: EngineEvent) => void; changes: DrillChange[] } {
    const changes: DrillChange[] = [];
    return {
        changes,
        onEvent: (e) => {
            const m = e.resourcePreEvent?.metadata;
            if (!m || !changingOps.has(m.op) || m.type === "pulumi:pulumi:Stack") return;
            changes.push({
                op: m.op,
                urn: m.urn,
                type: m.type,
                name: m.urn.split("::").pop() ?? m.urn,
                stateful: isStateful(m.type),
                changes: (m.diffs ?? []).map((path) => ({ path })),
            });
        },
    };
}

export class AutomationStackOps implements StackOps {
    private constructor(private readonly stack: Stack) {}

    static async open(stackName: string, log: (line: string) => void): Promise<AutomationStackOps> {
        const stack = await LocalWorkspace.selectStack({ stackName, workDir: projectRoot });
        const stackOps = new AutomationStackOps(stack);
        stackOps.log = log;
        return stackOps;
    }

    private log: (line: string) => void = () => undefined;

    async preview(o: TargetOptions): Promise<DrillChange[]> {
        const c = collector();
        await this.stack.preview({ target: o.targets, exclude: o.exclude, onEvent: c.onEvent, onOutput: this.log });
        return c.changes;
    }

    async up(o: TargetOptions): Promise<DrillChange[]> {
        const c = collector();
        await this.stack.up({ target: o.targets, exclude: o.exclude, onEvent: c.onEvent, onOutput: this.log });
        return c.changes;
    }

    /** A live refresh reads every input of the targets; `reads` only models it offline. */
    async refresh(o: RefreshOptions): Promise<void> {
        await this.stack.refresh({ target: o.targets, onOutput: this.log });
    }

    /** The command's words as argv (no shell): names in the plan hold no spaces or quotes. */
    async imperative(command: string): Promise<void> {
        const [file, ...args] = command.split(" ");
        if (!file) return;
        this.log(`$ ${command}\n`);
        await new Promise<void>((resolve, reject) => {
            execFile(file, args, { timeout: 60 * 60 * 1000 }, (e, stdout, stderr) => {
                this.log(stdout);
                if (e) reject(new DrillError(`${command} failed: ${(stderr || e.message).trim()}`));
                else resolve();
            });
        });
    }

    async outputs(): Promise<Record<string, unknown>> {
        const out = await this.stack.outputs();
        return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]));
    }

    async cancel(): Promise<void> {
        await this.stack.cancel();
    }
}
