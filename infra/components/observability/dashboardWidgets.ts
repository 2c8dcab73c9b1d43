/**
 * Widget and layout builders for the dashboards: typed objects (dashboardTypes.ts) that
 * JSON.stringify turns into `dashboardJson`. Values equal to the proto default are left out, as
 * proto3 JSON does, so the JSON round-trips through Google's schema unchanged.
 */
import type { Dashboard, DataSet, PlotType, Text, Threshold, TimeSeriesFilter, Tile, Widget } from "./dashboardTypes";

/** Mosaic layouts are 48 columns wide in the console's fine grid. */
export const mosaicColumns = 48;

export interface Series {
    /** PromQL, or a Monitoring filter with its aggregation. */
    promql?: string;
    filter?: TimeSeriesFilter;
    legend?: string;
    plotType?: PlotType;
    unit?: string;
}

function dataSet(series: Series): DataSet {
    if ((series.promql === undefined) === (series.filter === undefined))
        throw new Error("a series has exactly one of promql and filter");
    const query =
        series.promql !== undefined ? { prometheusQuery: series.promql } : { timeSeriesFilter: series.filter! };
    return {
        timeSeriesQuery: series.unit ? { ...query, unitOverride: series.unit } : query,
        plotType: series.plotType ?? "LINE",
        ...(series.legend ? { legendTemplate: series.legend } : {}),
        // Charts align at one minute at least: LB and Pub/Sub metrics are sampled every 60 s.
        minAlignmentPeriod: "60s",
    };
}

export function chart(
    title: string,
    series: Series[],
    opts: { thresholds?: Threshold[]; yLabel?: string } = {},
): Widget {
    return {
        title,
        xyChart: {
            dataSets: series.map(dataSet),
            ...(opts.thresholds ? { thresholds: opts.thresholds } : {}),
            ...(opts.yLabel ? { yAxis: { label: opts.yLabel, scale: "LINEAR" as const } } : {}),
        },
    };
}

export function scorecard(title: string, s: Series, thresholds?: Threshold[], spark = true): Widget {
    const ds = dataSet(s);
    return {
        title,
        scorecard: {
            timeSeriesQuery: ds.timeSeriesQuery,
            ...(spark ? { sparkChartView: { sparkChartType: "SPARK_LINE" as const } } : {}),
            ...(thresholds ? { thresholds } : {}),
        },
    };
}

export function text(title: string, content: string): Widget {
    const t: Text = { content, format: "MARKDOWN" };
    return { title, text: t };
}

export function logs(title: string, filter: string, project: string): Widget {
    return { title, logsPanel: { filter, resourceNames: [`projects/${project}`] } };
}

export function header(title: string, subtitle: string): Widget {
    return { title, sectionHeader: { subtitle, dividerBelow: true } };
}

export interface Placed {
    widget: Widget;
    /** Columns of 48. */
    width: number;
    height: number;
}

/** Flows widgets left to right into rows of 48 columns. */
export function flow(items: readonly Placed[]): Tile[] {
    const tiles: Tile[] = [];
    let column = 0;
    let rowTop = 0;
    let rowHeight = 0;
    for (const item of items) {
        if (item.width > mosaicColumns)
            throw new Error(`a tile is ${item.width} columns wide; the layout has ${mosaicColumns}`);
        if (column + item.width > mosaicColumns) {
            rowTop += rowHeight;
            column = 0;
            rowHeight = 0;
        }
        // Zero positions are the proto default and are left out, as proto3 JSON does.
        tiles.push({
            ...(column ? { xPos: column } : {}),
            ...(rowTop ? { yPos: rowTop } : {}),
            width: item.width,
            height: item.height,
            widget: item.widget,
        });
        column += item.width;
        rowHeight = Math.max(rowHeight, item.height);
    }
    return tiles;
}

export const full = (widget: Widget, height = 8): Placed => ({ widget, width: mosaicColumns, height });
export const half = (widget: Widget, height = 16): Placed => ({ widget, width: mosaicColumns / 2, height });
export const quarter = (widget: Widget, height = 8): Placed => ({ widget, width: mosaicColumns / 4, height });

export function dashboard(displayName: string, cell: string, items: readonly Placed[]): Dashboard {
    return {
        displayName,
        mosaicLayout: { columns: mosaicColumns, tiles: flow(items) },
        labels: { cell, managed_by: "pulumi" },
    };
}
