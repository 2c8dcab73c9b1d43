/**
 * The drill report's chart, rendered headlessly: a vega-lite spec compiled to a vega spec and
 * rendered by vega's View#toSVG() with no browser and no canvas (vega measures text with its own
 * estimate when node-canvas is absent). Live runs chart the probe's timeline (latency of each
 * request, failures marked, the steps as bands); a dry run, which has no probe, charts the steps'
 * time budgets.
 */
import type * as Vega from "vega";
import type * as VegaLite from "vega-lite/build/index";
import type { DrillRun } from "../run";

/**
 * vega and vega-lite are ES modules only (vega with top-level await), which `require` cannot load;
 * TypeScript compiles `import()` to `require` under CommonJS, so the import is built at run time.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a constant dynamic import: vega is an ES module and CommonJS compiles import() to require
const importEsm = new Function("specifier", "return import(specifier)") as <T>(specifier: string) => Promise<T>;

export async function renderSvg(spec: VegaLite.TopLevelSpec): Promise<string> {
    const [vega, vl] = await Promise.all([importEsm<typeof Vega>("vega"), importEsm<typeof VegaLite>("vega-lite")]);
    const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
    try {
        return await view.toSVG();
    } finally {
        view.finalize();
    }
}

const seconds = (t: number, t0: number) => Math.round((t - t0) / 100) / 10;

/**
 * Colours mean status, and only status: green passed, grey-blue planned (a dry run measures
 * nothing), red failed, dark red an error, grey skipped; a probe request green ok, red failed.
 */
const statusScale = {
    domain: ["pass", "planned", "fail", "error", "skipped"],
    range: ["#2e7d32", "#78909c", "#c62828", "#7f0000", "#bdbdbd"],
};
const requestScale = { domain: ["ok", "failed"], range: ["#2e7d32", "#c62828"] };
/** The scale limited to the values present, so the legend lists only what the chart shows; each keeps its colour. */
function only(
    scale: { domain: string[]; range: string[] },
    present: readonly string[],
): { domain: string[]; range: string[] } {
    const keep = scale.domain
        .map((d, i) => [d, scale.range[i] ?? "#000000"] as const)
        .filter(([d]) => present.includes(d));
    return { domain: keep.map(([d]) => d), range: keep.map(([, r]) => r) };
}

/** Labels are whole: no truncation of step ids in axes and legends. */
const whole = { labelLimit: 0 };

export function chartSpec(run: DrillRun): VegaLite.TopLevelSpec {
    const t0 = run.startedAt;
    if (!run.probe) {
        let at = 0;
        const rows = run.steps.map((s, i) => {
            const status = s.outcome === "pass" ? "planned" : s.outcome;
            const row = { step: `${i + 1}. ${s.id} (${s.do})`, start: at, end: at + s.budgetSeconds, status };
            at += s.budgetSeconds;
            return row;
        });
        return {
            $schema: "https://vega.github.io/schema/vega-lite/v6.json",
            title: {
                text: `${run.scenario} on ${run.stack}: rehearsal plan, step budgets (nothing measured)`,
                anchor: "start",
            },
            width: 640,
            height: { step: 18 },
            data: { values: rows },
            mark: { type: "bar", cornerRadius: 2 },
            encoding: {
                y: { field: "step", type: "ordinal", sort: null, title: null, axis: whole },
                // The axis ends where the budgets end: no rounding up to a "nice" 10,000 s.
                x: {
                    field: "start",
                    type: "quantitative",
                    title: "seconds from the start (budgets, cumulative)",
                    scale: { domain: [0, Math.max(at, 1)], nice: false },
                },
                x2: { field: "end" },
                color: {
                    field: "status",
                    type: "nominal",
                    title: "status",
                    scale: only(
                        statusScale,
                        rows.map((r) => r.status),
                    ),
                    legend: whole,
                },
            },
        };
    }
    const steps = run.steps
        .filter((s) => s.outcome !== "skipped")
        .map((s) => ({
            step: s.id,
            status: s.outcome,
            start: seconds(s.startedAt, t0),
            end: seconds(Math.max(s.endedAt, s.startedAt + 100), t0),
        }));
    const end = Math.max(seconds(run.endedAt || run.probe.endedAt, t0), ...steps.map((s) => s.end), 1);
    const samples = run.probe.samples.map((s) => ({
        t: seconds(s.sentAt, t0),
        latencyMs: Math.round(s.latencyMs),
        result: s.ok ? "ok" : "failed",
    }));
    return {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: { text: `${run.scenario} on ${run.stack}: probe timeline`, anchor: "start" },
        width: 720,
        height: 260,
        layer: [
            {
                data: { values: steps },
                mark: { type: "rect", opacity: 0.15 },
                encoding: {
                    x: {
                        field: "start",
                        type: "quantitative",
                        title: "seconds from the start",
                        scale: { domain: [0, end], nice: false },
                    },
                    x2: { field: "end" },
                    color: {
                        field: "status",
                        type: "nominal",
                        title: "step status",
                        scale: only(
                            statusScale,
                            steps.map((s) => s.status),
                        ),
                        legend: whole,
                    },
                    tooltip: { field: "step", type: "nominal" },
                },
            },
            {
                data: { values: steps },
                mark: { type: "text", align: "left", baseline: "top", dx: 2, dy: 2, angle: 0, fontSize: 9, limit: 0 },
                encoding: {
                    x: { field: "start", type: "quantitative" },
                    y: { value: 0 },
                    text: { field: "step", type: "nominal" },
                },
            },
            {
                data: { values: samples },
                mark: { type: "point", filled: true, size: 14 },
                encoding: {
                    x: { field: "t", type: "quantitative" },
                    y: { field: "latencyMs", type: "quantitative", title: "health request latency (ms)" },
                    color: {
                        field: "result",
                        type: "nominal",
                        title: "request",
                        scale: only(
                            requestScale,
                            samples.map((s) => s.result),
                        ),
                        legend: whole,
                    },
                },
            },
        ],
        resolve: { scale: { color: "independent" } },
    };
}
