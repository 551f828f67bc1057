// The `plimsoll` command as a user types it (`npx plimsoll …`), on the real k6: its exit codes are k6's
// (0 held, 99 crossed) and 2 for a usage error; settings are flags and environment variables alike, flags
// winning; `help` derives every setting and default from the scenario's own profile.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemo } from '../demo/server';
import { spike } from '../lib/profiles/spike';
import { K6, jsonFile, run } from './support/k6';

const demo = await startDemo({ latencyMs: 2, jitterMs: 0 });
after(() => demo.close());
// The scenario's SLA is its own business; these runs are judged by a fixed one.
const SLA = jsonFile('sla.json', { global: { p95: 500, failRate: 0.01 } });
const SHORT = ['--time-scale', '0.02', '--rate', '20', '--peak', '2', '--endpoints', resolve('demo/endpoints.json'), '--sla', SLA];
const plimsoll = (args: string[], env: Record<string, string> = {}) => {
  const results = mkdtempSync(join(tmpdir(), 'plimsoll-cmd-'));
  return run('npx', ['--no-install', 'plimsoll', ...args], { K6, RESULTS_DIR: results, ...env }).then((r) => ({ ...r, results }));
};
const reset = () => fetch(`${demo.url}/__demo/stats/reset`, { method: 'POST' });

test('the pinned k6 is v2.2.0', () => {
  assert.match(execFileSync(K6, ['version'], { encoding: 'utf8' }), /^k6 v2\.2\.0 /);
});

test('npx plimsoll run: a healthy target exits 0, a slow one 99 naming the crossed limit', async () => {
  const healthy = await plimsoll(['run', 'spike', '--target', demo.url, ...SHORT]);
  assert.equal(healthy.code, 0, healthy.stderr);
  assert.match(healthy.stdout, /plimsoll verdict: PASS/);
  demo.set({ latencyMs: 700 });
  const slow = await plimsoll(['run', 'spike', '--target', demo.url, ...SHORT]);
  demo.set({ latencyMs: 2 });
  assert.equal(slow.code, 99, slow.stderr);
  assert.match(slow.stdout, /plimsoll verdict: FAIL \(degraded\) — 1 of 2 SLA limits crossed: http_req_duration p\(95\)<500/);
});

for (const [what, args, env, line] of [
  ['a bad flag value', ['--rate', 'abc'], {}, "plimsoll: RATE='abc' is not valid: expected a number greater than 0"],
  ['a bad environment value', [], { PEAK: '1' }, "plimsoll: PEAK='1' is not valid: expected a number greater than 1"],
  ['an unknown flag', ['--rat', '5'], {}, "plimsoll: unknown option '--rat' for spike: expected one of --rate, --peak,"],
  ['a flag without its value', ['--rate'], {}, 'plimsoll: --rate needs a value'],
] as const) {
  test(`${what}: exit 2, one line, no request sent`, async () => {
    await reset();
    const r = await plimsoll(['run', 'spike', '--target', demo.url, ...args], env);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const lines = r.stderr.split('\n').filter((l) => l && !l.startsWith('npm warn'));
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(lines[0]!.startsWith(line), lines[0]);
    assert.equal(demo.stats().total, 0);
  });
}

test('a flag beats the environment, which beats the default', async () => {
  const r = await plimsoll(['run', 'spike', '--target', demo.url, '--rate', '7', '--time-scale', '0.01'], { RATE: 'abc', PEAK: '3', ENDPOINTS: resolve('demo/endpoints.json'), SLA });
  assert.equal(r.code, 0, r.stderr);
  const sla = JSON.parse(readFileSync(join(r.results, 'sla.json'), 'utf8'));
  assert.equal(sla.plan.startRate, 7, 'the flag, not RATE=abc');
  assert.equal(Math.max(...sla.plan.phases.map((p: { target: number }) => p.target)), 21, 'PEAK=3 from the environment');
});

test("help lists every setting of the scenario's profile with its default, its phases and its SLA", async () => {
  const r = await plimsoll(['help', 'spike']);
  assert.equal(r.code, 0, r.stderr);
  for (const [name, p] of Object.entries(spike.params)) {
    assert.match(r.stdout, new RegExp(`--${name.toLowerCase()}, ${name} +${p.default} `), `${name} with its default ${p.default}`);
  }
  assert.match(r.stdout, /warmup 1m at 10\/s · ramp 15s at 10→50\/s · peak 1m30s at 50\/s/);
  assert.match(r.stdout, /^SLA \(SLA=file\.json replaces it for a run\):\n  http_req_/m);
  const shop = await plimsoll(['help', 'shop']);
  assert.match(shop.stdout, /steps login, items-list, item-get, cart-add, checkout/);
  assert.match(shop.stdout, /^  http_req_duration\{name:checkout\} p\(95\)<800$/m);
  assert.match(shop.stdout, /^  flow_duration\{flow:purchase\} p\(95\)<1500$/m);
});

test('list names every scenario with its profile and journey; usage errors exit 2 with one line', async () => {
  const list = await plimsoll(['list']);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^shop +spike +browse 0\.8 \+ buy 0\.2 +The demo shop/m);
  assert.match(list.stdout, /^spike +spike +endpoints /m);
  for (const [args, line] of [
    [['frobnicate'], "plimsoll: unknown command 'frobnicate': expected run, list, help, new, verdict, compare, baseline or backfill (plimsoll --help)"],
    [['run', 'spik'], "plimsoll: no scenario 'spik': expected one of baseline, breakpoint, shop, soak, spike, stress, sustained (scenarios/*.ts)"],
    [['help', 'nope'], "plimsoll: no scenario 'nope': expected one of baseline, breakpoint, shop, soak, spike, stress, sustained (scenarios/*.ts)"],
  ] as const) {
    const r = await plimsoll([...args]);
    assert.equal(r.code, 2);
    assert.deepEqual(r.stderr.split('\n').filter((l) => l && !l.startsWith('npm warn')), [line]);
  }
});
