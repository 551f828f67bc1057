// Raw k6 samples → compact time series on one x axis (seconds since the scenario started), for the HTML
// report. Pure: samples go in through `SeriesBuilder.source()`, `finish()` returns plain arrays.
//
// Bucketing: one bucket width for the whole run, chosen from the plan's duration (known before the first
// sample) on a ladder of round widths: at least ~60 buckets for a short run (a 15 s run gets 250 ms buckets),
// 1 s for anything up to 25 minutes, and never more than MAX_BUCKETS (a 2-hour soak gets 5 s buckets:
// 1,440). Counters become per-second rates (count ÷ width); gauges (VUs) keep the bucket's maximum.
//
// Percentiles are exact per bucket: the bucket's latencies are held as raw values while the bucket is
// open and turned into p50/p95/p99 (k6's interpolation, as distributed/merge.ts) when it is sealed, then dropped.
// A bucket is sealed once every source has passed its end by LAG_MS. k6 writes samples in time order,
// give or take its 1 s flush and requests finishing out of order, so LAG_MS covers that; memory is then
// bounded by rate × (LAG_MS + width) values per breakdown (all requests, by step, by journey in a mix),
// whatever the run's length (~100,000 values at 1,000 req/s), while the per-bucket result arrays are
// bounded by the bucket count and the number of steps, flows and journeys by maxSteps. Why not a streaming quantile sketch:
// it would bound memory without any ordering assumption but give approximate percentiles, and k6's own
// samples arrive ordered enough that exact ones cost little. A sample arriving after its bucket was
// sealed still counts in rates and failures, and is counted in `late` (the report says how many).
import type { Plan } from '../lib/wire/run-sla';
import { percentile } from '../distributed/samples';

export type Tags = Record<string, string>;

/** The journeys a run shows one by one: a mix's (SlaScope.journeys); none for a run of one journey, which is the whole run. */
export const mixOf = (scope: { journeys?: readonly string[] }): readonly string[] => (scope.journeys && scope.journeys.length > 1 ? scope.journeys : []);

export const planDurationMs = (plan: Plan) => plan.phases.reduce((sum, p) => sum + p.durationMs, 0);

/** The most buckets a run's series may have (a 2-hour soak at 5 s buckets: 1,440). */
export const MAX_BUCKETS = 1500;
/** A run shorter than a minute still gets about this many buckets (sub-second ones). */
const MIN_BUCKETS = 60;
/** Round bucket widths, in ms. */
const LADDER_MS = [100, 200, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];
/** How long a bucket stays open after every source passed its end: k6's CSV flush (1 s) and out-of-order request ends. */
export const LAG_MS = 65_000;
/** Samples held while the run's start is not known yet (setup, gauges before the first iteration). */
const MAX_PENDING = 100_000;

/**
 * The bucket width for a run of `durationMs`: the smallest round width giving at most `maxBuckets` buckets;
 * 1 s up to 25 minutes; finer for a run under a minute (about MIN_BUCKETS buckets), unless its lowest
 * planned rate (`minRate`, iterations/s) would put fewer than ~10 iterations in a bucket — then per-bucket
 * counts would only show quantisation (2, 3, 2, 3 … at 10/s in 250 ms buckets).
 */
export function bucketWidthMs(durationMs: number, maxBuckets = MAX_BUCKETS, minRate = Infinity): number {
  const fine = Math.max(durationMs / MIN_BUCKETS, minRate > 0 ? 10_000 / minRate : 1000);
  const want = Math.max(durationMs / maxBuckets, Math.min(1000, fine));
  return LADDER_MS.find((w) => w >= want) ?? Math.ceil(want / 3_600_000) * 3_600_000;
}

/** A k6 CSV timestamp in any K6_CSV_TIME_FORMAT (unix, unix_milli/micro/nano, rfc3339[_nano]) → epoch ms; NaN if unreadable. */
export function timeMs(raw: string): number {
  const n = Number(raw);
  if (raw !== '' && Number.isFinite(n)) {
    const digits = raw.length;
    return digits > 17 ? n / 1e6 : digits > 14 ? n / 1e3 : digits > 11 ? n : n * 1000;
  }
  return Date.parse(raw);
}

export interface Span {
  name: string;
  /** Seconds since the scenario started. */
  start: number;
  end: number;
}

/** The plan's phases as spans on the x axis; consecutive phases of one name (a stress step's ramp and hold) are one span. */
export function phaseSpans(plan: Plan): Span[] {
  const spans: Span[] = [];
  let at = 0;
  for (const p of plan.phases) {
    const end = at + p.durationMs / 1000;
    const last = spans[spans.length - 1];
    if (last && last.name === p.name && last.end === at) last.end = end;
    else spans.push({ name: p.name, start: at, end });
    at = end;
  }
  return spans;
}

export interface WindowSpan extends Span {
  phase: string;
  /** Planned arrival rate (iterations/s) at the window's end: what a breakpoint's capacity is read as. */
  rateAtEnd: number;
}

/** The plan's windows (soak-1…, recovery-1…, ramp-1…) as spans, with the planned rate at each window's end. */
export function windowSpans(plan: Plan): WindowSpan[] {
  const out: WindowSpan[] = [];
  let at = 0;
  let rate = plan.startRate;
  for (const p of plan.phases) {
    const n = p.windows ?? 0;
    for (let i = 1; i <= n; i++) {
      out.push({
        name: `${p.name}-${i}`,
        phase: p.name,
        start: at + (p.durationMs * (i - 1)) / n / 1000,
        end: at + (p.durationMs * i) / n / 1000,
        rateAtEnd: rate + ((p.target - rate) * i) / n,
      });
    }
    at += p.durationMs / 1000;
    rate = p.target;
  }
  return out;
}

/** Planned iterations between two moments (ms since start): the integral of the plan's piecewise-linear arrival rate. */
export function plannedIterations(plan: Plan, fromMs: number, toMs: number): number {
  let total = 0;
  let start = 0;
  let rate = plan.startRate;
  for (const p of plan.phases) {
    const end = start + p.durationMs;
    const a = Math.max(fromMs, start);
    const b = Math.min(toMs, end);
    if (b > a && p.durationMs > 0) {
      const at = (t: number) => rate + ((p.target - rate) * (t - start)) / p.durationMs;
      total += (((at(a) + at(b)) / 2) * (b - a)) / 1000;
    }
    start = end;
    rate = p.target;
  }
  return total;
}

/** Exact per-bucket percentiles over the values of open buckets; sealed buckets keep only their results. */
class OpenPercentiles {
  private open = new Map<number, number[]>();
  /** Buckets below this one are sealed. */
  sealedBelow = 0;
  readonly out: (number | null)[][];
  late = 0;

  constructor(private readonly qs: readonly number[]) {
    this.out = qs.map(() => []);
  }

  add(bucket: number, value: number) {
    if (bucket < this.sealedBelow) {
      this.late++;
      return;
    }
    let values = this.open.get(bucket);
    if (!values) this.open.set(bucket, (values = []));
    values.push(value);
  }

  /** Seal every bucket below `bucket`: compute its percentiles and drop its values. */
  seal(bucket: number) {
    if (bucket <= this.sealedBelow) return;
    for (const [b, values] of this.open) {
      if (b >= bucket) continue;
      const sorted = Float64Array.from(values).sort();
      this.qs.forEach((q, i) => (this.out[i]![b] = percentile(sorted, q)));
      this.open.delete(b);
    }
    this.sealedBelow = bucket;
  }

  /** Values held right now (the memory bound the tests check). */
  get held() {
    let n = 0;
    for (const v of this.open.values()) n += v.length;
    return n;
  }
}

export interface SeriesOptions {
  /** The run's (scaled) plan, from sla.json: bucket width, planned rate. */
  plan: Plan;
  /** Steps in the order to show them (the journey's declared ones); others seen are appended. */
  steps?: readonly string[];
  flows?: readonly string[];
  /** A mix's journeys (mixOf): per-journey series, by the `journey` tag; none: not tracked (one journey is the whole run). */
  journeys?: readonly string[];
  /** Override the bucket width (tests). */
  bucketMs?: number;
  /** Override how long buckets stay open after every source passed them. */
  lagMs?: number;
  /** At most this many per-step (and per-flow, per-journey) series: a journey of a hundred steps must not blow up the report. */
  maxSteps?: number;
}

/** One value of a tag (a step, a flow, a journey) over time: its samples and its exact p95 per bucket. */
export interface Breakdown {
  name: string;
  count: number;
  p95: (number | null)[];
}

export interface Series {
  bucketMs: number;
  /** Epoch ms of x = 0: when the scenario started (the end of setup); null when no sample was seen. */
  startMs: number | null;
  /** Bucket midpoints, seconds since the scenario started. */
  x: number[];
  /** Per second, over each bucket. */
  requests: number[];
  iterations: number[];
  /** Planned iterations per second (the plan's arrival rate averaged over the bucket); null past the plan. */
  planned: (number | null)[];
  dropped: number[];
  /** Failed share of the bucket's requests (0–1); null without requests. */
  failed: (number | null)[];
  /** Latency of all requests (ms), exact per bucket; null without requests. */
  p50: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
  /** k6's vus and vus_max gauges: the highest value in the bucket, carried over buckets without a sample. */
  vus: (number | null)[];
  vusMax: (number | null)[];
  steps: Breakdown[];
  flows: Breakdown[];
  /** A mix's journeys (empty otherwise), with the iterations each completed. */
  journeys: (Breakdown & { iterations: number })[];
  /** Samples fed in, and what could not be placed: late (after their bucket was sealed: counted in rates, not percentiles), outside (beyond the last bucket), untimed. */
  samples: number;
  late: number;
  outside: number;
  untimed: number;
  /** The most latency values held at once (memory bound). */
  peakHeld: number;
}

type Tracks = Map<string, { track: OpenPercentiles; count: number }>;

interface Pending {
  metric: string;
  value: number;
  tags: Tags;
  t: number;
  source: number;
}

const SETUP = 'setup';
const TEARDOWN = 'teardown';
const isSetup = (tags: Tags) => tags.phase === SETUP || tags.group === '::setup';
const isTeardown = (tags: Tags) => tags.phase === TEARDOWN || tags.group === '::teardown';

/** Streams samples from one or more sources (a run's CSV, each shard's) into per-bucket series. */
export class SeriesBuilder {
  readonly bucketMs: number;
  private readonly lagMs: number;
  private readonly cap: number;
  private readonly maxSteps: number;
  private t0: number | null = null;
  private lastSetup = -Infinity;
  private minTime = Infinity;
  private pending: Pending[] = [];
  private sources: { max: number; done: boolean }[] = [];
  private lastBucket = -1;
  private sealCheck = 0;

  private requests: number[] = [];
  private iterations: number[] = [];
  private dropped: number[] = [];
  private failedSum: number[] = [];
  private failedCount: number[] = [];
  private vus: (number | null)[] = [];
  private vusMax: (number | null)[] = [];
  private latency = new OpenPercentiles([0.5, 0.95, 0.99]);
  private steps: Tracks = new Map();
  private flows: Tracks = new Map();
  private journeys: Tracks = new Map();
  private journeyIterations = new Map<string, number>();
  private samples = 0;
  private outside = 0;
  private untimed = 0;
  private peakHeld = 0;

  constructor(private readonly opts: SeriesOptions) {
    const rates = [opts.plan.startRate, ...opts.plan.phases.map((p) => p.target)].filter((r) => r > 0);
    this.bucketMs = opts.bucketMs ?? bucketWidthMs(planDurationMs(opts.plan), MAX_BUCKETS, rates.length ? Math.min(...rates) : Infinity);
    this.lagMs = opts.lagMs ?? LAG_MS;
    // Room past the plan for k6's graceful stop and teardown; whatever lies beyond is counted, not drawn.
    this.cap = Math.max(2 * MAX_BUCKETS, Math.ceil(planDurationMs(opts.plan) / this.bucketMs) + Math.ceil(120_000 / this.bucketMs));
    this.maxSteps = opts.maxSteps ?? 50;
    for (const [map, names] of [[this.steps, opts.steps], [this.flows, opts.flows], [this.journeys, opts.journeys]] as const) {
      for (const n of names ?? []) map.set(n, { track: new OpenPercentiles([0.95]), count: 0 });
    }
  }

  /** A source of samples (one CSV file): feed it with `add`, then call `end`. Sources may be read side by side. */
  source(): { add: (metric: string, value: number, tags: Tags, time: string) => void; end: () => void } {
    const id = this.sources.length;
    this.sources.push({ max: -Infinity, done: false });
    return {
      add: (metric, value, tags, time) => this.add(id, metric, value, tags, time),
      end: () => {
        this.sources[id]!.done = true;
        this.maybeSeal(true);
      },
    };
  }

  private add(source: number, metric: string, value: number, tags: Tags, time: string) {
    this.samples++;
    const t = timeMs(time);
    if (!Number.isFinite(t)) {
      this.untimed++;
      return;
    }
    const s = this.sources[source]!;
    if (t > s.max) s.max = t;
    if (this.t0 === null) {
      // The scenario starts when setup ends: its samples (the preflight, the journey's setup, the SLA
      // lines) come first. The first sample of an iteration fixes the start; until then samples wait.
      if (t < this.minTime) this.minTime = t;
      if (isSetup(tags)) {
        if (t > this.lastSetup) this.lastSetup = t;
        return;
      }
      this.pending.push({ metric, value, tags, t, source });
      const started = metric === 'iterations' || (tags.phase !== undefined && !isTeardown(tags));
      if (started || this.pending.length >= MAX_PENDING) this.start();
      return;
    }
    this.place(metric, value, tags, t);
    this.maybeSeal(false);
  }

  private start() {
    this.t0 = Number.isFinite(this.lastSetup) ? this.lastSetup : this.minTime;
    const pending = this.pending;
    this.pending = [];
    for (const p of pending) this.place(p.metric, p.value, p.tags, p.t);
  }

  private place(metric: string, value: number, tags: Tags, t: number) {
    const b = Math.floor((t - this.t0!) / this.bucketMs);
    if (b < 0) return; // before the scenario started: setup's own gauges
    if (b >= this.cap) {
      this.outside++;
      return;
    }
    if (isSetup(tags) || isTeardown(tags)) return; // setup and teardown are not load
    switch (metric) {
      case 'http_reqs':
        this.count(this.requests, b, value);
        return;
      case 'iterations':
        this.count(this.iterations, b, value);
        if (this.mix && tags.journey !== undefined) this.journeyIterations.set(tags.journey, (this.journeyIterations.get(tags.journey) ?? 0) + value);
        return;
      case 'dropped_iterations':
        this.count(this.dropped, b, value);
        return;
      case 'http_req_failed':
        this.count(this.failedSum, b, value);
        this.count(this.failedCount, b, 1);
        return;
      case 'vus':
        this.gauge(this.vus, b, value);
        return;
      case 'vus_max':
        this.gauge(this.vusMax, b, value);
        return;
      case 'http_req_duration': {
        this.touch(b);
        this.latency.add(b, value);
        const name = tags.name;
        if (name !== undefined) this.track(this.steps, name)?.track.add(b, value);
        if (this.mix && tags.journey !== undefined) this.track(this.journeys, tags.journey)?.track.add(b, value);
        return;
      }
      case 'flow_duration': {
        this.touch(b);
        const flow = tags.flow;
        if (flow !== undefined) this.track(this.flows, flow)?.track.add(b, value);
        return;
      }
    }
  }

  /** Journeys are tracked in a mix only: a run of one journey would hold every latency twice for nothing. */
  private get mix() {
    return (this.opts.journeys?.length ?? 0) > 0;
  }

  private track(map: Tracks, name: string) {
    let entry = map.get(name);
    if (!entry) {
      if (map.size >= this.maxSteps) return undefined;
      entry = { track: new OpenPercentiles([0.95]), count: 0 };
      // A step first seen late still has every bucket sealed before it: it had no samples there.
      entry.track.sealedBelow = this.latency.sealedBelow;
      map.set(name, entry);
    }
    entry.count++;
    return entry;
  }

  private touch(b: number) {
    if (b > this.lastBucket) this.lastBucket = b;
  }

  private count(arr: number[], b: number, v: number) {
    this.touch(b);
    arr[b] = (arr[b] ?? 0) + v;
  }

  private gauge(arr: (number | null)[], b: number, v: number) {
    this.touch(b);
    const cur = arr[b];
    if (cur === undefined || cur === null || v > cur) arr[b] = v;
  }

  private tracks() {
    return [this.latency, ...[...this.steps.values(), ...this.flows.values(), ...this.journeys.values()].map((e) => e.track)];
  }

  /** Seal the buckets every source has left behind by lagMs (or all, once every source ended). */
  private maybeSeal(force: boolean) {
    if (this.t0 === null) return;
    // Checked every few hundred samples: sealing looks at every open bucket.
    if (!force && ++this.sealCheck < 256) return;
    this.sealCheck = 0;
    const held = this.tracks().reduce((n, t) => n + t.held, 0);
    if (held > this.peakHeld) this.peakHeld = held;
    const live = this.sources.filter((s) => !s.done);
    if (live.length === 0) return;
    const watermark = Math.min(...live.map((s) => s.max)) - this.lagMs;
    const below = Math.floor((watermark - this.t0) / this.bucketMs);
    if (below > 0) for (const t of this.tracks()) t.seal(below);
  }

  finish(): Series {
    if (this.t0 === null && this.pending.length) this.start();
    const held = this.tracks().reduce((n, t) => n + t.held, 0);
    if (held > this.peakHeld) this.peakHeld = held;
    const planBuckets = Math.ceil(planDurationMs(this.opts.plan) / this.bucketMs);
    const n = this.t0 === null ? 0 : Math.min(this.cap, Math.max(this.lastBucket + 1, planBuckets));
    for (const t of this.tracks()) t.seal(n);
    const w = this.bucketMs;
    const perSecond = (arr: number[]) => Array.from({ length: n }, (_, i) => ((arr[i] ?? 0) * 1000) / w);
    const orNull = (arr: (number | null)[]) => Array.from({ length: n }, (_, i) => arr[i] ?? null);
    const planEnd = planDurationMs(this.opts.plan);
    const carried = (arr: (number | null)[]) => {
      // A gauge holds its value between samples (k6 writes vus once a second; buckets may be finer).
      const out = orNull(arr);
      let last: number | null = null;
      let lastSeen = -1;
      for (let i = 0; i < n; i++) if (out[i] !== null) lastSeen = i;
      for (let i = 0; i <= lastSeen; i++) out[i] === null ? (out[i] = last) : (last = out[i]!);
      return out;
    };
    const byOrder = (map: Tracks): Breakdown[] => [...map].map(([name, e]) => ({ name, count: e.count, p95: orNull(e.track.out[0]!) }));
    return {
      bucketMs: w,
      startMs: this.t0,
      x: Array.from({ length: n }, (_, i) => ((i + 0.5) * w) / 1000),
      requests: perSecond(this.requests),
      iterations: perSecond(this.iterations),
      planned: Array.from({ length: n }, (_, i) => (i * w >= planEnd ? null : (plannedIterations(this.opts.plan, i * w, (i + 1) * w) * 1000) / w)),
      dropped: perSecond(this.dropped),
      failed: Array.from({ length: n }, (_, i) => (this.failedCount[i] ? this.failedSum[i]! / this.failedCount[i]! : null)),
      p50: orNull(this.latency.out[0]!),
      p95: orNull(this.latency.out[1]!),
      p99: orNull(this.latency.out[2]!),
      vus: carried(this.vus),
      vusMax: carried(this.vusMax),
      steps: byOrder(this.steps),
      flows: byOrder(this.flows),
      journeys: byOrder(this.journeys).map((j) => ({ ...j, iterations: this.journeyIterations.get(j.name) ?? 0 })),
      samples: this.samples,
      late: this.tracks().reduce((s, t) => s + t.late, 0),
      outside: this.outside,
      untimed: this.untimed,
      peakHeld: this.peakHeld,
    };
  }
}
