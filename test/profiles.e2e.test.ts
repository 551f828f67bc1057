// Profiles on the real engine against the demo target: arrival-rate accuracy per phase, and the
// derived measures (degradation, recovery, capacity, drift) measured and gated.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../demo/server';
import { k6Run, runProfile, jsonFile } from './support/k6';
import { resolveProfile } from '../lib/profiles/resolve';
import { spike } from '../lib/profiles/spike';
import { sustained } from '../lib/profiles/sustained';

const demo = await startDemo({ latencyMs: 2, jitterMs: 0, capacity: 256 });
after(() => demo.close());
// One endpoint with a fixed service time: the demo's capacity is then exactly capacity ÷ latency.
const ONE_ENDPOINT = jsonFile('endpoints.json', [{ name: 'items-list', path: '/api/items' }]);
const LOOSE = { global: { p95: 60_000, failRate: 0.5 } };

/** Planned iterations per phase: the integral of the (piecewise linear) arrival rate. */
function plannedPerPhase(plan: { startRate: number; phases: { name: string; durationMs: number; target: number }[] }) {
  const out: Record<string, number> = {};
  let rate = plan.startRate;
  for (const p of plan.phases) {
    out[p.name] = (out[p.name] ?? 0) + ((rate + p.target) / 2) * (p.durationMs / 1000);
    rate = p.target;
  }
  return out;
}

for (const [profile, env] of [
  [spike, { RATE: '40', PEAK: '3', TIME_SCALE: '0.1' }],
  [sustained, { RATE: '60', RAMP: '3s', DURATION: '8s' }],
] as const) {
  test(`${profile.name}: achieved rate per phase within ±5 % of plan, nothing dropped`, async () => {
    demo.set({ latencyMs: 2, capacity: 256 });
    const r = await k6Run(profile.name, { ...env, TARGET: demo.url, ENDPOINTS: ONE_ENDPOINT });
    assert.equal(r.code, 0, r.stderr);
    const summary = r.read('summary.json');
    const resolved = resolveProfile(profile as typeof spike, { ...env, TARGET: demo.url });
    assert.ok(resolved.ok);
    for (const [phase, planned] of Object.entries(plannedPerPhase(resolved.plan))) {
      const achieved = summary.metrics[`http_req_duration{phase:${phase}}`]?.values.count ?? 0;
      assert.ok(Math.abs(achieved - planned) <= planned * 0.05, `${phase}: ${achieved} achieved vs ${planned} planned`);
    }
    assert.equal(summary.metrics.dropped_iterations?.values.count ?? 0, 0);
  });
}

// Capacity 2 × 20 ms = 100 req/s, below the spike's peak of 20 × 8 = 160/s: a queue builds and drains.
const OVERLOADED_SPIKE = { RATE: '20', PEAK: '8', TIME_SCALE: '0.05', PRE_VUS: '300', MAX_VUS: '600', ENDPOINTS: ONE_ENDPOINT };

for (const [recoveryMs, expected] of [[60_000, 0], [1, 99]] as const) {
  test(`spike beyond capacity: degradation and recovery measured; recovery limit ${recoveryMs} ms → exit ${expected}`, async () => {
    demo.set({ latencyMs: 20, capacity: 2 });
    const sla = jsonFile('sla.json', { ...LOOSE, derived: { recoveryMs } });
    const r = await runProfile('spike', { ...OVERLOADED_SPIKE, TARGET: demo.url, SLA: sla });
    demo.set({ latencyMs: 2, capacity: 256 });
    assert.equal(r.code, expected, r.stdout + r.stderr);
    const verdict = r.read('verdict.json');
    const measure = (name: string) => verdict.measures.find((m: { name: string }) => m.name === name).value;
    assert.ok(measure('degradation') > 1, `degradation ${measure('degradation')}`);
    assert.ok(measure('recovery') > 0 && Number.isFinite(measure('recovery')), `recovery ${measure('recovery')}`);
    const row = verdict.rows.find((x: { metric: string }) => x.metric === 'recovery');
    assert.equal(row.ok, expected === 0);
    if (expected) assert.match(r.stdout, /plimsoll verdict: FAIL \(degraded\) — 1 of 3 SLA limits crossed: recovery <=1\.0ms/);
  });
}

test('breakpoint against a demo of known capacity (100 req/s): capacity found within ±20 %', async () => {
  demo.set({ latencyMs: 20, capacity: 2 });
  const sla = jsonFile('sla.json', { global: { p95: 100, failRate: 0.01 }, derived: { capacity: 50 } });
  const r = await runProfile('breakpoint', { TARGET: demo.url, ENDPOINTS: ONE_ENDPOINT, SLA: sla, RATE: '10', MAX_RATE: '200', DURATION: '20s', PRE_VUS: '50', MAX_VUS: '400' });
  demo.set({ latencyMs: 2, capacity: 256 });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const verdict = r.read('verdict.json');
  const capacity = verdict.measures.find((m: { name: string }) => m.name === 'capacity').value;
  assert.ok(capacity >= 80 && capacity <= 120, `capacity ${capacity}/s`);
  // The run stopped at the break, well before the ramp's 20 s.
  assert.ok(r.read('summary.json').state.testRunDurationMs < 18_000);
});

test('soak with the target degraded halfway: drift detected and gated', async () => {
  demo.set({ latencyMs: 5, capacity: 256 });
  await fetch(`${demo.url}/__demo/stats/reset`, { method: 'POST' });
  const sla = jsonFile('sla.json', { ...LOOSE, derived: { drift: 2 } });
  const running = runProfile('soak', { TARGET: demo.url, ENDPOINTS: ONE_ENDPOINT, SLA: sla, RATE: '50', DURATION: '8s', WINDOWS: '4' });
  // Degrade once half the planned 400 requests have arrived (no sleeping: poll the target's own count).
  const deadline = Date.now() + 30_000;
  while (demo.stats().total < 200 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
  demo.set({ latencyMs: 60 });
  const r = await running;
  demo.set({ latencyMs: 2 });
  assert.equal(r.code, 99, r.stdout + r.stderr);
  const verdict = r.read('verdict.json');
  const drift = verdict.measures.find((m: { name: string }) => m.name === 'drift').value;
  assert.ok(drift > 2, `drift ${drift}`);
  assert.match(r.stdout, /FAIL \(degraded\) — 1 of \d+ SLA limits crossed: drift <=2\.00x/);
});
