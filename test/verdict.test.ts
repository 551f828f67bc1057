import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verdictOf, verdictLine, type SummaryData } from '../lib/verdict/verdict';
import { computeMeasures } from '../lib/profiles/measures';
import type { Plan } from '../lib/profiles/profile';

const trend = (p95: number, extra: Record<string, number> = {}) => ({ type: 'trend', values: { 'p(95)': p95, ...extra } });
const rate = (r: number) => ({ type: 'rate', values: { rate: r } });

test('verdict: observed values, k6 results and tiers per threshold, crossed first, one line', () => {
  const data: SummaryData = {
    state: { testRunDurationMs: 1000 },
    metrics: {
      iterations: { type: 'counter', values: { count: 10 } },
      http_req_duration: { ...trend(812.34), thresholds: { 'p(95)<500': { ok: false }, 'p(95)<3000': { ok: true } } },
      http_req_failed: { ...rate(0.002), thresholds: { 'rate<0.01': { ok: true } } },
    },
  };
  const thresholds = {
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<500', { threshold: 'p(95)<3000', abortOnFail: true, delayAbortEval: '10s' }],
    'http_req_duration{name:search}': ['p(95)<800'],
  };
  const v = verdictOf(data, { thresholds, tiers: { 'http_req_duration p(95)<3000': 'critical' } });
  assert.equal(v.passed, false);
  assert.equal(v.health, 'degraded');
  assert.deepEqual(v.rows.map((r) => [r.metric, r.expression, r.observed, r.tier, r.ok]), [
    ['http_req_duration', 'p(95)<500', 812.34, 'degraded', false],
    ['http_req_failed', 'rate<0.01', 0.002, 'degraded', true],
    ['http_req_duration', 'p(95)<3000', 812.34, 'critical', true],
    ['http_req_duration{name:search}', 'p(95)<800', null, 'degraded', true],
  ]);
  assert.equal(verdictLine(v), 'plimsoll verdict: FAIL (degraded) — 1 of 4 SLA limits crossed: http_req_duration p(95)<500 (observed 812.3ms)');
  const critical = verdictOf({ ...data, metrics: { ...data.metrics, http_req_duration: { ...trend(5000), thresholds: { 'p(95)<500': { ok: false }, 'p(95)<3000': { ok: false } } } } }, { thresholds, tiers: { 'http_req_duration p(95)<3000': 'critical' } });
  assert.equal(critical.health, 'critical');
  assert.equal(verdictLine(verdictOf(data, { thresholds: { http_req_failed: ['rate<0.01'] } })), 'plimsoll verdict: PASS — all 1 SLA limits held');
});

test('derived limits gate measures; an unmeasured value fails; break rows never fail', () => {
  const data: SummaryData = { state: { testRunDurationMs: 1 }, metrics: { iterations: { type: 'counter', values: { count: 10 } }, http_req_duration: { ...trend(900), thresholds: { 'p(95)<500': { ok: false } } } } };
  const measures = [
    { name: 'recovery' as const, value: 4000, unit: 'ms' as const },
    { name: 'capacity' as const, value: 120, unit: 'per_s' as const },
    { name: 'drift' as const, value: null, unit: 'ratio' as const },
  ];
  const v = verdictOf(data, { thresholds: { http_req_duration: ['p(95)<500'] }, tiers: { 'http_req_duration p(95)<500': 'break' }, derived: { recoveryMs: 5000, capacity: 150, drift: 2 } }, measures);
  assert.deepEqual(v.rows.map((r) => [r.metric, r.expression, r.ok]), [
    ['http_req_duration', 'p(95)<500', false],
    ['capacity', '>=150.00/s', false],
    ['drift', '<=2.00x', false],
    ['recovery', '<=5000.0ms', true],
  ]);
  assert.equal(v.passed, false);
  assert.equal(verdictLine(v), 'plimsoll verdict: FAIL (degraded) — 2 of 3 SLA limits crossed: capacity >=150.00/s (observed 120.00/s); drift <=2.00x (observed no samples)');
  const onlyBreak = verdictOf(data, { thresholds: { http_req_duration: ['p(95)<500'] }, tiers: { 'http_req_duration p(95)<500': 'break' } });
  assert.equal(onlyBreak.passed, true);
  const idle = verdictOf({ ...data, metrics: {} }, { thresholds: {} });
  assert.equal(idle.passed, false);
  assert.equal(verdictLine(idle), 'plimsoll verdict: FAIL — the run completed no iteration, so nothing was measured');
});

const windows = (phase: string, p95s: number[]) => Object.fromEntries(p95s.map((v, i) => [`http_req_duration{window:${phase}-${i + 1}}`, trend(v)]));

test('measures: degradation, recovery (first window from which p95 stays near warm-up), drift, capacity', () => {
  const spikePlan: Plan = { startRate: 10, phases: [{ name: 'warmup', durationMs: 1000, target: 10 }, { name: 'peak', durationMs: 1000, target: 50 }, { name: 'recovery', durationMs: 4000, target: 10, windows: 4 }] };
  const data: SummaryData = {
    state: { testRunDurationMs: 6000 },
    metrics: {
      'http_req_duration{phase:warmup}': trend(10),
      'http_req_duration{phase:peak}': trend(80),
      // Window 2 dips back, window 3 is slow again: recovery counts from window 4 (3 s in).
      ...windows('recovery', [200, 12, 40, 14]),
    },
  };
  const m = computeMeasures([{ kind: 'degradation', from: 'warmup', to: 'peak' }, { kind: 'recovery', baseline: 'warmup', phase: 'recovery', tolerance: 0.5 }], data, spikePlan, { latency: [] });
  assert.deepEqual(m, [{ name: 'degradation', unit: 'ratio', value: 8 }, { name: 'recovery', unit: 'ms', value: 3000 }]);
  const never = computeMeasures([{ kind: 'recovery', baseline: 'warmup', phase: 'recovery', tolerance: 0.5 }], { ...data, metrics: { ...data.metrics, ...windows('recovery', [200, 12, 40, 99]) } }, spikePlan, { latency: [] });
  assert.equal(never[0]!.value, Infinity);

  const soakPlan: Plan = { startRate: 10, phases: [{ name: 'soak', durationMs: 3000, target: 10, windows: 3 }] };
  const soakData: SummaryData = { state: { testRunDurationMs: 3000 }, metrics: { ...windows('soak', [10, 12, 25]), 'http_req_failed{window:soak-1}': rate(0.01), 'http_req_failed{window:soak-3}': rate(0.05) } };
  const drift = computeMeasures([{ kind: 'drift', phase: 'soak' }], soakData, soakPlan, { latency: [] });
  assert.equal(drift[0]!.value, 2.5);
  assert.ok(Math.abs(drift[1]!.value! - 0.04) < 1e-12);

  const bpPlan: Plan = { startRate: 0, phases: [{ name: 'ramp', durationMs: 4000, target: 400, windows: 4 }] };
  const bpData: SummaryData = { state: { testRunDurationMs: 4000 }, metrics: { ...windows('ramp', [10, 20, 300, 15]) } };
  const cap = computeMeasures([{ kind: 'capacity', phase: 'ramp' }], bpData, bpPlan, { latency: [{ stat: 'p(95)', below: 100 }] });
  // Windows end at 100, 200, 300, 400/s; the third broke the limit, so capacity is 200/s even though the fourth looks fine.
  assert.equal(cap[0]!.value, 200);
});
