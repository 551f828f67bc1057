// The verdict: every SLA threshold and derived limit with what was observed and whether it held.
import { expressionOf, type Thresholds } from '../sla/thresholds';
import type { DerivedLimits, Tier } from '../sla/schema';
import type { Measure } from '../profiles/measures';
import { evaluateThreshold } from './threshold-eval';

/** The part of k6's handleSummary data the verdict reads. */
export interface SummaryData {
  metrics: Record<string, { type: string; contains?: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
  state: { testRunDurationMs: number };
}

/** `value`: a plain number (a journey's own trend or gauge of something other than time). */
export type Unit = 'ms' | 'fraction' | 'per_s' | 'count' | 'ratio' | 'value';

export interface VerdictRow {
  metric: string;
  expression: string;
  /** The aggregate the expression compares, as observed; null when there were no samples. */
  observed: number | null;
  unit: Unit;
  tier: Tier;
  ok: boolean;
}

export interface Verdict {
  passed: boolean;
  /** Iterations the run completed: a run that did nothing never passes. */
  iterations: number;
  /** healthy: every limit held; degraded: a limit was crossed; critical: a critical limit was crossed. */
  health: 'healthy' | 'degraded' | 'critical';
  rows: VerdictRow[];
  measures: Measure[];
}

const AGGREGATE = /^\s*(p\(\d+(?:\.\d+)?\)|avg|min|med|max|rate|count|value)\s*(?:<=|>=|<|>|===|==|!=)/;

function unitOf(type: string | undefined, contains: string | undefined, aggregate: string): Unit {
  if (type === 'trend') return contains === undefined || contains === 'time' ? 'ms' : 'value';
  if (type === 'gauge') return 'value';
  if (type === 'rate') return 'fraction';
  return aggregate === 'rate' ? 'per_s' : 'count';
}

function thresholdRows(data: SummaryData, thresholds: Thresholds, tiers: Record<string, Tier>): VerdictRow[] {
  const rows: VerdictRow[] = [];
  for (const [metric, list] of Object.entries(thresholds)) {
    const m = data.metrics[metric];
    for (const t of list) {
      const expression = expressionOf(t);
      const aggregate = AGGREGATE.exec(expression)?.[1] ?? 'value';
      rows.push({
        metric,
        expression,
        observed: m?.values[aggregate] ?? null,
        unit: unitOf(m?.type, m?.contains, aggregate),
        tier: tiers[`${metric} ${expression}`] ?? 'degraded',
        // A metric without samples has no entry; k6 counts its thresholds as held, and so must we. Data k6
        // did not judge (merged shards) carries no `ok`: the expression is evaluated on its values.
        ok: m?.thresholds?.[expression]?.ok ?? (m ? evaluateThreshold(expression, m.values) : true),
      });
    }
  }
  return rows;
}

// Derived limits: which way each one points. A measure that could not be taken (null) fails its limit.
const DERIVED: { [K in keyof DerivedLimits]-?: 'max' | 'min' } = { degradation: 'max', recoveryMs: 'max', drift: 'max', errorDrift: 'max', capacity: 'min' };
const MEASURE_OF: { [K in keyof DerivedLimits]-?: Measure['name'] } = { degradation: 'degradation', recoveryMs: 'recovery', drift: 'drift', errorDrift: 'errorDrift', capacity: 'capacity' };

function derivedRows(measures: Measure[], limits: DerivedLimits): VerdictRow[] {
  const rows: VerdictRow[] = [];
  for (const [key, limit] of Object.entries(limits) as [keyof DerivedLimits, number | undefined][]) {
    if (limit === undefined) continue;
    const m = measures.find((x) => x.name === MEASURE_OF[key]);
    if (!m) continue;
    const max = DERIVED[key] === 'max';
    const ok = m.value !== null && (max ? m.value <= limit : m.value >= limit);
    rows.push({ metric: m.name, expression: `${max ? '<=' : '>='}${formatValue(limit, m.unit)}`, observed: m.value, unit: m.unit, tier: 'degraded', ok });
  }
  return rows;
}

export function verdictOf(
  data: SummaryData,
  sla: { thresholds: Thresholds; tiers?: Record<string, Tier>; derived?: DerivedLimits },
  measures: Measure[] = [],
): Verdict {
  const rows = [...thresholdRows(data, sla.thresholds, sla.tiers ?? {}), ...derivedRows(measures, sla.derived ?? {})];
  rows.sort((a, b) => Number(a.ok) - Number(b.ok));
  // A breakpoint's stop criteria are meant to be crossed: they end the run, they do not fail it.
  const crossed = rows.filter((r) => !r.ok && r.tier !== 'break');
  const health = crossed.length === 0 ? 'healthy' : crossed.some((r) => r.tier === 'critical') ? 'critical' : 'degraded';
  const iterations = data.metrics.iterations?.values.count ?? 0;
  return { passed: crossed.length === 0 && iterations > 0, iterations, health, rows, measures };
}

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return 'no samples';
  if (value === Infinity) return 'never';
  switch (unit) {
    case 'ms':
      return `${value.toFixed(1)}ms`;
    case 'fraction':
      return `${(value * 100).toFixed(2)}%`;
    case 'per_s':
      return `${value.toFixed(2)}/s`;
    case 'ratio':
      return `${value.toFixed(2)}x`;
    case 'count':
      return String(value);
    case 'value':
      return String(Math.round(value * 100) / 100);
  }
}

export const formatObserved = (row: Pick<VerdictRow, 'observed' | 'unit'>) => formatValue(row.observed, row.unit);

/** One line a person or CI log can read: the verdict and, when it failed, what was crossed. */
export function verdictLine(v: Pick<Verdict, 'passed' | 'rows' | 'health' | 'iterations'>): string {
  if (v.iterations === 0) return 'plimsoll verdict: FAIL — the run completed no iteration, so nothing was measured';
  const gates = v.rows.filter((r) => r.tier !== 'break').length;
  if (v.passed) return `plimsoll verdict: PASS — all ${gates} SLA limits held`;
  const crossed = v.rows.filter((r) => !r.ok && r.tier !== 'break');
  const list = crossed.map((r) => `${r.metric} ${r.expression} (observed ${formatObserved(r)}${r.tier === 'critical' ? ', critical' : ''})`).join('; ');
  return `plimsoll verdict: FAIL (${v.health}) — ${crossed.length} of ${gates} SLA limits crossed: ${list}`;
}
