import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slaToThresholds, observations } from '../lib/sla/thresholds';
import { defaultSla } from '../lib/sla/default';
import { verdictOf, verdictLine, type SummaryData } from '../lib/verdict/verdict';

const scope = { endpoints: ['health', 'search'], phases: ['warmup', 'peak'] };

test('the default SLA: p95 < 500 ms, under 1 % failed', () => {
  assert.deepEqual(slaToThresholds(defaultSla, scope), {
    ok: true,
    thresholds: { http_req_duration: ['p(95)<500'], http_req_failed: ['rate<0.01'] },
  });
});

test('global, per-endpoint and per-phase limits translate to k6 thresholds (golden)', () => {
  const r = slaToThresholds(
    {
      global: { p50: 100, p99: 900, max: 2000, failRate: 0.05, checkRate: 0.99, minRate: 10 },
      endpoints: { search: { p95: 800 } },
      phases: { peak: { p95: 1000, failRate: 0.1 } },
    },
    scope,
  );
  assert.deepEqual(r, {
    ok: true,
    thresholds: {
      http_req_duration: ['p(50)<100', 'p(99)<900', 'max<2000'],
      http_req_failed: ['rate<0.05'],
      checks: ['rate>0.99'],
      http_reqs: ['rate>=10'],
      'http_req_duration{name:search}': ['p(95)<800'],
      'http_req_duration{phase:peak}': ['p(95)<1000'],
      'http_req_failed{phase:peak}': ['rate<0.1'],
    },
  });
});

test('an SLA naming what the run cannot produce fails before the run', () => {
  assert.deepEqual(slaToThresholds({ endpoints: { serch: { p95: 1 } } }, scope), {
    ok: false,
    error: "SLA names endpoint 'serch', which this run does not have: expected one of health, search",
  });
  assert.deepEqual(slaToThresholds({ phases: { spike: { p95: 1 } } }, scope), {
    ok: false,
    error: "SLA names phase 'spike', which this run does not have: expected one of warmup, peak",
  });
  const typo = slaToThresholds({ global: { p59: 100 } } as never, scope);
  assert.equal(typo.ok, false);
  assert.deepEqual(typo, { ok: false, error: "SLA: global is not valid: unknown key 'p59'" });
  assert.deepEqual(slaToThresholds({ global: { p95: 'fast' } } as never, scope), {
    ok: false,
    error: 'SLA: global.p95 is not valid: expected a value of type number',
  });
  assert.deepEqual(slaToThresholds({ global: { failRate: 5 } }, scope), {
    ok: false,
    error: 'SLA: global.failRate is not valid: expected a fraction from 0 to 1',
  });
});

test('observations cover every endpoint and phase, and are always true', () => {
  const o = observations(scope);
  assert.equal(Object.keys(o).length, 8);
  assert.deepEqual(o['http_req_duration{name:search}'], ['max>=0']);
  assert.deepEqual(o['http_req_failed{phase:peak}'], ['rate>=0']);
});

test('verdict: observed values and k6 results per threshold, crossed first, one line', () => {
  const data: SummaryData = {
    state: { testRunDurationMs: 1000 },
    metrics: {
      http_req_duration: { type: 'trend', values: { 'p(95)': 812.34 }, thresholds: { 'p(95)<500': { ok: false } } },
      http_req_failed: { type: 'rate', values: { rate: 0.002 }, thresholds: { 'rate<0.01': { ok: true } } },
    },
  };
  const v = verdictOf(data, { http_req_failed: ['rate<0.01'], http_req_duration: ['p(95)<500'], 'http_req_duration{name:search}': ['p(95)<800'] });
  assert.equal(v.passed, false);
  assert.deepEqual(v.rows.map((r) => [r.metric, r.observed, r.ok]), [
    ['http_req_duration', 812.34, false],
    ['http_req_failed', 0.002, true],
    ['http_req_duration{name:search}', null, true],
  ]);
  assert.equal(verdictLine(v), 'plimsoll verdict: FAIL — 1 of 3 SLA thresholds crossed: http_req_duration p(95)<500 (observed 812.3ms)');
  assert.equal(verdictLine(verdictOf(data, { http_req_failed: ['rate<0.01'] })), 'plimsoll verdict: PASS — all 1 SLA thresholds held');
});
