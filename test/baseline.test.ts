// cli/baseline.ts as a user runs it: a real process in a scratch directory, checked by exit code and files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SummaryData, VerdictRow } from '../lib/verdict/verdict';
import type { ComparisonRow } from '../lib/verdict/compare';
import { summary } from './support/summary';
import { all, parseXml } from './support/xml';

const CLI = fileURLToPath(new URL('../cli/baseline.ts', import.meta.url));
const TSX = import.meta.resolve('tsx'); // absolute: the scratch directory has no node_modules

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(cwd: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const base = { p95: 100, p99: 200, failRate: 0.001 };
const slaRows: VerdictRow[] = [
  { metric: 'http_req_duration', expression: 'p(95)<500', observed: 100, unit: 'ms', tier: 'degraded', ok: true },
  { metric: 'http_req_failed', expression: 'rate<0.01', observed: 0.001, unit: 'fraction', tier: 'degraded', ok: true },
];

/** A scratch working directory with one results directory, as handleSummary leaves it. */
function workspace(data: SummaryData, rows: VerdictRow[] = slaRows, profile = 'spike') {
  const cwd = mkdtempSync(join(tmpdir(), 'plimsoll-baseline-'));
  const results = join('results', `${profile}-20261123-120000`);
  mkdirSync(join(cwd, results), { recursive: true });
  writeFileSync(join(cwd, results, 'summary.json'), JSON.stringify(data, null, 2));
  const verdict = { profile, target: 'http://127.0.0.1:1', passed: rows.every((r) => r.ok), iterations: 100, health: 'healthy', rows, measures: [] };
  writeFileSync(join(cwd, results, 'verdict.json'), JSON.stringify(verdict, null, 2));
  return { cwd, results };
}

/** A second results directory in the same workspace. */
function addRun(cwd: string, name: string, data: SummaryData, rows: VerdictRow[] = slaRows, passed = rows.every((r) => r.ok)): string {
  mkdirSync(join(cwd, 'results', name), { recursive: true });
  writeFileSync(join(cwd, 'results', name, 'summary.json'), JSON.stringify(data));
  const health = passed ? 'healthy' : 'degraded';
  writeFileSync(join(cwd, 'results', name, 'verdict.json'), JSON.stringify({ profile: 'spike', target: 'x', passed, iterations: 100, health, rows, measures: [] }));
  return join('results', name);
}

const readJson = (cwd: string, path: string) => JSON.parse(readFileSync(join(cwd, path), 'utf8'));

/** Bad input: exit 2 and exactly one line on stderr, naming the problem, no stack trace. */
function assertBadInput(r: Run, pattern: RegExp) {
  assert.equal(r.code, 2, `expected exit 2, got ${r.code}: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${r.stderr}`);
  assert.match(lines[0]!, /^plimsoll: /);
  assert.match(lines[0]!, pattern);
}

test('save copies summary.json to baselines/<profile>.json, or to --as NAME', () => {
  const { cwd, results } = workspace(summary(base, { search: base }));
  const r = cli(cwd, 'save', results);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(join(cwd, 'baselines/spike.json'), 'utf8'), readFileSync(join(cwd, results, 'summary.json'), 'utf8'));
  assert.match(r.stdout, /baselines\/spike\.json/);
  const named = cli(cwd, 'save', results, '--as', 'nightly-v2');
  assert.equal(named.code, 0, named.stderr);
  assert.ok(existsSync(join(cwd, 'baselines/nightly-v2.json')));
});

test('save refuses bad input with one line and exit 2', () => {
  const { cwd, results } = workspace(summary(base));
  assertBadInput(cli(cwd, 'save', 'results/nope'), /results directory 'results\/nope' does not exist/);
  assertBadInput(cli(cwd, 'save'), /no results directory given/);
  assertBadInput(cli(cwd, 'save', results, '--as', '../escape'), /baseline name '\.\.\/escape' is not valid/);
  assertBadInput(cli(cwd, 'save', results, '--as'), /--as needs a value/);
  assertBadInput(cli(cwd, 'save', results, '--name', 'x'), /unknown option '--name'/);
  const noVerdict = addRun(cwd, 'bare', summary(base));
  writeFileSync(join(cwd, noVerdict, 'verdict.json'), '{ "profile": 1');
  assertBadInput(cli(cwd, 'save', noVerdict), /verdict\.json is not valid JSON/);
  writeFileSync(join(cwd, noVerdict, 'summary.json'), '{"hello": "world"}');
  assertBadInput(cli(cwd, 'save', noVerdict, '--as', 'x'), /summary\.json is not k6's summary data/);
  assert.ok(!existsSync(join(cwd, 'baselines')), 'nothing was saved');
});

test('compare within tolerance: exit 0, the table, verdict.json and junit.xml gain the comparison', () => {
  const { cwd, results } = workspace(summary(base, { search: base }));
  assert.equal(cli(cwd, 'save', results).code, 0);
  const current = addRun(cwd, 'spike-2', summary({ ...base, p95: 105 }, { search: { ...base, p99: 215 } }, {}, 42_000));
  const r = cli(cwd, 'compare', current);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /vs baseline +baseline +current +delta +limit +result/);
  assert.match(r.stdout, /✓ all p95 +100\.0ms +105\.0ms +\+5\.0ms \(\+5\.0%\)/);
  assert.match(r.stdout, /plimsoll baseline: PASS/);

  const verdict = readJson(cwd, join(current, 'verdict.json'));
  assert.equal(verdict.passed, true);
  assert.equal(verdict.slaPassed, true);
  assert.equal(verdict.profile, 'spike');
  assert.equal(verdict.iterations, 100, 'fields handleSummary wrote are kept');
  assert.deepEqual(verdict.rows, slaRows);
  assert.deepEqual(verdict.baseline, { file: 'baselines/spike.json', tolerance: { latency: 0.1, failRate: 0.01, floorMs: 5 } });
  assert.equal(verdict.regressions.length, 6);
  assert.ok(verdict.regressions.every((x: ComparisonRow) => x.ok));

  const doc = parseXml(readFileSync(join(cwd, current, 'junit.xml'), 'utf8'));
  assert.deepEqual(all(doc, 'testsuite')[0]?.attributes, { name: 'plimsoll spike', tests: '8', failures: '0', errors: '0', time: '42.000' });
});

test('compare with a regression: exit 99, passed false, the regressed endpoint named everywhere', () => {
  const { cwd, results } = workspace(summary(base, { search: base, health: base }));
  assert.equal(cli(cwd, 'save', results).code, 0);
  const current = addRun(cwd, 'spike-2', summary(base, { search: { ...base, p95: 140 }, health: base }));
  const r = cli(cwd, 'compare', current);
  assert.equal(r.code, 99, r.stderr);
  assert.match(r.stdout, /✗ search p95 +100\.0ms +140\.0ms +\+40\.0ms \(\+40\.0%\) +≤ 110\.0ms +REGRESSED/);
  assert.match(r.stdout, /plimsoll baseline: FAIL — 1 regression: search p95/);

  const verdict = readJson(cwd, join(current, 'verdict.json'));
  assert.equal(verdict.passed, false);
  assert.equal(verdict.slaPassed, true);
  assert.deepEqual(verdict.rows, slaRows, 'the SLA rows are kept as they were');
  assert.deepEqual(verdict.regressions[0], { scope: 'search', metric: 'http_req_duration{name:search}', measure: 'p95', baseline: 100, current: 140, delta: 40, limit: '≤ 110.0ms', ok: false });
  assert.equal(verdict.regressions.filter((x: ComparisonRow) => !x.ok).length, 1);

  const doc = parseXml(readFileSync(join(cwd, current, 'junit.xml'), 'utf8'));
  const failures = all(doc, 'testcase').filter((c) => all(c, 'failure').length);
  assert.deepEqual(failures.map((c) => `${c.attributes.classname} ${c.attributes.name}`), ['http_req_duration{name:search} p95 vs baseline']);
  assert.equal(all(doc, 'testsuite')[0]?.attributes.failures, '1');

  // A wider tolerance lets the same run pass; comparing again recomputes rather than compounds.
  const again = cli(cwd, 'compare', current, '--latency', '50%');
  assert.equal(again.code, 0, again.stderr);
  assert.equal(readJson(cwd, join(current, 'verdict.json')).passed, true);
  assert.equal(cli(cwd, 'compare', current, '--latency', '0.5', '--floor-ms', '0').code, 0);
  assert.equal(cli(cwd, 'compare', current, '--latency', '0.3').code, 99);
  assert.equal(cli(cwd, 'compare', current, '--latency', '30%').code, 99);
});

test('compare: failed share and floor flags, an explicit --baseline file, a crossed SLA kept as failed', () => {
  const { cwd, results } = workspace(summary({ ...base, failRate: 0 }, { health: { p95: 3, p99: 4, failRate: 0 } }));
  assert.equal(cli(cwd, 'save', results, '--as', 'reference').code, 0);
  const crossed = [{ ...slaRows[0]!, ok: false }, slaRows[1]!];
  const current = addRun(cwd, 'spike-2', summary({ ...base, failRate: 0.015 }, { health: { p95: 7, p99: 4, failRate: 0 } }), crossed);
  const args = ['compare', current, '--baseline', 'baselines/reference.json'];
  assert.equal(cli(cwd, ...args).code, 99); // 0 → 1.5 % failed is over the default 1 point
  assert.equal(cli(cwd, ...args, '--fail-rate', '0.02').code, 0);
  // The SLA was crossed in this run: no regression, exit 0, but the verdict stays failed, in junit.xml too.
  assert.equal(readJson(cwd, join(current, 'verdict.json')).passed, false);
  assert.equal(readJson(cwd, join(current, 'verdict.json')).slaPassed, false);
  const doc = parseXml(readFileSync(join(cwd, current, 'junit.xml'), 'utf8'));
  assert.deepEqual(all(doc, 'failure').map((f) => f.attributes.type), ['sla']);
  assert.match(all(doc, 'system-out').at(-1)!.text, /^plimsoll verdict: FAIL/);
  // handleSummary's own `passed` is the SLA outcome, even when every row held (e.g. a run with no iterations).
  const idle = addRun(cwd, 'spike-3', summary({ ...base, failRate: 0 }, { health: { p95: 3, p99: 4, failRate: 0 } }), slaRows, false);
  assert.equal(cli(cwd, 'compare', idle, '--baseline', 'baselines/reference.json').code, 0);
  assert.equal(readJson(cwd, join(idle, 'verdict.json')).passed, false);
  assert.equal(cli(cwd, ...args, '--fail-rate', '0.02', '--floor-ms', '1').code, 99); // health 3 → 7 ms past a 1 ms floor
  assert.equal(readJson(cwd, join(current, 'verdict.json')).baseline.file, 'baselines/reference.json');
});

test('compare refuses bad input with one line and exit 2, leaving the results untouched', () => {
  const { cwd, results } = workspace(summary(base));
  const before = readFileSync(join(cwd, results, 'verdict.json'), 'utf8');
  assertBadInput(cli(cwd, 'compare', results), /no baseline for scenario 'spike' \(baselines\/spike\.json\): save one/);
  assertBadInput(cli(cwd, 'compare', results, '--baseline', 'missing.json'), /missing\.json is missing: expected a baseline saved by 'save'/);
  assert.equal(cli(cwd, 'save', results).code, 0);
  assertBadInput(cli(cwd, 'compare', results, '--latency', 'abc'), /--latency='abc' is not valid: expected a number such as 0\.1/);
  assertBadInput(cli(cwd, 'compare', results, '--latency', '-0.1'), /--latency='-0\.1' is not valid: expected a fraction of 0 or more/);
  assertBadInput(cli(cwd, 'compare', results, '--fail-rate', '2'), /--fail-rate='2' is not valid: expected a fraction from 0 to 1/);
  assertBadInput(cli(cwd, 'compare', results, '--fail-rate', ''), /--fail-rate='' is not valid/);
  assertBadInput(cli(cwd, 'compare', results, '--floor-ms', '5s'), /--floor-ms='5s' is not valid: expected a number of milliseconds/);
  assertBadInput(cli(cwd, 'compare', results, '--tolerance', '1'), /unknown option '--tolerance'/);
  assertBadInput(cli(cwd, 'compare', 'results/none'), /results directory 'results\/none' does not exist/);
  writeFileSync(join(cwd, 'baselines/broken.json'), '[');
  assertBadInput(cli(cwd, 'compare', results, '--baseline', 'baselines/broken.json'), /broken\.json is not valid JSON/);
  assertBadInput(cli(cwd, 'frobnicate'), /unknown command 'frobnicate': expected save or compare/);
  assertBadInput(cli(cwd), /no command given/);
  assert.equal(readFileSync(join(cwd, results, 'verdict.json'), 'utf8'), before);
  assert.ok(!existsSync(join(cwd, results, 'junit.xml')));
  assert.equal(cli(cwd, '--help').code, 0);
});
