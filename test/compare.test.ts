import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRuns, comparisonLine, comparisonTable, parseTolerance, DEFAULT_TOLERANCE, type ComparisonRow } from '../lib/verdict/compare';
import { summary } from './support/summary';

const base = { p95: 100, p99: 200, failRate: 0.001 };
const row = (rows: ComparisonRow[], scope: string, measure: ComparisonRow['measure']) => rows.find((r) => r.scope === scope && r.measure === measure);

test('tolerance: defaults 10 % latency, 1 point failed share, 5 ms floor; validated in one line', () => {
  assert.deepEqual(DEFAULT_TOLERANCE, { latency: 0.1, failRate: 0.01, floorMs: 5 });
  assert.deepEqual(parseTolerance(undefined), { ok: true, tolerance: { latency: 0.1, failRate: 0.01, floorMs: 5 } });
  assert.deepEqual(parseTolerance({ latency: 0.25 }), { ok: true, tolerance: { latency: 0.25, failRate: 0.01, floorMs: 5 } });
  assert.deepEqual(parseTolerance({ failRate: 2 }), { ok: false, error: 'tolerance: failRate is not valid: expected a fraction from 0 to 1' });
  assert.deepEqual(parseTolerance({ latency: -0.1 }), { ok: false, error: 'tolerance: latency is not valid: expected a fraction of 0 or more (0.1 = 10 %)' });
  assert.deepEqual(parseTolerance({ latncy: 0.2 }), { ok: false, error: "tolerance: the value is not valid: unknown key 'latncy'" });
});

test('within tolerance: every comparison holds, with deltas and limits', () => {
  const baseline = summary(base, { search: base, health: base });
  const current = summary({ p95: 109, p99: 219, failRate: 0.0105 }, { search: { p95: 110, p99: 180, failRate: 0.011 }, health: base });
  const c = compareRuns(baseline, current, DEFAULT_TOLERANCE);
  assert.equal(c.passed, true);
  assert.equal(c.rows.length, 9); // all, health, search × p95, p99, failRate
  assert.ok(c.rows.every((r) => r.ok));
  assert.deepEqual(c.rows[0], { scope: 'all', metric: 'http_req_duration', measure: 'p95', baseline: 100, current: 109, delta: 9, limit: '≤ 110.0ms', ok: true });
  // Exactly at the limit holds: "may not exceed".
  assert.deepEqual(row(c.rows, 'search', 'p95'), { scope: 'search', metric: 'http_req_duration{name:search}', measure: 'p95', baseline: 100, current: 110, delta: 10, limit: '≤ 110.0ms', ok: true });
  assert.equal(row(c.rows, 'search', 'failRate')?.metric, 'http_req_failed{name:search}');
  assert.equal(row(c.rows, 'search', 'failRate')?.limit, '≤ 1.10%');
  // Order without regressions: the whole run, then endpoints by name; p95, p99, failRate.
  assert.deepEqual(c.rows.map((r) => `${r.scope} ${r.measure}`), [
    'all p95', 'all p99', 'all failRate', 'health p95', 'health p99', 'health failRate', 'search p95', 'search p99', 'search failRate',
  ]);
  assert.match(comparisonLine(c), /^plimsoll baseline: PASS — no regression in 9 comparisons$/);
});

test('a regression fails the gate, names the endpoint and comes first', () => {
  const baseline = summary(base, { health: base, search: base });
  const current = summary(base, { health: base, search: { p95: 140, p99: 200, failRate: 0.001 } });
  const c = compareRuns(baseline, current, DEFAULT_TOLERANCE);
  assert.equal(c.passed, false);
  assert.deepEqual(c.rows.filter((r) => !r.ok).map((r) => `${r.scope} ${r.measure}`), ['search p95']);
  assert.deepEqual(c.rows[0], { scope: 'search', metric: 'http_req_duration{name:search}', measure: 'p95', baseline: 100, current: 140, delta: 40, limit: '≤ 110.0ms', ok: false });
  assert.equal(comparisonLine(c), 'plimsoll baseline: FAIL — 1 regression: search p95 100.0ms → 140.0ms, +40.0ms (+40.0%), limit ≤ 110.0ms');
  // Just past the limit fails too; a tolerance wide enough lets it pass.
  assert.equal(compareRuns(baseline, summary(base, { health: base, search: { ...base, p95: 110.1 } })).passed, false);
  assert.equal(compareRuns(baseline, current, { ...DEFAULT_TOLERANCE, latency: 0.5 }).passed, true);
  // p99 is compared on its own.
  const p99 = compareRuns(baseline, summary({ ...base, p99: 260 }, { health: base, search: base }));
  assert.deepEqual(p99.rows.filter((r) => !r.ok).map((r) => `${r.scope} ${r.measure}`), ['all p99']);
});

test('the floor: a latency rise of a few milliseconds on a fast endpoint is noise, not a regression', () => {
  const fast = { p95: 3, p99: 4, failRate: 0 };
  const baseline = summary(base, { health: fast });
  // +4 ms is +133 %, yet under the 5 ms floor.
  const noisy = compareRuns(baseline, summary(base, { health: { p95: 7, p99: 8.9, failRate: 0 } }));
  assert.equal(noisy.passed, true);
  assert.equal(row(noisy.rows, 'health', 'p95')?.limit, '≤ 8.0ms');
  assert.equal(row(noisy.rows, 'health', 'p99')?.limit, '≤ 9.0ms');
  // Past the floor (and past 10 %) it fails.
  const slow = compareRuns(baseline, summary(base, { health: { p95: 8.5, p99: 4, failRate: 0 } }));
  assert.deepEqual(slow.rows.filter((r) => !r.ok).map((r) => `${r.scope} ${r.measure}`), ['health p95']);
  // Without a floor, half a millisecond would fail it.
  const noFloor = compareRuns(baseline, summary(base, { health: { p95: 3.5, p99: 4, failRate: 0 } }), { ...DEFAULT_TOLERANCE, floorMs: 0 });
  assert.deepEqual(noFloor.rows.filter((r) => !r.ok).map((r) => `${r.scope} ${r.measure}`), ['health p95']);
  // On a slow endpoint the relative tolerance is the larger bound: 10 % of 1000 ms is 100 ms, not 5.
  const big = compareRuns(summary({ p95: 1000, p99: 2000, failRate: 0 }), summary({ p95: 1090, p99: 2000, failRate: 0 }));
  assert.equal(big.passed, true);
  assert.equal(big.rows[0]?.limit, '≤ 1100.0ms');
});

test('the failed share is compared absolutely: 0 → 0.9 % holds, 0 → 1.1 % does not', () => {
  const clean = summary({ p95: 100, p99: 200, failRate: 0 });
  const a = compareRuns(clean, summary({ p95: 100, p99: 200, failRate: 0.009 }));
  assert.equal(a.passed, true); // relatively, 0 → 0.9 % is an infinite rise
  assert.equal(row(a.rows, 'all', 'failRate')?.limit, '≤ 1.00%');
  const b = compareRuns(clean, summary({ p95: 100, p99: 200, failRate: 0.011 }));
  assert.equal(b.passed, false);
  assert.deepEqual(b.rows[0], { scope: 'all', metric: 'http_req_failed', measure: 'failRate', baseline: 0, current: 0.011, delta: 0.011, limit: '≤ 1.00%', ok: false });
  // A high baseline share does not widen the tolerance: 20 % → 21.5 % fails although it is only 7.5 % more.
  assert.equal(compareRuns(summary({ ...base, failRate: 0.2 }), summary({ ...base, failRate: 0.215 })).passed, false);
  // Float sums: 6 % + 1 point is exactly the limit, and holds (0.06 + 0.01 is 0.06999999999999999 in floats).
  assert.equal(compareRuns(summary({ ...base, failRate: 0.06 }), summary({ ...base, failRate: 0.07 })).passed, true);
  assert.equal(compareRuns(summary({ ...base, failRate: 0.06 }), summary({ ...base, failRate: 0.0701 })).passed, false);
  // Fewer failures never fail the gate.
  assert.equal(compareRuns(summary({ ...base, failRate: 0.5 }), summary({ ...base, failRate: 0 })).passed, true);
});

test('endpoints in one run only are reported, not dropped, and do not fail the gate', () => {
  const baseline = summary(base, { legacy: base, search: base });
  const current = summary(base, { search: base, fresh: { p95: 900, p99: 990, failRate: 0.5 } });
  const c = compareRuns(baseline, current);
  assert.equal(c.passed, true);
  assert.deepEqual([...new Set(c.rows.map((r) => r.scope))], ['all', 'fresh', 'legacy', 'search']);
  assert.deepEqual(row(c.rows, 'legacy', 'p95'), { scope: 'legacy', metric: 'http_req_duration{name:legacy}', measure: 'p95', baseline: 100, current: null, delta: null, limit: '—', ok: true });
  assert.deepEqual(row(c.rows, 'fresh', 'failRate'), { scope: 'fresh', metric: 'http_req_failed{name:fresh}', measure: 'failRate', baseline: null, current: 0.5, delta: null, limit: '—', ok: true });
  const table = comparisonTable(c.rows);
  assert.match(table, /· legacy p95 +100\.0ms +— +— +— +only in baseline\n/);
  assert.match(table, /· fresh p95 +— +900\.0ms +— +— +only in current\n/);
});

test('an endpoint without samples counts as absent; phase sub-metrics are not compared', () => {
  const baseline = summary(base, { search: base }, { peak: base });
  const current = summary(base, { search: { ...base, p95: 0, p99: 0, count: 0 } }, { peak: { p95: 5000, p99: 9000, failRate: 0.9 } });
  const c = compareRuns(baseline, current);
  assert.equal(c.passed, true);
  assert.deepEqual(row(c.rows, 'search', 'p95')?.current, null);
  assert.ok(!c.rows.some((r) => r.metric.includes('phase')));
  assert.deepEqual([...new Set(c.rows.map((r) => r.scope))], ['all', 'search']);
});

test('comparison table: aligned columns, regressions first, deltas in ms and % or points (golden)', () => {
  const baseline = summary(base, { search: base });
  const current = summary({ p95: 95, p99: 200, failRate: 0.001 }, { search: { p95: 140, p99: 200, failRate: 0.021 } });
  const c = compareRuns(baseline, current);
  assert.equal(
    comparisonTable(c.rows),
    [
      '  vs baseline        baseline  current             delta      limit     result',
      '  ✗ search p95        100.0ms  140.0ms  +40.0ms (+40.0%)  ≤ 110.0ms  REGRESSED',
      '  ✗ search failRate     0.10%    2.10%           +2.00pp    ≤ 1.10%  REGRESSED',
      '  ✓ all p95           100.0ms   95.0ms    -5.0ms (-5.0%)  ≤ 110.0ms       held',
      '  ✓ all p99           200.0ms  200.0ms    +0.0ms (+0.0%)  ≤ 220.0ms       held',
      '  ✓ all failRate        0.10%    0.10%           +0.00pp    ≤ 1.10%       held',
      '  ✓ search p99        200.0ms  200.0ms    +0.0ms (+0.0%)  ≤ 220.0ms       held',
    ].join('\n'),
  );
});

test('percentiles of too few samples are reported but never fail the gate', () => {
  const base = summary({ p95: 10, p99: 12, failRate: 0 }, { rare: { p95: 10, p99: 12, failRate: 0, count: 30 } });
  const cur = summary({ p95: 10, p99: 12, failRate: 0 }, { rare: { p95: 90, p99: 95, failRate: 0, count: 30 } });
  const rows = compareRuns(base, cur).rows.filter((r) => r.scope === 'rare' && r.measure !== 'failRate');
  assert.deepEqual(rows.map((r) => [r.measure, r.ok, r.limit]), [['p95', true, '— (under 40 samples)'], ['p99', true, '— (under 200 samples)']]);
});
