// What the runner hands k6 (run/k6-invocation.ts): the raw-samples output the binary has, k6's web dashboard
// only when DASHBOARD asks for it, the InfluxDB output with OUT=influxdb.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { k6Invocation } from '../run/k6-invocation';

const outs = (args: string[]) => args.flatMap((a, i) => (args[i - 1] === '--out' ? [a] : []));

test('every run spools its raw samples: plimsoll-samples where the k6 has it, else k6 CSV', () => {
  assert.deepEqual(outs(k6Invocation('s.js', { INFLUX_URL: '' }, 'r').args), ['plimsoll-samples=r/samples.bin.gz']);
  assert.deepEqual(outs(k6Invocation('s.js', { INFLUX_URL: '' }, 'r', {}, 'csv').args), ['csv=r/samples.csv.gz']);
  const live = k6Invocation('s.js', { OUT: 'influxdb', INFLUX_URL: 'http://127.0.0.1:8086/k6' }, 'r');
  assert.deepEqual(outs(live.args), ['plimsoll-samples=r/samples.bin.gz', 'influxdb=http://127.0.0.1:8086/k6']);
  assert.equal(live.env.K6_INFLUXDB_TAGS_AS_FIELDS, 'vu:int,iter:int,url');
});

test("k6's web dashboard: off by default, exported with DASHBOARD=export, served on loopback and exported with DASHBOARD=1", () => {
  const dashboard = (DASHBOARD?: '0' | '1' | 'export', env = {}) =>
    Object.fromEntries(Object.entries(k6Invocation('s.js', { INFLUX_URL: '', DASHBOARD }, 'r', env).env).filter(([k]) => k.startsWith('K6_WEB_DASHBOARD')));
  assert.deepEqual(dashboard(), {});
  assert.deepEqual(dashboard('0'), {});
  const exported = { K6_WEB_DASHBOARD: 'true', K6_WEB_DASHBOARD_HOST: '127.0.0.1', K6_WEB_DASHBOARD_PERIOD: '1s', K6_WEB_DASHBOARD_EXPORT: 'r/k6-dashboard.html' };
  assert.deepEqual(dashboard('export'), { ...exported, K6_WEB_DASHBOARD_PORT: '-1' });
  assert.deepEqual(dashboard('1'), { ...exported, K6_WEB_DASHBOARD_PORT: '5665' });
  assert.equal(dashboard('1', { K6_WEB_DASHBOARD_PORT: '6001' }).K6_WEB_DASHBOARD_PORT, '6001');
});
