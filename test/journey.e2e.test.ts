// A user's own multi-step journey on the real engine: the shop example (scenarios/shop.ts) against the demo
// shop — the token from login reaching later steps, per-step counts matching what the demo served, per-step,
// flow and custom-metric SLAs gating, and a step typo refused before any request.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../demo/server';
import { all, parseXml } from './support/xml';
import { bundle } from '../build/bundle';
import { K6, k6Run, jsonFile, run } from './support/k6';

// The cart and the checkout need a token from POST /login: a step without it would be counted as unauthorized.
const demo = await startDemo({ latencyMs: 2, jitterMs: 0 });
after(() => demo.close());
const fixtures = mkdtempSync(join(tmpdir(), 'plimsoll-fixtures-'));
before(() => bundle(['test/scenarios/checks.ts'], fixtures));
// 5 minutes of spike at TIME_SCALE 0.02 is 6 s; a visit thinks about 3 s of it (think time is never scaled).
const SHORT = { TIME_SCALE: '0.02', RATE: '5', PEAK: '2' };
const STEPS = ['login', 'items-list', 'item-get', 'search', 'cart-add', 'checkout'];
const crossed = (verdict: { rows: { ok: boolean; metric: string; expression: string }[] }) => verdict.rows.filter((r) => !r.ok).map((r) => `${r.metric} ${r.expression}`);

test('a healthy shop: exit 0, the login token reaches every later step, per-step counts equal what the demo served', async () => {
  await fetch(`${demo.url}/__demo/stats/reset`, { method: 'POST' });
  const r = await k6Run('shop', { ...SHORT, TARGET: demo.url });
  assert.equal(r.code, 0, r.stderr);
  const stats = demo.stats();
  assert.equal(stats.unauthorized, 0, 'no request went without the token');
  const summary = r.read('summary.json');
  for (const step of STEPS) {
    const count = summary.metrics[`http_req_duration{name:${step}}`]?.values.count;
    assert.ok(count > 0, `step ${step} ran`);
    assert.equal(count, stats.byRoute[step], `requests of step ${step}`);
  }
  // Checkout answered 201 to every purchase: the flow and the journey's own metrics saw each one.
  assert.equal(summary.metrics['flow_duration{flow:purchase}'].values.count, stats.byRoute.checkout);
  assert.equal(summary.metrics.orders.values.count, stats.byRoute.checkout);
  assert.equal(summary.metrics.order_value.values.count, stats.byRoute.checkout);
  const verdict = r.read('verdict.json');
  assert.equal(verdict.scenario, 'shop');
  assert.equal(verdict.profile, 'spike');
  assert.deepEqual(crossed(verdict), []);
  assert.match(r.stdout, /plimsoll · shop \(spike\)/);
  for (const step of STEPS) assert.match(r.stdout, new RegExp(`^  ${step} +\\d+ +0\\.00%`, 'm'), `console row for ${step}`);
  assert.match(r.stdout, /^  purchase +\d+ /m);
});

test('a slow checkout crosses its per-step SLA: exit 99, the verdict and JUnit name the step', async () => {
  demo.set({ routes: { checkout: { latencyMs: 300 } } });
  const r = await k6Run('shop', { ...SHORT, TARGET: demo.url, SLA: jsonFile('sla.json', { global: { failRate: 0.01 }, steps: { checkout: { p95: 200 }, login: { p95: 200 } } }) });
  demo.set({ routes: {} });
  assert.equal(r.code, 99, r.stderr);
  assert.deepEqual(crossed(r.read('verdict.json')), ['http_req_duration{name:checkout} p(95)<200']);
  const suite = all(parseXml(readFileSync(join(r.resultsDir, 'junit.xml'), 'utf8')), 'testsuite')[0]!;
  assert.equal(suite.attributes.name, 'plimsoll shop');
  const failing = all(suite, 'testcase').filter((c) => all(c, 'failure').length);
  assert.deepEqual(failing.map((c) => `${c.attributes.classname} ${c.attributes.name}`), ['http_req_duration{name:checkout} p(95)<200']);
});

test("a flow's duration and the journey's own Trend gate like any SLA", async () => {
  demo.set({ routes: { 'cart-add': { latencyMs: 150 } } });
  const sla = jsonFile('sla.json', { flows: { purchase: { p95: 100 } }, thresholds: { order_value: ['max<50'], orders: ['count>0'] } });
  const r = await k6Run('shop', { ...SHORT, TARGET: demo.url, SLA: sla });
  demo.set({ routes: {} });
  assert.equal(r.code, 99, r.stderr);
  const verdict = r.read('verdict.json');
  assert.deepEqual(crossed(verdict).sort(), ['flow_duration{flow:purchase} p(95)<100', 'order_value max<50']);
  const flow = verdict.rows.find((row: { metric: string }) => row.metric === 'flow_duration{flow:purchase}');
  assert.ok(flow.observed >= 150, `the purchase took at least the slow cart-add (${flow.observed} ms)`);
  // order_value is a plain number (cents), not a duration.
  assert.equal(verdict.rows.find((row: { metric: string }) => row.metric === 'order_value').unit, 'value');
});

for (const [what, sla, expected] of [
  ['a step', { steps: { chekout: { p95: 100 } } }, "SLA names step 'chekout', which this run does not have: expected one of items-list, item-get, search, login, cart-add, checkout"],
  ['a flow', { flows: { purchse: { p95: 100 } } }, "SLA names flow 'purchse', which this run does not have: expected one of purchase"],
  ['a metric', { thresholds: { order_valu: ['max<5'] } }, "SLA threshold on 'order_valu': unknown metric 'order_valu'; expected one of"],
] as const) {
  test(`a typo in ${what} of an SLA file: one line naming it and the declared ones, no request sent`, async () => {
    await fetch(`${demo.url}/__demo/stats/reset`, { method: 'POST' });
    const r = await k6Run('shop', { ...SHORT, TARGET: demo.url, SLA: jsonFile('sla.json', sla) });
    assert.notEqual(r.code, 0);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(lines[0]!.includes(`plimsoll: ${expected}`), lines[0]);
    assert.equal(demo.stats().total, 0);
  });
}

test('each step is checked by its expectation: passes and fails per check, and http_req_failed per step, as the demo answered', async () => {
  const results = mkdtempSync(join(tmpdir(), 'plimsoll-'));
  const exported = join(results, 'export.json');
  const r = await run(K6, ['run', '--quiet', '--iterations', '20', '--vus', '2', '--summary-export', exported, join(fixtures, 'checks.js')], {
    TARGET: demo.url,
    RESULTS_DIR: results,
    MODEL: 'closed',
    RATE: '2',
  });
  assert.equal(r.code, 0, r.stderr);
  const checks = JSON.parse(readFileSync(exported, 'utf8')).root_group.checks as Record<string, { passes: number; fails: number }>;
  const outcomes = Object.fromEntries(Object.entries(checks).map(([name, c]) => [name, [c.passes, c.fails]]));
  assert.deepEqual(outcomes, {
    'items-list is 2xx/3xx': [20, 0],
    'items-list lists 20': [20, 0],
    'item-missing is 200|404': [20, 0],
    'item-strict is 200': [0, 20],
    'item-turns is 200': [0, 10],
    'item-turns is 404': [10, 0],
    'search-bad is 400-499': [20, 0],
    'order is 201': [20, 0],
    'order-text is 2xx/3xx': [0, 20],
  });
  const summary = JSON.parse(readFileSync(join(results, 'summary.json'), 'utf8'));
  const failed = (step: string) => summary.metrics[`http_req_failed{name:${step}}`].values.rate;
  assert.deepEqual(
    ['items-list', 'item-missing', 'item-strict', 'item-turns', 'search-bad', 'order', 'order-text'].map((s) => [s, failed(s)]),
    [['items-list', 0], ['item-missing', 0], ['item-strict', 1], ['item-turns', 0.5], ['search-bad', 0], ['order', 0], ['order-text', 1]],
  );
});
