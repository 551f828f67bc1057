// Small k6 summaries for tests: what handleSummary's data holds for the metrics the verdict and the
// baseline gate read, with the per-endpoint and per-phase sub-metrics observations() makes k6 compute.
import type { SummaryData } from '../../lib/verdict/verdict';

export interface Traffic {
  p95: number;
  p99: number;
  failRate: number;
  count?: number;
}

function metrics(selector: string, t: Traffic): SummaryData['metrics'] {
  const count = t.count ?? 1000;
  const failed = Math.round(t.failRate * count);
  return {
    [`http_req_duration${selector}`]: {
      type: 'trend',
      contains: 'time',
      values: { avg: t.p95 / 2, min: 1, med: t.p95 / 2, max: t.p99 + 1, 'p(50)': t.p95 / 2, 'p(90)': t.p95 * 0.9, 'p(95)': t.p95, 'p(99)': t.p99, count },
      thresholds: { 'max>=0': { ok: true } },
    },
    [`http_req_failed${selector}`]: {
      type: 'rate',
      contains: 'default',
      values: { rate: t.failRate, passes: failed, fails: count - failed },
      thresholds: { 'rate>=0': { ok: true } },
    },
  };
}

/** A summary with whole-run traffic `all`, the given endpoints and phases. */
export function summary(all: Traffic, endpoints: Record<string, Traffic> = {}, phases: Record<string, Traffic> = {}, durationMs = 60_000): SummaryData {
  const data: SummaryData = { state: { testRunDurationMs: durationMs }, metrics: { ...metrics('', all) } };
  for (const [name, t] of Object.entries(endpoints)) Object.assign(data.metrics, metrics(`{name:${name}}`, t));
  for (const [name, t] of Object.entries(phases)) Object.assign(data.metrics, metrics(`{phase:${name}}`, t));
  data.metrics.http_reqs = { type: 'counter', contains: 'default', values: { count: all.count ?? 1000, rate: 10 } };
  return data;
}
