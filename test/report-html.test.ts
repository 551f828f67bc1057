// The HTML report's pure parts on synthetic data: bucketing with exact counts and percentiles, bounded
// memory, the plan's phases on the x axis, the SLA limits drawn at their values, the recovery and capacity
// markers where verdict.json puts them, a mix's journeys (their table and charts, none for one journey), the
// one-sentence story, escaping, no network, the size budget of a 2-hour soak, and writeReport's inputs
// (samples, shards, none, garbled ones).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { SeriesBuilder, bucketWidthMs, phaseSpans, plannedIterations, windowSpans, MAX_BUCKETS, LAG_MS, type Tags } from '../report/series';
import { buildModel, recoveryMarker, renderReport, type Chart, type Model, type ReportInput } from '../report/html';
import { storyOf } from '../lib/verdict/story';
import { writeReport } from '../report/main';
import { DASHBOARD_FILE } from '../run/k6-invocation';
import { BadInput } from '../run/results-dir';
import type { RunSla, Plan } from '../lib/wire/run-sla';
import type { Verdict } from '../lib/wire/verdict';
import type { SummaryData } from '../lib/wire/summary';

// ---- fixtures ----

/** The spike plan at TIME_SCALE 0.05, as sla.json records it. */
const SPIKE: Plan = {
  startRate: 10,
  phases: [
    { name: 'warmup', durationMs: 3000, target: 10 },
    { name: 'ramp', durationMs: 750, target: 50 },
    { name: 'peak', durationMs: 4500, target: 50 },
    { name: 'drop', durationMs: 750, target: 10 },
    { name: 'recovery', durationMs: 6000, target: 10, windows: 12 },
  ],
};

function runSla(over: Partial<RunSla> = {}): RunSla {
  return {
    scenario: 'spike',
    profile: 'spike',
    journey: 'endpoints',
    target: 'http://127.0.0.1:8080',
    testid: 'spike-test',
    thresholds: {
      http_req_duration: ['p(95)<500', { threshold: 'p(99)<3000', abortOnFail: true, delayAbortEval: '1s' }],
      http_req_failed: ['rate<0.01'],
      'http_req_duration{phase:peak}': ['p(95)<1000'],
      'http_req_duration{name:a}': ['p(95)<300'],
    },
    tiers: {
      'http_req_duration p(95)<500': 'degraded',
      'http_req_duration p(99)<3000': 'critical',
      'http_req_failed rate<0.01': 'degraded',
      'http_req_duration{phase:peak} p(95)<1000': 'degraded',
      'http_req_duration{name:a} p(95)<300': 'degraded',
    },
    derived: {},
    metricKeys: [],
    measures: [
      { kind: 'degradation', from: 'warmup', to: 'peak' },
      { kind: 'recovery', baseline: 'warmup', phase: 'recovery', tolerance: 0.5 },
    ],
    plan: SPIKE,
    windowLimits: { latency: [{ stat: 'p(95)', below: 500 }], failRateBelow: 0.01 },
    scope: { steps: ['a', 'b'], phases: ['warmup', 'ramp', 'peak', 'drop', 'recovery'], windows: [], flows: ['f'], metrics: {}, journeys: ['endpoints'] },
    settings: [],
    slaLines: { p95: 500, failRate: 0.01 },
    ...over,
  };
}

function verdictOf(over: Partial<Verdict> = {}): Verdict {
  return {
    scenario: 'spike',
    profile: 'spike',
    journey: 'endpoints',
    target: 'http://127.0.0.1:8080',
    testid: 'spike-test',
    passed: true,
    slaPassed: true,
    iterations: 300,
    health: 'healthy',
    rows: [
      { metric: 'http_req_duration', expression: 'p(95)<500', observed: 42.5, unit: 'ms', tier: 'degraded', ok: true },
      { metric: 'http_req_failed', expression: 'rate<0.01', observed: 0, unit: 'fraction', tier: 'degraded', ok: true },
    ],
    measures: [
      { name: 'degradation', value: 6.04, unit: 'ratio' },
      { name: 'recovery', value: 2500, unit: 'ms' },
    ],
    ...over,
  };
}

const trend = (p95: number, count = 100) => ({ type: 'trend', contains: 'time', values: { 'p(50)': p95 / 2, 'p(90)': p95 * 0.9, 'p(95)': p95, 'p(99)': p95 * 1.2, max: p95 * 1.5, avg: p95 / 2, med: p95 / 2, min: 1, count } });
const rate = (r: number) => ({ type: 'rate', contains: 'default', values: { rate: r, passes: 0, fails: 100 } });

function summaryOf(extra: SummaryData['metrics'] = {}): SummaryData {
  return {
    metrics: {
      http_reqs: { type: 'counter', contains: 'default', values: { count: 300, rate: 20 } },
      iterations: { type: 'counter', contains: 'default', values: { count: 300, rate: 20 } },
      http_req_duration: trend(42.5, 300),
      http_req_failed: rate(0),
      'http_req_duration{phase:warmup}': trend(10),
      'http_req_duration{phase:peak}': trend(60.4),
      'http_req_duration{phase:recovery}': trend(12),
      'http_req_duration{name:a}': trend(20),
      'http_req_failed{name:a}': rate(0),
      ...extra,
    },
    state: { testRunDurationMs: 15_100 },
  };
}

// ---- synthetic samples ----

const T0 = 1_700_000_000_000;
/** unix_nano timestamp `ms` after T0. */
const ns = (ms: number) => (BigInt(T0) * 1_000_000n + BigInt(Math.round(ms * 1e6))).toString();

/** k6's percentile computed the plain way, to check the builder against. */
function naive(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = q * (s.length - 1);
  const lo = Math.floor(rank);
  return s[lo]! + (s[Math.ceil(rank)]! - s[lo]!) * (rank - lo);
}

/** One request: the samples k6 writes for it (duration, count, failed), tagged like a plimsoll iteration. */
function request(add: (m: string, v: number, t: Tags, time: string) => void, atMs: number, ms: number, tags: Tags, failed = 0) {
  const t = ns(atMs);
  add('http_req_duration', ms, tags, t);
  add('http_reqs', 1, tags, t);
  add('http_req_failed', failed, tags, t);
}

function setup(add: (m: string, v: number, t: Tags, time: string) => void) {
  // The preflight, at the end of setup: the scenario starts here (x = 0).
  request(add, 0, 999, { name: 'preflight', phase: 'setup' });
}

// ---- bucketing ----

test('bucket width adapts to the run: ≤ 1,500 buckets for 2 hours, 1 s for minutes, finer for a short busy run', () => {
  assert.equal(bucketWidthMs(2 * 3600_000), 5000);
  assert.ok((2 * 3600_000) / bucketWidthMs(2 * 3600_000) <= MAX_BUCKETS, 'a 2-hour run fits in MAX_BUCKETS');
  assert.equal(bucketWidthMs(24 * 3600_000), 60_000);
  assert.equal(bucketWidthMs(5 * 60_000), 1000);
  assert.equal(bucketWidthMs(60_000), 1000);
  assert.equal(bucketWidthMs(15_000, MAX_BUCKETS, 100), 250); // 60 buckets of 25 requests
  assert.equal(bucketWidthMs(15_000, MAX_BUCKETS, 10), 1000); // 10/s: finer buckets would show only quantisation
  for (const d of [1000, 60_000, 3600_000, 10 * 3600_000, 24 * 3600_000]) assert.ok(d / bucketWidthMs(d) <= MAX_BUCKETS, `${d} ms`);
});

test('series: exact counts, rates, failures and percentiles per bucket; setup excluded; VUs are the bucket maximum', () => {
  const b = new SeriesBuilder({ plan: SPIKE, steps: ['a', 'b'], flows: ['f'], bucketMs: 1000 });
  const src = b.source();
  src.add('vus', 3, {}, ns(-500)); // before the scenario started: not drawn
  setup(src.add);
  const bucket0 = Array.from({ length: 100 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
  bucket0.forEach((ms, i) => request(src.add, 5 + i * 9, ms, { name: ms % 2 ? 'a' : 'b', phase: 'warmup' }, i < 5 ? 1 : 0));
  for (let i = 0; i < 100; i++) src.add('iterations', 1, { phase: 'warmup' }, ns(5 + i * 9));
  src.add('vus', 7, {}, ns(500));
  src.add('vus', 9, {}, ns(700));
  src.add('vus', 4, {}, ns(900));
  const bucket1 = [209, 200, 207, 201, 208, 202, 206, 203, 205, 204];
  bucket1.forEach((ms, i) => request(src.add, 1000 + i * 50, ms, { name: 'a', phase: 'warmup' }));
  src.add('vus', 5, {}, ns(2500));
  src.add('dropped_iterations', 1, {}, ns(1500));
  src.add('dropped_iterations', 1, {}, ns(1600));
  src.add('flow_duration', 30, { flow: 'f', phase: 'warmup' }, ns(1700));
  src.add('flow_duration', 50, { flow: 'f', phase: 'warmup' }, ns(1800));
  request(src.add, 3500, 77, { name: 'b', phase: 'ramp' });
  request(src.add, 15_050, 5, { name: 'b', phase: 'teardown' }); // teardown: not load
  src.end();
  const s = b.finish();

  assert.equal(s.bucketMs, 1000);
  assert.equal(s.startMs, T0);
  assert.equal(s.x.length, 15, 'the whole plan, 15 s in 1 s buckets');
  assert.deepEqual(s.x.slice(0, 3), [0.5, 1.5, 2.5]);
  assert.deepEqual(s.requests.slice(0, 4), [100, 10, 0, 1]);
  assert.deepEqual(s.iterations.slice(0, 2), [100, 0]);
  assert.deepEqual(s.dropped.slice(0, 3), [0, 2, 0]);
  assert.equal(s.failed[0], 0.05);
  assert.equal(s.failed[1], 0);
  assert.equal(s.failed[2], null, 'no requests: no failure rate');
  const sorted0 = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(s.p50[0], naive(sorted0, 0.5));
  assert.equal(s.p95[0], naive(sorted0, 0.95));
  assert.equal(s.p99[0], naive(sorted0, 0.99));
  assert.ok(s.p99[0]! < 999, 'the setup request is not in the percentiles');
  assert.equal(s.p95[1], naive(bucket1, 0.95));
  assert.equal(s.p95[2], null);
  assert.equal(s.p95[3], 77);
  const step = (name: string) => s.steps.find((x) => x.name === name)!;
  assert.equal(step('a').p95[0], naive(sorted0.filter((v) => v % 2), 0.95));
  assert.equal(step('b').p95[0], naive(sorted0.filter((v) => v % 2 === 0), 0.95));
  assert.equal(step('a').p95[1], naive(bucket1, 0.95));
  assert.equal(step('a').count, 60);
  assert.equal(s.flows[0]!.name, 'f');
  assert.equal(s.flows[0]!.p95[1], naive([30, 50], 0.95));
  assert.deepEqual(s.vus.slice(0, 4), [9, 9, 5, null], 'the maximum, carried over a bucket without a sample up to the last one');
  assert.equal(s.late, 0);
  assert.equal(s.samples, 1 + 3 + 100 * 3 + 100 + 3 + 10 * 3 + 1 + 2 + 2 + 3 + 3, 'every sample fed was counted');
});

test('series: rates are per second whatever the bucket width; planned iterations follow the plan', () => {
  const b = new SeriesBuilder({ plan: SPIKE, bucketMs: 250 });
  const src = b.source();
  setup(src.add);
  for (let i = 0; i < 5; i++) request(src.add, 10 + i * 40, 3, { name: 'a', phase: 'warmup' });
  src.end();
  const s = b.finish();
  assert.equal(s.x.length, 60);
  assert.equal(s.requests[0], 20, '5 requests in 250 ms = 20/s');
  assert.equal(s.planned[0], 10, 'warm-up plans 10 iterations/s');
  // The ramp (3 s → 3.75 s) goes from 10/s to 50/s: its first 250 ms average 10 + 40 × (0.125 / 0.75).
  assert.ok(Math.abs(s.planned[12]! - (10 + (40 * 0.125) / 0.75)) < 1e-9, `planned ${s.planned[12]}`);
  assert.equal(s.planned[20], 50);
  assert.equal(plannedIterations(SPIKE, 3000, 3750), 22.5);
  assert.equal(plannedIterations(SPIKE, 0, 15_000), 10 * 3 + 22.5 + 50 * 4.5 + 22.5 + 10 * 6);
});

test('series: a bucket is sealed once every source passed it by the lag; a later sample counts as late, not in its percentiles', () => {
  const b = new SeriesBuilder({ plan: SPIKE, bucketMs: 1000, lagMs: 0 });
  const src = b.source();
  setup(src.add);
  for (let i = 0; i < 10; i++) request(src.add, 100 + i, 10 + i, { name: 'a', phase: 'warmup' });
  // Far enough ahead (and enough samples, sealing is checked every 256) for bucket 0 to be sealed.
  for (let i = 0; i < 300; i++) request(src.add, 5000 + i, 1, { name: 'a', phase: 'warmup' });
  request(src.add, 200, 5000, { name: 'a', phase: 'warmup' }); // late
  src.end();
  const s = b.finish();
  assert.equal(s.late, 2, 'the late latency, in the global and the step series');
  assert.equal(s.p99[0], naive(Array.from({ length: 10 }, (_, i) => 10 + i), 0.99), 'not in the sealed percentiles');
  assert.equal(s.requests[0], 11, 'but counted as a request');
});

test('series: sources read side by side (shards) hold a bucket open until all have passed it: percentiles over the union', () => {
  const feed = (builder: SeriesBuilder, sources: 1 | 2) => {
    const a = builder.source();
    const c = sources === 2 ? builder.source() : a;
    setup(a.add);
    for (let i = 1; i <= 50; i++) request(a.add, 100 + i, i, { name: 'a', phase: 'warmup' });
    for (let i = 0; i < 300; i++) request(a.add, 9000 + i, 1, { name: 'a', phase: 'peak' });
    // The other shard's samples of the same second arrive after the first shard is far ahead.
    for (let i = 51; i <= 100; i++) request(c.add, 100 + i, i, { name: 'a', phase: 'warmup' });
    for (let i = 0; i < 300; i++) request(c.add, 9000 + i, 1, { name: 'a', phase: 'peak' });
    a.end();
    if (c !== a) c.end();
    return builder.finish();
  };
  const union = Array.from({ length: 100 }, (_, i) => i + 1);
  const two = feed(new SeriesBuilder({ plan: SPIKE, bucketMs: 1000, lagMs: 0 }), 2);
  assert.equal(two.late, 0);
  assert.equal(two.p95[0], naive(union, 0.95));
  assert.equal(two.requests[0], 100);
  // The same samples as one source: its watermark ran ahead, so the second half came late (the check can fail).
  const one = feed(new SeriesBuilder({ plan: SPIKE, bucketMs: 1000, lagMs: 0 }), 1);
  assert.ok(one.late > 0, 'one source: the second half is late');
  assert.notEqual(one.p95[0], naive(union, 0.95));
});

/** A 2-hour soak of a two-journey mix at 100 requests/s, fed as k6 would write it (request samples, iterations, vus every second). */
function soakSeries() {
  const plan: Plan = { startRate: 100, phases: [{ name: 'soak', durationMs: 2 * 3600_000, target: 100, windows: 10 }] };
  const b = new SeriesBuilder({ plan, steps: ['items-list', 'item-get', 'search'], journeys: ['browse', 'buy'] });
  const src = b.source();
  setup(src.add);
  // Steps × windows × journeys: a sample's tags, made once (as k6 holds its tag sets).
  const tags = ['items-list', 'item-get', 'search'].flatMap((name) => Array.from({ length: 20 }, (_, i) => ({ name, phase: 'soak', window: `soak-${(i % 10) + 1}`, journey: i < 10 ? 'browse' : 'buy' })));
  const none = {};
  let requests = 0;
  for (let ms = 5; ms < 2 * 3600_000; ms += 10) {
    const w = Math.floor(ms / 720_000);
    const t = tags[(requests % 3) * 20 + (requests % 5 === 0 ? 10 : 0) + w]!;
    const time = ns(ms);
    const latency = 5 + (requests % 97) * 0.3 + ms / 360_000; // drifting slowly upwards
    src.add('http_req_duration', latency, t, time);
    src.add('http_reqs', 1, t, time);
    src.add('http_req_failed', requests % 500 === 0 ? 1 : 0, t, time);
    src.add('iterations', 1, t, time);
    if (ms % 1000 === 5) src.add('vus', 2, none, time);
    requests++;
  }
  src.end();
  return { plan, series: b.finish(), requests };
}

test('budget: a 2-hour soak of a two-journey mix at 100 req/s stays ≤ 1,500 buckets, bounded memory, and a report ≤ 2 MB', () => {
  const started = performance.now();
  const { plan, series, requests } = soakSeries();
  const aggregateMs = performance.now() - started;
  assert.equal(requests, 720_000);
  assert.equal(series.bucketMs, 5000);
  assert.equal(series.x.length, 1440);
  assert.equal(series.requests.reduce((a, v) => a + v * 5, 0), requests);
  assert.equal(series.late, 0);
  // Values held at once: about 100/s × (LAG_MS + a bucket) for the global series, as many for the steps and for the journeys.
  const bound = 3 * 100 * ((LAG_MS + 5000) / 1000) + 3 * 256;
  assert.ok(series.peakHeld <= bound, `held at most ${series.peakHeld} latencies (bound ${bound}), not all ${requests * 3}`);
  assert.deepEqual(series.journeys.map((j) => [j.name, j.count, j.iterations, j.p95.length]), [['browse', 576_000, 576_000, 1440], ['buy', 144_000, 144_000, 1440]], 'the journeys, bucketed like the steps');
  const windows = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`http_req_duration{window:soak-${i + 1}}`, trend(20 + i)]));
  const sla = runSla({ scenario: 'soak', profile: 'soak', plan, measures: [{ kind: 'drift', phase: 'soak' }], scope: { steps: ['items-list', 'item-get', 'search'], phases: ['soak'], windows: [], flows: [], metrics: {}, journeys: ['browse', 'buy'] } });
  const html = renderReport({ verdict: verdictOf({ scenario: 'soak', profile: 'soak', measures: [{ name: 'drift', value: 1.45, unit: 'ratio' }, { name: 'errorDrift', value: 0, unit: 'fraction' }] }), sla, summary: summaryOf(windows), series });
  const bytes = Buffer.byteLength(html);
  console.log(`# 2-hour soak of a two-journey mix at 100 req/s: ${series.samples.toLocaleString('en-US')} samples aggregated in ${aggregateMs.toFixed(0)} ms, peak ${series.peakHeld} latencies held, report ${(bytes / 1024).toFixed(0)} KB`);
  assert.ok(bytes <= 2 * 1024 * 1024, `${bytes} bytes`);
  assert.ok(modelOf(html).charts.some((c) => c.el === 'chart-drift'), 'the drift chart');
  assert.deepEqual(modelOf(html).charts.filter((c) => c.el.startsWith('chart-journey-')).map((c) => c.series[0]!.values!.length), [1440, 1440], 'a chart per journey, in the budget');
});

// ---- the model: phases, limits, markers ----

const modelOf = (html: string): Model => JSON.parse(/<script type="application\/json" id="plimsoll-data">([\s\S]*?)<\/script>/.exec(html)![1]!);
const chart = (m: Model, el: string): Chart => {
  const c = m.charts.find((x) => x.el === el);
  assert.ok(c, `chart ${el} exists`);
  return c!;
};

function spikeSeries() {
  const b = new SeriesBuilder({ plan: SPIKE, steps: ['a', 'b'], flows: ['f'] });
  const src = b.source();
  setup(src.add);
  for (let ms = 5; ms < 15_000; ms += 20) request(src.add, ms, ms > 3750 && ms < 9000 ? 60 : 10, { name: ms % 40 === 5 ? 'a' : 'b', phase: 'x' });
  src.add('flow_duration', 30, { flow: 'f', phase: 'warmup' }, ns(1000));
  src.end();
  return b.finish();
}

test("phases: the shading spans are the plan's phases, end to end, one span per phase name", () => {
  assert.deepEqual(phaseSpans(SPIKE), [
    { name: 'warmup', start: 0, end: 3 },
    { name: 'ramp', start: 3, end: 3.75 },
    { name: 'peak', start: 3.75, end: 8.25 },
    { name: 'drop', start: 8.25, end: 9 },
    { name: 'recovery', start: 9, end: 15 },
  ]);
  // A stress step's ramp and hold share their name: one span.
  const stress: Plan = { startRate: 10, phases: [{ name: 'step-1', durationMs: 10_000, target: 10 }, { name: 'step-1', durationMs: 120_000, target: 10 }, { name: 'step-2', durationMs: 10_000, target: 20 }] };
  assert.deepEqual(phaseSpans(stress), [{ name: 'step-1', start: 0, end: 130 }, { name: 'step-2', start: 130, end: 140 }]);
  const w = windowSpans(SPIKE);
  assert.equal(w.length, 12);
  assert.deepEqual([w[0]!.name, w[0]!.start, w[0]!.end, w[11]!.end], ['recovery-1', 9, 9.5, 15]);
  const model = buildModel({ verdict: verdictOf(), sla: runSla(), summary: summaryOf(), series: spikeSeries() });
  assert.deepEqual(model.phases, phaseSpans(SPIKE));
  for (const el of ['chart-throughput', 'chart-latency', 'chart-failed', 'chart-vus', 'chart-spike']) assert.equal(chart(model, el).phases, true, el);
});

test('SLA limits are drawn at their values: global latency (by tier), phase-scoped, failure, per step', () => {
  const model = buildModel({ verdict: verdictOf(), sla: runSla(), summary: summaryOf(), series: spikeSeries() });
  const limits = (el: string) => chart(model, el).series.filter((s) => s.kind === 'limit');
  const latency = limits('chart-latency');
  assert.deepEqual(
    latency.map((s) => [s.label, s.segments]),
    [
      ['SLA p95 < 500 ms', [{ from: null, to: null, value: 500 }]],
      ['critical p99 < 3000 ms', [{ from: null, to: null, value: 3000 }]],
      ['SLA p95 < 1000 ms (peak)', [{ from: 3.75, to: 8.25, value: 1000 }]],
    ],
  );
  assert.deepEqual(limits('chart-failed').map((s) => s.segments), [[{ from: null, to: null, value: 1 }]], 'rate<0.01 is drawn at 1 %');
  assert.deepEqual(limits('chart-step-0').map((s) => [s.label, s.segments![0]!.value]), [['SLA p95 < 300 ms', 300]], 'step a has its own limit');
  assert.deepEqual(limits('chart-step-1'), [], 'step b has none');
  // The data the page draws for the limit line equals the limit at every x (the page expands segments).
  const s = chart(model, 'chart-latency').series.find((x) => x.label === 'SLA p95 < 500 ms')!;
  assert.ok(model.time.every((x) => s.segments!.some((g) => (g.from === null || x >= g.from) && (g.to === null || x < g.to) && g.value === 500)), 'the line is at 500 at every x');
  // The measured p95 beside it: the bucket's exact value (every request of the peak took 60 ms).
  assert.equal(chart(model, 'chart-latency').series.find((x) => x.label === 'p95')!.values![5], 60);
  assert.equal(chart(model, 'chart-latency').series.find((x) => x.label === 'p95')!.values![1], 10);
});

test('the recovery marker sits at the start of recovery + the recovery time in verdict.json', () => {
  const at = (value: number | null) => recoveryMarker(verdictOf({ measures: [{ name: 'recovery', value, unit: 'ms' }] }), runSla());
  assert.deepEqual(at(2500), { x: 9 + 2.5, label: 'recovered after 2.5 s', color: '#15803d', kind: 'recovery' });
  assert.equal(at(0)!.x, 9);
  assert.equal(at(0)!.label, 'recovered at once');
  assert.equal(at(null)!.x, 15, 'never (null in verdict.json): at the end of recovery');
  assert.match(at(null)!.label, /not recovered/);
  assert.equal(recoveryMarker(verdictOf({ measures: [] }), runSla()), undefined);
  const model = buildModel({ verdict: verdictOf(), sla: runSla(), summary: summaryOf(), series: spikeSeries() });
  const verdictMs = verdictOf().measures.find((m) => m.name === 'recovery')!.value!;
  for (const el of ['chart-latency', 'chart-spike']) assert.deepEqual(chart(model, el).markers.map((m) => m.x), [9 + verdictMs / 1000], el);
  // Degradation is drawn from the phase p95s it divides.
  const phase = chart(model, 'chart-spike').series.find((s) => s.label.startsWith('p95 per phase'))!;
  assert.match(phase.label, /peak ÷ warmup = 6\.04×/);
  assert.deepEqual(phase.segments, [
    { from: 0, to: 3, value: 10 },
    { from: 3.75, to: 8.25, value: 60.4 },
  ]);
});

test('breakpoint: rate against p95 per window, the SLA line, and the capacity marked where verdict.json found it', () => {
  const plan: Plan = { startRate: 10, phases: [{ name: 'ramp', durationMs: 30_000, target: 200, windows: 4 }] };
  const sla = runSla({ profile: 'breakpoint', scenario: 'breakpoint', plan, measures: [{ kind: 'capacity', phase: 'ramp' }], thresholds: { http_req_duration: ['p(95)<500'] }, tiers: { 'http_req_duration p(95)<500': 'break' } });
  const summary = summaryOf({ 'http_req_duration{window:ramp-1}': trend(20), 'http_req_duration{window:ramp-2}': trend(80), 'http_req_duration{window:ramp-3}': trend(700) });
  const verdict = verdictOf({ profile: 'breakpoint', measures: [{ name: 'capacity', value: 105, unit: 'per_s' }], rows: [{ metric: 'http_req_duration', expression: 'p(95)<500', observed: 734, unit: 'ms', tier: 'break', ok: false }] });
  const c = chart(buildModel({ verdict, sla, summary }), 'chart-capacity');
  assert.deepEqual(c.x, [57.5, 105, 152.5]);
  assert.deepEqual(c.series[0]!.values, [20, 80, 700]);
  assert.deepEqual(c.series.filter((s) => s.kind === 'limit').map((s) => [s.label, s.segments![0]!.value]), [['stop at p95 < 500 ms', 500]]);
  assert.deepEqual(c.markers.map((m) => [m.x, m.label]), [[105, 'capacity 105/s — the plimsoll line']]);
  assert.match(storyOf(verdict, sla), /^Capacity is 105 iterations\/s: .*; the run stopped where http_req_duration p\(95\)<500 was crossed, as a breakpoint does\.$/);
});

// ---- journeys: a workload mix ----

/** The shop's mix: browse and buy, a limit on buy and one on buy's checkout (as scenarios/shop.ts sets them). */
const MIX = {
  sla: () =>
    runSla({
      scenario: 'shop',
      journey: 'browse+buy',
      thresholds: { ...runSla().thresholds, 'http_req_duration{journey:buy}': ['p(95)<400'], 'http_req_duration{journey:buy,name:checkout}': ['p(95)<800'] },
      tiers: { ...runSla().tiers, 'http_req_duration{journey:buy} p(95)<400': 'degraded', 'http_req_duration{journey:buy,name:checkout} p(95)<800': 'degraded' },
      scope: { steps: ['a', 'checkout'], phases: ['warmup', 'ramp', 'peak', 'drop', 'recovery'], windows: [], flows: [], metrics: {}, journeys: ['browse', 'buy'], journeySteps: { browse: ['a'], buy: ['a', 'checkout'] } },
    }),
  verdict: () =>
    verdictOf({
      scenario: 'shop',
      journey: 'browse+buy',
      passed: false,
      slaPassed: false,
      health: 'degraded',
      rows: [
        ...verdictOf().rows,
        { metric: 'http_req_duration{journey:buy}', expression: 'p(95)<400', observed: 480, unit: 'ms', tier: 'degraded', ok: false },
        { metric: 'http_req_duration{journey:buy,name:checkout}', expression: 'p(95)<800', observed: 500, unit: 'ms', tier: 'degraded', ok: true },
      ],
    }),
  summary: () =>
    summaryOf({
      'http_req_duration{journey:browse}': trend(20, 240),
      'http_req_failed{journey:browse}': rate(0),
      'http_req_duration{journey:buy}': trend(480, 60),
      'http_req_failed{journey:buy}': rate(0.05),
    }),
};

/** A mix's samples: 4 browse iterations of one request (10 ms) and 1 buy iteration of two (100, 300 ms) every 100 ms. */
function mixSeries(journeys: readonly string[] | undefined) {
  const b = new SeriesBuilder({ plan: SPIKE, steps: ['a', 'checkout'], journeys, bucketMs: 1000 });
  const src = b.source();
  setup(src.add);
  for (let ms = 5; ms < 15_000; ms += 100) {
    for (let i = 0; i < 4; i++) {
      request(src.add, ms + i, 10, { name: 'a', phase: 'x', journey: 'browse' });
      src.add('iterations', 1, { phase: 'x', journey: 'browse' }, ns(ms + i));
    }
    request(src.add, ms + 5, 100, { name: 'a', phase: 'x', journey: 'buy' });
    request(src.add, ms + 6, 300, { name: 'checkout', phase: 'x', journey: 'buy' });
    src.add('iterations', 1, { phase: 'x', journey: 'buy' }, ns(ms + 6));
  }
  src.end();
  return b.finish();
}

test('series: a mix gets a series per journey (exact p95, requests, iterations); a run of one journey holds none', () => {
  const s = mixSeries(['browse', 'buy']);
  const j = (name: string) => s.journeys.find((x) => x.name === name)!;
  assert.deepEqual(s.journeys.map((x) => x.name), ['browse', 'buy']);
  assert.deepEqual([j('browse').count, j('browse').iterations, j('buy').count, j('buy').iterations], [600, 600, 300, 150]);
  assert.equal(j('browse').p95[3], 10);
  assert.equal(j('buy').p95[3], naive([...Array(10).fill(100), ...Array(10).fill(300)], 0.95), "buy's two steps, not browse's");
  assert.equal(s.p95[3], naive([...Array(40).fill(10), ...Array(10).fill(100), ...Array(10).fill(300)], 0.95), 'the global series is all of them');
  assert.equal(j('buy').p95.length, s.x.length, 'bucketed like every series');
  assert.deepEqual(mixSeries(undefined).journeys, [], 'not tracked without a mix');
  assert.deepEqual(mixSeries(['browse', 'buy']).steps.map((x) => x.name), ['a', 'checkout'], 'steps as before');
});

test("a mix's report: a journey table (iterations, requests, failed, p95/p99, SLA rows) and a p95 chart per journey with its limits", () => {
  const input = { verdict: MIX.verdict(), sla: MIX.sla(), summary: MIX.summary(), series: mixSeries(['browse', 'buy']) };
  const model = buildModel(input);
  const browse = chart(model, 'chart-journey-0');
  const buy = chart(model, 'chart-journey-1');
  assert.equal(browse.small, true, 'a small multiple, like the steps');
  assert.deepEqual(browse.series.map((x) => x.kind), ['data'], 'browse has no limit of its own');
  assert.equal(browse.series[0]!.values![3], 10);
  assert.deepEqual(buy.series.filter((x) => x.kind === 'limit').map((x) => [x.label, x.segments]), [['SLA p95 < 400 ms', [{ from: null, to: null, value: 400 }]]], "buy's own limit; its checkout's is a step's");
  assert.equal(buy.series[0]!.values![3], naive([...Array(10).fill(100), ...Array(10).fill(300)], 0.95));
  assert.ok(!chart(model, 'chart-step-1').series.some((x) => x.kind === 'limit'), "buy's checkout limit is not drawn on the checkout chart: other journeys' checkouts are not judged by it");

  const html = renderReport(input);
  const table = /<table class="t" id="journey-table">.*?<\/table>/s.exec(html)?.[0] ?? assert.fail('a journey table');
  const rows = [...table.matchAll(/<tr class="(bad)?"><td>(\w+)<\/td>((?:<td class="num">[^<]*<\/td>)+)<td>(.*?)<\/td><\/tr>/g)].map((m) => [m[2], !!m[1], [...m[3]!.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((c) => c[1]), m[4]]);
  assert.deepEqual(rows, [
    ['browse', false, ['600', '240', '0.00 %', '10.0 ms', '18.0 ms', '20.0 ms', '24.0 ms', '30.0 ms'], '<span class="muted">–</span>'],
    ['buy', true, ['150', '60', '5.00 %', '240 ms', '432 ms', '480 ms', '576 ms', '720 ms'], '<code>p(95)&lt;400</code> <span class="crossed">crossed</span><br><code>name:checkout p(95)&lt;800</code> <span class="held">held</span>'],
  ]);
  assert.match(table, /<th>journey<\/th><th class="num">iterations<\/th><th class="num">requests<\/th><th class="num">failed<\/th>/);
  const cards = /<div class="grid" id="journey-charts">(.*?)<\/div><\/div><\/div>/s.exec(html)?.[0] ?? assert.fail('the journey charts');
  assert.deepEqual([...cards.matchAll(/<h3>([^<]*)<\/h3><p class="note">([^<]*)<\/p><div class="chart" id="([^"]+)">/g)].map((m) => [m[1], m[2], m[3]]), [
    ['journey browse', 'p95 per bucket · 600 requests', 'chart-journey-0'],
    ['journey buy', 'p95 per bucket · 300 requests', 'chart-journey-1'],
  ]);
  // The step table shows the journey's step limit too, named by its journey.
  assert.match(html, /<table class="t" id="step-table">.*<td>checkout<\/td>.*<code>journey:buy p\(95\)&lt;800<\/code> <span class="held">held<\/span>/s);
});

test('a mix without raw samples still has its journey table (iterations unknown); a run of one journey has no journey section', () => {
  const html = renderReport({ verdict: MIX.verdict(), sla: MIX.sla(), summary: MIX.summary() });
  assert.match(html, /<table class="t" id="journey-table">.*<tr class=""><td>browse<\/td><td class="num">–<\/td><td class="num">240<\/td>/s);
  assert.ok(!/chart-journey-/.test(html), 'no charts without samples');
  const one = renderReport({ verdict: verdictOf(), sla: runSla(), summary: summaryOf(), series: spikeSeries() });
  assert.ok(!one.includes('id="journeys"') && !one.includes('journey-table'), 'no journey section');
  assert.ok(!modelOf(one).charts.some((c) => c.el.startsWith('chart-journey-')), 'no journey charts');
  // Even with journey tags in its samples and a journey declared: one journey is the whole run.
  const tagged = buildModel({ verdict: verdictOf(), sla: runSla(), summary: summaryOf(), series: mixSeries(undefined) });
  assert.ok(!tagged.charts.some((c) => c.el.startsWith('chart-journey-')));
});

// ---- the story ----

test('storyOf: one sentence from the measures and the verdict', () => {
  assert.equal(storyOf(verdictOf(), runSla()), 'p95 rose 6.04× from warm-up to peak and came back within 50 % of warm-up 2.5 s into the recovery; all 2 SLA limits held.');
  const never = verdictOf({ measures: [{ name: 'degradation', value: 12.4, unit: 'ratio' }, { name: 'recovery', value: null, unit: 'ms' }] });
  assert.match(storyOf(never, runSla(), summaryOf()), /^p95 rose 12× from warm-up to peak and was not back within 50 % of warm-up by the end of the recovery;/);
  assert.match(storyOf(never, runSla(), summaryOf({ 'http_req_duration{phase:recovery}': trend(1, 0) })), /recovery could not be measured: the recovery phase had no requests/);
  const failed = verdictOf({
    passed: false,
    slaPassed: false,
    health: 'degraded',
    rows: [{ metric: 'http_req_duration', expression: 'p(95)<500', observed: 712.34, unit: 'ms', tier: 'degraded', ok: false }, ...verdictOf().rows.slice(1)],
  });
  assert.match(storyOf(failed, runSla()), /; 1 of 2 SLA limits was crossed \(http_req_duration p\(95\)<500 at 712\.3ms\)\.$/);
  const soak = runSla({ measures: [{ kind: 'drift', phase: 'soak' }] });
  assert.equal(
    storyOf(verdictOf({ measures: [{ name: 'drift', value: 1.31, unit: 'ratio' }, { name: 'errorDrift', value: 0.002, unit: 'fraction' }] }), soak),
    'p95 drifted 1.31× from the first to the last soak window and the failed share rose 0.20 points; all 2 SLA limits held.',
  );
  assert.equal(storyOf(verdictOf({ measures: [] }), runSla({ measures: [] })), 'p95 was 42.5ms over the run and 0 % of requests failed; all 2 SLA limits held.');
  assert.match(storyOf(verdictOf({ interrupted: 'SIGINT', passed: false }), runSla()), /^The run was interrupted \(SIGINT\), so it measured only part of its plan; p95 rose/);
  assert.equal(storyOf(verdictOf({ iterations: 0 }), runSla()), 'The run completed no iteration, so nothing was measured.');
  const regressed = verdictOf({ passed: false, regressions: [{ scope: 'all', metric: 'http_req_duration', measure: 'p95', baseline: 10, current: 20, delta: 10, limit: '≤ 15.0ms', ok: false }] });
  assert.match(storyOf(regressed, runSla()), /all 2 SLA limits held and 1 baseline comparison regressed\.$/);
});

// ---- the page: escaping, no network ----

test('text from the run is escaped: step names, target and scenario cannot inject markup or scripts', () => {
  const evil = '<img src=x onerror=alert(1)>';
  const target = 'http://a.example/"><script>alert(2)</script>';
  const sla = runSla({ scope: { steps: [evil, 'b'], phases: ['warmup'], windows: [], flows: ['</script><script>alert(3)</script>'], metrics: {} }, thresholds: { [`http_req_duration{name:${evil}}`]: ['p(95)<300'] }, tiers: {} });
  const verdict = verdictOf({ scenario: '<b>s</b>', target, rows: [{ metric: `http_req_duration{name:${evil}}`, expression: 'p(95)<300', observed: 1, unit: 'ms', tier: 'degraded', ok: true }] });
  const b = new SeriesBuilder({ plan: SPIKE, steps: sla.scope.steps, flows: sla.scope.flows ?? [] });
  const src = b.source();
  setup(src.add);
  request(src.add, 10, 5, { name: evil, phase: 'warmup' });
  src.add('flow_duration', 9, { flow: sla.scope.flows![0]!, phase: 'warmup' }, ns(20));
  src.end();
  const html = renderReport({ verdict, sla, summary: summaryOf({ [`http_req_duration{name:${evil}}`]: trend(5) }), series: b.finish() });
  assert.ok(!html.includes('<img'), 'no injected element');
  assert.ok(!/<script>alert/.test(html), 'no injected script');
  assert.ok(!html.includes('<b>s</b>'), 'the scenario name is text');
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the step name is shown as text');
  assert.ok(html.includes(`http://a.example/&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;`), 'the target is shown as text');
  const json = /<script type="application\/json" id="plimsoll-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
  assert.ok(!json.includes('<'), 'the embedded data holds no markup');
  assert.equal(html.match(/<script[\s>]/g)!.length, 4, 'only the page’s own scripts: error trap, data, uPlot, charts');
});

test('no network: a strict CSP, and no URL anywhere but the (masked) target and uPlot’s license banner', () => {
  const target = 'https://***@staging.example.com/base';
  const html = renderReport({ verdict: verdictOf({ target }), sla: runSla({ target }), summary: summaryOf(), series: spikeSeries(), links: [{ href: DASHBOARD_FILE, label: 'k6' }] });
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`), 'the CSP meta tag');
  const urls = [...new Set(html.match(/\b(?:https?:)?\/\/[^\s"'<>)\\]+/gi) ?? [])];
  assert.deepEqual(urls.sort(), ['https://***@staging.example.com/base', 'https://github.com/leeoniya/uPlot'].sort());
  assert.ok(!/\ssrc\s*=/i.test(html), 'no src attribute');
  assert.deepEqual([...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]).sort(), [DASHBOARD_FILE, 'sla.json', 'summary.json', 'verdict.json'].sort(), 'links only to the run’s own files');
  assert.ok(!/@import|url\(|fetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|<link|<iframe/i.test(html), 'nothing that loads');
  assert.ok(html.includes(readFileSync('node_modules/uplot/dist/uPlot.iife.min.js', 'utf8')), 'uPlot is inlined byte for byte');
});

// ---- writeReport: the folder ----

const HEADER = 'metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,name,proto,scenario,service,status,subproto,tls_version,extra_tags,metadata';
const csvRow = (metric: string, atMs: number, value: number, name = '', extra = '') => `${metric},${ns(atMs)},${value},,,,,,GET,${name},HTTP/1.1,spike,,200,,,${extra},`;

function csvOf(rows: number, offsetMs = 0, latency = (i: number) => 10 + i): string {
  const lines = [HEADER, csvRow('http_req_duration', 0, 3, 'preflight', 'phase=setup')];
  for (let i = 0; i < rows; i++) {
    const at = 10 + offsetMs + i * 20;
    lines.push(csvRow('http_req_duration', at, latency(i), 'a', 'phase=warmup'), csvRow('http_reqs', at, 1, 'a', 'phase=warmup'), csvRow('http_req_failed', at, 0, 'a', 'phase=warmup'));
  }
  return lines.join('\n') + '\n';
}

function runDir(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-report-'));
  writeFileSync(join(dir, 'verdict.json'), JSON.stringify(verdictOf()));
  writeFileSync(join(dir, 'sla.json'), JSON.stringify(runSla()));
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summaryOf()));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

test('writeReport: samples.csv.gz → report.html with the charts over time; k6’s dashboard export is kept and linked', async () => {
  const dir = runDir({ 'samples.csv.gz': gzipSync(csvOf(100)), 'report.html': '<!doctype html><title>k6 web dashboard</title>' });
  const r = await writeReport(dir, { k6Version: 'k6 v2.2.0' });
  assert.equal(r.path, join(dir, 'report.html'));
  assert.deepEqual(r.sampleFiles, [join(dir, 'samples.csv.gz')]);
  const html = readFileSync(r.path, 'utf8');
  assert.equal(readFileSync(join(dir, DASHBOARD_FILE), 'utf8'), '<!doctype html><title>k6 web dashboard</title>', 'k6’s report moved aside, not lost');
  assert.ok(html.includes(`<a href="${DASHBOARD_FILE}">`), 'the dashboard link');
  assert.ok(html.includes('k6 v2.2.0'), 'the k6 version');
  const m = modelOf(html);
  const requests = chart(m, 'chart-throughput').series[0]!.values!;
  assert.equal(requests.reduce((a: number, v) => a + (v ?? 0), 0), 100, '100 requests in 1 s buckets');
  // Written again: our own report is replaced, k6's stays where it is.
  await writeReport(dir);
  assert.ok(readFileSync(join(dir, DASHBOARD_FILE), 'utf8').includes('k6 web dashboard'));
});

test('writeReport: a sharded run reads every shard’s samples into one series', async () => {
  const dir = runDir({ 'shard-0/samples.csv': csvOf(50, 0, () => 10), 'shard-1/samples.csv.gz': gzipSync(csvOf(50, 5, () => 30)), 'shard-1/report.html': 'k6' });
  const r = await writeReport(dir);
  assert.deepEqual(r.sampleFiles, [join(dir, 'shard-0/samples.csv'), join(dir, 'shard-1/samples.csv.gz')]);
  const html = readFileSync(r.path, 'utf8');
  const m = modelOf(html);
  assert.equal(chart(m, 'chart-throughput').series[0]!.values![0], 100, 'both shards’ requests in the first second');
  assert.equal(chart(m, 'chart-latency').series.find((s) => s.label === 'p50')!.values![0], 20, 'the median of the union (10s and 30s)');
  assert.ok(html.includes('href="shard-1/report.html"'), 'the shard’s dashboard link');
});

test('writeReport: without raw samples (merged from InfluxDB) the report says why and draws no charts over time', async () => {
  const dir = runDir();
  writeFileSync(join(dir, 'verdict.json'), JSON.stringify(verdictOf({ mergedFrom: { influxdb: 'http://127.0.0.1:8086/k6', testid: 't', samples: 10 } })));
  const r = await writeReport(dir);
  const html = readFileSync(r.path, 'utf8');
  assert.deepEqual(r.sampleFiles, []);
  assert.match(html, /No charts over time: this verdict was merged from InfluxDB/);
  const m = modelOf(html);
  assert.equal(m.charts.find((c) => c.el === 'chart-latency'), undefined);
  assert.ok(m.charts.find((c) => c.el === 'chart-spike'), 'the measures are still drawn from summary.json');
  assert.match(html, /id="step-table"/);
});

test('writeReport: a missing or garbled input is one clear line (BadInput), and the CLI exits 2 with it', async () => {
  const cases: [string, () => string, RegExp][] = [
    ['no folder', () => join(tmpdir(), 'plimsoll-no-such-run'), /results directory '.*' does not exist/],
    ['no verdict', () => { const d = runDir(); writeFileSync(join(d, 'verdict.json'), '{"passed": tru'); return d; }, /verdict\.json is not valid JSON/],
    ['not an sla.json', () => { const d = runDir(); writeFileSync(join(d, 'sla.json'), '{"plan": 1}'); return d; }, /sla\.json is not the sla\.json every plimsoll run writes/],
    ['garbled gzip', () => runDir({ 'samples.csv.gz': 'not gzip at all' }), /samples\.csv\.gz cannot be read \(.*\): expected plimsoll's samples output .* or k6's CSV output/],
    ['not plimsoll samples', () => runDir({ 'samples.bin.gz': gzipSync('plimsoll-samples 9\n12345678') }), /samples\.bin\.gz cannot be read \(.*is not plimsoll's samples file: it does not start with 'plimsoll-samples 1'\)/],
    ['cut short', () => runDir({ 'samples.bin.gz': gzipSync(Buffer.concat([Buffer.from('plimsoll-samples 1\n'), Buffer.alloc(8), Buffer.from([0, 5, 0x68])])) }), /samples\.bin\.gz cannot be read \(.*ends inside a record/],
    ['not k6 csv', () => runDir({ 'samples.csv': 'a,b,c\n1,2,3\n' }), /samples\.csv is not k6's CSV output/],
  ];
  for (const [what, make, expected] of cases) {
    const dir = make();
    await assert.rejects(writeReport(dir), (e: Error) => e instanceof BadInput && expected.test(e.message) && !e.message.includes('\n'), what);
    assert.ok(!existsSync(join(dir, 'report.html')), `${what}: no report written`);
    const cli = spawnSync('node', ['--import', 'tsx', 'report/main.ts', dir], { encoding: 'utf8' });
    assert.equal(cli.status, 2, what);
    const lines = cli.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${what}: ${cli.stderr}`);
    assert.match(lines[0]!, /^plimsoll: /);
    assert.match(lines[0]!, expected);
  }
  const usage = spawnSync('node', ['--import', 'tsx', 'report/main.ts'], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^plimsoll: usage: tsx report\/main\.ts <resultsDir>/);
});

test('renderReport marks FAIL with its tier, an interruption, and baseline deltas', () => {
  const html = renderReport({
    verdict: verdictOf({
      passed: false,
      slaPassed: false,
      health: 'critical',
      interrupted: 'SIGINT',
      rows: [{ metric: 'http_req_duration', expression: 'p(99)<3000', observed: 4000, unit: 'ms', tier: 'critical', ok: false }],
      regressions: [{ scope: 'a', metric: 'http_req_duration{name:a}', measure: 'p95', baseline: 10, current: 20, delta: 10, limit: '≤ 15.0ms', ok: false }],
      baseline: { file: 'baselines/spike.json', tolerance: { latency: 0.1, failRate: 0.01, floorMs: 5 } },
    }),
    sla: runSla(),
    summary: summaryOf(),
  } satisfies ReportInput);
  assert.match(html, /<div class="badge fail" id="verdict"><b>FAIL<\/b><span>interrupted \(SIGINT\)<\/span>/);
  assert.match(html, /The run was interrupted \(SIGINT\)/);
  assert.match(html, /<tr class="bad"><td><code>http_req_duration<\/code><\/td><td class="num"><code>p\(99\)&lt;3000<\/code><\/td><td class="num">4000\.0ms<\/td><td><span class="crossed">crossed<\/span>/);
  assert.match(html, /id="baseline-table".*<td>a<\/td><td>p95<\/td><td class="num">10\.0ms<\/td><td class="num">20\.0ms<\/td><td class="num">\+10\.0ms \(\+100\.0%\)<\/td>.*REGRESSED/s);
  assert.match(html, /<th class="num">p95 vs baseline<\/th>/);
  const pass = renderReport({ verdict: verdictOf(), sla: runSla(), summary: summaryOf() });
  assert.match(pass, /<div class="badge pass" id="verdict"><b>PASS<\/b>/);
});
