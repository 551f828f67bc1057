// A small typed builder for InfluxQL panel targets over k6's InfluxDB v1 output. Grafana's schema types
// leave a target's shape to its datasource, so this is where the InfluxQL side is typed: which
// measurements exist, which tags each one carries (a filter on a tag a measurement lacks would return
// nothing), and which Grafana macros a query may use.
import type { DataSourceRef } from '@grafana/schema';
import { SLA_METRIC } from '../../lib/sla/metrics';

/** The provisioned datasource (grafana/provisioning/datasources/influxdb.yml). */
export const DATASOURCE = { type: 'influxdb', uid: 'influxdb-k6' } as const satisfies DataSourceRef;

/** Tags every sample of a run carries through options.tags and the scenario. */
type RunTags = 'testid';
/** `scenario` is k6's system tag: the plimsoll scenario's name (scenarios/<name>.ts). */
type IterationTags = RunTags | 'profile' | 'journey' | 'scenario' | 'phase';
/** `name` is the step (an endpoint-list journey's steps are its entries). */
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
  /** A journey's flows (Session.flow): steps timed as a whole. */
  flow_duration: IterationTags | 'flow';
  /**
   * The run's own global SLA limits, a Gauge that lib/plimsoll.ts writes in setup() and teardown() only
   * (outside any k6 scenario: no profile, journey or scenario tag).
   */
  [SLA_METRIC]: RunTags | 'phase' | 'limit';
}
export type Measurement = keyof Measurements;

/** The variables that pick one run: testid, or a side of the run comparison. */
export type RunVariable = 'testid' | 'testid_a' | 'testid_b';
/** Template variables the dashboards define; a query may only reference these. */
export type Variable = RunVariable | 'scenario' | 'profile' | 'journey' | 'step';

/** The limits a run records as plimsoll_sla{limit} (the global ones its SLA sets: ms, failRate a fraction). */
export type SlaLimit = 'p50' | 'p90' | 'p95' | 'p99' | 'max' | 'failRate';

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
  /** Tags equal to a fixed value (`"tag" = 'value'`). */
  is?: Partial<Record<Measurements[M], string>>;
  /**
   * No $timeFilter: only for plimsoll_sla, which a run writes a handful of points to, at its start and end.
   * A window over a long run's middle (a soak at now-15m) holds neither, yet the run's limit still applies.
   */
  wholeRun?: M extends typeof SLA_METRIC ? true : never;
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
const literal = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function column(c: Column): string {
  const a = c.agg;
  let expr = a.fn === 'percentile' ? `percentile("value", ${a.p})` : `${a.fn}("value")`;
  if (c.scale !== undefined) expr += ` * ${c.scale}`;
  if (c.perSecond) expr += ' * 1000 / $__interval_ms';
  return `${expr} AS ${quote(c.as)}`;
}

/** InfluxQL for a Select; bounded by Grafana's $timeFilter unless it reads a whole run's SLA limits. */
export function influxql<M extends Measurement>(s: Select<M>): string {
  const cols = [...s.columns.map(column), ...(s.selectTags ?? []).map((t) => quote(t))];
  const where = [
    ...(s.wholeRun ? [] : ['$timeFilter']),
    ...Object.entries(s.where).map(([tag, v]) => `${quote(tag)} =~ /^$${v as string}$/`),
    ...Object.entries(s.is ?? {}).map(([tag, v]) => `${quote(tag)} = ${literal(v as string)}`),
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

/** The columns of a run's SLA limit query, in the order Grafana turns them into threshold steps. */
export const SLA_COLUMNS = { within: 'within', limit: 'limit' } as const;

/**
 * One global SLA limit of one run, as one row: `within`, 0 (where the band within the limit starts: latencies
 * and rates are never negative) and `limit`, the value. The run writes it at setup and again at teardown; the
 * testid and limit tags alone bound the query (see Select.wholeRun). No row: the run's SLA sets no such limit.
 */
export function slaLimitQuery(limit: SlaLimit, run: RunVariable): string {
  return influxql({
    from: SLA_METRIC,
    columns: [
      { agg: { fn: 'last' }, as: SLA_COLUMNS.within, scale: 0 },
      { agg: { fn: 'last' }, as: SLA_COLUMNS.limit },
    ],
    where: { testid: run },
    is: { limit },
    wholeRun: true,
  });
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
