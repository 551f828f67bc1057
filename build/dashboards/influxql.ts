// A small typed builder for InfluxQL panel targets over k6's InfluxDB v1 output. Grafana's schema types
// leave a target's shape to its datasource, so this is where the InfluxQL side is typed: which
// measurements exist, which tags each one carries (a filter on a tag a measurement lacks would return
// nothing), and which Grafana macros a query may use.
import type { DataSourceRef } from '@grafana/schema';

/** The provisioned datasource (grafana/provisioning/datasources/influxdb.yml). */
export const DATASOURCE = { type: 'influxdb', uid: 'influxdb-k6' } as const satisfies DataSourceRef;

/** Tags every sample of a run carries through options.tags and the scenario. */
type RunTags = 'testid';
type IterationTags = RunTags | 'profile' | 'scenario' | 'phase';
type RequestTags = IterationTags | 'name' | 'method' | 'status' | 'expected_response';

/** k6's measurements (one per metric, field "value") and the tags plimsoll runs put on them. */
export interface Measurements {
  http_reqs: RequestTags;
  http_req_duration: RequestTags;
  http_req_failed: RequestTags;
  checks: IterationTags | 'check';
  iterations: IterationTags;
  iteration_duration: IterationTags;
  data_sent: IterationTags;
  data_received: IterationTags;
  dropped_iterations: RunTags | 'profile' | 'scenario';
  vus: RunTags;
  vus_max: RunTags;
}
export type Measurement = keyof Measurements;

/** Template variables the dashboards define; a query may only reference these. */
export type Variable = 'testid' | 'profile' | 'endpoint' | 'testid_a' | 'testid_b';

/** An aggregate over the "value" field, rendered as InfluxQL. */
export type Aggregate =
  | { fn: 'count' | 'sum' | 'mean' | 'max' | 'min' | 'first' | 'last' }
  | { fn: 'percentile'; p: number };

export interface Column {
  agg: Aggregate;
  as: string;
  /** Multiply the aggregate (e.g. 100 for a percentage). */
  scale?: number;
  /** Divide by the interval in seconds: a count or sum per interval becomes a rate per second. */
  perSecond?: boolean;
}

export interface Select<M extends Measurement> {
  from: M;
  columns: Column[];
  /** Regex filters `"tag" =~ /^$variable$/`, as Grafana expands single and multi-value variables. */
  where: Partial<Record<Measurements[M], Variable>>;
  /** Tags that must be set (`"tag" != ''`): e.g. phase, which setup()'s requests do not carry. */
  present?: Measurements[M][];
  /** `time($__interval)` for a time series; omitted for one value per group over the whole range. */
  byTime?: '$__interval' | '1s';
  groupBy?: Measurements[M][];
  /** Tags returned as extra columns beside the aggregates (annotations use them as text). */
  selectTags?: Measurements[M][];
  fill?: 'null' | 'none' | '0';
}

const quote = (id: string) => `"${id.replace(/"/g, '\\"')}"`;

function column(c: Column): string {
  const a = c.agg;
  let expr = a.fn === 'percentile' ? `percentile("value", ${a.p})` : `${a.fn}("value")`;
  if (c.scale !== undefined) expr += ` * ${c.scale}`;
  if (c.perSecond) expr += ' * 1000 / $__interval_ms';
  return `${expr} AS ${quote(c.as)}`;
}

/** InfluxQL for a Select; always bounded by Grafana's $timeFilter. */
export function influxql<M extends Measurement>(s: Select<M>): string {
  const cols = [...s.columns.map(column), ...(s.selectTags ?? []).map((t) => quote(t))];
  const where = [
    '$timeFilter',
    ...Object.entries(s.where).map(([tag, v]) => `${quote(tag)} =~ /^$${v as string}$/`),
    ...(s.present ?? []).map((tag) => `${quote(tag)} != ''`),
  ];
  const groups = [...(s.byTime ? [`time(${s.byTime})`] : []), ...(s.groupBy ?? []).map((t) => quote(t))];
  let q = `SELECT ${cols.join(', ')} FROM ${quote(s.from)} WHERE ${where.join(' AND ')}`;
  if (groups.length) q += ` GROUP BY ${groups.join(', ')}`;
  if (s.byTime) q += ` fill(${s.fill ?? 'null'})`;
  return q;
}

/** A subquery-based mean of per-second counts: requests per second while the group had traffic. */
export function meanRatePerSecond<M extends Measurement>(s: { from: M; as: string; where: Select<M>['where']; groupBy?: Measurements[M][] }): string {
  const groups = (s.groupBy ?? []).map((t) => quote(t));
  const inner = influxql({ from: s.from, columns: [{ agg: { fn: 'count' }, as: 'n' }], where: s.where, groupBy: s.groupBy, byTime: '1s', fill: 'none' });
  let q = `SELECT mean("n") AS ${quote(s.as)} FROM (${inner}) WHERE $timeFilter`;
  if (groups.length) q += ` GROUP BY ${groups.join(', ')}`;
  return q;
}

/** What Grafana's InfluxDB datasource stores for a raw InfluxQL query. */
export interface InfluxQLTarget {
  refId: string;
  datasource: typeof DATASOURCE;
  query: string;
  rawQuery: true;
  resultFormat: 'time_series' | 'table';
  /** Legend text; `$tag_name` picks a GROUP BY tag's value, `$col` the column name. */
  alias?: string;
}

export function target(refId: string, query: string, opts: { table?: boolean; alias?: string } = {}): InfluxQLTarget {
  return {
    refId,
    datasource: DATASOURCE,
    query,
    rawQuery: true,
    resultFormat: opts.table ? 'table' : 'time_series',
    ...(opts.alias ? { alias: opts.alias } : {}),
  };
}
