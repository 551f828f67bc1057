// The whole loop on the real engine: dist/spike.js → k6 → demo target on loopback → verdict.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemo } from '../demo/server';
import { k6Run, run } from './support/k6';

const ENDPOINTS = resolve('demo/endpoints.json');
// 5 minutes of spike at TIME_SCALE 0.02 is 6 s.
const SHORT = { TIME_SCALE: '0.02', ENDPOINTS };

const demo = await startDemo();
after(() => demo.close());

test('healthy target: exit 0, and k6 counted exactly the requests the target served', async () => {
  demo.set({ latencyMs: 5 });
  await fetch(`${demo.url}/__demo/stats/reset`, { method: 'POST' });
  const r = await k6Run('spike', { ...SHORT, TARGET: demo.url });
  assert.equal(r.code, 0, r.stderr);
  const summary = r.read('summary.json');
  const count = summary.metrics.http_reqs.values.count;
  assert.ok(count > 0, 'requests were made');
  assert.equal(count, demo.stats().total);
  assert.ok(r.read('verdict.json').passed);
  assert.match(r.stdout, /plimsoll verdict: PASS/);
  // Every phase of the profile shows up as a tag value.
  for (const phase of ['warmup', 'ramp', 'peak', 'drop', 'recovery']) {
    assert.ok(summary.metrics[`http_req_duration{phase:${phase}}`]?.values.count > 0, `phase ${phase} has samples`);
  }
});

test('degraded target (latency above the SLA): exit 99 and the crossed threshold is named', async () => {
  demo.set({ latencyMs: 700 });
  const r = await k6Run('spike', { ...SHORT, TARGET: demo.url });
  demo.set({ latencyMs: 5 });
  assert.equal(r.code, 99, r.stderr);
  const verdict = r.read('verdict.json');
  assert.equal(verdict.passed, false);
  const crossed = verdict.rows.filter((row: { ok: boolean }) => !row.ok);
  // The spike's own SLA (scenarios/spike.ts): 700 ms crosses the everyday warm-up limit, not the peak's 5 s.
  assert.deepEqual(crossed.map((row: { metric: string; expression: string }) => `${row.metric} ${row.expression}`), ['http_req_duration{phase:warmup} p(95)<500']);
  assert.ok(crossed[0].observed > 500);
  assert.match(r.stdout, /plimsoll verdict: FAIL \(degraded\) — 1 of 3 SLA limits crossed: http_req_duration\{phase:warmup\} p\(95\)<500 \(observed \d+\.\dms\)/);
});

for (const [setting, value, expected] of [
  ['TARGET', 'notaurl', /TARGET='notaurl' is not valid: expected an http:\/\/ or https:\/\/ URL/],
  ['RATE', 'abc', /RATE='abc' is not valid: expected a number greater than 0/],
  ['PEAK', '1', /PEAK='1' is not valid: expected a number greater than 1/],
  ['EXPECTED_LATENCY', '5 minutes', /EXPECTED_LATENCY='5 minutes' is not valid: expected a duration above 0 like 500ms/],
] as const) {
  test(`bad ${setting}=${value}: one clear line, non-zero exit, no request reaches the target`, async () => {
    await fetch(`${demo.url}/__demo/stats/reset`, { method: 'POST' });
    const r = await k6Run('spike', { ...SHORT, TARGET: demo.url, [setting]: value });
    assert.notEqual(r.code, 0);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, expected);
    assert.doesNotMatch(r.stderr, /at file:|\.js:\d+/, 'no stack trace');
    assert.equal(demo.stats().total, 0);
  });
}

test('the runner starts the demo target when TARGET is empty, writes results and passes k6 exit code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-runner-'));
  const r = await run('node', ['--import', 'tsx', 'cli/plimsoll.ts', 'run', 'spike'], { TARGET: '', TIME_SCALE: '0.02', RESULTS_DIR: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /started the demo target at http:\/\/127\.0\.0\.1:\d+/);
  assert.ok(existsSync(join(dir, 'summary.json')));
  assert.ok(existsSync(join(dir, 'samples.bin.gz')), 'the raw samples, through plimsoll-samples');
  assert.ok(existsSync(join(dir, 'report.html')));
  assert.ok(!existsSync(join(dir, 'k6-dashboard.html')), "k6's web dashboard only when DASHBOARD asks for it");
  assert.match(r.stdout, /plimsoll verdict: PASS/);
});

test('the runner refuses an unknown scenario with one line', async () => {
  const r = await run('node', ['--import', 'tsx', 'cli/plimsoll.ts', 'run', 'spik'], {});
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim(), "plimsoll: no scenario 'spik': expected one of baseline, breakpoint, shop, soak, spike, stress, sustained (scenarios/*.ts)");
});
