// The results pipeline survives InfluxDB: unreachable at start (and until after the run), or killed mid-run and
// restarted, the run completes with an exact summary, and InfluxDB ends up holding every sample k6 took —
// written back from the run's spool at the end of the run, or later by `plimsoll backfill` — checked here
// point by point against k6's own record (its summary, and its raw samples read by distributed/samples.ts —
// the file test/samples-output.e2e.test.ts proves equal to k6's own CSV output, sample for sample).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../demo/server';
import { startInfluxd, freePort, type Influxd } from '../live/influxd';
import type { InfluxClient } from '../live/influx';
import { readSamples, samplesIn } from '../distributed/samples';
import { run, runProfile, jsonFile } from './support/k6';

const demo = await startDemo({ latencyMs: 2, jitterMs: 0, capacity: 256 });
after(() => demo.close());
const ONE_ENDPOINT = jsonFile('endpoints.json', [{ name: 'items-list', path: '/api/items' }]);
/** What the issue asks to hold exactly; every other metric of the spool is checked by the audit itself. */
const CHECKED = ['http_reqs', 'http_req_duration', 'iterations'];

async function until(condition: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** k6's own record of one metric, from the spool: samples, points (series × nanosecond), per second, series. */
async function spooled(dir: string, metric: string) {
  const keys = new Set<string>();
  const perSecond = new Map<number, Set<string>>();
  const series = new Set<string>();
  let samples = 0;
  await readSamples(samplesIn(dir)!, (m, _v, tags, time) => {
    if (m !== metric) return;
    samples++;
    const s = [m, ...Object.entries(tags).filter(([, v]) => v !== '').sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`)].join(',');
    series.add(s);
    keys.add(`${s} ${time}`);
    const second = Number(time.slice(0, -9));
    perSecond.set(second, (perSecond.get(second) ?? new Set()).add(`${s} ${time}`));
  });
  return { samples, points: keys.size, perSecond: new Map([...perSecond].map(([s, k]) => [s, k.size])), series: [...series].sort() };
}

/** InfluxDB's points of one metric for the testid: total, per second, series keys. */
async function stored(client: InfluxClient, testid: string, metric: string) {
  const where = `WHERE "testid" = '${testid}'`;
  const [total] = await client.series(`SELECT count("value") FROM "${metric}" ${where}`, 'k6');
  const perSecond = new Map<number, number>();
  const params = new URLSearchParams({ db: 'k6', epoch: 's', q: `SELECT count("value") FROM "${metric}" ${where} AND time > 0 GROUP BY time(1s) fill(none)` });
  const body = (await (await fetch(`${client.url}/query?${params}`)).json()) as { results: { series?: { values: [number, number][] }[] }[] };
  for (const [t, n] of body.results[0]!.series?.[0]?.values ?? []) perSecond.set(t, n);
  const series = (await client.series(`SHOW SERIES FROM "${metric}" ${where}`, 'k6'))[0]?.values.map((v) => String(v[0])).sort() ?? [];
  return { count: Number(total?.values[0]?.[1] ?? 0), perSecond, series };
}

/**
 * InfluxDB holds exactly k6's samples of each checked metric: its summary count (less same-nanosecond pairs of
 * one series, one point in InfluxDB), second by second (no gap, nothing twice), in k6's own series.
 */
async function assertWhole(client: InfluxClient, testid: string, dir: string, summary: { metrics: Record<string, { values: { count?: number } }> }) {
  const counts: Record<string, number> = {};
  for (const metric of CHECKED) {
    const k6 = await spooled(dir, metric);
    const db = await stored(client, testid, metric);
    assert.equal(k6.samples, summary.metrics[metric]!.values.count, `${metric}: the spool holds every sample k6's summary counted`);
    assert.ok(k6.samples - k6.points <= k6.samples / 1_000, `${metric}: ${k6.samples - k6.points} same-nanosecond pairs: a coincidence, not a pattern`);
    assert.equal(db.count, k6.points, `${metric}: InfluxDB holds one point per sample k6 took`);
    assert.deepEqual(db.perSecond, k6.perSecond, `${metric}: second by second`);
    assert.deepEqual(db.series, k6.series, `${metric}: the very series k6 writes`);
    counts[metric] = db.count;
  }
  return counts;
}

test('InfluxDB down until after the run: the run passes on its SLA, says what waits and how to backfill; backfill makes InfluxDB whole, a second changes nothing', async () => {
  await fetch(`${demo.url}/__demo/stats/reset`, { method: 'POST' });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/k6`;
  const TESTID = `stream-down-${Date.now()}`;
  const r = await runProfile('sustained', { TARGET: demo.url, ENDPOINTS: ONE_ENDPOINT, RATE: '50', RAMP: '0s', DURATION: '3s', OUT: 'influxdb', INFLUX_URL: url, TESTID });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`plimsoll: warning: InfluxDB at http://127\\.0\\.0\\.1:${port}/k6 does not answer; the run goes on`));
  const summary = r.read('summary.json');
  const count = summary.metrics.http_reqs.values.count;
  assert.equal(count, demo.stats().total);
  const verdict = r.read('verdict.json');
  assert.equal(verdict.passed, true);
  assert.equal(verdict.slaPassed, true);
  const { stream } = verdict;
  assert.equal(stream.expected, count);
  assert.equal(stream.stored, null);
  assert.equal(stream.missing, null, 'what InfluxDB lacks is not known while it does not answer');
  assert.equal(stream.written, 0);
  assert.ok(stream.samples > 10 * count, `the spool's ${stream.samples} samples of every metric wait to be written back`);
  assert.match(stream.error, new RegExp(`InfluxDB at http://127\\.0\\.0\\.1:${port} cannot be reached`));
  const command = `npx plimsoll backfill ${r.resultsDir} --influx ${url}`;
  assert.equal(stream.backfill, command);
  assert.ok(r.stderr.includes(`nothing was written back, the run's ${stream.samples} samples wait in its spool — once it answers: ${command}`), r.stderr);

  // InfluxDB answers again — an empty one, without the database: the backfill creates it.
  const influx = await startInfluxd({ dir: mkdtempSync(join(tmpdir(), 'plimsoll-influx-')), port });
  after(() => influx.stop());
  const backfill = (args: string[], env: Record<string, string> = {}) => run('node', ['--import', 'tsx', 'cli/plimsoll.ts', 'backfill', r.resultsDir, ...args], env);
  const first = await backfill([], { INFLUX_URL: url });
  assert.equal(first.code, 0, first.stderr + first.stdout);
  const done = /InfluxDB lacked (\d+), (\d+) written back \((\d+) lines, \d+ ms\); still missing: 0/.exec(first.stdout);
  assert.ok(done, first.stdout);
  const [lacked, written, lines] = done.slice(1).map(Number) as [number, number, number];
  console.log(`# down until after the run: ${count} requests, ${stream.samples} samples; backfill: InfluxDB lacked ${lacked}, ${written} written back in ${lines} lines`);
  assert.equal(written, lacked);
  assert.ok(lines >= written && lines <= stream.samples, `${lines} lines for ${written} points`);
  assert.ok(lacked > stream.samples * 0.99, `InfluxDB lacked ${lacked} of ${stream.samples}: all of them, less same-nanosecond pairs`);
  assert.match(first.stderr, new RegExp(`InfluxDB holds all ${count} request samples of this run.*: all ${written} written back from the run's spool`));
  const whole = await assertWhole(influx.client, TESTID, r.resultsDir, summary);

  // A second backfill (the URL from --influx this time) finds nothing to write, and InfluxDB is unchanged.
  const everything = async () => Number((await influx.client.series(`SELECT count("value") FROM /.*/ WHERE "testid" = '${TESTID}'`, 'k6')).reduce((n, s) => n + Number(s.values[0]?.[1]), 0));
  const before = await everything();
  const second = await backfill(['--influx', url]);
  assert.equal(second.code, 0, second.stderr + second.stdout);
  assert.match(second.stdout, /InfluxDB lacked 0, 0 written back \(0 lines, \d+ ms\); still missing: 0/);
  assert.equal(await everything(), before, 'every measurement holds as many points as before');
  assert.equal(before, lacked, 'InfluxDB holds exactly what the first backfill wrote');
  assert.deepEqual(await assertWhole(influx.client, TESTID, r.resultsDir, summary), whole);
});

test('InfluxDB killed mid-run and restarted: summary exact, and InfluxDB holds every sample — the lost ones written back from the spool', async () => {
  await fetch(`${demo.url}/__demo/stats/reset`, { method: 'POST' });
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-influx-'));
  let influx: Influxd = await startInfluxd({ dir, db: 'k6' });
  const RATE = 200;
  const TESTID = `stream-outage-${Date.now()}`;
  const running = runProfile('sustained', { TARGET: demo.url, ENDPOINTS: ONE_ENDPOINT, RATE: String(RATE), RAMP: '0s', DURATION: '10s', OUT: 'influxdb', INFLUX_URL: `${influx.url}/k6`, TESTID });
  await until(() => demo.stats().total >= 2 * RATE, 20_000, '2 s of load');
  await influx.stop();
  const down = Date.now();
  await until(() => demo.stats().total >= 5 * RATE, 20_000, '3 more seconds of load');
  influx = await startInfluxd({ dir, port: influx.port });
  const outageMs = Date.now() - down;
  const r = await running;
  after(() => influx.stop());
  assert.equal(r.code, 0, r.stderr);
  const summary = r.read('summary.json');
  const count = summary.metrics.http_reqs.values.count;
  assert.equal(count, demo.stats().total, 'the summary counts every request');
  const { stream } = r.read('verdict.json');
  assert.equal(stream.expected, count);
  const requests = stream.metrics.find((m: { metric: string }) => m.metric === 'http_reqs');
  console.log(`# outage ${outageMs} ms at ${RATE}/s: the stream lost ${requests.missing} of ${count} requests, ${stream.missing} of ${stream.samples} samples; written back ${stream.written}; still missing ${stream.stillMissing}`);
  assert.ok(requests.missing > 0, `an outage of ${outageMs} ms lost nothing?`);
  // k6 pushes every second and drops a batch it cannot write: at most the outage plus one push interval.
  assert.ok(requests.missing <= RATE * (outageMs / 1000 + 1.5), `lost ${requests.missing} in ${outageMs} ms at ${RATE}/s`);
  assert.equal(requests.written, requests.missing, 'every lost request sample was written back');
  assert.equal(stream.written, stream.missing, 'and every lost sample of every metric');
  assert.equal(stream.stillMissing, 0);
  for (const m of stream.metrics) assert.equal(m.stored, m.samples - m.sameInstant, `${m.metric}: InfluxDB holds one point per sample`);
  assert.equal(stream.stored + stream.lost, count);
  assert.equal(stream.lost, requests.sameInstant, 'what InfluxDB does not count is same-nanosecond pairs only');
  assert.equal(stream.backfill, undefined, 'nothing left to backfill');
  const pairs = stream.lost ? `: ${stream.lost} (was|were) timed to the same nanosecond as another request of their series \\(one point in InfluxDB\\)` : '';
  const holds = stream.lost ? `InfluxDB holds ${stream.stored} of ${count}` : `InfluxDB holds all ${count}`;
  assert.match(r.stderr, new RegExp(`plimsoll: ${holds} request samples of this run${pairs}; the stream lost ${stream.missing} of ${stream.samples} samples \\([^)]+\\): all ${stream.written} written back from the run's spool`));
  await assertWhole(influx.client, TESTID, r.resultsDir, summary);
});
