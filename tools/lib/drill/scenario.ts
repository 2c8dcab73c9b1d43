/**
 * Drill scenarios are data: one YAML file each under tools/drills/scenarios/, checked by the zod
 * schema below. A scenario is an ordered list of steps; each step is a phase of a remediation as
 * on-call runs it (`remediate`: the action's phase from the remediation-action table, with its
 * edits and exact commands, expected to change what `npm run remediate` predicts), a config edit
 * of a key no remediation owns (`set`), or a command (`up`, possibly targeted; `refresh`;
 * `delete-pods`; `wait-capacity`; `wait`), with its time budget and what must hold afterwards.
 * A remediation is rehearsed whole: every phase of its action, in order.
 *
 * Values may name the cell instead of spelling it, so one scenario fits every drill stack:
 * `$primaryRegion`, `$databasePrimaryRegion` and `$databaseStandbyRegion` (as the cell stood
 * before the drill), `$nextCacheEpoch` (the starting epoch plus one). tools/lib/drill/refs.ts
 * resolves them.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { z } from "zod";
import { remediationActions } from "../../../infra/config/remediations";
import { defined } from "../../../core/defined";
import { fixedNames } from "../../../core/naming";
import { projectRoot } from "../stackConfig";
import { UserInputError } from "../userError";

export class ScenarioError extends UserInputError {}

export const scenarioDir = path.join(projectRoot, "tools", "drills", "scenarios");

/** A reference to resources of the plan: every resource of `type`, narrowed by region or name. */
const targetSchema = z.strictObject({
    type: z.string().regex(/^[\w-]+:[\w/.-]+:[\w]+$/, {
        error: (iss) =>
            `"${String(iss.input)}" is not a Pulumi type token such as gcp:sql/databaseInstance:DatabaseInstance`,
    }),
    /** The resource's `region` input (literal or a reference). */
    region: z.string().optional(),
    /** The resource's logical name. */
    name: z.string().optional(),
});

const diffCounts = z.strictObject({
    create: z.number().int().min(0).optional(),
    update: z.number().int().min(0).optional(),
    replace: z.number().int().min(0).optional(),
    delete: z.number().int().min(0).optional(),
    /** Stateful resources touched (core/resourceKinds.ts statefulTypes). */
    stateful: z.number().int().min(0).optional(),
});

const expectSchema = z
    .strictObject({
        /** Exact counts of the step's diff: predicted offline, reported by `pulumi up` live. */
        diff: diffCounts.optional(),
        /** Types none of whose resources the step may create, delete or replace. */
        keeps: z.array(z.string()).optional(),
        /** The policy pack accepts the step's plan (no mandatory violation). */
        policy: z.literal("no-mandatory").optional(),
        /** Stack outputs after the step, by dotted path (values may be references). */
        outputs: z.record(z.string(), z.unknown()).optional(),
        /** What the probe saw while the step ran (live runs only). */
        probe: z
            .strictObject({
                minAvailability: z.number().min(0).max(1).optional(),
                maxErrorWindowMs: z.number().int().min(0).optional(),
                maxDroppedSessions: z.number().int().min(0).optional(),
            })
            .optional(),
    })
    .prefault({});

const base = {
    /** Short id of the step, unique in the scenario (the report's row). */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, {
        error: (iss) => `"${String(iss.input)}" is not a step id (lowercase letters, digits, dashes)`,
    }),
    /** What the step is for, in the runbook's words. */
    why: z.string().min(1),
    /** Wall-clock budget of the step; taking longer fails it. */
    budgetSeconds: z.number().int().min(1).max(7200),
    expect: expectSchema,
};

export const stepSchema = z.discriminatedUnion("do", [
    z.strictObject({
        ...base,
        do: z.literal("set"),
        /** Config keys to set in the stack file, without namespace, dotted for nested fields. */
        values: z
            .record(z.string(), z.unknown())
            .refine((v) => Object.keys(v).length > 0, { error: "at least one key to set" }),
    }),
    z.strictObject({
        ...base,
        do: z.literal("remediate"),
        /** The `npm run remediate` action, and the id of its phase this step runs. */
        action: z.string(),
        phase: z.string(),
        /** The action's arguments (values may be references). */
        args: z
            .strictObject({
                value: z.string().optional(),
                to: z.string().optional(),
                region: z.string().optional(),
                tag: z.string().optional(),
                digest: z.string().optional(),
            })
            .default({}),
    }),
    z.strictObject({ ...base, do: z.literal("up"), targets: z.array(targetSchema).min(1).optional() }),
    z.strictObject({
        ...base,
        do: z.literal("refresh"),
        targets: z.array(targetSchema).min(1).optional(),
        /**
         * Input paths of the targeted resources that the cloud changed by itself and the refresh
         * reads back (e.g. what a Cloud SQL switchover does to the old primary). A live refresh
         * reads everything; the dry run, which has no cloud to read, takes these paths from the
         * plan and says so.
         */
        reads: z.array(z.string().min(1)).min(1).optional(),
    }),
    z.strictObject({
        ...base,
        do: z.literal("delete-pods"),
        region: z.string(),
        /** Deployment whose pods (by its selector) are deleted; `voice-agent` unless given. */
        deployment: z.string().default(fixedNames.deployment),
    }),
    z.strictObject({
        ...base,
        do: z.literal("wait-capacity"),
        region: z.string(),
        deployment: z.string().default(fixedNames.deployment),
    }),
    z.strictObject({ ...base, do: z.literal("wait"), seconds: z.number().int().min(1).max(3600) }),
]);

export const scenarioSchema = z.strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    /** The runbook section the drill rehearses. */
    runbook: z.string().min(1),
    description: z.string().min(1),
    /** How the probe measures the cell during a live run. */
    probe: z
        .strictObject({
            rate: z.number().positive().max(50).default(5),
            sessions: z.number().int().min(0).max(100).default(4),
            /** The voice agent's WebSocket path on the cell's domain. */
            sessionPath: z
                .string()
                .regex(/^\/[A-Za-z0-9/_.-]*$/)
                .default("/session"),
        })
        .prefault({}),
    /**
     * The recovery targets a live run is measured against (docs/runbook.md, "Recovery targets"):
     * the longest time customers may be without service, and the most data a failover may lose.
     */
    targets: z
        .strictObject({
            rtoSeconds: z.number().int().min(1).default(300),
            rpoSeconds: z.number().int().min(0).default(60),
        })
        .prefault({}),
    steps: z.array(stepSchema).min(1),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type Step = z.infer<typeof stepSchema>;
export type Target = z.infer<typeof targetSchema>;
export type Expectations = z.infer<typeof expectSchema>;

/** `steps[2].targets[0].type`-style path of a zod issue. */
function pathText(p: readonly PropertyKey[]): string {
    return p.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join("");
}

/** The 1-based line of the YAML node at `p` (or of its nearest existing ancestor). */
function lineOf(doc: YAML.Document, counter: YAML.LineCounter, p: readonly PropertyKey[]): number {
    for (let n = p.length; n >= 0; n--) {
        const node = doc.getIn(p.slice(0, n) as (string | number)[], true) as YAML.Node | undefined;
        if (node && typeof node === "object" && node.range) return counter.linePos(node.range[0]).line;
    }
    return 1;
}

/** Parses and checks a scenario file's text; errors name the file, line and key. */
export function parseScenario(text: string, file: string): Scenario {
    const counter = new YAML.LineCounter();
    const doc = YAML.parseDocument(text, { lineCounter: counter, prettyErrors: false });
    if (doc.errors.length > 0) {
        const e = defined(doc.errors[0], "the first YAML error");
        throw new ScenarioError(
            `${file}:${counter.linePos(e.pos[0]).line}: not valid YAML: ${e.message.split("\n")[0]}`,
        );
    }
    const result = scenarioSchema.safeParse(doc.toJS());
    if (!result.success) {
        const issue = defined(result.error.issues[0], "zod's first issue");
        const where = issue.path.length > 0 ? `${pathText(issue.path)}: ` : "";
        throw new ScenarioError(`${file}:${lineOf(doc, counter, issue.path)}: ${where}${issue.message}`);
    }
    const refused = remediationProblem(result.data);
    if (refused)
        throw new ScenarioError(
            `${file}:${lineOf(doc, counter, ["steps", refused.step])}: steps[${refused.step}]: ${refused.message}`,
        );
    const ids = result.data.steps.map((s) => s.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup)
        throw new ScenarioError(
            `${file}:${lineOf(doc, counter, ["steps", ids.lastIndexOf(dup), "id"])}: steps: the id "${dup}" is used twice`,
        );
    return result.data;
}

/** Keys of the stack file that a remediation action owns: a `set` of one would bypass its phases. */
function ownerOf(key: string): string | undefined {
    return remediationActions.find((a) =>
        a.keys.some((k) => k === key || k.startsWith(`${key}.`) || key.startsWith(`${k}.`)),
    )?.name;
}

/**
 * Where a scenario departs from the on-call procedure: a remediation's phases out of order or
 * cut short, an unknown action or phase, a `set` of a key a remediation owns, or a diff count
 * of its own on a remediation phase (the phase expects what `npm run remediate` predicts).
 */
export function remediationProblem(s: Scenario): { step: number; message: string } | undefined {
    let open: { action: string; args: string; next: number; step: number } | undefined;
    const unfinished = (o: NonNullable<typeof open>) => {
        const a = remediationActions.find((x) => x.name === o.action);
        return a && o.next < a.phases.length ? a.phases[o.next]?.id : undefined;
    };
    for (const [i, step] of s.steps.entries()) {
        if (step.do === "set") {
            for (const key of Object.keys(step.values)) {
                const owner = ownerOf(key);
                if (owner)
                    return {
                        step: i,
                        message: `sets ${key}, which the remediation ${owner} owns: rehearse it with \`do: remediate\`, phase by phase`,
                    };
            }
            continue;
        }
        if (step.do !== "remediate") continue;
        const action = remediationActions.find((a) => a.name === step.action);
        if (!action)
            return {
                step: i,
                message: `unknown action "${step.action}"; actions: ${remediationActions.map((a) => a.name).join(", ")}`,
            };
        const index = action.phases.findIndex((p) => p.id === step.phase);
        if (index < 0)
            return {
                step: i,
                message: `${step.action} has no phase "${step.phase}"; phases: ${action.phases.map((p) => p.id).join(", ")}`,
            };
        if (step.expect.diff)
            return {
                step: i,
                message: "a remediation phase expects the diff `npm run remediate` predicts: remove expect.diff",
            };
        const args = JSON.stringify(step.args);
        if (open && open.action === step.action && open.args === args && open.next === index) {
            open.next++;
            continue;
        }
        if (open && unfinished(open)) {
            return {
                step: i,
                message: `${open.action} stops before its phase "${unfinished(open)}": a drill runs every phase on-call runs, in order`,
            };
        }
        if (index !== 0)
            return {
                step: i,
                message: `${step.action} starts at phase "${step.phase}": its first phase is "${action.phases[0]?.id}"`,
            };
        open = { action: step.action, args, next: 1, step: i };
    }
    if (open && unfinished(open)) {
        return {
            step: open.step,
            message: `${open.action} stops before its phase "${unfinished(open)}": a drill runs every phase on-call runs, in order`,
        };
    }
    return undefined;
}

export function scenarioNames(): string[] {
    return fs
        .readdirSync(scenarioDir)
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => f.slice(0, -".yaml".length))
        .sort();
}

export function loadScenario(name: string): Scenario {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name) || !scenarioNames().includes(name)) {
        throw new ScenarioError(`unknown scenario "${name}"; scenarios: ${scenarioNames().join(", ")}`);
    }
    const file = path.join(scenarioDir, `${name}.yaml`);
    const scenario = parseScenario(fs.readFileSync(file, "utf8"), path.relative(projectRoot, file));
    if (scenario.name !== name)
        throw new ScenarioError(
            `${path.relative(projectRoot, file)}: name "${scenario.name}" is not the file's name "${name}"`,
        );
    return scenario;
}
