// Beyond one load generator, on the real k6: SHARDS=N runs N k6 processes on execution segments, and one
// verdict judges all their samples — equal to a single process's verdict for the same load and SLA, and
// right where averaging per-shard percentiles would be wrong.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemo } from '../demo/server';
import { waitFor } from '../live/influxd';
import { mergeVerdict, influxVerdict } from '../distributed/merge';
import { shardInvocation } from '../distributed/shards';
import { readSamples, samplesIn, SAMPLES_FILES } from '../distributed/samples';
import { K6, jsonFile, run, runProfile } from './support/k6';
import { startTestInflux } from './support/influx';

const ENDPOINTS = resolve('demo/endpoints.json');
const RATE = 100;
const SECONDS = 6;
// Planned: RATE iterations/s for SECONDS, no ramp.
const LOAD = { RATE: String(RATE), RAMP: '0s', DURATION: `${SECONDS}s`, TIME_SCALE: '1', ENDPOINTS };

const demo = await startDemo();
after(() => demo.close());
const reset = () => fetch(`${demo.url}/__demo/stats/reset`, { method: 'POST' });

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
type Row = { metric: string; expression: string; ok: boolean; observed: number | null };
const judged = (v: { rows: Row[] }) => v.rows.map((r) => `${r.metric} ${r.expression} ${r.ok ? 'held' : 'CROSSED'}`).sort();

/** A single k6 process of the same bundle, also writing its raw samples (so Node can judge them too). */
async function singleRun(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-single-'));
  const r = await run(K6, ['run', '--quiet', '--out', `plimsoll-samples=${join(dir, SAMPLES_FILES['plimsoll-samples'])}`, 'dist/sustained.js'], { ...LOAD, TARGET: demo.url, RESULTS_DIR: dir, ...env });
  assert.ok(r.code === 0 || r.code === 99, r.stderr);
  return { code: r.code, dir, verdict: json(join(dir, 'verdict.json')), summary: json(join(dir, 'summary.json')) };
}

async function checkShards(dir: string, n: number, testid: string, rate = RATE) {
  const planned = rate * SECONDS;
  const merged = json(join(dir, 'summary.json'));
  const shards = Array.from({ length: n }, (_, i) => json(join(dir, `shard-${i}`, 'summary.json')));
  const iterations = merged.metrics.iterations.values.count;
  const achieved = iterations / SECONDS;
  const perShard = shards.map((s) => s.metrics.iterations.values.count);
  const reqs = shards.map((s) => s.metrics.http_reqs.values.count);
  const p95 = merged.metrics.http_req_duration.values['p(95)'];
  console.log(`# ${n} shards: planned ${rate}/s (${planned} iterations), achieved ${achieved.toFixed(1)}/s (${iterations}); per shard ${perShard.join(' + ')}; requests ${reqs.join(' + ')} = ${merged.metrics.http_reqs.values.count}; merged p95 ${p95.toFixed(2)}ms`);
  assert.ok(Math.abs(achieved - rate) <= 0.05 * rate, `combined achieved rate ${achieved}/s is within ±5 % of ${rate}/s`);
  assert.equal(merged.metrics.http_reqs.values.count, reqs.reduce((a, b) => a + b, 0), "merged request count is the sum of the shards' counts");
  assert.equal(iterations, perShard.reduce((a, b) => a + b, 0));
  for (const [i] of shards.entries()) {
    // k6 itself reports running its segment: its share of the plan, and its fraction in the log header.
    assert.ok(Math.abs(perShard[i]! - planned / n) <= 0.05 * (planned / n), `shard ${i} ran ${perShard[i]} of its ${planned / n} iterations`);
    assert.match(readFileSync(join(dir, `shard-${i}`, 'k6.log'), 'utf8'), new RegExp(`scenarios: \\(${(100 / n).toFixed(2)}%\\)`));
    // Every sample of the shard carries its instance and the shared testid.
    const untagged: string[] = [];
    const samples = await readSamples(samplesIn(join(dir, `shard-${i}`))!, (m, _v, tags) => void (tags.instance !== String(i) || tags.testid !== testid ? untagged.push(m) : 0));
    assert.ok(samples > 0);
    assert.deepEqual(untagged, [], `shard ${i}: every sample tagged instance=${i}, testid=${testid}`);
  }
  return merged;
}

// The passing single-process run the sharded ones are compared with (run once, by whichever test needs it first).
let singlePassRun: ReturnType<typeof singleRun> | undefined;
const passingSingle = () => (singlePassRun ??= (demo.set({ latencyMs: 5 }), singleRun({})));

/**
 * Equal as k6 could write them: k6 writes summary.json and verdict.json with its JS engine's JSON.stringify,
 * which is not round-trip exact for every double — it prints 0.14853739999999999 as "0.1485374", the next
 * double up (seen in a p(99)) — so numbers may differ in the last place, and in nothing else.
 */
const asK6Wrote = (ours: unknown, k6: unknown): boolean => {
  if (typeof ours === 'number' && typeof k6 === 'number') return ours === k6 || Math.abs(ours - k6) <= Math.abs(k6) * 1e-15;
  if (ours === null || k6 === null || typeof ours !== 'object' || typeof k6 !== 'object') return Object.is(ours, k6);
  const keys = Object.keys(ours);
  return keys.length === Object.keys(k6).length && keys.every((k) => k in k6 && asK6Wrote((ours as Record<string, unknown>)[k], (k6 as Record<string, unknown>)[k]));
};

test('equal as k6 wrote them: the last place of a number, nothing more', () => {
  assert.ok(asK6Wrote({ 'p(99)': 0.14853739999999999, count: 600 }, { count: 600, 'p(99)': 0.1485374 }));
  assert.ok(!asK6Wrote({ 'p(99)': 0.1485375 }, { 'p(99)': 0.1485374 }));
  assert.ok(!asK6Wrote({ count: 600 }, { count: 600, avg: 1 }));
  assert.ok(!asK6Wrote([{ ok: true }], [{ ok: false }]));
});

test('single process: the Node verdict over its raw samples equals the one k6 computed in handleSummary', async () => {
  const singlePass = await passingSingle();
  const k6Verdict = singlePass.verdict;
  const node = await mergeVerdict(mkdtempSync(join(tmpdir(), 'plimsoll-rejudge-')), [singlePass.dir]);
  // The same rows: every observed value (percentiles too) and every `ok`, now evaluated by us, not by k6.
  assert.ok(asK6Wrote(node.verdict.rows, k6Verdict.rows), `rows: ${JSON.stringify(node.verdict.rows)} vs k6's ${JSON.stringify(k6Verdict.rows)}`);
  assert.equal(node.verdict.passed, k6Verdict.passed);
  for (const [key, m] of Object.entries(singlePass.summary.metrics as Record<string, { values: Record<string, number> }>)) {
    const ours = node.data.metrics[key]?.values;
    assert.ok(asK6Wrote(ours, m.values), `${key}: merged values ${JSON.stringify(ours)} equal k6's ${JSON.stringify(m.values)}`);
  }
});

test('2 shards (SHARDS=2 against the demo target): rate, segments, counts; InfluxDB by testid gives the same verdict', async () => {
  demo.set({ latencyMs: 5 });
  await reset();
  const influx = await startTestInflux();
  after(() => influx.close());
  const r = await runProfile('sustained', { ...LOAD, SHARDS: '2', TARGET: demo.url, TESTID: 'shards-2', OUT: 'influxdb', INFLUX_URL: `${influx.url}/k6` });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const merged = await checkShards(r.resultsDir, 2, 'shards-2');
  assert.equal(merged.metrics.http_reqs.values.count, demo.stats().total, 'k6 counted exactly the requests the target served');
  const verdict = r.read('verdict.json');
  assert.equal(verdict.passed, true);
  assert.deepEqual(judged(verdict), judged((await passingSingle()).verdict), 'the same SLA rows and outcome as the single process');
  assert.match(r.stdout, /plimsoll verdict: PASS — all 2 SLA limits held/);

  // The same run, judged from InfluxDB by its testid (as for a k6-operator TestRun): the same samples.
  const fromInflux = mkdtempSync(join(tmpdir(), 'plimsoll-influx-verdict-'));
  writeFileSync(join(fromInflux, 'sla.json'), readFileSync(join(r.resultsDir, 'sla.json')));
  let stored = 0;
  await waitFor('InfluxDB to hold every request', async () => {
    stored = (await influxVerdict(fromInflux, `${influx.url}/k6`, 'shards-2')).data.metrics.http_reqs?.values.count ?? 0;
    return stored >= merged.metrics.http_reqs.values.count;
  }, 15_000, 250);
  const v = json(join(fromInflux, 'verdict.json'));
  const summary = json(join(fromInflux, 'summary.json'));
  assert.equal(summary.metrics.http_reqs.values.count, merged.metrics.http_reqs.values.count);
  assert.equal(summary.metrics.http_req_duration.values['p(95)'], merged.metrics.http_req_duration.values['p(95)']);
  assert.deepEqual(v.rows, verdict.rows);
});

test('4 shards (SHARDS=4, demo target started once by the runner): rate, segments, counts', async () => {
  // The runner's demo serves about 36 requests/s (it is meant to bend under a spike): stay well below it.
  const rate = 20;
  const r = await runProfile('sustained', { ...LOAD, RATE: String(rate), SHARDS: '4', TARGET: '', TESTID: 'shards-4' });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(r.stdout.match(/started the demo target/g)?.length, 1);
  await checkShards(r.resultsDir, 4, 'shards-4', rate);
  const targets = [0, 1, 2, 3].map((i) => json(join(r.resultsDir, `shard-${i}`, 'sla.json')).target);
  assert.equal(new Set(targets).size, 1, 'every shard loaded the one demo target');
  assert.deepEqual(judged(r.read('verdict.json')), judged((await passingSingle()).verdict));
});

test('p95 crossed: the cross-shard verdict equals the single-process verdict, and exits 99', async () => {
  demo.set({ latencyMs: 600 });
  try {
    const slow = { RATE: '40' };
    const single = await singleRun(slow);
    const r = await runProfile('sustained', { ...LOAD, ...slow, SHARDS: '2', TARGET: demo.url });
    assert.equal(single.code, 99);
    assert.equal(r.code, 99, r.stderr);
    const verdict = r.read('verdict.json');
    assert.equal(verdict.passed, false);
    assert.deepEqual(judged(verdict), judged(single.verdict));
    assert.deepEqual(verdict.rows.filter((row: Row) => !row.ok).map((row: Row) => `${row.metric} ${row.expression}`), ['http_req_duration p(95)<500']);
    assert.match(readFileSync(join(r.resultsDir, 'junit.xml'), 'utf8'), /<failure[^>]*p\(95\)&lt;500/);
    assert.match(r.stdout, /plimsoll verdict: FAIL \(degraded\) — 1 of 2 SLA limits crossed: http_req_duration p\(95\)<500/);
  } finally {
    demo.set({ latencyMs: 5 });
  }
});

test('uneven shards: averaging per-shard p95 would pass a crossed SLA; the merged p95 is right', async () => {
  const SLOW_MS = 300;
  demo.set({ latencyMs: 5, routes: { search: { latencyMs: SLOW_MS } } });
  await reset();
  try {
    const dir = mkdtempSync(join(tmpdir(), 'plimsoll-uneven-'));
    const list = (searchWeight: number, healthWeight: number) => jsonFile('endpoints.json', [
      { name: 'health', method: 'GET', path: '/health', weight: healthWeight, expect: 200 },
      { name: 'search', method: 'GET', path: '/api/search?q=hull', weight: searchWeight, expect: 200 },
    ]);
    // Shard 0 sends 1 in 5 requests to the slow endpoint, shard 1 almost none; SLA: p95 < 200 ms.
    const perShard = [list(1, 4), list(1, 99)];
    const sla = jsonFile('sla.json', { global: { p95: 200 } });
    const env = { ...process.env, ...LOAD, TARGET: demo.url, SLA: sla, TESTID: 'uneven', K6 };
    const runs = [0, 1].map((i) => {
      const shard = shardInvocation('dist/sustained.js', { SHARDS: 2, INFLUX_URL: '' }, { ...env, ENDPOINTS: perShard[i] }, dir, i, 2);
      mkdirSync(shard.shardDir, { recursive: true });
      return run(K6, [...shard.args, '--quiet'], shard.env as Record<string, string>);
    });
    for (const r of await Promise.all(runs)) assert.ok(r.code === 0 || r.code === 99, r.stderr);
    const own = [0, 1].map((i) => json(join(dir, `shard-${i}`, 'summary.json')).metrics.http_req_duration.values['p(95)']);
    const averaged = (own[0] + own[1]) / 2;
    const { code, data, verdict } = await mergeVerdict(dir);
    const p95 = data.metrics.http_req_duration!.values['p(95)']!;
    const stats = demo.stats();
    const slowShare = stats.byRoute.search! / stats.total;
    console.log(`# uneven: shard p95 ${own.map((p: number) => p.toFixed(1)).join(' / ')}ms, averaged ${averaged.toFixed(1)}ms, merged ${p95.toFixed(1)}ms; ${(slowShare * 100).toFixed(1)}% of ${stats.total} requests hit the ${SLOW_MS}ms endpoint`);
    // Independent of our arithmetic: more than 5 % of all requests took about SLOW_MS, so the true p95 is
    // about SLOW_MS. Not more: Node's timers count from the event loop's cached clock, so the demo's
    // 300 ms can end a fraction of a millisecond early as k6 times it (299.998 ms in one CI run).
    assert.ok(slowShare > 0.05, `slow share ${slowShare}`);
    assert.ok(p95 >= SLOW_MS - 1, `merged p95 ${p95} ≥ ${SLOW_MS - 1}`);
    assert.ok(averaged < 200, `the average of per-shard p95 (${averaged}) would have held the SLA`);
    assert.equal(code, 99);
    assert.equal(verdict.passed, false);
    assert.deepEqual(verdict.rows.filter((r) => !r.ok).map((r) => `${r.metric} ${r.expression}`), ['http_req_duration p(95)<200']);
  } finally {
    demo.set({ latencyMs: 5, routes: {} });
  }
});

test("SHARDS='0': one clear line, exit 2, no request sent", async () => {
  await reset();
  const r = await runProfile('sustained', { ...LOAD, SHARDS: '0', TARGET: demo.url });
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim(), "plimsoll: SHARDS='0' is not valid: expected a whole number greater than 0");
  assert.equal(demo.stats().total, 0);
});

test('SIGINT to a sharded run reaches every shard; the merged verdict says interrupted', async () => {
  await reset();
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-int-'));
  const { spawn } = await import('node:child_process');
  const runner = spawn('node', ['--import', 'tsx', 'cli/plimsoll.ts', 'run', 'sustained'], { env: { ...process.env, ...LOAD, DURATION: '60s', SHARDS: '2', TARGET: demo.url, RESULTS_DIR: dir, K6 }, stdio: 'ignore' });
  const exited = new Promise<number | null>((done) => runner.on('exit', (c) => done(c)));
  await waitFor('both shards to send requests', () => demo.stats().total >= 200, 30_000, 20);
  runner.kill('SIGINT');
  const code = await exited;
  assert.notEqual(code, 0);
  const verdict = json(join(dir, 'verdict.json'));
  assert.equal(verdict.interrupted, 'SIGINT');
  assert.equal(verdict.passed, false);
  for (const i of [0, 1]) {
    const iterations = json(join(dir, `shard-${i}`, 'summary.json')).metrics.iterations.values.count;
    assert.ok(iterations < (RATE * 60) / 2, `shard ${i} stopped early (${iterations} iterations)`);
  }
});

test("a journey of one's own across 2 shards: one verdict with its steps, flow and metrics over all samples", async () => {
  const shop = await startDemo({ latencyMs: 2, jitterMs: 0 });
  try {
    const r = await runProfile('shop', { TARGET: shop.url, SHARDS: '2', TIME_SCALE: '0.02', RATE: '10', PEAK: '2', TESTID: 'shop-shards' });
    assert.equal(r.code, 0, r.stderr);
    const stats = shop.stats();
    assert.equal(stats.unauthorized, 0);
    const merged = r.read('summary.json');
    for (const step of ['login', 'items-list', 'item-get', 'search', 'cart-add', 'checkout']) {
      assert.equal(merged.metrics[`http_req_duration{name:${step}}`]?.values.count, stats.byRoute[step], `merged requests of step ${step}`);
    }
    assert.equal(merged.metrics['flow_duration{flow:purchase}'].values.count, stats.byRoute.checkout);
    assert.equal(merged.metrics.orders.values.count, stats.byRoute.checkout);
    const verdict = r.read('verdict.json');
    assert.equal(verdict.scenario, 'shop');
    assert.ok(verdict.rows.some((row: Row) => row.metric === 'flow_duration{flow:purchase}' && row.ok));
    assert.ok(verdict.rows.some((row: Row) => row.metric === 'orders' && row.ok && row.observed === stats.byRoute.checkout));
  } finally {
    await shop.close();
  }
});
