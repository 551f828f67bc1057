// The verdict: every SLA threshold and derived limit with what was observed and whether it held.
import { expressionOf } from '../sla/thresholds';
import type { DerivedLimits } from '../sla/schema';
import type { SummaryData } from '../wire/summary';
import type { Thresholds, Tier } from '../wire/run-sla';
import type { Measure, Unit, Verdict, VerdictRow } from '../wire/verdict';
import { evaluateThreshold, parseExpression } from '../sla/expression';
import { formatValue } from './format';

export type { SummaryData, Unit, VerdictRow };

/** What the SLA alone decides: the part of the run's verdict (lib/wire/verdict.ts) verdictOf computes. */
export type SlaVerdict = Pick<Verdict, 'passed' | 'iterations' | 'health' | 'rows' | 'measures'>;

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
      const aggregate = parseExpression(expression)?.aggregate ?? 'value';
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
): SlaVerdict {
  const rows = [...thresholdRows(data, sla.thresholds, sla.tiers ?? {}), ...derivedRows(measures, sla.derived ?? {})];
  rows.sort((a, b) => Number(a.ok) - Number(b.ok));
  // A breakpoint's stop criteria are meant to be crossed: they end the run, they do not fail it.
  const crossed = rows.filter((r) => !r.ok && r.tier !== 'break');
  const health = crossed.length === 0 ? 'healthy' : crossed.some((r) => r.tier === 'critical') ? 'critical' : 'degraded';
  const iterations = data.metrics.iterations?.values.count ?? 0;
  return { passed: crossed.length === 0 && iterations > 0, iterations, health, rows, measures };
}

export const formatObserved = (row: Pick<VerdictRow, 'observed' | 'unit'>) => formatValue(row.observed, row.unit);

/** A limit in words: `p(95)<500` on http_req_duration reads "p95 … 500ms", `rate<0.01` on http_req_failed "failures … 1%". */
function criterionWords(r: Pick<VerdictRow, 'metric' | 'expression'>): string {
  const e = parseExpression(r.expression);
  const m = /^([^{]+)(?:\{([^}]*)\})?$/.exec(r.metric);
  const [base, selector] = [m?.[1] ?? r.metric, m?.[2]];
  // `{name:search,phase:peak}` → "search peak": whose requests the limit is on.
  const whose = selector ? `${selector.split(',').map((kv) => kv.slice(kv.indexOf(':') + 1)).join(' ')} ` : '';
  const pct = (f: number) => `${+(f * 100).toFixed(2)}%`;
  if (e && base === 'http_req_duration') {
    const stat = /^p\((\d+(?:\.\d+)?)\)$/.exec(e.aggregate)?.[1];
    const what = stat ? `p${stat}` : e.aggregate === 'med' ? 'median latency' : `${e.aggregate} latency`;
    return `${whose}${what} crossed ${e.limit}ms`;
  }
  if (e && base === 'http_req_failed' && e.aggregate === 'rate') return `${whose}failures crossed ${pct(e.limit)}`;
  if (e && base === 'checks' && e.aggregate === 'rate') return `${whose}passing checks fell to ${pct(e.limit)} or below`;
  if (e && base === 'http_reqs' && e.aggregate === 'rate') return `${whose}the request rate fell below ${e.limit}/s`;
  return `${r.metric} ${r.expression} was crossed`;
}

/**
 * A breakpoint's PASS says what it found: the capacity, and the stop criterion crossed above it. Its SLA rows
 * are of tier 'break' (meant to be crossed: they stop the run); the capacity is the profile's measure.
 */
function breakpointLine(v: Pick<SlaVerdict, 'rows' | 'measures'>, gates: number): string {
  const stops = v.rows.filter((r) => r.tier === 'break' && !r.ok).map(criterionWords).join(' and ');
  const c = v.measures.find((m) => m.name === 'capacity')?.value;
  const held = gates === 0 ? '' : gates === 1 ? '; the one SLA limit held' : `; all ${gates} SLA limits held`;
  const rate = (x: number) => `${+x.toFixed(1)}/s`;
  if (!stops) {
    const found = c === undefined || c === null ? 'capacity not measured' : `capacity at least ${rate(c)}`;
    return `plimsoll verdict: PASS — ${found}: no stop criterion was crossed by the end of the ramp, so the limit lies higher${held}`;
  }
  if (c === undefined || c === null) return `plimsoll verdict: PASS — ${stops}; stopped as designed (capacity could not be measured)${held}`;
  if (c === 0) return `plimsoll verdict: PASS — capacity below the ramp's first window: ${stops} from the start; stopped as designed${held}`;
  return `plimsoll verdict: PASS — capacity ${rate(c)}: ${stops} above it; stopped as designed${held}`;
}

/** One line a person or CI log can read: the verdict and, when it failed, what was crossed; a breakpoint's, what it found. */
export function verdictLine(v: Pick<SlaVerdict, 'passed' | 'rows' | 'health' | 'iterations'> & Partial<Pick<SlaVerdict, 'measures'>>): string {
  if (v.iterations === 0) return 'plimsoll verdict: FAIL — the run completed no iteration, so nothing was measured';
  const gates = v.rows.filter((r) => r.tier !== 'break').length;
  const breakpoint = v.rows.some((r) => r.tier === 'break');
  if (v.passed && breakpoint) return breakpointLine({ rows: v.rows, measures: v.measures ?? [] }, gates);
  if (v.passed && gates === 0) return 'plimsoll verdict: PASS — the SLA sets no limit, so nothing gated the run';
  if (v.passed) return `plimsoll verdict: PASS — all ${gates} SLA limits held`;
  const crossed = v.rows.filter((r) => !r.ok && r.tier !== 'break');
  const list = crossed.map((r) => `${r.metric} ${r.expression} (observed ${formatObserved(r)}${r.tier === 'critical' ? ', critical' : ''})`).join('; ');
  return `plimsoll verdict: FAIL (${v.health}) — ${crossed.length} of ${gates} SLA limits crossed: ${list}`;
}

/** The run's one line: the SLA's, unless the run was interrupted or regressed against its baseline. */
export function runVerdictLine(v: Pick<Verdict, 'passed' | 'slaPassed' | 'rows' | 'health' | 'iterations' | 'interrupted' | 'regressions'> & Partial<Pick<Verdict, 'measures'>>): string {
  if (v.interrupted) return `plimsoll verdict: FAIL (interrupted by ${v.interrupted}) — only part of the planned load ran`;
  const sla = verdictLine({ ...v, passed: v.slaPassed });
  const regressed = (v.regressions ?? []).filter((r) => !r.ok);
  if (!v.slaPassed || regressed.length === 0) return sla;
  return `plimsoll verdict: FAIL (regression) — the SLA held, but ${regressed.length} of ${v.regressions!.length} comparisons with the baseline regressed: ${regressed.map((r) => `${r.scope} ${r.measure}`).join(', ')}`;
}
