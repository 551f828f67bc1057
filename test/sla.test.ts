import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slaToThresholds, observations } from '../lib/sla/thresholds';
import { defaultSla } from '../lib/sla/default';

const scope = { steps: ['health', 'search'], phases: ['warmup', 'peak'], windows: ['recovery-1'] };
const error = (r: ReturnType<typeof slaToThresholds>) => (r.ok ? assert.fail('expected an error') : r.error);

test('the default SLA: p95 < 500 ms, under 1 % failed', () => {
  const r = slaToThresholds(defaultSla, scope);
  assert.ok(r.ok);
  assert.deepEqual(r.thresholds, { http_req_duration: ['p(95)<500'], http_req_failed: ['rate<0.01'] });
});

test('global, per-endpoint, per-phase, critical and raw limits translate to k6 thresholds (golden)', () => {
  const r = slaToThresholds(
    {
      global: { p50: 100, p99: 900, max: 2000, failRate: 0.05, checkRate: 0.99, minRate: 10 },
      endpoints: { search: { p95: 800 } },
      phases: { peak: { p95: 1000, failRate: 0.1 } },
      critical: { global: { p95: 3000 }, endpoints: { health: { failRate: 0.5 } } },
      thresholds: { 'iteration_duration{phase:peak}': ['p(90)<1500'] },
    },
    scope,
    { abortDelay: '5s' },
  );
  assert.ok(r.ok);
  const abort = (threshold: string) => ({ threshold, abortOnFail: true, delayAbortEval: '5s' });
  assert.deepEqual(r.thresholds, {
    http_req_duration: ['p(50)<100', 'p(99)<900', 'max<2000', abort('p(95)<3000')],
    http_req_failed: ['rate<0.05'],
    checks: ['rate>0.99'],
    http_reqs: ['rate>=10'],
    'http_req_duration{name:search}': ['p(95)<800'],
    'http_req_duration{phase:peak}': ['p(95)<1000'],
    'http_req_failed{phase:peak}': ['rate<0.1'],
    'http_req_failed{name:health}': [abort('rate<0.5')],
    'iteration_duration{phase:peak}': ['p(90)<1500'],
  });
  assert.equal(r.tiers['http_req_duration p(95)<3000'], 'critical');
  assert.equal(r.tiers['http_req_duration p(50)<100'], 'degraded');
});

test('breakpoint role: every limit is an aborting stop criterion of tier "break"', () => {
  const r = slaToThresholds(defaultSla, scope, { abortDelay: '2s', breakpoint: true });
  assert.ok(r.ok);
  assert.deepEqual(r.thresholds.http_req_duration, [{ threshold: 'p(95)<500', abortOnFail: true, delayAbortEval: '2s' }]);
  assert.equal(r.tiers['http_req_failed rate<0.01'], 'break');
});

test('an SLA naming what the run cannot produce fails before the run, with one line', () => {
  const cases: [unknown, string][] = [
    [{ endpoints: { serch: { p95: 1 } } }, "SLA names endpoint 'serch', which this run does not have: expected one of health, search"],
    [{ critical: { phases: { spike: { p95: 1 } } } }, "SLA names phase 'spike', which this run does not have: expected one of warmup, peak"],
    [{ global: { p59: 100 } }, "SLA: global is not valid: unknown key 'p59'"],
    [{ global: { p95: 'fast' } }, 'SLA: global.p95 is not valid: expected a value of type number'],
    [{ global: { failRate: 5 } }, 'SLA: global.failRate is not valid: expected a fraction from 0 to 1'],
    [{ derived: { recovery: 5 } }, "SLA: derived is not valid: unknown key 'recovery'"],
    [{ thresholds: { http_req_duraton: ['p(95)<500'] } }, "SLA threshold on 'http_req_duraton': unknown metric 'http_req_duraton'; expected one of " + 'http_reqs, http_req_duration, http_req_failed, http_req_blocked, http_req_connecting, http_req_tls_handshaking, http_req_sending, http_req_waiting, http_req_receiving, checks, iterations, iteration_duration, dropped_iterations, vus, vus_max, data_sent, data_received'],
    [{ thresholds: { 'http_req_duration{name:serch}': ['p(95)<500'] } }, "SLA threshold on 'http_req_duration{name:serch}': no name 'serch' in this run; expected one of health, search"],
    [{ thresholds: { 'http_req_duration{nme:search}': ['p(95)<500'] } }, "SLA threshold on 'http_req_duration{nme:search}': unknown tag 'nme'; expected one of name, phase, window, flow, journey, method, status, expected_response, scenario, check, group, error_code"],
    [{ thresholds: { http_req_duration: ['p95 < 500'] } }, "SLA threshold 'http_req_duration': 'p95 < 500' is not valid: expected an expression like p(95)<500 or rate<0.01"],
    [{ typo: {} }, "SLA: the file is not valid: unknown key 'typo'"],
  ];
  for (const [sla, message] of cases) assert.equal(error(slaToThresholds(sla, scope)), message);
});

test('observations cover every endpoint, phase and window, and are always true', () => {
  const o = observations(scope);
  assert.equal(Object.keys(o).length, 10);
  assert.deepEqual(o['http_req_duration{name:search}'], ['max>=0']);
  assert.deepEqual(o['http_req_failed{phase:peak}'], ['rate>=0']);
  assert.deepEqual(o['http_req_duration{window:recovery-1}'], ['max>=0']);
});
