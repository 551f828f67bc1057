// Live results end to end: real k6 with the runner's own InfluxDB output settings (run/k6-invocation.ts,
// as `make spike OUT=influxdb` uses them) → real InfluxDB 1.x from Debian's package, on a free loopback
// port. One run of over 20,000 requests feeds every check here: nothing lost, bounded cardinality, and
// every panel of every generated dashboard returning data. k6 also writes its raw samples as CSV, the
// independent record the stored points are checked against. (The runner's own stream audit: stream.e2e.)
// A second, short run of the shop scenario under an SLA file of its own gives the dashboards a journey with
// flows, a workload mix (browse and buy: a line each per journey, and the Journey variable narrowing to one),
// and a run whose recorded SLA limits differ from the default SLA's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemo } from '../demo/server';
import { allDashboards } from '../live/dashboards/dashboards';
import { waitFor } from '../live/influxd';
import type { InfluxSeries } from '../live/influx';
import { k6Invocation } from '../run/k6-invocation';
import { readSamples, SAMPLES_FILES } from '../distributed/samples';
import { SLA_METRIC } from '../lib/sla/metrics';
import { K6, jsonFile, run, type RunResult } from './support/k6';
import { fillMacros, startTestInflux, type MacroContext } from './support/influx';

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

// The shop run: scenarios/shop.ts (the spike profile; steps login … checkout, flow purchase), whose SLA
// replaced by a file setting only p95. A target of its own: the spike run's requests are counted at the first.
const SHOP_TESTID = `influx-e2e-shop-${Date.now()}`;
const SHOP_SLA = { global: { p95: 250 } };
const SHOP_LOAD = { TIME_SCALE: '0.03', RATE: '4' };

const influx = await startTestInflux();
const demo = await startDemo({ latencyMs: 2, jitterMs: 1, capacity: 256, errorRate: 0.002 });
const shopDemo = await startDemo({ latencyMs: 2, jitterMs: 1 });
const resultsDir = mkdtempSync(join(tmpdir(), 'plimsoll-influx-run-'));
const shopResultsDir = mkdtempSync(join(tmpdir(), 'plimsoll-influx-shop-'));
// k6's raw samples, as every run spools them (nanosecond timestamps).
const SAMPLES = join(resultsDir, SAMPLES_FILES['plimsoll-samples']);
after(async () => {
  await demo.close();
  await shopDemo.close();
  await influx.close();
  rmSync(resultsDir, { recursive: true, force: true });
  rmSync(shopResultsDir, { recursive: true, force: true });
});

/** What a dashboard query is filled in with for one run, and the SLA limits that run recorded. */
interface StreamedRun {
  testid: string;
  scenario: string;
  /** Its journeys (sla.json): the spike's one, the shop's mix. */
  journeys: string[];
  fromMs: number;
  toMs: number;
  sla: Record<string, number>;
}
let spikeRun: StreamedRun;
let shopRun: StreamedRun;

/** k6 with the runner's InfluxDB output settings (run/k6-invocation.ts), into this file's influxd. */
function streamTo(script: string, settings: Record<string, string>, dir: string, extraArgs: string[] = [], extraEnv: Record<string, string> = {}) {
  const inv = k6Invocation(script, { ...settings, OUT: 'influxdb', INFLUX_URL: `${influx.url}/k6` }, dir);
  return run(K6, [...inv.args, '--quiet', ...extraArgs], { ...settings, ...inv.env, ...extraEnv }, 150_000);
}

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
  const running = streamTo('dist/spike.js', settings, resultsDir);
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
  // The spike scenario's global limits, as the run recorded them (scenarios/spike.ts: failures only; its
  // latency limits are per phase).
  const spikeSla = JSON.parse(readFileSync(join(resultsDir, 'sla.json'), 'utf8'));
  spikeRun = { testid: TESTID, scenario: 'spike', journeys: spikeSla.scope.journeys, fromMs, toMs, sla: spikeSla.slaLines as Record<string, number> };

  // Then the shop run, after the spike's, so it takes none of the spike's CPU.
  const shopFrom = Date.now() - 1_000;
  const shopSettings = { ...SHOP_LOAD, TARGET: shopDemo.url, TESTID: SHOP_TESTID, SLA: jsonFile('sla.json', SHOP_SLA), RESULTS_DIR: shopResultsDir };
  const shop = await streamTo('dist/shop.js', shopSettings, shopResultsDir);
  assert.ok(shop.code === 0 || shop.code === 99, `the shop run ended with ${shop.code}: ${shop.stderr.slice(-2000)}`);
  // The dashboards' scenario variable is k6's `scenario` tag: a mix runs one k6 scenario per journey.
  shopRun = { testid: SHOP_TESTID, scenario: 'shop-buy', journeys: JSON.parse(readFileSync(join(shopResultsDir, 'sla.json'), 'utf8')).scope.journeys, fromMs: shopFrom, toMs: Date.now() + 1_000, sla: SHOP_SLA.global };
  assert.deepEqual(shopRun.journeys, ['browse', 'buy'], "the shop's mix");
  // InfluxDB 1.x stores one point per series and timestamp: two requests of one series (same tags) that
  // k6 timed to the same nanosecond become one point. That happens (about once in 30,000 requests on
  // loopback), so the exact expectation is k6's own record less those coincidences.
  const seen = new Set<string>();
  let requests = 0;
  await readSamples(SAMPLES, (metric, _value, tags, time) => {
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
  const names = await tagValues('name');
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

async function tagValues(key: string, testid = TESTID): Promise<string[]> {
  const [s] = await q(`SHOW TAG VALUES FROM "http_reqs" WITH KEY = "${key}" WHERE "testid" = '${testid}'`);
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

/** What a panel's query must return for a run, read from the query itself. */
function expectShape(title: string, query: string, series: InfluxSeries[], r: StreamedRun) {
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
  // The shop journey's one flow (scenarios/shop.ts).
  if (grouped === 'flow') assert.deepEqual(series.map((s) => s.tags!.flow), ['purchase'], `${title}: one series per flow`);
  if (grouped === 'journey') assert.deepEqual(series.map((s) => s.tags!.journey).sort(), r.journeys, `${title}: one series per journey of ${r.testid}`);
}

/** What Grafana inserts for the generated Journey variable's "All": its allValue as it is, else every value it offers. */
const journeyAll = allDashboards()['run-overview']!.templating!.list!.find((v) => v.name === 'journey')!.allValue;

/**
 * The variables as Grafana fills them for one run: Scenario and Profile narrowed to it, Step on "All", Journey
 * on "All" or on the journeys given.
 */
async function contextFor(r: StreamedRun, journeys?: string[]): Promise<MacroContext> {
  return {
    fromMs: r.fromMs,
    toMs: r.toMs,
    intervalMs: 1_000,
    vars: { testid: r.testid, testid_a: r.testid, testid_b: r.testid, scenario: [r.scenario], profile: ['spike'], journey: journeys ?? journeyAll ?? (await tagValues('journey', r.testid)), step: await tagValues('name', r.testid) },
  };
}

/** A run's SLA limit query returns the limit that run recorded (one row: 0 where "within" starts, the limit), or nothing. */
async function expectSlaLimit(title: string, query: string, r: StreamedRun) {
  const limit = /"limit" = '(\w+)'/.exec(query)?.[1] ?? assert.fail(`${title}: which limit? ${query}`);
  const series = await q(fillMacros(query, await contextFor(r)));
  const expected = r.sla[limit];
  if (expected === undefined) return assert.deepEqual(series, [], `${title}: ${r.testid}'s SLA sets no ${limit}`);
  assert.equal(series.length, 1, `${title}: one row for ${r.testid}`);
  assert.deepEqual(series[0]!.columns, ['time', 'within', 'limit'], title);
  assert.deepEqual(series[0]!.values.map((row) => row.slice(1)), [[0, expected]], `${title}: ${r.testid}'s own ${limit}`);
}

test('every panel query of every generated dashboard returns data for the run', async () => {
  const spike = await contextFor(spikeRun);
  const shop = await contextFor(shopRun);
  const data = async (query: string, ctx: MacroContext) => q(fillMacros(query, ctx));
  let checked = 0;
  let limits = 0;
  let journeyQueries = 0;
  for (const [file, dashboard] of Object.entries(allDashboards())) {
    for (const panel of dashboard.panels ?? []) {
      if (panel.type === 'row') continue;
      const targets = (panel as { targets?: { query: string; refId: string }[] }).targets ?? [];
      assert.ok(targets.length > 0, `${file} / ${panel.title}: has queries`);
      for (const t of targets) {
        const title = `${file} / ${panel.title} / ${t.refId}`;
        if (t.query.includes(`FROM "${SLA_METRIC}"`)) {
          // Each run's own limit: the default SLA's for the spike run (p95 500 ms), the file's for the shop run (250 ms).
          for (const r of [spikeRun, shopRun]) await expectSlaLimit(title, t.query, r);
          limits++;
        } else if (t.query.includes('FROM "flow_duration"')) {
          // Only a journey that declares flows has them: the shop's, not the endpoint list's.
          assert.deepEqual(await data(t.query, spike), [], `${title}: the endpoint-list journey has no flows`);
          expectShape(title, fillMacros(t.query, shop), await data(t.query, shop), shopRun);
        } else if (/GROUP BY .*"journey"/.test(t.query)) {
          // Per journey: the spike's one line, the shop mix's two.
          expectShape(title, fillMacros(t.query, spike), await data(t.query, spike), spikeRun);
          expectShape(title, fillMacros(t.query, shop), await data(t.query, shop), shopRun);
          journeyQueries++;
        } else {
          expectShape(title, fillMacros(t.query, spike), await data(t.query, spike), spikeRun);
        }
        checked++;
      }
    }
    for (const variable of dashboard.templating?.list ?? []) {
      const offered = async (ctx: MacroContext) => (await data(String(variable.query), ctx))[0]?.values.map((v) => v[1]) ?? [];
      const values = await offered(spike);
      const expected = { scenario: 'spike', profile: 'spike', testid: TESTID, testid_a: TESTID, testid_b: TESTID, journey: spikeRun.journeys[0], step: 'item-get' }[variable.name];
      assert.ok(values.includes(expected), `${file}: variable ${variable.name} offers ${expected} (got ${values.join(', ')})`);
      if (variable.name === 'testid') {
        // The scenario narrows the runs offered.
        assert.ok(!values.includes(SHOP_TESTID), `${file}: the spike scenario's runs only`);
        const shopRuns = await offered(shop);
        assert.ok(shopRuns.includes(SHOP_TESTID) && !shopRuns.includes(TESTID), `${file}: the shop scenario's runs only (got ${shopRuns.join(', ')})`);
      }
      if (variable.name === 'journey') assert.deepEqual([...(await offered(shop))].sort(), shopRun.journeys, `${file}: the shop run's journeys`);
      if (variable.name === 'step') {
        // The Journey narrows the steps offered: buy logs in and checks out, it never searches.
        const buySteps = await offered(await contextFor(shopRun, ['buy']));
        assert.ok(buySteps.includes('login') && buySteps.includes('checkout') && !buySteps.includes('search'), `${file}: buy's steps only (got ${buySteps.join(', ')})`);
      }
    }
  }
  console.log(`# panel queries checked: ${checked}, of them SLA limit queries (each for both runs): ${limits}, per journey (both runs): ${journeyQueries}`);
  assert.ok(limits >= 20, `${limits} SLA limit queries`);
  assert.ok(journeyQueries >= 3, `${journeyQueries} per-journey queries`);
  // The stat panel's request count is exactly what InfluxDB can hold of k6's count (see expected).
  const requests = allDashboards()['run-overview']!.panels!.find((p) => p.title === 'Requests') as unknown as { targets: { query: string }[] };
  const [s] = await data(requests.targets[0]!.query, spike);
  assert.equal(s!.values[0]![1], expected.points);
});

test("the Journey variable narrows the panels: the shop's buy journey alone, as k6 counted it", async () => {
  const shopSummary = JSON.parse(readFileSync(join(shopResultsDir, 'summary.json'), 'utf8'));
  const panel = (title: string) => (allDashboards()['run-overview']!.panels!.find((p) => p.title === title) as unknown as { targets: { query: string }[] }).targets[0]!.query;
  const count = async (journeys?: string[]) => Number((await q(fillMacros(panel('Requests'), await contextFor(shopRun, journeys))))[0]!.values[0]![1]);
  const k6 = (j: string) => shopSummary.metrics[`http_req_duration{journey:${j}}`].values.count as number;
  const [all, browse, buy] = [await count(), await count(['browse']), await count(['buy'])];
  console.log(`# shop requests in InfluxDB: all ${all}, browse ${browse}, buy ${buy}; k6 counted browse ${k6('browse')}, buy ${k6('buy')}`);
  assert.equal(buy, k6('buy'), "buy's requests, as k6 counted them");
  assert.equal(browse, k6('browse'));
  assert.ok(buy > 0 && browse > buy, 'browse is 0.8 of the mix');
  // All narrows nothing: the journeys' requests and setup's (outside any journey).
  assert.equal(all, shopSummary.metrics.http_reqs.values.count);
  assert.ok(all > browse + buy, "All keeps setup's requests too");
  for (const title of ['Request rate per journey', 'Latency p95 per journey', 'Failed-request rate per journey']) {
    const series = await q(fillMacros(panel(title), await contextFor(shopRun, ['buy'])));
    assert.deepEqual(series.map((s) => s.tags!.journey), ['buy'], `${title}: buy alone`);
  }
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
