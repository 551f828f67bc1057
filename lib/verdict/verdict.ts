// The verdict: every SLA threshold with what k6 observed and whether it held, read from k6's summary data.
import type { Thresholds } from '../sla/thresholds';

/** The part of k6's handleSummary data the verdict reads. */
export interface SummaryData {
  metrics: Record<string, { type: string; contains?: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
  state: { testRunDurationMs: number };
}

export interface VerdictRow {
  metric: string;
  expression: string;
  /** The aggregate the expression compares, as k6 computed it; null when the metric had no samples. */
  observed: number | null;
  unit: 'ms' | 'fraction' | 'per_s' | 'count';
  ok: boolean;
}

export interface Verdict {
  passed: boolean;
  rows: VerdictRow[];
}

const AGGREGATE = /^\s*(p\(\d+(?:\.\d+)?\)|avg|min|med|max|rate|count|value)\s*(?:<=|>=|<|>|===|==|!=)/;

function unitOf(type: string | undefined, aggregate: string): VerdictRow['unit'] {
  if (type === 'trend') return 'ms';
  if (type === 'rate') return 'fraction';
  return aggregate === 'rate' ? 'per_s' : 'count';
}

export function verdictOf(data: SummaryData, thresholds: Thresholds): Verdict {
  const rows: VerdictRow[] = [];
  for (const [metric, expressions] of Object.entries(thresholds)) {
    const m = data.metrics[metric];
    for (const expression of expressions) {
      const aggregate = AGGREGATE.exec(expression)?.[1] ?? 'value';
      const observed = m?.values[aggregate];
      // A metric without samples has no entry; k6 counts its thresholds as held, and so must we.
      rows.push({ metric, expression, observed: observed ?? null, unit: unitOf(m?.type, aggregate), ok: m?.thresholds?.[expression]?.ok ?? true });
    }
  }
  rows.sort((a, b) => Number(a.ok) - Number(b.ok));
  return { passed: rows.every((r) => r.ok), rows };
}

export function formatObserved(row: Pick<VerdictRow, 'observed' | 'unit'>): string {
  if (row.observed === null) return 'no samples';
  if (row.unit === 'ms') return `${row.observed.toFixed(1)}ms`;
  if (row.unit === 'fraction') return `${(row.observed * 100).toFixed(2)}%`;
  if (row.unit === 'per_s') return `${row.observed.toFixed(2)}/s`;
  return String(row.observed);
}

/** One line a person or CI log can read: the verdict and, when it failed, what was crossed. */
export function verdictLine(v: Verdict): string {
  if (v.passed) return `plimsoll verdict: PASS — all ${v.rows.length} SLA thresholds held`;
  const crossed = v.rows.filter((r) => !r.ok);
  const list = crossed.map((r) => `${r.metric} ${r.expression} (observed ${formatObserved(r)})`).join('; ');
  return `plimsoll verdict: FAIL — ${crossed.length} of ${v.rows.length} SLA thresholds crossed: ${list}`;
}
