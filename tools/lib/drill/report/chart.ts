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

export function chartSpec(run: DrillRun): VegaLite.TopLevelSpec {
    const t0 = run.startedAt;
    if (!run.probe) {
        let at = 0;
        const rows = run.steps.map((s, i) => {
            const row = { step: `${i + 1}. ${s.id}`, start: at, end: at + s.budgetSeconds, kind: s.do };
            at += s.budgetSeconds;
            return row;
        });
        return {
            $schema: "https://vega.github.io/schema/vega-lite/v6.json",
            title: { text: `${run.scenario} on ${run.stack}: dry run, step budgets (no probe)`, anchor: "start" },
            width: 640,
            height: { step: 18 },
            data: { values: rows },
            mark: { type: "bar", cornerRadius: 2 },
            encoding: {
                y: { field: "step", type: "ordinal", sort: null, title: null },
                x: { field: "start", type: "quantitative", title: "seconds from the start (budgets, cumulative)" },
                x2: { field: "end" },
                color: { field: "kind", type: "nominal", title: "step" },
            },
        };
    }
    const steps = run.steps.filter((s) => s.outcome !== "skipped").map((s) => ({ step: s.id, start: seconds(s.startedAt, t0), end: seconds(Math.max(s.endedAt, s.startedAt + 100), t0) }));
    const samples = run.probe.samples.map((s) => ({ t: seconds(s.sentAt, t0), latencyMs: Math.round(s.latencyMs), result: s.ok ? "ok" : "failed" }));
    return {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: { text: `${run.scenario} on ${run.stack}: probe timeline`, anchor: "start" },
        width: 720,
        height: 260,
        layer: [
            {
                data: { values: steps },
                mark: { type: "rect", opacity: 0.12 },
                encoding: { x: { field: "start", type: "quantitative", title: "seconds from the start" }, x2: { field: "end" }, color: { field: "step", type: "nominal", sort: null, title: "step" } },
            },
            {
                data: { values: samples },
                mark: { type: "point", filled: true, size: 14 },
                encoding: {
                    x: { field: "t", type: "quantitative" },
                    y: { field: "latencyMs", type: "quantitative", title: "health request latency (ms)" },
                    shape: { field: "result", type: "nominal", title: "request" },
                },
            },
        ],
        resolve: { scale: { color: "independent" } },
    };
}
