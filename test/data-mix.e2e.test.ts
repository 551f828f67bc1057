// Test data and workload mixes on the real engine: a `unique` feeder gives each user exactly once (across
// VUs and across shards), exhaustion stops or wraps as chosen, bad data files stop the run before any
// request; a 0.8 / 0.2 mix lands on plan per journey and per phase, and per-journey SLAs gate.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemo } from '../demo/server';
import { bundle } from '../build/bundle';
import { parseRows } from '../lib/data/csv';
import { spike } from '../lib/profiles/spike';
import { scalePlan } from '../lib/profiles/profile';
import { parseSettings } from '../lib/config/settings';
import { K6, jsonFile, run } from './support/k6';
import { describeBundle } from '../run/inspect';

const demo = await startDemo({ latencyMs: 1, jitterMs: 0 });
after(() => demo.close());
const dist = mkdtempSync(join(tmpdir(), 'plimsoll-fixtures-'));
before(() => bundle(['test/scenarios/users.ts', 'test/scenarios/mix.ts'], dist));
const reset = () => fetch(`${demo.url}/__demo/stats/reset`, { method: 'POST' });
const file = (name: string, text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'plimsoll-data-')), name);
  writeFileSync(path, text);
  return path;
};
/** The demo's first n users, as a CSV a feeder reads. */
const users = (n: number) => file('users.csv', ['username,password', ...Array.from({ length: n }, (_, i) => `shopper-${i + 1},pw-${i + 1}`)].join('\n'));
const k6 = (script: string, env: Record<string, string>, args: string[] = []) => {
  const results = mkdtempSync(join(tmpdir(), 'plimsoll-'));
  return run(K6, ['run', '--quiet', ...args, join(dist, `${script}.js`)], { TARGET: demo.url, RESULTS_DIR: results, ...env }).then((r) => ({
    ...r,
    read: (f: string) => JSON.parse(readFileSync(join(results, f), 'utf8')),
  }));
};

test('data files: CSV with a header, JSON arrays; a malformed row or an empty file is one line naming it', () => {
  assert.deepEqual(parseRows('u.csv', 'a,b\n1,"x,y"\n2,"say ""hi"""\n'), { ok: true, rows: [{ a: '1', b: 'x,y' }, { a: '2', b: 'say "hi"' }] });
  assert.deepEqual(parseRows('u.json', '[{"a":1}]'), { ok: true, rows: [{ a: 1 }] });
  assert.deepEqual(parseRows('u.csv', 'a,b\n1,2\n3\n'), { ok: false, error: 'u.csv: row 3 has 1 fields: expected 2 (a,b)' });
  assert.deepEqual(parseRows('u.csv', 'a,b\n'), { ok: false, error: 'u.csv has no rows: expected at least one below the header' });
  assert.deepEqual(parseRows('u.json', '{"a":1}'), { ok: false, error: 'u.json: expected a JSON array of objects' });
  assert.deepEqual(parseRows('u.json', '[1]'), { ok: false, error: 'u.json: row 1 is not an object: expected a JSON array of objects' });
});

test('unique: 40 rows, 30 iterations over 10 VUs — the demo sees 30 different users, each once', async () => {
  await reset();
  const r = await k6('users', { DATA_USERS: users(40), MODEL: 'closed', RATE: '10', EXPECTED_LATENCY: '1s', DURATION: '1s' }, ['--iterations', '30', '--vus', '10']);
  assert.equal(r.code, 0, r.stderr);
  const logins = demo.stats().logins;
  assert.equal(Object.keys(logins).length, 30, JSON.stringify(logins));
  assert.deepEqual(new Set(Object.values(logins)), new Set([1]));
});

test("a feeder's own path is relative to the scenario's file, wherever its bundle is: test/scenarios/users.csv, from a temporary folder", async () => {
  await reset();
  const r = await k6('users', { MODEL: 'closed', RATE: '5', EXPECTED_LATENCY: '1s', DURATION: '1s' }, ['--iterations', '5', '--vus', '5']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(demo.stats().logins, { 'shopper-1': 1, 'shopper-2': 1, 'shopper-3': 1, 'shopper-4': 1, 'shopper-5': 1 });
});

test('unique across 2 shards (execution segments): every user once, none twice', async () => {
  await reset();
  const data = users(200);
  const seq = ['--execution-segment-sequence', '0,1/2,1'];
  const shards = await Promise.all(
    ['0:1/2', '1/2:1'].map((segment) => k6('users', { DATA_USERS: data, RATE: '40', DURATION: '2s' }, ['--execution-segment', segment, ...seq])),
  );
  for (const s of shards) assert.equal(s.code, 0, s.stderr);
  const iterations = shards.reduce((n, s) => n + s.read('summary.json').metrics.iterations.values.count, 0);
  const logins = demo.stats().logins;
  assert.ok(iterations > 40, `${iterations} iterations`);
  assert.equal(Object.keys(logins).length, iterations, 'as many users as iterations over both shards');
  assert.deepEqual(new Set(Object.values(logins)), new Set([1]), 'no user twice');
});

test("unique runs out: 'stop' ends the run with one line (k6's 108), 'wrap' goes round again", async () => {
  const data = users(10);
  const stop = await k6('users', { DATA_USERS: data, RATE: '20', DURATION: '2s' });
  assert.equal(stop.code, 108, stop.stderr);
  assert.match(stop.stderr, /plimsoll: feeder 'users' used each of its 10 rows once \(strategy unique\)/);
  await reset();
  const wrap = await k6('users', { DATA_USERS: data, RATE: '20', DURATION: '2s', EXHAUSTED: 'wrap' });
  assert.equal(wrap.code, 0, wrap.stderr);
  assert.equal(Object.keys(demo.stats().logins).length, 10);
});

test("a scenario whose own data file is missing: describing it (what `plimsoll run` and `help` do first) gives the bundle's one line, not a guess", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-absent-'));
  const source = join(dir, 'absent.ts');
  const lib = resolve('lib');
  writeFileSync(
    source,
    [
      `import { scenario, journey, feeder } from '${lib}/plimsoll';`,
      `import { baseline } from '${lib}/profiles/baseline';`,
      `const users = feeder('users', './absent.csv');`,
      `const visit = journey({ name: 'visit', steps: ['home'], feed: users, iteration(session) { session.get('home', '/health'); } });`,
      `const run = scenario({ profile: baseline, journey: visit, sla: {} });`,
      'export const { options, setup, teardown, handleSummary } = run;',
      'export default run.iteration;',
    ].join('\n'),
  );
  await bundle([source], join(dir, 'dist'));
  assert.deepEqual(describeBundle(K6, join(dir, 'dist', 'absent.js')), { error: "feeder 'users': './absent.csv' cannot be read: expected the path of a CSV or JSON data file" });
});

for (const [what, data, line] of [
  ['a missing file', '/nonexistent/users.csv', "plimsoll: DATA_USERS='/nonexistent/users.csv' cannot be read: expected the path of a CSV or JSON data file"],
  ['a malformed row', 'bad', /^plimsoll: feeder 'users': .*users\.csv: row 3 has 1 fields: expected 2 \(username,password\)$/],
  ['an empty file', 'empty', /^plimsoll: feeder 'users': .*users\.csv has no rows: expected at least one below the header$/],
] as const) {
  test(`bad data — ${what}: one line naming the file, no request sent`, async () => {
    await reset();
    const path = data === 'bad' ? file('users.csv', 'username,password\nshopper-1,pw-1\nshopper-2\n') : data === 'empty' ? file('users.csv', 'username,password\n') : data;
    const r = await k6('users', { DATA_USERS: path, RATE: '5', DURATION: '1s' });
    assert.notEqual(r.code, 0);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    const msg = /msg="(.*?)\\n"/.exec(lines[0]!)?.[1] ?? lines[0]!;
    if (typeof line === 'string') assert.equal(msg, line);
    else assert.match(msg, line);
    assert.equal(demo.stats().total, 0);
  });
}

test('a 0.8 / 0.2 mix lands within ±3 % of plan per journey and per phase', async () => {
  const env = { RATE: '40', PEAK: '3', TIME_SCALE: '0.05' };
  const phases = ['warmup', 'ramp', 'peak', 'drop', 'recovery'];
  // k6 computes a sub-metric only when a threshold names it: always-true ones per journey × phase.
  const observe = Object.fromEntries(['browse', 'buy'].flatMap((j) => phases.map((p) => [`iterations{journey:${j},phase:${p}}`, ['count>=0']])));
  const r = await k6('mix', { ...env, SLA: jsonFile('sla.json', { thresholds: observe }) });
  assert.equal(r.code, 0, r.stderr);
  const summary = r.read('summary.json');
  const settings = parseSettings(spike.params, { ...env, TARGET: demo.url });
  assert.ok(settings.ok);
  const plan = scalePlan(spike.plan(settings.settings), 0.05);
  let rate = plan.startRate;
  for (const p of plan.phases) {
    const planned = ((rate + p.target) / 2) * (p.durationMs / 1000);
    rate = p.target;
    for (const [journey, share] of [['browse', 0.8], ['buy', 0.2]] as const) {
      const ran = summary.metrics[`iterations{journey:${journey},phase:${p.name}}`]?.values.count ?? 0;
      const want = planned * share;
      console.log(`# ${journey} ${p.name}: planned ${want.toFixed(1)}, ran ${ran}`);
      assert.ok(Math.abs(ran - want) <= Math.max(0.03 * want, 1), `${journey} in ${p.name}: ${ran} of ${want.toFixed(1)} planned`);
    }
  }
  assert.match(r.stdout, /^  journey +requests/m);
});

test('a per-journey SLA crossed names the journey (exit 99); a typo in a journey name stops before any request', async () => {
  demo.set({ routes: { 'item-get': { latencyMs: 120 } } });
  const slow = await k6('mix', { RATE: '20', TIME_SCALE: '0.02', SLA: jsonFile('sla.json', { journeys: { buy: { p95: 100 }, browse: { p95: 100 } } }) });
  demo.set({ routes: {} });
  assert.equal(slow.code, 99, slow.stderr);
  assert.deepEqual(
    slow.read('verdict.json').rows.filter((row: { ok: boolean }) => !row.ok).map((row: { metric: string; expression: string }) => `${row.metric} ${row.expression}`),
    ['http_req_duration{journey:buy} p(95)<100'],
  );
  await reset();
  const typo = await k6('mix', { RATE: '20', TIME_SCALE: '0.02', SLA: jsonFile('sla.json', { journeys: { bye: { p95: 100 } } }) });
  assert.notEqual(typo.code, 0);
  assert.match(typo.stderr.trim(), /^[^\n]*plimsoll: SLA names journey 'bye', which this run does not have: expected one of browse, buy[^\n]*$/);
  assert.equal(demo.stats().total, 0);
});

test('the example shop is a mix read from the demo users file', () => {
  const text = readFileSync(resolve('scenarios/shop.ts'), 'utf8');
  assert.match(text, /feeder<[^>]*>\('users', '\.\.\/demo\/users\.csv'/);
  assert.match(text, /\[browser, 0\.8\],\s*\[buyer, 0\.2\]/);
});
