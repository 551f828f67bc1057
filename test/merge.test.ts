// The cross-shard verdict's pure parts: k6's percentile, threshold evaluation, sub-metrics by tag, the
// CSV reader, and that verdictOf judges merged data (no k6 `ok`) by evaluating the expressions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Merger, parseMetricKey, percentile, readCsvSamples, type Tags } from '../distributed/samples';
import { segments } from '../distributed/shards';
import { parseRunSettings } from '../run/settings';
import { evaluateThreshold } from '../lib/sla/expression';
import { verdictOf } from '../lib/verdict/verdict';

const sorted = (xs: number[]) => Float64Array.from(xs).sort();

test("percentile is k6's: linear interpolation between the closest ranks at pct × (n − 1)", () => {
  const xs = sorted([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  assert.equal(percentile(xs, 0.5), 55);
  // rank 8.55: 90 + 0.55 × 10 (in float64, as Go computes it: 0.95 × 9 is 8.549…)
  assert.equal(percentile(xs, 0.95), 90 + (0.95 * 9 - 8) * 10);
  assert.ok(Math.abs(percentile(xs, 0.95) - 95.5) < 1e-9);
  assert.equal(percentile(xs, 0), 10);
  assert.equal(percentile(xs, 1), 100);
  assert.equal(percentile(sorted([7]), 0.95), 7);
  assert.equal(percentile(sorted([]), 0.95), 0);
});

test('evaluateThreshold: every comparison and aggregate k6 accepts; a missing aggregate holds', () => {
  const v = { 'p(95)': 500, rate: 0.01, count: 3, avg: 2 };
  assert.equal(evaluateThreshold('p(95)<500', v), false);
  assert.equal(evaluateThreshold('p(95)<=500', v), true);
  assert.equal(evaluateThreshold('p(95) > 499.9', v), true);
  assert.equal(evaluateThreshold('rate<0.01', v), false);
  assert.equal(evaluateThreshold('rate>=0.01', v), true);
  assert.equal(evaluateThreshold('count==3', v), true);
  assert.equal(evaluateThreshold('count===4', v), false);
  assert.equal(evaluateThreshold('avg!=2', v), false);
  assert.equal(evaluateThreshold('p(99)<1', v), true);
  assert.throws(() => evaluateThreshold('p95<500', v), /not valid/);
});

test('verdictOf uses k6 `ok` when present and evaluates the expression otherwise', () => {
  const sla = { thresholds: { http_req_duration: ['p(95)<500'] } };
  const judged = { type: 'trend', values: { 'p(95)': 900 }, thresholds: { 'p(95)<500': { ok: true } } };
  const base = { state: { testRunDurationMs: 1 }, metrics: { iterations: { type: 'counter', values: { count: 1 } } } };
  assert.equal(verdictOf({ ...base, metrics: { ...base.metrics, http_req_duration: judged } }, sla).passed, true);
  const merged = { type: 'trend', values: { 'p(95)': 900 } };
  const v = verdictOf({ ...base, metrics: { ...base.metrics, http_req_duration: merged } }, sla);
  assert.equal(v.passed, false);
  assert.deepEqual(v.rows.map((r) => [r.expression, r.observed, r.ok]), [['p(95)<500', 900, false]]);
});

test('Merger: counters sum, rates over all samples, trends over the union, sub-metrics by tag selector', () => {
  assert.deepEqual(parseMetricKey('http_req_duration{name:search,phase:peak}'), { metric: 'http_req_duration', tags: [['name', 'search'], ['phase', 'peak']] });
  const m = new Merger({}, ['http_req_duration{name:slow}', 'http_req_failed{phase:peak}', 'http_req_duration{name:slow,instance:0}']);
  const add = (metric: string, value: number, tags: Tags) => m.add(metric, value, tags);
  for (let i = 1; i <= 90; i++) add('http_req_duration', i, { name: 'fast', instance: String(i % 2) });
  for (let i = 1; i <= 10; i++) add('http_req_duration', 1000 + i, { name: 'slow', instance: '0' });
  for (let i = 0; i < 4; i++) add('http_req_failed', i === 0 ? 1 : 0, { phase: i < 2 ? 'peak' : 'warmup' });
  add('http_reqs', 1, {});
  add('http_reqs', 1, {});
  const data = m.summary(['p(95)', 'count', 'avg'], 2000);
  assert.equal(data.metrics.http_req_duration!.values.count, 100);
  // 100 samples: rank 94.05 lies among the slow ones (sorted index 90…99 hold 1001…1010).
  assert.equal(data.metrics.http_req_duration!.values['p(95)'], 1005.05);
  assert.equal(data.metrics['http_req_duration{name:slow}']!.values.count, 10);
  assert.equal(data.metrics['http_req_duration{name:slow,instance:0}']!.values.count, 10);
  assert.deepEqual(data.metrics.http_req_failed!.values, { rate: 0.25, passes: 1, fails: 3 });
  assert.deepEqual(data.metrics['http_req_failed{phase:peak}']!.values, { rate: 0.5, passes: 1, fails: 1 });
  assert.deepEqual(data.metrics.http_reqs!.values, { count: 2, rate: 1 });
  assert.equal(data.metrics.http_reqs!.type, 'counter');
});

test("readCsvSamples reads k6's CSV: system-tag columns, extra_tags, quoted fields", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-csv-'));
  const path = join(dir, 'samples.csv');
  writeFileSync(
    path,
    [
      'metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,name,proto,scenario,service,status,subproto,tls_version,extra_tags,metadata',
      'http_req_duration,1795437129,2.758276,,,,true,,GET,items-list,HTTP/1.1,sustained,,200,,,phase=steady&instance=1&testid=t-1,',
      'http_req_failed,1795437129,1.000000,,"dial tcp 127.0.0.1:9: connect: connection refused, again",1212,false,,GET,item-get,,sustained,,0,,,phase=steady,',
    ].join('\n') + '\n',
  );
  const seen: [string, number, Tags][] = [];
  assert.equal(await readCsvSamples(path, (m, v, t) => seen.push([m, v, t])), 2);
  assert.deepEqual(seen[0], ['http_req_duration', 2.758276, { expected_response: 'true', method: 'GET', name: 'items-list', proto: 'HTTP/1.1', scenario: 'sustained', status: '200', phase: 'steady', instance: '1', testid: 't-1' }]);
  assert.equal(seen[1]![2].error, 'dial tcp 127.0.0.1:9: connect: connection refused, again');
  assert.equal(seen[1]![2].name, 'item-get');
});

test('segments: N equal execution segments of one sequence; SHARDS validation', () => {
  assert.deepEqual(segments(1), [{ sequence: '0,1', segment: '0:1' }]);
  assert.deepEqual(segments(4).map((s) => s.segment), ['0:1/4', '1/4:2/4', '2/4:3/4', '3/4:1']);
  assert.equal(segments(4)[2]!.sequence, '0,1/4,2/4,3/4,1');
  const shards = (value: string | undefined) => {
    const r = parseRunSettings({ SHARDS: value });
    return r.ok ? { ok: true, shards: r.settings.SHARDS } : r;
  };
  assert.deepEqual(shards(undefined), { ok: true, shards: 1 });
  assert.deepEqual(shards('3'), { ok: true, shards: 3 });
  for (const bad of ['0', '-1', '1.5', 'two']) assert.deepEqual(shards(bad), { ok: false, error: `SHARDS='${bad}' is not valid: expected a whole number greater than 0` });
});
