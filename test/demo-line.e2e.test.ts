// The demo draws the line: with no TARGET the runner starts the demo with RUNNER_KNOBS, whose capacity lies
// between the spike's base rate and its peak. On the real k6, as a user runs it: the spike degrades the demo
// and it recovers; a breakpoint finds the capacity its knobs imply, and its verdict line says so. Plus the
// pure parts: the implied capacity, the breakpoint's verdict line, the SLA table's wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { impliedCapacity, meanServiceTime } from '../demo/capacity';
import { DEFAULT_KNOBS, RUNNER_KNOBS, type Knobs } from '../demo/knobs';
import { verdictLine, verdictOf, type VerdictRow } from '../lib/verdict/verdict';
import { consoleReport } from '../lib/verdict/console';
import type { Verdict } from '../lib/wire/verdict';
import { runProfile } from './support/k6';
import { readFileSync } from 'node:fs';

const ENDPOINTS = JSON.parse(readFileSync(new URL('../demo/endpoints.json', import.meta.url), 'utf8'));
/** The spike's defaults (lib/profiles/spike.ts): RATE 10/s, PEAK 5; one request per iteration. */
const [BASE, PEAK] = [10, 50];
const IMPLIED = impliedCapacity(RUNNER_KNOBS, ENDPOINTS);

// --- pure: what the knobs imply ---

test('implied capacity: slots × 1000 / the mix’s mean service time; the runner’s demo sits between base and peak', () => {
  const one = (path: string, knobs: Partial<Knobs> = {}) => impliedCapacity({ ...DEFAULT_KNOBS, jitterMs: 0, ...knobs }, [{ path }]);
  assert.equal(one('/api/items', { capacity: 4, latencyMs: 100 }), 40);
  // search costs 3 × latencyMs, health 1/5; a route override replaces the product.
  assert.equal(one('/api/search?q=x', { capacity: 3, latencyMs: 100 }), 10);
  assert.equal(one('/health', { capacity: 1, latencyMs: 50 }), 100);
  assert.equal(one('/api/items/{id}', { capacity: 2, latencyMs: 100, routes: { 'item-get': { latencyMs: 50 } } }), 40);
  // Weights mix the service times: (3 × 100 + 1 × 300) / 4 = 150 ms.
  assert.equal(meanServiceTime({ ...DEFAULT_KNOBS, latencyMs: 100, jitterMs: 0 }, [{ path: '/api/items', weight: 3 }, { path: '/api/search?q=x' }]), 150);
  // A negative draw is served in 0 ms: the mean of max(0, 1 ± 2) is (1 + 2)² / (4 × 2).
  assert.equal(meanServiceTime({ ...DEFAULT_KNOBS, latencyMs: 5, jitterMs: 2 }, [{ path: '/health' }]), 9 / 8);
  assert.throws(() => one('/nowhere'), /no route of the demo/);
  assert.throws(() => one('/api/cart'), /needs a login/);
  // demo/endpoints.json's mix: mean factor (0.2 + 3 + 4 + 3 + 1) / 10 = 1.12 of latencyMs.
  assert.ok(Math.abs(meanServiceTime(RUNNER_KNOBS, ENDPOINTS) - 1.12 * RUNNER_KNOBS.latencyMs) < 1e-9);
  assert.ok(IMPLIED > BASE * 2 && IMPLIED < PEAK * 0.85, `the runner's demo serves ${IMPLIED.toFixed(1)}/s: well between ${BASE}/s and ${PEAK}/s`);
  assert.ok(impliedCapacity(DEFAULT_KNOBS, ENDPOINTS) > PEAK * 10, 'the default demo stays roomy for every other test');
});

// --- pure: the verdict's words ---

const row = (metric: string, expression: string, observed: number, ok: boolean, tier: VerdictRow['tier'], unit: VerdictRow['unit'] = 'ms'): VerdictRow => ({ metric, expression, observed, unit, tier, ok });
const capacity = (value: number | null) => [{ name: 'capacity' as const, unit: 'per_s' as const, value }];
const p95Stop = row('http_req_duration', 'p(95)<500', 743.9, false, 'break');
const failStop = row('http_req_failed', 'rate<0.01', 0, true, 'break', 'fraction');

test('a breakpoint’s verdict line says what it found: the capacity and the criterion crossed above it', () => {
  const line = (rows: VerdictRow[], value: number | null, passed = true) => verdictLine({ passed, health: passed ? 'healthy' : 'degraded', iterations: 100, rows, measures: capacity(value) });
  assert.equal(line([p95Stop, failStop], 225), 'plimsoll verdict: PASS — capacity 225/s: p95 crossed 500ms above it; stopped as designed');
  assert.equal(line([p95Stop, failStop], 37.5), 'plimsoll verdict: PASS — capacity 37.5/s: p95 crossed 500ms above it; stopped as designed');
  const both = [p95Stop, { ...failStop, ok: false, observed: 0.2 }, row('http_req_duration{name:search}', 'p(99)<800', 900, false, 'break')];
  assert.equal(line(both, 35), 'plimsoll verdict: PASS — capacity 35/s: p95 crossed 500ms and failures crossed 1% and search p99 crossed 800ms above it; stopped as designed');
  assert.equal(line([{ ...p95Stop, ok: true }, failStop], 60), 'plimsoll verdict: PASS — capacity at least 60/s: no stop criterion was crossed by the end of the ramp, so the limit lies higher');
  assert.equal(line([p95Stop, failStop], 0), "plimsoll verdict: PASS — capacity below the ramp's first window: p95 crossed 500ms from the start; stopped as designed");
  const gated = [p95Stop, failStop, row('capacity', '>=30.00/s', 35, true, 'degraded', 'per_s')];
  assert.equal(line(gated, 35), 'plimsoll verdict: PASS — capacity 35/s: p95 crossed 500ms above it; stopped as designed; the one SLA limit held');
  // A breakpoint that failed a gate still names what was crossed.
  assert.equal(line([{ ...gated[2]!, ok: false, expression: '>=50.00/s' }, p95Stop], 35, false), 'plimsoll verdict: FAIL (degraded) — 1 of 1 SLA limits crossed: capacity >=50.00/s (observed 35.00/s)');
  for (const l of [line([p95Stop, failStop], 225), line([p95Stop], 0)]) assert.doesNotMatch(l, /SLA limits held/);
  // Not a breakpoint: as before, and an SLA without limits says so instead of "all 0 SLA limits held".
  assert.equal(verdictLine({ passed: true, health: 'healthy', iterations: 5, rows: [row('http_req_duration', 'p(95)<500', 10, true, 'degraded')] }), 'plimsoll verdict: PASS — all 1 SLA limits held');
  assert.equal(verdictLine({ passed: true, health: 'healthy', iterations: 5, rows: [] }), 'plimsoll verdict: PASS — the SLA sets no limit, so nothing gated the run');
});

test('the SLA table: a held row does not show its tier as a state; the column says what crossing does', () => {
  const data = { state: { testRunDurationMs: 1000 }, metrics: { iterations: { type: 'counter', values: { count: 10 } } } };
  const rows = [p95Stop, row('http_req_failed', 'rate<0.01', 0, true, 'degraded', 'fraction'), row('http_req_duration', 'p(95)<3000', 743.9, true, 'critical')];
  const verdict = { ...verdictOf(data, { thresholds: {} }), rows, measures: capacity(35), passed: true, slaPassed: true, scenario: 'breakpoint', profile: 'breakpoint', target: 'http://127.0.0.1:1' } as unknown as Verdict;
  const text = consoleReport(data, verdict, { scope: { steps: [], phases: [] }, measures: [], plan: { startRate: 0, phases: [] } });
  const table = text.split('\n').filter((l) => /^ {2}(SLA|✓|✗) /.test(l));
  assert.match(table[0]!, /^ {2}SLA +limit +observed +result +if crossed$/);
  assert.match(table[1]!, /✗ http_req_duration +p\(95\)<500 +743\.9ms +CROSSED +stops the run$/);
  assert.match(table[2]!, /✓ http_req_failed +rate<0\.01 +0\.00% +held +fails the run$/);
  assert.match(table[3]!, /✓ http_req_duration +p\(95\)<3000 +743\.9ms +held +fails, aborts$/);
  for (const l of table.filter((l) => l.includes('held'))) assert.doesNotMatch(l, /degraded|critical/, l);
  assert.match(text, /plimsoll verdict: PASS — capacity 35\/s: p95 crossed 500ms above it; stopped as designed/);
});

// --- the real engine, as a user runs it: no TARGET, so the runner starts the demo with RUNNER_KNOBS ---

type Measure = { name: string; value: number | null };
const measureOf = (verdict: { measures: Measure[] }, name: string) => verdict.measures.find((m) => m.name === name)?.value;

test('spike against the runner’s demo (TIME_SCALE 0.2, about a minute): warm-up healthy, p95 > 2× at the peak, recovery measured', async () => {
  const r = await runProfile('spike', { TARGET: '' }, 150_000);
  assert.match(r.stdout, /started the demo target at http:\/\/127\.0\.0\.1:\d+ \(TIME_SCALE=0\.2\)/, r.stderr);
  assert.match(r.stdout, new RegExp(`the demo serves about ${+IMPLIED.toFixed(1)} requests/s`));
  const verdict = r.read('verdict.json');
  const summary = r.read('summary.json');
  const p95 = (phase: string) => summary.metrics[`http_req_duration{phase:${phase}}`]?.values['p(95)'] as number;
  const degradation = measureOf(verdict, 'degradation');
  // verdict.json writes a recovery that never came (Infinity) as null.
  const recovery = measureOf(verdict, 'recovery');
  console.log(`# spike: warm-up p95 ${p95('warmup').toFixed(0)} ms, peak p95 ${p95('peak').toFixed(0)} ms, degradation ${degradation?.toFixed(2)}×, recovery ${recovery} ms, exit ${r.code}`);
  assert.ok(p95('warmup') < 500, `warm-up healthy: p95 ${p95('warmup')} ms`);
  assert.ok(typeof degradation === 'number' && degradation > 2, `degradation ${degradation}`);
  assert.ok(typeof recovery === 'number' && recovery > 0 && Number.isFinite(recovery), `recovery ${recovery} ms`);
  // The spike's SLA allows the slow peak; what it gates held, and the line says so.
  assert.equal(r.code, 0, r.stdout.slice(-2000) + r.stderr);
  assert.equal(verdict.passed, true);
  assert.match(r.stdout, /plimsoll verdict: PASS — all 3 SLA limits held/);
});

/** A breakpoint against the runner's demo: the capacity found, within ±15 % of the knobs', named in the verdict line. */
async function breakpointFinds(settings: Record<string, string>, label: string) {
  const r = await runProfile('breakpoint', { TARGET: '', ...settings }, 150_000);
  assert.equal(r.code, 0, r.stdout.slice(-2000) + r.stderr);
  const found = measureOf(r.read('verdict.json'), 'capacity');
  const seconds = r.read('summary.json').state.testRunDurationMs / 1000;
  console.log(`# breakpoint ${label}: capacity ${found}/s found, ${IMPLIED.toFixed(1)}/s implied by the knobs (${(((found ?? 0) / IMPLIED - 1) * 100).toFixed(1)} %), ${seconds.toFixed(0)} s`);
  assert.ok(typeof found === 'number' && Math.abs(found / IMPLIED - 1) <= 0.15, `capacity ${found}/s against ${IMPLIED.toFixed(1)}/s implied`);
  const shown = String(+found.toFixed(1)).replace('.', '\\.');
  assert.match(r.stdout, new RegExp(`\\nplimsoll verdict: PASS — capacity ${shown}/s: p95 crossed 500ms above it; stopped as designed\\n`));
  return seconds;
}

// 20 → 60/s over 8m × 0.2 = 96 s: windows 2/s apart, the knee (~36/s) reached after ~40 s; the run stops there.
test('breakpoint against the runner’s demo, a fine ramp (RATE 20 → MAX_RATE 60): capacity within ±15 % of the knobs’, in the verdict line', async () => {
  const seconds = await breakpointFinds({ RATE: '20', MAX_RATE: '60', DURATION: '8m' }, 'RATE=20 MAX_RATE=60 DURATION=8m');
  assert.ok(seconds < 90, `stopped at the break, before the ramp's end (${seconds} s)`);
});

// The defaults (10 → 500/s over 2 minutes) put window ends 24.5/s apart: 34.5/s, then 59/s. The first is just
// under the demo's capacity, so `make breakpoint` says 34.5/s; that is all the resolution this ramp has.
test('`make breakpoint` with its defaults against the runner’s demo: capacity within ±15 % of the knobs’', async () => {
  await breakpointFinds({}, 'defaults');
});
