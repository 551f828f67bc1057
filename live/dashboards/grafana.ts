// Typed builders for Grafana's classic dashboard JSON, on @grafana/schema's own types: Dashboard,
// Panel with each visualization's Options/FieldConfig, VariableModel, AnnotationQuery.
import {
  BigValueColorMode,
  FieldColorModeId,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  GraphDrawStyle,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  PercentChangeColorMode,
  SortOrder,
  StackingMode,
  ThresholdsMode,
  TooltipDisplayMode,
  VariableHide,
  VariableRefresh,
  VariableSort,
  VizOrientation,
  type AnnotationQuery,
  type Dashboard,
  type DataQuery,
  type DataTransformerConfig,
  type GridPos,
  type Panel,
  type RowPanel,
  type ThresholdsConfig,
  type VariableModel,
} from '@grafana/schema';
import type { Options as TimeSeriesOptions, FieldConfig as TimeSeriesFieldConfig } from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';
import type { Options as StatOptions } from '@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen';
import type { Options as TableOptions } from '@grafana/schema/dist/esm/raw/composable/table/panelcfg/x/TablePanelCfg_types.gen';
import { DATASOURCE, SLA_COLUMNS, slaLimitQuery, target, type InfluxQLTarget, type RunVariable, type SlaLimit, type Variable } from './influxql';

/** The classic dashboard schema version of @grafana/schema's Dashboard type. */
export const SCHEMA_VERSION = 42;

/**
 * A run's own SLA limit on a panel: the limit it recorded as plimsoll_sla samples, not a constant, so a run
 * judged by another SLA (SLA=file.json, a scenario's own) is drawn against the limits it was judged by.
 * Grafana's "Config from query results" transformation (configFromData) turns the query's one row into the
 * panel's threshold steps: a dashed line on a time series, the colour of a stat value or a table cell.
 * Steps apply "at or above" the value, as k6 fails `p(95)<500` at 500.
 */
export interface SlaLine {
  limit: SlaLimit;
  /** The variable naming the run; default testid. */
  run?: RunVariable;
  /** The one field (display name) it colours: a table column, a side of the comparison. Default: every number. */
  field?: string;
}

/**
 * The panels' own thresholds: the base step alone (value null: "from -∞"; the schema types it as number).
 * A run's limits come from its data, and Grafana (since 11.4; compose pins 13.2.3) puts this base step under
 * the steps a transformation supplies.
 * Neutral ('text'), not green: a value with no limit, because the run's SLA sets none, is judged by nothing.
 */
const BASE_THRESHOLDS: ThresholdsConfig = { mode: ThresholdsMode.Absolute, steps: [{ color: 'text', value: null as unknown as number }] };

/** configFromData's options (Grafana's ConfigFromQueryTransformOptions; the schema leaves options untyped). */
interface ConfigFromData {
  configRefId: string;
  mappings: { fieldName: string; handlerKey: 'threshold1'; handlerArguments: { threshold: { color: string } } }[];
  applyTo?: { id: 'byName'; options: string };
}

const slaRefId = (s: SlaLine) => `SLA-${s.limit}-${s.run ?? 'testid'}`;
const step = (fieldName: string, color: string) => ({ fieldName, handlerKey: 'threshold1' as const, handlerArguments: { threshold: { color } } });

/**
 * The queries and transformations that draw `lines`. Each threshold1 mapping pushes one step, in the order of
 * the query's columns. `band` adds the green step at 0 (the `within` column) below the red one at the limit,
 * so that a run with the limit shows green within it; a time series draws every step above the base as a
 * line, so there it stays off (it would draw a line at 0). A run without the limit returns no row: the
 * transformation then adds nothing, and only the neutral base remains.
 */
function slaParts(lines: SlaLine[], band: boolean): { targets: InfluxQLTarget[]; transformations: DataTransformerConfig[] } {
  return {
    targets: lines.map((s) => target(slaRefId(s), slaLimitQuery(s.limit, s.run ?? 'testid'), { table: true })),
    transformations: lines.map((s) => ({
      id: 'configFromData',
      options: {
        configRefId: slaRefId(s),
        mappings: [...(band ? [step(SLA_COLUMNS.within, 'green')] : []), step(SLA_COLUMNS.limit, 'red')],
        ...(s.field ? { applyTo: { id: 'byName', options: s.field } } : {}),
      } satisfies ConfigFromData,
    })),
  };
}

type Size = Pick<GridPos, 'w' | 'h'>;
interface Common {
  title: string;
  description?: string;
  targets: InfluxQLTarget[];
  unit?: string;
  /** The run's SLA limits to draw (see SlaLine). */
  sla?: SlaLine[];
  size?: Size;
}

/** A value typed by a panel plugin's Options interface, as the untyped record the Panel type stores. */
const open = <T extends object>(typed: T) => typed as T & Record<string, unknown>;

export type AnyPanel = Panel<Record<string, unknown>, Record<string, unknown>>;

function base(type: string, c: Common, opts: { band: boolean }): Omit<Panel, 'fieldConfig' | 'options'> {
  const parts = slaParts(c.sla ?? [], opts.band);
  return {
    type,
    title: c.title,
    ...(c.description ? { description: c.description } : {}),
    datasource: DATASOURCE,
    targets: [...c.targets, ...parts.targets] as unknown as Record<string, unknown>[],
    // k6 pushes once a second: no point asking Grafana for finer intervals.
    interval: '1s',
    gridPos: { x: 0, y: 0, w: c.size?.w ?? 12, h: c.size?.h ?? 8 },
    ...(parts.transformations.length ? { transformations: parts.transformations } : {}),
  };
}

export function timeseries(c: Common & { stack?: boolean; bars?: boolean; legendCalcs?: string[] }): AnyPanel {
  const custom: TimeSeriesFieldConfig = {
    drawStyle: c.bars ? GraphDrawStyle.Bars : GraphDrawStyle.Line,
    lineWidth: 1,
    fillOpacity: c.stack || c.bars ? 60 : 10,
    spanNulls: false,
    stacking: { mode: c.stack ? StackingMode.Normal : StackingMode.None, group: 'A' },
    // The run's SLA limit as a dashed line across the panel.
    thresholdsStyle: { mode: c.sla?.length ? GraphThresholdsStyleMode.Dashed : GraphThresholdsStyleMode.Off },
  };
  const options: TimeSeriesOptions = {
    legend: { showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: c.legendCalcs ?? [] },
    tooltip: { mode: TooltipDisplayMode.Multi, sort: SortOrder.Descending },
  };
  const panel: Panel<TimeSeriesOptions, TimeSeriesFieldConfig> = {
    ...base('timeseries', c, { band: false }),
    fieldConfig: {
      defaults: { unit: c.unit ?? 'short', min: 0, thresholds: BASE_THRESHOLDS, color: { mode: FieldColorModeId.PaletteClassic }, custom: open(custom) },
      overrides: [],
    },
    options: open(options),
  };
  return panel as AnyPanel;
}

export function stat(c: Common & { calc?: 'lastNotNull' | 'sum' | 'max' | 'mean' }): AnyPanel {
  const options: StatOptions = {
    reduceOptions: { calcs: [c.calc ?? 'lastNotNull'], fields: '', values: false },
    orientation: VizOrientation.Auto,
    textMode: BigValueTextMode.ValueAndName,
    // The value's colour, not the background: the neutral base would make a pale block of a run without the limit.
    colorMode: BigValueColorMode.Value,
    graphMode: BigValueGraphMode.None,
    justifyMode: BigValueJustifyMode.Auto,
    percentChangeColorMode: PercentChangeColorMode.Standard,
    showPercentChange: false,
    wideLayout: true,
  };
  const panel: Panel<StatOptions> = {
    ...base('stat', c, { band: true }),
    fieldConfig: { defaults: { unit: c.unit ?? 'short', thresholds: BASE_THRESHOLDS, color: { mode: FieldColorModeId.Thresholds } }, overrides: [] },
    options: open(options),
  };
  return panel as AnyPanel;
}

/**
 * A table of several table-format queries joined on a tag column (Grafana's "merge" transformation). Its SLA
 * lines each name the column they colour.
 */
export function table(c: Omit<Common, 'sla'> & { sla?: (SlaLine & { field: string })[]; units?: Record<string, string>; sortBy?: string }): AnyPanel {
  const options: TableOptions = {
    showHeader: true,
    frameIndex: 0,
    ...(c.sortBy ? { sortBy: [{ displayName: c.sortBy, desc: true }] } : {}),
  };
  const judged = new Set((c.sla ?? []).map((s) => s.field));
  const overrides = [...new Set([...Object.keys(c.units ?? {}), ...judged])].map((field) => ({
    matcher: { id: 'byName', options: field },
    properties: [
      ...(c.units?.[field] ? [{ id: 'unit', value: c.units[field] }] : []),
      // Colour only: an override's thresholds would replace the steps the run's limit supplies.
      ...(judged.has(field) ? [{ id: 'custom.cellOptions', value: { type: 'color-text' } }] : []),
    ],
  }));
  const shared = base('table', c, { band: true });
  const panel: Panel<TableOptions> = {
    ...shared,
    fieldConfig: { defaults: { unit: c.unit ?? 'short', thresholds: BASE_THRESHOLDS, custom: {} }, overrides },
    options: open(options),
    // The SLA limits first, while each query is still a frame of its own (configFromData finds its row by refId).
    // The time column of each table-format query is the start of the range: hide it, then join on the tag.
    transformations: [
      ...(shared.transformations ?? []),
      { id: 'merge', options: {} },
      { id: 'organize', options: { excludeByName: { Time: true, time: true }, renameByName: {} } },
    ],
  };
  return panel as AnyPanel;
}

export function row(title: string): RowPanel {
  return { type: 'row', title, collapsed: false, id: 0, gridPos: { x: 0, y: 0, w: 24, h: 1 }, panels: [] };
}

/**
 * Lay panels out left to right, wrapping at Grafana's 24 columns, and number them. A row starts a new line.
 */
export function layout(items: (AnyPanel | RowPanel)[]): (AnyPanel | RowPanel)[] {
  let x = 0;
  let y = 0;
  let lineHeight = 0;
  return items.map((item, i) => {
    const { w, h } = item.gridPos ?? { w: 12, h: 8 };
    if (item.type === 'row' || x + w > 24) {
      y += lineHeight;
      x = 0;
      lineHeight = 0;
    }
    const placed = { ...item, id: i + 1, gridPos: { x, y, w, h } };
    x += w;
    lineHeight = Math.max(lineHeight, h);
    if (item.type === 'row') {
      y += h;
      x = 0;
      lineHeight = 0;
    }
    return placed;
  });
}

/** A query variable over SHOW TAG VALUES. */
export function tagVariable(v: {
  name: Variable;
  label: string;
  query: string;
  multi?: boolean;
  includeAll?: boolean;
  sort?: VariableSort;
  description?: string;
  /** What "All" stands for; default: every value the query offers. */
  allValue?: string;
}): VariableModel {
  return {
    type: 'query',
    name: v.name,
    label: v.label,
    ...(v.description ? { description: v.description } : {}),
    datasource: DATASOURCE,
    query: v.query,
    refresh: VariableRefresh.onTimeRangeChanged,
    sort: v.sort ?? VariableSort.alphabeticalAsc,
    multi: v.multi ?? false,
    includeAll: v.includeAll ?? false,
    ...(v.allValue !== undefined ? { allValue: v.allValue } : {}),
    hide: VariableHide.dontHide,
    options: [],
  };
}

/** An InfluxQL annotation: the query's time is the marker, `titleColumn`/`tagsColumn` name its columns. */
export interface InfluxAnnotationTarget extends DataQuery {
  query: string;
  rawQuery: true;
  fromAnnotations: true;
  textEditor: true;
  titleColumn?: string;
  tagsColumn?: string;
  textColumn?: string;
}

export function annotation(a: { name: string; color: string; query: string; titleColumn?: string; tagsColumn?: string; textColumn?: string }): AnnotationQuery<InfluxAnnotationTarget> {
  return {
    name: a.name,
    enable: true,
    iconColor: a.color,
    datasource: DATASOURCE,
    target: {
      refId: 'Anno',
      query: a.query,
      rawQuery: true,
      fromAnnotations: true,
      textEditor: true,
      ...(a.titleColumn ? { titleColumn: a.titleColumn } : {}),
      ...(a.tagsColumn ? { tagsColumn: a.tagsColumn } : {}),
      ...(a.textColumn ? { textColumn: a.textColumn } : {}),
    },
  };
}

/**
 * Grafana's Dashboard with its annotation queries typed as the InfluxDB datasource's (the Dashboard type
 * leaves that to a type parameter of AnnotationQuery, defaulting to the bare DataQuery). The dashboard
 * JSON schema the tests check against is generated from this type.
 */
export interface ProvisionedDashboard extends Omit<Dashboard, 'annotations'> {
  annotations?: { list?: (AnnotationQuery<InfluxAnnotationTarget> | AnnotationQuery)[] };
}

const BUILT_IN_ANNOTATIONS = {
  builtIn: 1,
  datasource: { type: 'grafana', uid: '-- Grafana --' },
  enable: true,
  hide: true,
  iconColor: 'rgba(0, 211, 255, 1)',
  name: 'Annotations & Alerts',
  type: 'dashboard',
} satisfies AnnotationQuery;

export function dashboard(d: {
  uid: string;
  title: string;
  description: string;
  variables: VariableModel[];
  annotations?: AnnotationQuery<InfluxAnnotationTarget>[];
  panels: (AnyPanel | RowPanel)[];
  time?: { from: string; to: string };
  refresh?: string;
}): ProvisionedDashboard {
  return {
    uid: d.uid,
    title: d.title,
    description: d.description,
    tags: ['plimsoll', 'k6'],
    editable: false,
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    time: d.time ?? { from: 'now-15m', to: 'now' },
    timepicker: { refresh_intervals: ['5s', '10s', '30s', '1m', '5m'] },
    refresh: d.refresh ?? '5s',
    timezone: 'browser',
    graphTooltip: 1,
    liveNow: false,
    fiscalYearStartMonth: 0,
    links: [{ title: 'plimsoll', type: 'dashboards', tags: ['plimsoll'], asDropdown: true, includeVars: true, keepTime: true, icon: 'external link', targetBlank: false, tooltip: '', url: '' }],
    annotations: { list: [BUILT_IN_ANNOTATIONS, ...(d.annotations ?? [])] },
    templating: { list: d.variables },
    panels: layout(d.panels),
  };
}

export { target };
