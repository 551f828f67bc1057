// The two-bundle split on the real engine: every VU evaluates dist/<scenario>.js; only k6's __VU 0
// contexts (options, setup, handleSummary) load dist/control.js — and a k6 archive carries both.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemo } from '../demo/server';
import { K6, run } from './support/k6';

const ENDPOINTS = resolve('demo/endpoints.json');
const demo = await startDemo();
after(() => demo.close());

/** dist/<scenario>.js and dist/control.js copied into a fresh folder, as a user would ship them. */
function copyBundles(scenario: string) {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-bundle-'));
  for (const file of [`${scenario}.js`, 'control.js']) copyFileSync(join('dist', file), join(dir, file));
  return dir;
}

test('VUs evaluate only the scenario bundle: control.js runs in __VU 0 contexts alone', async () => {
  const dir = copyBundles('baseline');
  // A marker evaluated whenever a JS runtime loads the control bundle, naming the VU it belongs to.
  const control = join(dir, 'control.js');
  writeFileSync(control, `console.log("control.js evaluated in VU " + __VU);\n${readFileSync(control, 'utf8')}`);
  const results = mkdtempSync(join(tmpdir(), 'plimsoll-'));
  // MODEL=closed, RATE 20 × EXPECTED_LATENCY 1 s: 20 users, each with its own runtime.
  const r = await run(K6, ['run', '--quiet', join(dir, 'baseline.js')], { TARGET: demo.url, ENDPOINTS, MODEL: 'closed', RATE: '20', EXPECTED_LATENCY: '1s', DURATION: '2s', RESULTS_DIR: results });
  assert.equal(r.code, 0, r.stderr);
  const loads = [...r.stderr.matchAll(/control\.js evaluated in VU (\d+)/g)].map((m) => Number(m[1]));
  // The options context, setup()'s, teardown()'s and handleSummary()'s: each its own runtime, each __VU 0.
  assert.deepEqual(loads, [0, 0, 0, 0], r.stderr);
  const summary = JSON.parse(readFileSync(join(results, 'summary.json'), 'utf8'));
  assert.equal(summary.metrics.vus_max.values.max, 20, 'twenty VUs ran the iteration');
  assert.ok(summary.metrics.http_reqs.values.count > 20, 'and made requests');
  // Every VU tagged its samples with the phase: all requests but setup()'s preflight are in it.
  assert.equal(summary.metrics['http_req_duration{phase:baseline}'].values.count, summary.metrics.http_req_duration.values.count - 1);
  assert.equal(JSON.parse(readFileSync(join(results, 'verdict.json'), 'utf8')).passed, true);
});

test('a VU k6 re-activates (a ramp down and up again) tags its samples with the phase again', async () => {
  const results = mkdtempSync(join(tmpdir(), 'plimsoll-'));
  // --stage replaces the scenario with one of ramping VUs: the VUs let go on the way down are activated
  // again on the way up, and k6 resets their tags then.
  const r = await run(K6, ['run', '--quiet', '--stage', '1s:8,1s:1,1s:8', join('dist', 'baseline.js')], { TARGET: demo.url, ENDPOINTS, RESULTS_DIR: results });
  assert.equal(r.code, 0, r.stderr);
  const metrics = JSON.parse(readFileSync(join(results, 'summary.json'), 'utf8')).metrics;
  assert.ok(metrics.http_req_duration.values.count > 50, 'requests were made');
  // All requests but setup()'s preflight carry the phase.
  assert.equal(metrics['http_req_duration{phase:baseline}'].values.count, metrics.http_req_duration.values.count - 1);
});

test('a k6 archive of a scenario carries the control bundle: it runs where dist/ does not exist', async () => {
  const dir = copyBundles('spike');
  const archive = join(mkdtempSync(join(tmpdir(), 'plimsoll-archive-')), 'spike.tar');
  const made = await run(K6, ['archive', '--quiet', '-e', `TARGET=${demo.url}`, '-e', `ENDPOINTS=${ENDPOINTS}`, '-O', archive, join(dir, 'spike.js')], {});
  assert.equal(made.code, 0, made.stderr);
  rmSync(dir, { recursive: true });
  const results = mkdtempSync(join(tmpdir(), 'plimsoll-'));
  const r = await run(K6, ['run', '--quiet', '--vus', '1', '--iterations', '3', archive], { RESULTS_DIR: results });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(existsSync(join(results, 'verdict.json')), true, 'handleSummary ran from the archive');
  assert.equal(JSON.parse(readFileSync(join(results, 'summary.json'), 'utf8')).metrics.iterations.values.count, 3);
});
