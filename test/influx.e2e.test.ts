// Live results end to end: real k6 with the runner's own InfluxDB output settings (build/k6-invocation.ts,
// as `make spike OUT=influxdb` uses them) → real InfluxDB 1.x from Debian's package, on a free loopback
// port. One run of over 20,000 requests feeds every check here: nothing lost, bounded cardinality, and
// every panel of every generated dashboard returning data. k6 also writes its raw samples as CSV, the
// independent record the stored points are checked against. (The runner's own stream audit: stream.e2e.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemo } from '../demo/server';
import { allDashboards } from '../build/dashboards/dashboards';
import { waitFor, type InfluxSeries } from '../build/influxd';
import { k6Invocation } from '../build/k6-invocation';
import { readCsvSamples } from '../build/merge';
import { K6, run, type RunResult } from './support/k6';
import { fillMacros, startTestInflux } from './support/influx';

const ENDPOINTS = JSON.parse(readFileSync('demo/endpoints.json', 'utf8')) as { name: string }[];
const NAMES = ENDPOINTS.map((e) => e.name).sort();
// Requests made outside the scenario (the bundle's setup() preflight): tagged with their own name and
// the phase 'setup'.
const SETUP_NAMES = ['preflight'];
/** Endpoint names, less the setup requests (which must be known ones when present). */
function endpointNames(names: string[]): string[] {
  for (const n of names) assert.ok(NAMES.includes(n) || SETUP_NAMES.includes(n), `unexpected name tag value ${n}`);
  return names.filter((n) => !SETUP_NAMES.includes(n)).sort();
}
const PHASES = ['warmup', 'ramp', 'peak', 'drop', 'recovery'];

const TESTID = `influx-e2e-${Date.now()}`;
// Spike at TIME_SCALE 0.07 lasts 21 s: 1,000/s warm-up and recovery, 2,500/s at peak ≈ 32,000 iterations,
// about what 2 cores sustain for k6, the demo target and influxd together. A fixed pool of VUs (all
// initialised up front: growing the pool mid-run lags and drops iterations at random).
const LOAD = { TIME_SCALE: '0.07', RATE: '1000', PEAK: '2.5', RATE_CEILING: '4000', PRE_VUS: '200', MAX_VUS: '200' };
// Mid-peak the target slows down for a moment so the open model runs out of VUs and drops iterations
// (the dropped-iterations panel must show data too). The slow window lasts three pools' worth of
// requests: every VU is held at once, so drops are certain however fast k6 is (150 requests, fewer
// than the pool, dropped nothing once k6's per-iteration cost fell).
const SLOW_AFTER_REQUESTS = 12_000;
const SLOW_FOR_REQUESTS = 3 * Number(LOAD.MAX_VUS);

const influx = await startTestInflux();
const demo = await startDemo({ latencyMs: 2, jitterMs: 1, capacity: 256, errorRate: 0.002 });
const resultsDir = mkdtempSync(join(tmpdir(), 'plimsoll-influx-run-'));
const SAMPLES = join(resultsDir, 'samples.csv');
after(async () => {
  await demo.close();
  await influx.close();
  rmSync(resultsDir, { recursive: true, force: true });
});

let result: RunResult;
let summary: { metrics: Record<string, { values: Record<string, number> }> };
/** http_reqs in k6's raw samples, and how many distinct points (series × timestamp) they make. */
let expected = { requests: 0, points: 0 };
let fromMs = 0;
let toMs = 0;
const q = (query: string) => influx.client.series(query, 'k6');

before(async () => {
  fromMs = Date.now() - 1_000;
  const settings = { ...LOAD, TARGET: demo.url, ENDPOINTS: resolve('demo/endpoints.json'), TESTID, RESULTS_DIR: resultsDir };
  const inv = k6Invocation('dist/spike.js', { ...settings, OUT: 'influxdb', INFLUX_URL: `${influx.url}/k6` }, resultsDir);
  assert.ok(inv.ok);
  const running = run(K6, [...inv.args, '--quiet', '--out', `csv=${SAMPLES}`], { ...settings, ...inv.env, K6_CSV_TIME_FORMAT: 'unix_nano' }, 150_000);
  let done = false;
  void running.then(() => (done = true));
  // Poll the target's own counter (no sleeping on a guess): slow it down once, then restore it.
  await waitFor(`${SLOW_AFTER_REQUESTS} requests at the target`, () => done || demo.stats().total >= SLOW_AFTER_REQUESTS, 120_000, 20);
  const slowFrom = demo.stats().total;
  demo.set({ latencyMs: 300 });
  await waitFor('the slow window to pass', () => done || demo.stats().total >= slowFrom + SLOW_FOR_REQUESTS, 60_000, 20);
  demo.set({ latencyMs: 2 });
  result = await running;
  toMs = Date.now() + 1_000;
  assert.ok(result.code === 0 || result.code === 99, `k6 run ended with ${result.code}: ${result.stderr.slice(-2000)}`);
  summary = JSON.parse(readFileSync(join(resultsDir, 'summary.json'), 'utf8'));
  // InfluxDB 1.x stores one point per series and timestamp: two requests of one series (same tags) that
  // k6 timed to the same nanosecond become one point. That happens (about once in 30,000 requests on
  // loopback), so the exact expectation is k6's own record less those coincidences.
  const seen = new Set<string>();
  let requests = 0;
  await readCsvSamples(SAMPLES, (metric, _value, tags, time) => {
    if (metric !== 'http_reqs') return;
    requests++;
    seen.add(`${JSON.stringify(Object.entries(tags).sort())} ${time}`);
  });
  expected = { requests, points: seen.size };
});

test('nothing lost: InfluxDB holds one http_reqs point per request k6 counted (≥ 20,000 requests)', async () => {
  const k6Count = summary.metrics.http_reqs!.values.count!;
  const dropped = summary.metrics.dropped_iterations?.values.count ?? 0;
  console.log(`# run: ${k6Count} requests, ${dropped} dropped iterations, k6 exit ${result.code}`);
  const outputWarnings = result.stderr.split('\n').filter((line) => /influx|flush/i.test(line));
  console.log(`# InfluxDB output warnings: ${outputWarnings.length}${outputWarnings.length ? `, first: ${outputWarnings[0]}` : ''}`);
  const sameInstant = expected.requests - expected.points;
  console.log(`# k6's raw samples: ${expected.requests} requests, ${sameInstant} timed to the same nanosecond as another of their series`);
  assert.equal(expected.requests, k6Count, "k6's raw samples hold every request its summary counted");
  assert.ok(sameInstant <= k6Count / 1_000, `${sameInstant} same-instant requests: a coincidence, not a pattern`);
  assert.ok(k6Count >= 20_000, `the run made ${k6Count} requests: too few for this test`);
  assert.ok(dropped > 0, 'the slow window made the open model drop iterations');
  // k6 writes its last batch before it exits, but poll briefly in case InfluxDB is still indexing it.
  let stored = 0;
  await waitFor(`InfluxDB to hold ${k6Count} http_reqs points for ${TESTID}`, async () => {
    const [s] = await q(`SELECT count("value") FROM "http_reqs" WHERE "testid" = '${TESTID}'`);
    stored = Number(s?.values[0]?.[1] ?? 0);
    return stored >= expected.points;
  }, 10_000).catch(() => undefined);
  console.log(`# http_reqs: k6 counted ${k6Count}, InfluxDB holds ${stored} points for testid ${TESTID}`);
  assert.equal(stored, expected.points, await whereTheyDiffer());
  assert.equal(k6Count, demo.stats().total, 'the target served as many requests as k6 counted');
  // The same for the other per-request metrics (same tags, same timestamp as the request's http_reqs).
  for (const metric of ['http_req_duration', 'http_req_failed']) {
    const [s] = await q(`SELECT count("value") FROM "${metric}" WHERE "testid" = '${TESTID}'`);
    assert.equal(Number(s?.values[0]?.[1]), expected.points, metric);
  }
  const [d] = await q(`SELECT sum("value") FROM "dropped_iterations" WHERE "testid" = '${TESTID}'`);
  assert.equal(Number(d?.values[0]?.[1] ?? 0), dropped, 'dropped iterations stored as k6 counted them');
});

test('every sample carries testid, profile, phase and (per request) the endpoint name', async () => {
  const keys = (await q('SHOW TAG KEYS FROM "http_reqs"'))[0]!.values.map((v) => v[0]);
  for (const key of ['testid', 'profile', 'phase', 'name']) assert.ok(keys.includes(key), `http_reqs has tag ${key}`);
  const unnamed = await q(`SELECT count("value") FROM "http_reqs" WHERE "testid" = '${TESTID}' AND "name" = ''`);
  assert.equal(unnamed.length, 0, 'every request sample has a name');
  const outsidePhases = await q(`SELECT count("value") FROM "http_reqs" WHERE "testid" = '${TESTID}' AND ("profile" = '' OR "phase" = '')`);
  assert.equal(outsidePhases.length, 0, 'every request of the scenario has profile and phase');
  const profiles = (await q(`SHOW TAG VALUES FROM "http_reqs" WITH KEY = "profile" WHERE "testid" = '${TESTID}'`))[0]!.values.map((v) => v[1]);
  assert.deepEqual(profiles, ['spike']);
  const phases = (await q(`SHOW TAG VALUES FROM "http_reqs" WITH KEY = "phase" WHERE "testid" = '${TESTID}'`))[0]!.values.map((v) => v[1]);
  assert.deepEqual([...phases].sort(), [...PHASES, 'setup'].sort());
});

test('cardinality stays bounded: endpoint names are tags, URLs, VU and iteration numbers are not', async () => {
  const [itemGets] = await q(`SELECT count("value") FROM "http_reqs" WHERE "testid" = '${TESTID}' AND "name" = 'item-get'`);
  assert.ok(Number(itemGets?.values[0]?.[1]) >= 3_000, 'thousands of requests went to /api/items/{id} with random ids');
  const names = (await q('SHOW TAG VALUES FROM "http_reqs" WITH KEY = "name"'))[0]!.values.map((v) => String(v[1]));
  assert.deepEqual(endpointNames(names), NAMES);
  for (const measurement of ['http_reqs', 'http_req_duration', 'iterations', 'checks']) {
    const keys = (await q(`SHOW TAG KEYS FROM "${measurement}"`))[0]!.values.map((v) => v[0]);
    for (const perRequest of ['url', 'vu', 'iter']) assert.ok(!keys.includes(perRequest), `${measurement} has no ${perRequest} tag`);
  }
  const series = await q(`SHOW SERIES FROM "http_req_duration" WHERE "testid" = '${TESTID}'`);
  const count = series[0]?.values.length ?? 0;
  console.log(`# http_req_duration series for the run: ${count}`);
  // names × methods × statuses × phases (× windows): tens to a few hundred, never one per URL.
  assert.ok(count > 0 && count < 500, `${count} series`);
});

async function tagValues(key: string): Promise<string[]> {
  const [s] = await q(`SHOW TAG VALUES FROM "http_reqs" WITH KEY = "${key}" WHERE "testid" = '${TESTID}'`);
  return (s?.values ?? []).map((v) => String(v[1]));
}

/** On a mismatch: k6's per-endpoint and per-phase counts beside InfluxDB's, to show where points went. */
async function whereTheyDiffer(): Promise<string> {
  const lines: string[] = [];
  for (const key of ['name', 'phase']) {
    const series = await q(`SELECT count("value") FROM "http_req_duration" WHERE "testid" = '${TESTID}' GROUP BY "${key}"`);
    for (const s of series) {
      const value = s.tags?.[key] ?? '';
      const k6 = summary.metrics[`http_req_duration{${key}:${value}}`]?.values.count;
      lines.push(`${key}=${value}: InfluxDB ${s.values[0]?.[1]}, k6 ${k6 ?? '?'}`);
    }
  }
  return `http_reqs points differ from k6's count; http_req_duration by tag:\n${lines.join('\n')}`;
}

/** What a panel's query must return, read from the query itself. */
function expectShape(title: string, query: string, series: InfluxSeries[]) {
  assert.ok(series.length > 0, `${title}: no series for ${query}`);
  // The outer statement decides the shape (a subquery has its own GROUP BY).
  const outer = query.replace(/FROM \(.*\) WHERE/, 'FROM (subquery) WHERE');
  const grouped = /GROUP BY (?:time\([^)]*\), )?"(\w+)"/.exec(outer)?.[1];
  const byTime = /GROUP BY time\(/.test(outer);
  for (const s of series) {
    assert.equal(s.columns[0], 'time', `${title}: first column is time`);
    const numbers = s.values.flatMap((row) => row.slice(1)).filter((v) => typeof v === 'number' && Number.isFinite(v));
    assert.ok(numbers.length > 0, `${title}: series ${JSON.stringify(s.tags ?? {})} has only nulls`);
    if (!byTime) assert.equal(s.values.length, 1, `${title}: one value per group over the run`);
    else assert.ok(s.values.length >= 5, `${title}: a time series over the run, got ${s.values.length} points`);
    if (grouped) assert.ok(s.tags?.[grouped], `${title}: series tagged with ${grouped}`);
  }
  if (grouped === 'name') assert.deepEqual(endpointNames(series.map((s) => s.tags!.name!)), NAMES, `${title}: one series per endpoint`);
  // Request metrics also have the preflight's 'setup'; iteration metrics only the profile's phases.
  if (grouped === 'phase') assert.deepEqual(series.map((s) => s.tags!.phase).filter((p) => p !== 'setup').sort(), [...PHASES].sort(), `${title}: one series per phase`);
}

test('every panel query of every generated dashboard returns data for the run', async () => {
  const ctx = {
    fromMs,
    toMs,
    intervalMs: 1_000,
    // As Grafana sends "All": every value the endpoint variable offers for the run.
    vars: { testid: TESTID, testid_a: TESTID, testid_b: TESTID, profile: ['spike'], endpoint: await tagValues('name') },
  };
  let checked = 0;
  for (const [file, dashboard] of Object.entries(allDashboards())) {
    for (const panel of dashboard.panels ?? []) {
      if (panel.type === 'row') continue;
      const targets = (panel as { targets?: { query: string; refId: string }[] }).targets ?? [];
      assert.ok(targets.length > 0, `${file} / ${panel.title}: has queries`);
      for (const t of targets) {
        const title = `${file} / ${panel.title} / ${t.refId}`;
        const query = fillMacros(t.query, ctx);
        expectShape(title, query, await q(query));
        checked++;
      }
    }
    for (const variable of dashboard.templating?.list ?? []) {
      const values = (await q(fillMacros(String(variable.query), ctx)))[0]?.values.map((v) => v[1]) ?? [];
      const expected = { testid: TESTID, testid_a: TESTID, testid_b: TESTID, profile: 'spike', endpoint: 'item-get' }[variable.name];
      assert.ok(values.includes(expected), `${file}: variable ${variable.name} offers ${expected} (got ${values.join(', ')})`);
    }
  }
  console.log(`# panel queries checked: ${checked}`);
  // The stat panel's request count is exactly what InfluxDB can hold of k6's count (see expected).
  const requests = allDashboards()['run-overview']!.panels!.find((p) => p.title === 'Requests') as unknown as { targets: { query: string }[] };
  const [s] = await q(fillMacros(requests.targets[0]!.query, ctx));
  assert.equal(s!.values[0]![1], expected.points);
});

test('annotation queries mark each phase and the run start and end', async () => {
  const ctx = { fromMs, toMs, intervalMs: 1_000, vars: { testid: TESTID } };
  const annotations = allDashboards()['run-overview']!.annotations!.list!.filter((a) => a.target && 'query' in a.target);
  assert.deepEqual(annotations.map((a) => a.name), ['Phases', 'Run start', 'Run end']);
  const rows: Record<string, { time: number; title: unknown }[]> = {};
  for (const a of annotations) {
    const t = a.target as { query: string; titleColumn: string };
    const series = await q(fillMacros(t.query, ctx));
    rows[a.name] = series.flatMap((s) => s.values.map((v) => ({ time: Number(v[0]), title: v[s.columns.indexOf(t.titleColumn)] })));
  }
  assert.deepEqual(rows.Phases!.sort((x, y) => x.time - y.time).map((r) => r.title), PHASES, 'phase markers in order');
  assert.equal(rows['Run start']!.length, 1);
  assert.equal(rows['Run end']!.length, 1);
  assert.equal(rows['Run start']![0]!.title, TESTID);
  assert.ok(rows['Run start']![0]!.time <= rows.Phases![0]!.time + 1_000 && rows['Run end']![0]!.time > rows.Phases!.at(-1)!.time);
});
