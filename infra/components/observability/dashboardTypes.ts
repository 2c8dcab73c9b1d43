/**
 * TypeScript mirror of the parts of `google.monitoring.dashboard.v1.Dashboard` this program uses,
 * in the proto3 JSON form `dashboardJson` takes: lowerCamelCase fields, enums as their names,
 * Durations as strings like "60s", default values left out. Source: the Dashboard protos shipped in
 * @google-cloud/monitoring-dashboards (google/monitoring/dashboard/v1/*.proto), mirrored at
 * https://cloud.google.com/monitoring/api/ref_v3/rest/v1/projects.dashboards.
 * test/infra/components/observability/dashboards.test.ts checks every dashboard against those protos.
 */

/** google.protobuf.Duration in proto3 JSON: seconds with an `s` suffix. */
export type Duration = `${number}s`;

export type Aligner =
    | "ALIGN_NONE"
    | "ALIGN_DELTA"
    | "ALIGN_RATE"
    | "ALIGN_NEXT_OLDER"
    | "ALIGN_MIN"
    | "ALIGN_MAX"
    | "ALIGN_MEAN"
    | "ALIGN_COUNT"
    | "ALIGN_SUM"
    | "ALIGN_PERCENTILE_99"
    | "ALIGN_PERCENTILE_95"
    | "ALIGN_PERCENTILE_50"
    | "ALIGN_FRACTION_TRUE";
export type Reducer =
    | "REDUCE_NONE"
    | "REDUCE_MEAN"
    | "REDUCE_MIN"
    | "REDUCE_MAX"
    | "REDUCE_SUM"
    | "REDUCE_COUNT"
    | "REDUCE_PERCENTILE_95";

export interface Aggregation {
    alignmentPeriod?: Duration;
    perSeriesAligner?: Aligner;
    crossSeriesReducer?: Reducer;
    groupByFields?: string[];
}

export interface TimeSeriesFilter {
    filter: string;
    aggregation?: Aggregation;
    secondaryAggregation?: Aggregation;
}

/** Exactly one of the source fields. */
export type TimeSeriesQuery =
    { prometheusQuery: string; unitOverride?: string } | { timeSeriesFilter: TimeSeriesFilter; unitOverride?: string };

export type PlotType = "LINE" | "STACKED_AREA" | "STACKED_BAR" | "HEATMAP";
export type TargetAxis = "Y1" | "Y2";

export interface DataSet {
    timeSeriesQuery: TimeSeriesQuery;
    plotType?: PlotType;
    legendTemplate?: string;
    minAlignmentPeriod?: Duration;
    targetAxis?: TargetAxis;
}

/** The proto knows only these two threshold colors. */
export type Color = "YELLOW" | "RED";
export type Direction = "ABOVE" | "BELOW";

export interface Threshold {
    label?: string;
    value?: number;
    color?: Color;
    direction?: Direction;
    targetAxis?: TargetAxis;
}

export interface Axis {
    label?: string;
    scale?: "LINEAR" | "LOG10";
}

export interface XyChart {
    dataSets: DataSet[];
    thresholds?: Threshold[];
    yAxis?: Axis;
    chartOptions?: { mode?: "COLOR" | "X_RAY" | "STATS" };
}

export interface Scorecard {
    timeSeriesQuery: TimeSeriesQuery;
    gaugeView?: { lowerBound?: number; upperBound?: number };
    sparkChartView?: { sparkChartType: "SPARK_LINE" | "SPARK_BAR"; minAlignmentPeriod?: Duration };
    thresholds?: Threshold[];
}

export interface Text {
    content: string;
    format?: "MARKDOWN" | "RAW";
}

export interface LogsPanel {
    filter: string;
    resourceNames?: string[];
}

export interface SectionHeader {
    subtitle?: string;
    dividerBelow?: boolean;
}

/** A widget holds exactly one content field. */
export type Widget = { title?: string } & (
    | { xyChart: XyChart }
    | { scorecard: Scorecard }
    | { text: Text }
    | { logsPanel: LogsPanel }
    | { sectionHeader: SectionHeader }
);

export interface Tile {
    xPos?: number;
    yPos?: number;
    width: number;
    height: number;
    widget: Widget;
}

export interface MosaicLayout {
    columns: number;
    tiles: Tile[];
}

export interface Dashboard {
    displayName: string;
    mosaicLayout: MosaicLayout;
    labels?: Record<string, string>;
}
