// Robustness on the real engine: bad input never reaches the target, faulty targets get the right
// verdict and exit code, interrupted runs still write their results, secrets are written nowhere.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, existsSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemo } from '../demo/server';
import { K6, runProfile, jsonFile } from './support/k6';

const demo = await startDemo({ latencyMs: 2, jitterMs: 0, capacity: 256 });
after(() => demo.close());
const ENDPOINTS = resolve('demo/endpoints.json');
const resetStats = () => fetch(`${demo.url}/__demo/stats/reset`, { method: 'POST' });
const textFile = (name: string, text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'plimsoll-')), name);
  writeFileSync(path, text);
  return path;
};

/** Wait until `condition` holds, checking on every turn of the event loop; fail after `ms`. */
async function until(condition: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

const BAD_INPUT: [string, string, Record<string, string>, RegExp][] = [
  ['TARGET without a scheme', 'spike', { TARGET: '127.0.0.1:8080' }, /TARGET='127\.0\.0\.1:8080' is not valid: expected an http:\/\/ or https:\/\/ URL/],
  ['TARGET not a URL', 'spike', { TARGET: 'not a url' }, /TARGET='not a url' is not valid: expected an http:\/\/ or https:\/\/ URL/],
  ['TARGET host that does not resolve', 'spike', { TARGET: 'http://no-such-host.invalid' }, /TARGET='http:\/\/no-such-host\.invalid' is not reachable \(.*\); nothing else was sent/],
  ['unknown profile', 'spik', {}, /no scenario 'spik': expected one of baseline, breakpoint, shop, soak, spike, stress, sustained/],
  ['RATE 0', 'spike', { RATE: '0' }, /RATE='0' is not valid: expected a number greater than 0/],
  ['RATE negative', 'spike', { RATE: '-5' }, /RATE='-5' is not valid: expected a number greater than 0/],
  ['RATE not a number', 'spike', { RATE: 'ten' }, /RATE='ten' is not valid: expected a number greater than 0/],
  ['PEAK not above 1', 'spike', { PEAK: '1' }, /PEAK='1' is not valid: expected a number greater than 1/],
  ['malformed duration', 'sustained', { DURATION: '5 minutes' }, /DURATION='5 minutes' is not valid: expected a duration above 0 like 500ms/],
  ['TIME_SCALE 0', 'spike', { TIME_SCALE: '0' }, /TIME_SCALE='0' is not valid: expected a number greater than 0/],
  ['TIME_SCALE negative', 'spike', { TIME_SCALE: '-1' }, /TIME_SCALE='-1' is not valid: expected a number greater than 0/],
  ['RATE × PEAK above the safety ceiling', 'spike', { RATE: '50000' }, /the spike peaks at 250000 requests\/s, above RATE_CEILING=1000/],
  ['run longer than the profile allows', 'soak', { DURATION: '48h', TIME_SCALE: '1' }, /the soak would run 48h, above its limit of 24h/],
  ['endpoint with an unknown method', 'spike', { ENDPOINTS: 'METHOD' }, /ENDPOINTS='.*endpoints\.json': 0\.method is not valid: expected one of GET, POST/],
  ['endpoint list that is not JSON', 'spike', { ENDPOINTS: 'NOT_JSON' }, /ENDPOINTS='.*endpoints\.json' is not valid JSON/],
  ['endpoint list that does not exist', 'spike', { ENDPOINTS: '/nonexistent/endpoints.json' }, /ENDPOINTS='\/nonexistent\/endpoints\.json' cannot be read/],
  ['SLA on an unknown metric', 'spike', { SLA: 'METRIC' }, /SLA threshold on 'http_req_duraton': unknown metric 'http_req_duraton'/],
  ['SLA on an unknown endpoint', 'spike', { SLA: 'ENDPOINT' }, /SLA names endpoint 'serch', which this run does not have/],
  ['SLA with a non-numeric limit', 'spike', { SLA: 'NAN' }, /SLA: global\.p95 is not valid: expected a value of type number/],
  ['SHARDS 0', 'spike', { SHARDS: '0' }, /SHARDS='0' is not valid: expected a whole number greater than 0/],
  ['OUT unknown', 'spike', { OUT: 'kafka' }, /OUT='kafka' is not valid: expected influxdb/],
  ['INFLUX_URL malformed', 'spike', { OUT: 'influxdb', INFLUX_URL: 'influx:8086' }, /INFLUX_URL='influx:8086' is not valid: expected http:\/\/host:port\/database/],
  ['token file that does not exist', 'spike', { AUTH_TOKEN_FILE: '/nonexistent/token' }, /AUTH_TOKEN_FILE='\/nonexistent\/token' cannot be read/],
];
const FILES: Record<string, string> = {
  METHOD: jsonFile('endpoints.json', [{ name: 'a', method: 'FETCH', path: '/health' }]),
  NOT_JSON: textFile('endpoints.json', '[{"name": "a",'),
  METRIC: jsonFile('sla.json', { thresholds: { http_req_duraton: ['p(95)<500'] } }),
  ENDPOINT: jsonFile('sla.json', { endpoints: { serch: { p95: 100 } } }),
  NAN: jsonFile('sla.json', { global: { p95: 'fast' } }),
};

for (const [what, profile, env, message] of BAD_INPUT) {
  test(`bad input — ${what}: one clear line, non-zero exit, no request reaches the target`, async () => {
    await resetStats();
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, FILES[v] ?? v]));
    const r = await runProfile(profile, { TARGET: demo.url, ENDPOINTS, TIME_SCALE: '0.02', ...resolved });
    assert.notEqual(r.code, 0);
    // k6's own warnings (the failed preflight request, a skipped report) may precede it; the error is one line.
    const lines = r.stderr.trim().split('\n').filter((l) => !l.includes('level=warning'));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, message);
    assert.doesNotMatch(r.stderr + r.stdout, /at file:|\.js:\d+:\d+|\n\s+at /, 'no stack trace');
    assert.equal(demo.stats().total, 0, 'requests reached the target');
  });
}

test('target down from the start: the preflight stops before the ramp', async () => {
  const down = await startDemo();
  const url = down.url;
  await down.close();
  const started = Date.now();
  const r = await runProfile('spike', { TARGET: url, ENDPOINTS, TIME_SCALE: '0.1' });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /TARGET='http:\/\/127\.0\.0\.1:\d+' is not reachable \(.*connection refused.*\); nothing else was sent/);
  assert.ok(Date.now() - started < 10_000, 'stopped well before the 30 s plan');
  // k6 aborted (108): the run measured nothing of its plan, so its verdict does not pass either.
  assert.equal(r.code, 108, r.stderr);
  const verdict = r.read('verdict.json');
  assert.equal(verdict.passed, false);
  assert.equal(verdict.interrupted, 'k6 exit code 108');
  assert.match(r.stdout, /plimsoll verdict: FAIL \(interrupted by k6 exit code 108\)/);
});

for (const [what, knobs, env] of [
  ['a 5xx storm', { errorRate: 1 }, {}],
  ['connection resets', { resetRate: 1 }, {}],
  ['responses slower than the request timeout', { latencyMs: 2000 }, { TIMEOUT: '300ms' }],
] as const) {
  test(`faulty target — ${what}: the run completes, failures are counted, exit 99, results written`, async () => {
    const faulty = await startDemo({ ...knobs, latencyMs: 'latencyMs' in knobs ? knobs.latencyMs : 2 });
    // The preflight accepts any HTTP answer, but a reset gives none: let it through, then turn the fault on.
    if ('resetRate' in knobs) faulty.set({ resetRate: 0 });
    const running = runProfile('spike', { TARGET: faulty.url, ENDPOINTS, TIME_SCALE: '0.02', MAX_VUS: '200', ...env });
    if ('resetRate' in knobs) {
      await until(() => faulty.stats().total >= 1, 10_000, 'the preflight');
      faulty.set({ resetRate: 1 });
    }
    const r = await running;
    await faulty.close();
    assert.equal(r.code, 99, r.stdout + r.stderr);
    const verdict = r.read('verdict.json');
    const crossed = verdict.rows.filter((x: { ok: boolean }) => !x.ok).map((x: { metric: string }) => x.metric);
    assert.ok(crossed.includes('http_req_failed'), crossed.join());
    assert.ok(r.read('summary.json').metrics.http_req_failed.values.rate > 0.9);
  });
}

test('target that dies mid-run: the run completes with failures counted and exit 99', async () => {
  const dying = await startDemo({ latencyMs: 2 });
  const running = runProfile('spike', { TARGET: dying.url, ENDPOINTS, TIME_SCALE: '0.03', RATE: '20' });
  await until(() => dying.stats().total >= 50, 20_000, '50 requests');
  await dying.close();
  const r = await running;
  assert.equal(r.code, 99, r.stdout + r.stderr);
  const failed = r.read('summary.json').metrics.http_req_failed.values;
  assert.ok(failed.rate > 0.3 && failed.rate < 1, `failed rate ${failed.rate}`);
});

/** k6 processes whose environment names this results folder. */
function k6ProcessesFor(resultsDir: string): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (environ.includes(`RESULTS_DIR=${resultsDir}\0`) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith(K6)) pids.push(Number(pid));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} mid-run: k6 stops gracefully, results say interrupted, no process is left`, async () => {
    await resetStats();
    const resultsDir = mkdtempSync(join(tmpdir(), 'plimsoll-'));
    const runner = spawn('node', ['--import', 'tsx', 'cli/plimsoll.ts', 'run', 'spike'], {
      env: { ...process.env, K6, TARGET: demo.url, ENDPOINTS, TIME_SCALE: '0.2', RESULTS_DIR: resultsDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    runner.stderr.on('data', (d) => (stderr += d));
    runner.stdout.resume();
    const exited = new Promise<number | null>((done) => runner.on('exit', (code) => done(code)));
    await until(() => demo.stats().total >= 30, 30_000, '30 requests');
    runner.kill(signal);
    const code = await exited;
    assert.equal(code, 105, stderr);
    const verdict = JSON.parse(readFileSync(join(resultsDir, 'verdict.json'), 'utf8'));
    assert.equal(verdict.interrupted, signal);
    assert.equal(verdict.passed, false);
    assert.ok(existsSync(join(resultsDir, 'summary.json')));
    assert.deepEqual(k6ProcessesFor(resultsDir), []);
  });
}

test('a second Ctrl-C stops at once', async () => {
  await resetStats();
  const resultsDir = mkdtempSync(join(tmpdir(), 'plimsoll-'));
  // A slow target: a graceful stop would wait for in-flight requests (up to 30 s of gracefulStop).
  const slow = await startDemo({ latencyMs: 20_000 });
  const runner = spawn('node', ['--import', 'tsx', 'cli/plimsoll.ts', 'run', 'spike'], {
    env: { ...process.env, K6, TARGET: slow.url, ENDPOINTS, TIME_SCALE: '0.2', RESULTS_DIR: resultsDir, TIMEOUT: '60s' },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((done) => runner.on('exit', () => done()));
  await until(() => slow.stats().total >= 5, 30_000, 'requests in flight');
  runner.kill('SIGINT');
  runner.kill('SIGINT');
  const stopped = Date.now();
  await exited;
  await slow.close();
  assert.ok(Date.now() - stopped < 5_000, `took ${Date.now() - stopped} ms`);
  assert.deepEqual(k6ProcessesFor(resultsDir), []);
});

test('secrets: the token reaches the target and nothing written or printed contains it or URL credentials', async () => {
  const TOKEN = 'planted-token-7f3a9c';
  const PASSWORD = 'planted-password-b41e';
  const guarded = await startDemo({ latencyMs: 2, authToken: TOKEN });
  const tokenFile = textFile('token', `${TOKEN}\n`);
  const target = guarded.url.replace('http://', `http://ops:${PASSWORD}@`);
  const r = await runProfile('spike', { TARGET: target, ENDPOINTS, TIME_SCALE: '0.02', AUTH_TOKEN_FILE: tokenFile });
  await guarded.close();
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.read('summary.json').metrics.http_req_failed.values.rate, 0, 'every request carried the token');
  const written = readdirSync(r.resultsDir).map((f) => readFileSync(join(r.resultsDir, f), 'utf8'));
  assert.ok(written.length >= 3);
  for (const text of [...written, r.stdout, r.stderr]) {
    assert.ok(!text.includes(TOKEN), 'token leaked');
    assert.ok(!text.includes(PASSWORD), 'password leaked');
  }
  assert.match(r.stdout, /spike → http:\/\/\*\*\*@127\.0\.0\.1/);
});
