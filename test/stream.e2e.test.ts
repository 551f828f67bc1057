// The results pipeline survives InfluxDB: unreachable at start, or killed mid-run and restarted, the run
// completes with an exact summary, and what InfluxDB lost is counted and reported, never swallowed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../demo/server';
import { startInfluxd, freePort } from '../live/influxd';
import { runProfile, jsonFile } from './support/k6';

const demo = await startDemo({ latencyMs: 2, jitterMs: 0, capacity: 256 });
after(() => demo.close());
const ONE_ENDPOINT = jsonFile('endpoints.json', [{ name: 'items-list', path: '/api/items' }]);

async function until(condition: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

test('InfluxDB unreachable at start: a clear warning, the run happens, summary and verdict intact', async () => {
  await fetch(`${demo.url}/__demo/stats/reset`, { method: 'POST' });
  const port = await freePort();
  const r = await runProfile('sustained', { TARGET: demo.url, ENDPOINTS: ONE_ENDPOINT, RATE: '50', RAMP: '0s', DURATION: '3s', OUT: 'influxdb', INFLUX_URL: `http://127.0.0.1:${port}/k6` });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`plimsoll: warning: InfluxDB at http://127\\.0\\.0\\.1:${port}/k6 does not answer; the run goes on`));
  const count = r.read('summary.json').metrics.http_reqs.values.count;
  assert.equal(count, demo.stats().total);
  const verdict = r.read('verdict.json');
  assert.equal(verdict.passed, true);
  assert.equal(verdict.stream.expected, count);
  assert.equal(verdict.stream.stored, null);
});

test('InfluxDB killed mid-run and restarted: summary exact, the loss is bounded by the outage and reported', async () => {
  await fetch(`${demo.url}/__demo/stats/reset`, { method: 'POST' });
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-influx-'));
  let influx = await startInfluxd({ dir, db: 'k6' });
  const RATE = 200;
  const running = runProfile('sustained', { TARGET: demo.url, ENDPOINTS: ONE_ENDPOINT, RATE: String(RATE), RAMP: '0s', DURATION: '10s', OUT: 'influxdb', INFLUX_URL: `${influx.url}/k6` });
  await until(() => demo.stats().total >= 2 * RATE, 20_000, '2 s of load');
  await influx.stop();
  const down = Date.now();
  await until(() => demo.stats().total >= 5 * RATE, 20_000, '3 more seconds of load');
  influx = await startInfluxd({ dir, port: influx.port });
  const outageMs = Date.now() - down;
  const r = await running;
  after(() => influx.stop());
  assert.equal(r.code, 0, r.stderr);
  const count = r.read('summary.json').metrics.http_reqs.values.count;
  assert.equal(count, demo.stats().total, 'the summary counts every request');
  const { stream } = r.read('verdict.json');
  assert.equal(stream.expected, count);
  assert.ok(stream.lost > 0, `an outage of ${outageMs} ms lost nothing?`);
  // k6 pushes every second and drops a batch it cannot write: at most the outage plus one push interval.
  assert.ok(stream.lost <= RATE * (outageMs / 1000 + 1.5), `lost ${stream.lost} in ${outageMs} ms at ${RATE}/s`);
  assert.equal(stream.stored + stream.lost, count);
  assert.match(r.stderr, new RegExp(`InfluxDB holds ${stream.stored} of ${count} request samples of this run: ${stream.lost} were lost in the stream`));
});
