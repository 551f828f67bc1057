// The baseline gate (grafana/k6 #1843): this run against a saved one, globally and per endpoint, so a
// change that makes the service slower or more failure-prone fails CI even while every SLA still holds.
import * as z from 'zod/mini';
import type { SummaryData } from '../wire/summary';
import { toleranceSchema, type ComparisonRow } from '../wire/verdict';

export { toleranceSchema };
import { describeIssue, issuePath } from '../config/issues';
import { formatValue, ms, pct, table } from './format';

export type Tolerance = z.infer<typeof toleranceSchema>;
export type ToleranceInput = z.input<typeof toleranceSchema>;
export const DEFAULT_TOLERANCE: Tolerance = z.parse(toleranceSchema, {});

/** Validate a tolerance (e.g. from TOLERANCE); missing keys get their defaults. Errors are one line. */
export function parseTolerance(input: unknown): { ok: true; tolerance: Tolerance } | { ok: false; error: string } {
  const parsed = z.safeParse(toleranceSchema, input ?? {});
  if (parsed.success) return { ok: true, tolerance: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, error: `tolerance: ${issuePath(issue, 'the value')} is not valid: ${describeIssue(issue)}` };
}

export type ComparisonMeasure = ComparisonRow['measure'];
export type { ComparisonRow };

export interface Comparison {
  passed: boolean;
  rows: ComparisonRow[];
}

const MEASURES: { measure: ComparisonMeasure; metric: 'http_req_duration' | 'http_req_failed'; key: string }[] = [
  { measure: 'p95', metric: 'http_req_duration', key: 'p(95)' },
  { measure: 'p99', metric: 'http_req_duration', key: 'p(99)' },
  { measure: 'failRate', metric: 'http_req_failed', key: 'rate' },
];

// Float sums such as 0.07 + 0.01 may land a hair below the exact bound; a current value equal to it holds.
const EPSILON = 1e-9;

const ENDPOINT = /^http_req_(?:duration|failed)\{name:(.+)\}$/;

function endpointsOf(data: SummaryData): Set<string> {
  const names = new Set<string>();
  for (const key of Object.keys(data.metrics)) {
    const name = ENDPOINT.exec(key)?.[1];
    if (name !== undefined && hasSamples(data, key)) names.add(name);
  }
  return names;
}

// A sub-metric k6 saw no sample for is absent, or (trends) carries count 0 and zeroed percentiles.
function hasSamples(data: SummaryData, metric: string): boolean {
  const values = data.metrics[metric]?.values;
  if (!values) return false;
  if (values.count !== undefined && values.count === 0) return false;
  if (values.passes !== undefined && values.fails !== undefined && values.passes + values.fails === 0) return false;
  return true;
}

function valueOf(data: SummaryData, metric: string, key: string): number | null {
  if (!hasSamples(data, metric)) return null;
  const v = data.metrics[metric]!.values[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const signed = (s: string, v: number) => (v >= 0 ? `+${s}` : s);

/** The highest current value the tolerance allows for a baseline value. */
export function allowed(measure: ComparisonMeasure, baseline: number, tolerance: Tolerance): number {
  if (measure === 'failRate') return Math.min(1, baseline + tolerance.failRate);
  return Math.max(baseline * (1 + tolerance.latency), baseline + tolerance.floorMs);
}

/**
 * Samples a percentile needs in both runs before a change in it counts: with fewer than 2 / (1 − q),
 * p(q) is decided by one or two requests (p99 of 40 samples is the maximum), and the gate would fail at random.
 */
const MIN_SAMPLES: Partial<Record<ComparisonMeasure, number>> = { p95: 40, p99: 200 };

function row(scope: string, measure: (typeof MEASURES)[number], baseline: SummaryData, current: SummaryData, tolerance: Tolerance): ComparisonRow {
  const metric = scope === 'all' ? measure.metric : `${measure.metric}{name:${scope}}`;
  const b = valueOf(baseline, metric, measure.key);
  const c = valueOf(current, metric, measure.key);
  if (b === null || c === null) return { scope, metric, measure: measure.measure, baseline: b, current: c, delta: null, limit: '—', ok: true };
  const needed = MIN_SAMPLES[measure.measure] ?? 0;
  const samples = Math.min(baseline.metrics[metric]!.values.count ?? Infinity, current.metrics[metric]!.values.count ?? Infinity);
  if (samples < needed) return { scope, metric, measure: measure.measure, baseline: b, current: c, delta: c - b, limit: `— (under ${needed} samples)`, ok: true };
  const bound = allowed(measure.measure, b, tolerance);
  const limit = `≤ ${measure.measure === 'failRate' ? pct(bound) : ms(bound)}`;
  return { scope, metric, measure: measure.measure, baseline: b, current: c, delta: c - b, limit, ok: c <= bound + EPSILON };
}

/**
 * Compare a run with its baseline: p95 and p99 latency (relative, with an absolute floor) and the
 * failed-request share (absolute), for the whole run and each endpoint either run has. Regressions first.
 */
export function compareRuns(baseline: SummaryData, current: SummaryData, tolerance: Tolerance = DEFAULT_TOLERANCE): Comparison {
  const endpoints = [...new Set([...endpointsOf(baseline), ...endpointsOf(current)])].sort();
  const rows: ComparisonRow[] = [];
  for (const scope of ['all', ...endpoints]) {
    for (const measure of MEASURES) rows.push(row(scope, measure, baseline, current, tolerance));
  }
  rows.sort((a, b) => Number(a.ok) - Number(b.ok));
  return { passed: rows.every((r) => r.ok), rows };
}

/** A row's baseline or current value in its unit, or '—' when that run lacks it. */
export const formatMeasure = (measure: ComparisonMeasure, v: number | null): string => (v === null ? '—' : formatValue(v, measure === 'failRate' ? 'fraction' : 'ms'));

/** `+40.0ms (+40.0%)` for latency, `+0.50pp` (percentage points) for the failed share; '—' without both sides. */
export function formatDelta(r: Pick<ComparisonRow, 'measure' | 'baseline' | 'delta'>): string {
  if (r.delta === null || r.baseline === null) return '—';
  if (r.measure === 'failRate') return signed(`${(r.delta * 100).toFixed(2)}pp`, r.delta);
  const relative = r.baseline > 0 ? ` (${signed(`${((r.delta / r.baseline) * 100).toFixed(1)}%`, r.delta)})` : '';
  return signed(ms(r.delta), r.delta) + relative;
}

/** What a row found, in a word or two: held, REGRESSED, only in baseline, only in current. */
export function resultOf(r: Pick<ComparisonRow, 'ok' | 'baseline' | 'current'>): string {
  if (r.baseline === null && r.current === null) return 'no samples';
  if (r.current === null) return 'only in baseline';
  if (r.baseline === null) return 'only in current';
  return r.ok ? 'held' : 'REGRESSED';
}

/** The tolerance in words, as the failure messages quote it. */
export function describeTolerance(measure: ComparisonMeasure, tolerance: Tolerance): string {
  if (measure === 'failRate') return `tolerance +${(tolerance.failRate * 100).toFixed(2)}pp`;
  return `tolerance +${+(tolerance.latency * 100).toFixed(2)}%, at least ${+tolerance.floorMs.toFixed(3)}ms`;
}

/** The comparison as an aligned text table for the console: regressions first, with deltas. */
export function comparisonTable(rows: readonly ComparisonRow[]): string {
  const header = ['vs baseline', 'baseline', 'current', 'delta', 'limit', 'result'];
  const cells = rows.map((r) => [
    `${r.ok ? (r.baseline === null || r.current === null ? '·' : '✓') : '✗'} ${r.scope} ${r.measure}`,
    formatMeasure(r.measure, r.baseline),
    formatMeasure(r.measure, r.current),
    formatDelta(r),
    r.limit,
    resultOf(r),
  ]);
  return table(header, cells).join('\n');
}

/** One line for a person or a CI log: the gate's outcome and, when it failed, what regressed. */
export function comparisonLine(c: { passed: boolean; rows: readonly ComparisonRow[] }): string {
  if (c.passed) return `plimsoll baseline: PASS — no regression in ${c.rows.filter((r) => r.delta !== null).length} comparisons`;
  const regressed = c.rows.filter((r) => !r.ok);
  const list = regressed.map((r) => `${r.scope} ${r.measure} ${formatMeasure(r.measure, r.baseline)} → ${formatMeasure(r.measure, r.current)}, ${formatDelta(r)}, limit ${r.limit}`);
  return `plimsoll baseline: FAIL — ${regressed.length} regression${regressed.length === 1 ? '' : 's'}: ${list.join('; ')}`;
}
