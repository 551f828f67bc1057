// `make new NAME=…`: the scaffold type-checks, bundles and runs as it is against the demo shop, on the real k6.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../demo/server';
import { bundle } from '../build/bundle';
import { K6, run } from './support/k6';
import { typeErrors } from './support/typecheck';

const demo = await startDemo({ latencyMs: 2, jitterMs: 0, requireLogin: true });
after(() => demo.close());
const newScenario = (args: string[]) => run('node', ['--import', 'tsx', 'cli/new.ts', ...args], {});

test('the scaffold type-checks, bundles and passes against the demo shop with every step logged in', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-new-'));
  const made = await newScenario(['checkout', '--dir', dir]);
  assert.equal(made.code, 0, made.stderr);
  const file = join(dir, 'checkout.ts');
  assert.match(readFileSync(file, 'utf8'), /name: 'checkout'/);
  assert.deepEqual(typeErrors(file), []);
  const out = join(dir, 'dist');
  await bundle([file], out);
  const results = mkdtempSync(join(tmpdir(), 'plimsoll-'));
  const r = await run(K6, ['run', '--quiet', join(out, 'checkout.js')], { TARGET: demo.url, TIME_SCALE: '0.02', RATE: '5', RESULTS_DIR: results });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(demo.stats().unauthorized, 0);
  const summary = JSON.parse(readFileSync(join(results, 'summary.json'), 'utf8'));
  for (const step of ['login', 'items-list', 'item-get']) assert.ok(summary.metrics[`http_req_duration{name:${step}}`]?.values.count > 0, step);
  assert.equal(JSON.parse(readFileSync(join(results, 'verdict.json'), 'utf8')).scenario, 'checkout');
});

for (const [args, expected] of [
  [[], 'plimsoll: NAME is not set: expected a scenario name such as checkout (make new NAME=checkout)'],
  [['Check Out'], "plimsoll: NAME='Check Out' is not valid: expected lower-case letters, digits and '-', starting with a letter"],
  [['control'], "plimsoll: NAME='control' is taken by plimsoll's own bundle (dist/control.js): choose another name"],
  [['spike'], 'plimsoll: scenarios/spike.ts exists already: choose another NAME, or edit that file'],
] as const) {
  test(`make new ${args.join(' ') || '(no NAME)'}: one line, exit 2, nothing written`, async () => {
    const r = await newScenario([...args]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), expected);
  });
}
