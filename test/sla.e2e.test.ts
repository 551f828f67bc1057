// SLAs on the real engine: per-endpoint and per-phase limits name what crossed, critical limits abort
// early. (A typo in the SLA stopping the run before any request is in the bad-input table.)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { startDemo } from '../demo/server';
import { k6Run, runProfile, jsonFile } from './support/k6';

const demo = await startDemo({ latencyMs: 2, jitterMs: 0, capacity: 256 });
after(() => demo.close());
const ENDPOINTS = resolve('demo/endpoints.json');
const crossedRows = (verdict: { rows: { ok: boolean; tier: string; metric: string; expression: string }[] }) =>
  verdict.rows.filter((r) => !r.ok && r.tier !== 'break').map((r) => `${r.metric} ${r.expression}`);

test('a per-endpoint SLA crossed by one slow endpoint fails naming that endpoint and no other', async () => {
  demo.set({ latencyMs: 2, capacity: 256, routes: { search: { latencyMs: 120 } } });
  const sla = jsonFile('sla.json', {
    global: { failRate: 0.01 },
    endpoints: Object.fromEntries(['health', 'items-list', 'item-get', 'search', 'order-create'].map((n) => [n, { p95: 80 }])),
  });
  const r = await k6Run('spike', { TARGET: demo.url, ENDPOINTS, SLA: sla, TIME_SCALE: '0.02', RATE: '20', PEAK: '2' });
  demo.set({ routes: {} });
  assert.equal(r.code, 99, r.stderr);
  assert.deepEqual(crossedRows(r.read('verdict.json')), ['http_req_duration{name:search} p(95)<80']);
});

test('a per-phase SLA crossed only during the peak fails naming the phase', async () => {
  // Capacity 2 × 20 ms = 100 req/s: the warm-up (20/s) is fine, the peak (160/s) queues.
  demo.set({ latencyMs: 20, capacity: 2 });
  const sla = jsonFile('sla.json', { global: { failRate: 0.5 }, phases: { warmup: { p95: 100 }, peak: { p95: 100 } } });
  const r = await k6Run('spike', {
    TARGET: demo.url, ENDPOINTS: jsonFile('one.json', [{ name: 'items-list', path: '/api/items' }]), SLA: sla,
    TIME_SCALE: '0.03', RATE: '20', PEAK: '8', PRE_VUS: '200', MAX_VUS: '400',
  });
  demo.set({ latencyMs: 2, capacity: 256 });
  assert.equal(r.code, 99, r.stderr);
  assert.deepEqual(crossedRows(r.read('verdict.json')), ['http_req_duration{phase:peak} p(95)<100']);
});

test('a crossed critical limit aborts the run early and marks the verdict critical', async () => {
  demo.set({ latencyMs: 300 });
  const sla = jsonFile('sla.json', { global: { p95: 100 }, critical: { global: { p95: 250 } } });
  // 30 s planned; critical limits may abort after a tenth of the run (3 s).
  const r = await runProfile('spike', { TARGET: demo.url, ENDPOINTS, SLA: sla, TIME_SCALE: '0.1', RATE: '10', PEAK: '2' });
  demo.set({ latencyMs: 2 });
  assert.equal(r.code, 99, r.stderr);
  const verdict = r.read('verdict.json');
  assert.equal(verdict.health, 'critical');
  assert.ok(crossedRows(verdict).includes('http_req_duration p(95)<250'));
  const ran = r.read('summary.json').state.testRunDurationMs;
  assert.ok(ran < 15_000, `ran ${ran} ms of a planned 30,000`);
});
