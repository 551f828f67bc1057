// report.html: one self-contained page per run — the verdict and its story, the SLA table, charts over time
// with the plan's phases shaded and the SLA limits drawn, per-step and per-flow detail (and per journey in a
// workload mix), and the profile's derived measures drawn where they were taken. Offline by construction: uPlot's script and CSS are inlined
// at render time, a strict Content-Security-Policy forbids every fetch, and every text from the run (step
// names, the target) is escaped or handed to the page as JSON that scripts set as text, never as markup.
//   buildModel(input) → the page's data (what the tests check);  renderReport(input) → the HTML.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { formatDelta, formatMeasure as formatCompared, resultOf } from '../lib/verdict/compare';
import { formatObserved } from '../lib/verdict/verdict';
import { expressionOf } from '../lib/sla/thresholds';
import { parseExpression } from '../lib/sla/expression';
import type { RunSla, Tier } from '../lib/wire/run-sla';
import type { SummaryData } from '../lib/wire/summary';
import type { Verdict } from '../lib/wire/verdict';
import { mixOf, phaseSpans, planDurationMs, windowSpans, type Breakdown, type Series, type Span } from './series';
import { spokenDuration, storyOf } from '../lib/verdict/story';

/** Marks a report.html as ours (so writeReport never takes k6's dashboard export for one, nor overwrites it). */
export const REPORT_MARKER = '<meta name="generator" content="plimsoll report">';

export interface ReportInput {
  verdict: Verdict;
  sla: RunSla;
  /** k6's summary data (summary.json): the step, flow and phase tables, and the windows measures read. */
  summary?: SummaryData;
  /** Time series from the raw samples; absent when the run kept none (merged from InfluxDB). */
  series?: Series;
  /** Why there are no time-series charts, in a sentence. */
  noSeries?: string;
  k6Version?: string;
  /** Other pages of the run to link to (k6's web-dashboard export), relative to the report. */
  links?: { href: string; label: string }[];
  generatedAt?: Date;
}

// ---- the page's data model ----

export type Values = (number | null)[];
/** A horizontal line from `from` to `to` (x values; null: the chart's edge). */
export interface Segment {
  from: number | null;
  to: number | null;
  value: number;
}

export interface ChartSeries {
  label: string;
  color: string;
  /** data: measured; limit: an SLA limit line; measure: what a derived measure was computed on. */
  kind: 'data' | 'limit' | 'measure';
  /** Aligned with the chart's x … */
  values?: Values;
  /** … or horizontal segments, expanded over the chart's x in the page. */
  segments?: Segment[];
  scale?: 'y' | 'y2';
  dash?: number[];
  width?: number;
  points?: boolean;
  fill?: string;
}

export interface Marker {
  x: number;
  label: string;
  color: string;
  kind: 'recovery' | 'capacity';
}

export type AxisUnit = 'ms' | 'per_s' | 'pct' | 'count';
export interface Axis {
  label: string;
  unit: AxisUnit;
  log?: boolean;
  /** The axis reaches at least this high (a flat 0 % failure line still shows a 0–1 % axis). */
  minMax?: number;
}

export interface Chart {
  /** The element the chart renders into. */
  el: string;
  /** 'time': the run's shared time axis (model.time); else the chart's own x values. */
  x: 'time' | number[];
  xUnit: 'time' | 'per_s';
  xLabel: string;
  y: Axis;
  y2?: Axis;
  series: ChartSeries[];
  /** Shade the plan's phases behind the data. */
  phases: boolean;
  markers: Marker[];
  height: number;
  /** A small multiple (per step or flow): no room kept for a right-hand axis. */
  small?: boolean;
}

export interface Model {
  /** Seconds since the scenario started: bucket midpoints (or an even grid when there are no samples). */
  time: number[];
  bucketMs: number | null;
  /** The plan's phases on the time axis. */
  phases: Span[];
  charts: Chart[];
}

const COLORS = {
  requests: '#2563eb',
  iterations: '#16a34a',
  planned: '#6b7280',
  p50: '#60a5fa',
  p95: '#1d4ed8',
  p99: '#7c3aed',
  failed: '#dc2626',
  vus: '#ea580c',
  vusMax: '#fdba74',
  dropped: '#9f1239',
  limit: '#dc2626',
  critical: '#7f1d1d',
  stop: '#b45309',
  measure: '#0f766e',
  normal: '#15803d',
  journey: '#0e7490',
};

/** Compact numbers for the page's JSON: 4 significant digits. */
const round = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : +v.toPrecision(4));
const roundAll = (vs: readonly (number | null)[], scale = 1) => vs.map((v) => round(v === null ? null : v * scale));

// ---- SLA limits, as lines ----

const STAT_LABEL = (aggregate: string) => (aggregate === 'med' ? 'p50' : aggregate.replace(/^p\((\d+(?:\.\d+)?)\)$/, 'p$1'));

export interface Limit {
  metric: string;
  tags: Record<string, string>;
  aggregate: string;
  op: string;
  value: number;
  tier: Tier;
  expression: string;
}

/** A threshold's key (`http_req_duration{journey:buy,name:checkout}`) as its metric and selector tags; undefined if it is none. */
export function selectorOf(key: string): { metric: string; tags: Record<string, string> } | undefined {
  const m = /^([^{]+)(?:\{(.*)\})?$/.exec(key);
  if (!m) return undefined;
  const tags: Record<string, string> = {};
  for (const pair of m[2] ? m[2].split(',') : []) {
    const at = pair.indexOf(':');
    if (at > 0) tags[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return { metric: m[1]!, tags };
}

/** Every threshold of the SLA as a limit: metric, selector tags, aggregate, value, tier. */
export function limitsOf(sla: Pick<RunSla, 'thresholds' | 'tiers'>): Limit[] {
  const out: Limit[] = [];
  for (const [key, list] of Object.entries(sla.thresholds)) {
    const sel = selectorOf(key);
    if (!sel) continue;
    for (const t of list) {
      const expression = expressionOf(t);
      const e = parseExpression(expression);
      if (!e) continue;
      out.push({ ...sel, aggregate: e.aggregate, op: e.op, value: e.limit, tier: sla.tiers[`${key} ${expression}`] ?? 'degraded', expression });
    }
  }
  return out;
}

const tierWord = (tier: Tier) => (tier === 'critical' ? 'critical' : tier === 'break' ? 'stop at' : 'SLA');
const tierColor = (tier: Tier) => (tier === 'critical' ? COLORS.critical : tier === 'break' ? COLORS.stop : COLORS.limit);
const tierDash = (tier: Tier) => (tier === 'critical' ? [2, 4] : [8, 5]);
const sameKeys = (tags: Record<string, string>, allowed: string[]) => Object.keys(tags).every((k) => allowed.includes(k));

/** Latency limits (`<` or `<=` on a percentile, median or max) of `metric` matching `select`, as line series; a `phase` tag limits the line to that phase. */
function latencyLines(limits: Limit[], metric: string, select: (tags: Record<string, string>) => boolean, spans: Span[]): ChartSeries[] {
  return limits
    .filter((l) => l.metric === metric && (l.op === '<' || l.op === '<=') && /^(p\(|med$|max$|avg$)/.test(l.aggregate) && select(l.tags))
    .map((l) => lineOf(l, `${tierWord(l.tier)} ${STAT_LABEL(l.aggregate)} < ${fmtMs(l.value)}`, l.value, spans));
}

function lineOf(l: Limit, label: string, value: number, spans: Span[]): ChartSeries {
  const phase = l.tags.phase;
  const segments: Segment[] = phase
    ? spans.filter((s) => s.name === phase).map((s) => ({ from: s.start, to: s.end, value }))
    : [{ from: null, to: null, value }];
  return { label: phase ? `${label} (${phase})` : label, color: tierColor(l.tier), kind: 'limit', segments, dash: tierDash(l.tier), width: 1.5 };
}

// ---- formatting ----

export function fmtMs(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (v >= 10_000) return `${+(v / 1000).toFixed(1)} s`;
  return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v)} ms`;
}
const fmtPct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(v > 0 && v < 0.001 ? 3 : 2)} %`);
const fmtInt = (v: number | null | undefined) => (v === null || v === undefined ? '–' : Math.round(v).toLocaleString('en-US'));
const fmtRate = (v: number) => `${+v.toFixed(v < 10 ? 2 : 1)}/s`;
const clock = (s: number) => {
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
};

export const escapeHtml = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON for a <script type="application/json">: nothing in it can close the element or start markup. */
export const jsonForScript = (v: unknown) =>
  JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

// ---- summary lookups ----

type Values$ = Record<string, number>;
const valuesOf = (summary: SummaryData | undefined, key: string): Values$ | undefined => summary?.metrics[key]?.values;
const hasSamples = (v: Values$ | undefined): v is Values$ => !!v && (v.count === undefined || v.count > 0);

// ---- the model ----

/** A time grid for charts when there are no samples: 300 points over the plan. */
function planGrid(durationS: number): number[] {
  const n = 300;
  return Array.from({ length: n + 1 }, (_, i) => (durationS * i) / n);
}

/** Whether a latency chart reads better on a log axis: limit lines far above the data would flatten it. */
function wantsLog(series: ChartSeries[], x: number[]): boolean {
  let lo = Infinity;
  let hi = 0;
  for (const s of series) {
    const vals = s.values ?? (s.segments ?? []).map((g) => g.value);
    for (const v of vals) {
      if (v === null || !(v > 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return x.length > 0 && hi / lo > 30;
}

/** The small multiples: one p95 chart per step, flow and (in a mix) journey, each with its own latency limits. */
const SMALL_MULTIPLES = [
  { kind: 'step', metric: 'http_req_duration', tag: 'name', color: COLORS.p95, counted: 'requests', of: (s: Series): Breakdown[] => s.steps },
  { kind: 'flow', metric: 'flow_duration', tag: 'flow', color: COLORS.measure, counted: 'flows', of: (s: Series): Breakdown[] => s.flows },
  { kind: 'journey', metric: 'http_req_duration', tag: 'journey', color: COLORS.journey, counted: 'requests', of: (s: Series): Breakdown[] => s.journeys },
] as const;
type SmallKind = (typeof SMALL_MULTIPLES)[number]['kind'];
const smallChartId = (kind: SmallKind, i: number) => `chart-${kind}-${i}`;

export function buildModel(input: ReportInput): Model {
  const { verdict, sla, summary, series } = input;
  const spans = phaseSpans(sla.plan);
  const windows = windowSpans(sla.plan);
  const planS = planDurationMs(sla.plan) / 1000;
  const time = series ? series.x : planGrid(planS);
  const limits = limitsOf(sla);
  const charts: Chart[] = [];
  const global = (tags: Record<string, string>) => sameKeys(tags, ['phase']);

  const recovery = recoveryMarker(verdict, sla, spans);

  if (series) {
    const s = series;
    const minRate = limits.filter((l) => l.metric === 'http_reqs' && l.aggregate === 'rate' && (l.op === '>' || l.op === '>=') && global(l.tags));
    charts.push({
      el: 'chart-throughput',
      x: 'time',
      xUnit: 'time',
      xLabel: 'time',
      y: { label: 'per second', unit: 'per_s' },
      series: [
        { label: 'requests/s', color: COLORS.requests, kind: 'data', values: roundAll(s.requests), width: 2 },
        { label: 'iterations/s', color: COLORS.iterations, kind: 'data', values: roundAll(s.iterations), width: 1.5 },
        { label: 'planned iterations/s', color: COLORS.planned, kind: 'data', values: roundAll(s.planned), dash: [6, 4], width: 1.5 },
        ...minRate.map((l) => lineOf(l, `${tierWord(l.tier)} requests/s ≥ ${l.value} (run average)`, l.value, spans)),
      ],
      phases: true,
      markers: [],
      height: 260,
    });
    const latency: ChartSeries[] = [
      { label: 'p50', color: COLORS.p50, kind: 'data', values: roundAll(s.p50), width: 1.5 },
      { label: 'p95', color: COLORS.p95, kind: 'data', values: roundAll(s.p95), width: 2 },
      { label: 'p99', color: COLORS.p99, kind: 'data', values: roundAll(s.p99), width: 1.5 },
      ...latencyLines(limits, 'http_req_duration', global, spans),
    ];
    charts.push({
      el: 'chart-latency',
      x: 'time',
      xUnit: 'time',
      xLabel: 'time',
      y: { label: 'latency', unit: 'ms', log: wantsLog(latency, s.x) },
      series: latency,
      phases: true,
      markers: recovery ? [recovery] : [],
      height: 300,
    });
    const failLimits = limits.filter((l) => l.metric === 'http_req_failed' && l.aggregate === 'rate' && (l.op === '<' || l.op === '<=') && global(l.tags));
    charts.push({
      el: 'chart-failed',
      x: 'time',
      xUnit: 'time',
      xLabel: 'time',
      y: { label: 'failed requests', unit: 'pct', minMax: Math.max(1, ...failLimits.map((l) => l.value * 100 * 1.25)) },
      series: [
        { label: 'failed requests', color: COLORS.failed, kind: 'data', values: roundAll(s.failed, 100), width: 2, fill: 'rgba(220,38,38,0.08)' },
        ...failLimits.map((l) => lineOf(l, `${tierWord(l.tier)} failed < ${+(l.value * 100).toFixed(3)} %`, l.value * 100, spans)),
      ],
      phases: true,
      markers: [],
      height: 200,
    });
    charts.push({
      el: 'chart-vus',
      x: 'time',
      xUnit: 'time',
      xLabel: 'time',
      y: { label: 'VUs', unit: 'count', minMax: 1 },
      y2: { label: 'dropped/s', unit: 'per_s', minMax: 1 },
      series: [
        { label: 'active VUs', color: COLORS.vus, kind: 'data', values: roundAll(s.vus), width: 2 },
        { label: 'allocated VUs', color: COLORS.vusMax, kind: 'data', values: roundAll(s.vusMax), width: 1.5, dash: [4, 3] },
        { label: 'dropped iterations/s', color: COLORS.dropped, kind: 'data', values: roundAll(s.dropped), width: 1.5, scale: 'y2', fill: 'rgba(159,18,57,0.10)' },
      ],
      phases: true,
      markers: [],
      height: 200,
    });
    for (const m of SMALL_MULTIPLES) {
      for (const [i, one] of m.of(s).entries()) {
        const lines = latencyLines(limits, m.metric, (t) => t[m.tag] === one.name && sameKeys(t, [m.tag, 'phase']), spans);
        const ser: ChartSeries[] = [{ label: 'p95', color: m.color, kind: 'data', values: roundAll(one.p95), width: 1.5 }, ...lines];
        charts.push({ el: smallChartId(m.kind, i), x: 'time', xUnit: 'time', xLabel: 'time', y: { label: 'p95', unit: 'ms', log: wantsLog(ser, s.x) }, series: ser, phases: true, markers: [], height: 170, small: true });
      }
    }
  }

  // Derived measures, drawn from the same phase and window values they were computed on (summary.json).
  const p95 = (selector: string) => {
    const v = valuesOf(summary, `http_req_duration{${selector}}`);
    return hasSamples(v) ? v['p(95)'] : undefined;
  };
  for (const spec of sla.measures) {
    if (spec.kind === 'recovery' || spec.kind === 'degradation') {
      if (charts.some((c) => c.el === 'chart-spike')) continue;
      const deg = sla.measures.find((m) => m.kind === 'degradation');
      const rec = sla.measures.find((m) => m.kind === 'recovery');
      const out: ChartSeries[] = [];
      if (series) out.push({ label: 'p95 per bucket', color: '#93c5fd', kind: 'data', values: roundAll(series.p95), width: 1 });
      const phaseP95: Segment[] = [];
      for (const name of new Set([deg?.from, deg?.to, rec?.baseline].filter((n): n is string => !!n))) {
        const v = p95(`phase:${name}`);
        if (v !== undefined) for (const sp of spans.filter((x) => x.name === name)) phaseP95.push({ from: sp.start, to: sp.end, value: round(v)! });
      }
      const d = verdict.measures.find((m) => m.name === 'degradation');
      if (phaseP95.length) out.push({ label: `p95 per phase${d?.value != null ? ` (${deg?.to} ÷ ${deg?.from} = ${d.value.toFixed(2)}×)` : ''}`, color: COLORS.p95, kind: 'measure', segments: phaseP95, width: 2.5 });
      if (rec) {
        const win = windows.filter((w) => w.phase === rec.phase);
        const segs = win.flatMap((w) => {
          const v = p95(`window:${w.name}`);
          return v === undefined ? [] : [{ from: w.start, to: w.end, value: round(v)! }];
        });
        if (segs.length) out.push({ label: `p95 per ${rec.phase} window`, color: COLORS.measure, kind: 'measure', segments: segs, width: 2.5 });
        const base = p95(`phase:${rec.baseline}`);
        const recSpan = spans.find((x) => x.name === rec.phase);
        if (base !== undefined && recSpan) {
          out.push({
            label: `back to normal: ${rec.baseline} p95 × ${1 + rec.tolerance} = ${fmtMs(base * (1 + rec.tolerance))}`,
            color: COLORS.normal,
            kind: 'measure',
            segments: [{ from: recSpan.start, to: recSpan.end, value: round(base * (1 + rec.tolerance))! }],
            dash: [3, 3],
            width: 1.5,
          });
        }
      }
      out.push(...latencyLines(limits, 'http_req_duration', global, spans));
      if (out.length) {
        const x = series ? series.x : time;
        charts.push({ el: 'chart-spike', x: series ? 'time' : time, xUnit: 'time', xLabel: 'time', y: { label: 'p95', unit: 'ms', log: wantsLog(out, x) }, series: out, phases: true, markers: recovery ? [recovery] : [], height: 280 });
      }
    } else if (spec.kind === 'drift') {
      const win = windows.filter((w) => w.phase === spec.phase);
      const segs = (stat: (sel: string) => number | undefined) =>
        win.flatMap((w) => {
          const v = stat(`window:${w.name}`);
          return v === undefined ? [] : [{ from: w.start, to: w.end, value: round(v)! }];
        });
      const failed = (sel: string) => {
        const v = valuesOf(summary, `http_req_failed{${sel}}`);
        return v && v.rate !== undefined ? v.rate * 100 : undefined;
      };
      const out: ChartSeries[] = [];
      if (series) out.push({ label: 'p95 per bucket', color: '#93c5fd', kind: 'data', values: roundAll(series.p95), width: 1 });
      const p95s = segs(p95);
      if (p95s.length) out.push({ label: `p95 per ${spec.phase} window`, color: COLORS.measure, kind: 'measure', segments: p95s, width: 2.5 });
      const first = win[0] && p95(`window:${win[0].name}`);
      const limit = sla.derived.drift;
      if (first !== undefined && limit !== undefined) {
        out.push({ label: `drift limit: first window × ${limit} = ${fmtMs(first * limit)}`, color: COLORS.limit, kind: 'limit', segments: [{ from: null, to: null, value: round(first * limit)! }], dash: [8, 5], width: 1.5 });
      } else if (first !== undefined) {
        out.push({ label: `first window p95 ${fmtMs(first)}`, color: COLORS.planned, kind: 'measure', segments: [{ from: null, to: null, value: round(first)! }], dash: [3, 3], width: 1 });
      }
      const fails = segs(failed);
      if (fails.length) out.push({ label: `failed per ${spec.phase} window`, color: COLORS.failed, kind: 'measure', segments: fails, width: 1.5, scale: 'y2' });
      if (out.length) {
        const x = series ? series.x : time;
        charts.push({ el: 'chart-drift', x: series ? 'time' : time, xUnit: 'time', xLabel: 'time', y: { label: 'p95', unit: 'ms', log: wantsLog(out.filter((o) => o.scale !== 'y2'), x) }, y2: { label: 'failed', unit: 'pct', minMax: 1 }, series: out, phases: true, markers: [], height: 260 });
      }
    } else if (spec.kind === 'capacity') {
      // The plimsoll line, drawn: each window's p95 against the rate it reached, the SLA's latency limits, and the capacity.
      const win = windows.filter((w) => w.phase === spec.phase);
      const points = win.flatMap((w) => {
        const v = valuesOf(summary, `http_req_duration{window:${w.name}}`);
        const f = valuesOf(summary, `http_req_failed{window:${w.name}}`);
        return hasSamples(v) ? [{ rate: w.rateAtEnd, p95: v['p(95)'] ?? null, failed: f?.rate !== undefined ? f.rate * 100 : null }] : [];
      });
      points.sort((a, b) => a.rate - b.rate);
      const x = points.map((p) => round(p.rate)!);
      if (x.length) {
        const out: ChartSeries[] = [
          { label: 'window p95', color: COLORS.p95, kind: 'measure', values: points.map((p) => round(p.p95)), width: 2, points: true },
          ...latencyLines(limits, 'http_req_duration', (t) => Object.keys(t).length === 0, []),
          { label: 'window failed', color: COLORS.failed, kind: 'measure', values: points.map((p) => round(p.failed)), width: 1.5, scale: 'y2', points: true },
        ];
        const c = verdict.measures.find((m) => m.name === 'capacity');
        const markers: Marker[] = c && c.value !== null ? [{ x: c.value, label: c.value > 0 ? `capacity ${+c.value.toFixed(2)}/s — the plimsoll line` : 'no window met the SLA', color: COLORS.limit, kind: 'capacity' }] : [];
        charts.push({ el: 'chart-capacity', x, xUnit: 'per_s', xLabel: 'arrival rate (iterations/s)', y: { label: 'p95', unit: 'ms', log: wantsLog(out.filter((o) => o.scale !== 'y2'), x) }, y2: { label: 'failed', unit: 'pct', minMax: 1 }, series: out, phases: false, markers, height: 300 });
      }
    }
  }
  return { time: series ? series.x : time, bucketMs: series?.bucketMs ?? null, phases: spans, charts };
}

/** Where the recovery was measured: the start of the recovery phase + the recovery time (verdict.json). */
export function recoveryMarker(verdict: Pick<Verdict, 'measures'>, sla: Pick<RunSla, 'measures' | 'plan'>, spans = phaseSpans(sla.plan)): Marker | undefined {
  const spec = sla.measures.find((m) => m.kind === 'recovery');
  const m = verdict.measures.find((x) => x.name === 'recovery');
  if (!spec || spec.kind !== 'recovery' || !m) return undefined;
  const span = spans.find((s) => s.name === spec.phase);
  if (!span) return undefined;
  // verdict.json writes "never" (Infinity) as null.
  if (m.value === null || m.value === Infinity) return { x: span.end, label: `not recovered by the end of ${spec.phase}`, color: COLORS.limit, kind: 'recovery' };
  return { x: span.start + m.value / 1000, label: m.value === 0 ? 'recovered at once' : `recovered after ${spokenDuration(m.value)}`, color: COLORS.normal, kind: 'recovery' };
}

// ---- the page ----

function uplotAssets(): { js: string; css: string } {
  const require = createRequire(import.meta.url);
  const js = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  if (/<\/script/i.test(js) || /<\/style/i.test(css)) throw new Error('uPlot cannot be inlined: it contains a closing script or style tag');
  return { js, css };
}

const CLIENT = () => readFileSync(new URL('./client.js', import.meta.url), 'utf8');

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

// Collects every error of the page into the DOM, so a headless browser's dumped DOM shows them (and a person too).
const ERROR_TRAP = `(function(){var q=[];function put(m){var e=document.getElementById('plimsoll-errors');if(!e){q.push(m);return;}
while(q.length){add(e,q.shift());}add(e,m);}function add(e,m){e.hidden=false;var li=document.createElement('li');li.textContent=String(m);e.appendChild(li);
document.documentElement.setAttribute('data-errors',String(e.children.length));}
window.__plimsollError=put;window.addEventListener('error',function(ev){put('error: '+(ev.message||ev.type)+(ev.filename?' ('+ev.filename+':'+ev.lineno+')':''));},true);
window.addEventListener('unhandledrejection',function(ev){put('unhandled rejection: '+ev.reason);});
document.addEventListener('securitypolicyviolation',function(ev){put('blocked by CSP: '+ev.violatedDirective+' '+ev.blockedURI);});
var ce=console.error;console.error=function(){put('console.error: '+Array.prototype.join.call(arguments,' '));return ce.apply(console,arguments);};
document.addEventListener('DOMContentLoaded',function(){var e=document.getElementById('plimsoll-errors');if(e)while(q.length)add(e,q.shift());});})();`;

const STYLE = `
:root{--bg:#f4f5f7;--card:#fff;--ink:#1b2230;--muted:#5b6474;--line:#e3e6eb;--pass:#15803d;--pass-bg:#e8f5ec;--fail:#b91c1c;--fail-bg:#fdecec;--warn:#b45309;--warn-bg:#fff4e0}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:1200px;margin:0 auto;padding:24px 20px 48px}
header.top{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:22px 24px;display:grid;grid-template-columns:auto 1fr;gap:8px 24px;align-items:start}
.badge{border-radius:10px;padding:14px 18px;text-align:center;min-width:140px;border:1px solid}
.badge b{display:block;font-size:30px;letter-spacing:.04em;line-height:1.1}
.badge span{display:block;font-size:13px;margin-top:4px}
.badge.pass{background:var(--pass-bg);color:var(--pass);border-color:#b7dfc3}
.badge.fail{background:var(--fail-bg);color:var(--fail);border-color:#f3c1c1}
h1{font-size:20px;margin:0 0 4px;font-weight:650}
h1 small{font-weight:400;color:var(--muted);font-size:15px}
.story{font-size:17px;margin:6px 0 0;line-height:1.45}
dl.meta{grid-column:1/-1;display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px 18px;margin:14px 0 0;padding-top:14px;border-top:1px solid var(--line)}
dl.meta div{min-width:0}
dl.meta dt{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
dl.meta dd{margin:0;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.notice{margin:12px 0 0;padding:10px 14px;border-radius:8px;background:var(--warn-bg);color:#7c3e06;border:1px solid #f5d9a8;grid-column:1/-1}
.notice.info{background:#eef4ff;color:#1e3a8a;border-color:#c9d9fb}
section{margin-top:22px}
h2{font-size:17px;margin:0 0 10px;font-weight:650}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px 18px;margin-bottom:14px}
.card h3{font-size:15px;margin:0;font-weight:600}
.card p.note{margin:2px 0 8px;color:var(--muted);font-size:13px}
table.t{width:100%;border-collapse:collapse;font-size:14px}
.t th{text-align:left;font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em;padding:6px 10px;border-bottom:1px solid var(--line)}
.t td{padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
.t tr:last-child td{border-bottom:0}
.t td.num,.t th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.t td code{font-size:13px;background:#f1f3f6;padding:1px 5px;border-radius:4px}
.held{color:var(--pass);font-weight:600}
.crossed{color:var(--fail);font-weight:700}
.t tr.bad td{background:#fff6f6}
.t tr.bad td:first-child{box-shadow:inset 3px 0 var(--fail)}
.muted{color:var(--muted)}
.tier{font-size:12px;padding:1px 7px;border-radius:9px;background:#eef0f3;color:#3b4350;white-space:nowrap}
.tier.critical{background:#fde2e2;color:#7f1d1d}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:14px}
.grid .card{margin:0}
.chart{width:100%;min-height:40px}
.uplot .u-legend{font-size:12px;text-align:left;margin:4px 0 0}
.uplot .u-legend .u-series>*{padding:1px 4px}
.measures{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px;margin-bottom:14px}
.measure{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:12px 16px}
.measure b{display:block;font-size:24px;font-variant-numeric:tabular-nums}
.measure span{color:var(--muted);font-size:13px}
.measure.bad{border-color:#f3c1c1;background:var(--fail-bg)}
#plimsoll-errors{background:var(--fail-bg);color:var(--fail);border:1px solid #f3c1c1;border-radius:8px;padding:10px 28px;margin:0 0 14px}
footer{margin-top:28px;color:var(--muted);font-size:13px}
footer a,header a{color:#1d4ed8}
@media (max-width:700px){header.top{grid-template-columns:1fr}}
`;

function verdictBadge(v: Verdict): string {
  const pass = v.passed;
  let sub: string;
  if (v.interrupted) sub = `interrupted (${escapeHtml(v.interrupted)})`;
  else if (v.iterations === 0) sub = 'no iteration ran';
  else if (pass) sub = 'healthy: every limit held';
  else if (v.slaPassed && (v.regressions ?? []).some((r) => !r.ok)) sub = 'regressed against baseline';
  else sub = v.health === 'critical' ? 'critical: a critical limit crossed' : 'degraded: a limit crossed';
  return `<div class="badge ${pass ? 'pass' : 'fail'}" id="verdict"><b>${pass ? 'PASS' : 'FAIL'}</b><span>${sub}</span></div>`;
}

const limitText = (row: { expression: string; unit: string }) => escapeHtml(row.expression);

function slaTable(v: Verdict): string {
  if (!v.rows.length) return '<p class="muted">This run had no SLA limits.</p>';
  const rows = v.rows.map((r) => {
    const gate = r.tier !== 'break';
    const result = r.ok ? '<span class="held">held</span>' : gate ? '<span class="crossed">crossed</span>' : '<span class="muted">crossed (stop criterion)</span>';
    return `<tr class="${!r.ok && gate ? 'bad' : ''}"><td><code>${escapeHtml(r.metric)}</code></td><td class="num"><code>${limitText(r)}</code></td><td class="num">${escapeHtml(formatObserved(r))}</td><td>${result}</td><td><span class="tier ${escapeHtml(r.tier)}">${escapeHtml(r.tier === 'break' ? 'stop' : r.tier)}</span></td></tr>`;
  });
  return `<table class="t" id="sla-table"><thead><tr><th>metric</th><th class="num">limit</th><th class="num">observed</th><th>result</th><th>tier</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function baselineTable(v: Verdict): string {
  const rows = v.regressions;
  if (!rows?.length) return '';
  const tol = v.baseline?.tolerance;
  const body = rows.map(
    (r) =>
      `<tr class="${r.ok ? '' : 'bad'}"><td>${escapeHtml(r.scope === 'all' ? 'all requests' : r.scope)}</td><td>${escapeHtml(r.measure)}</td><td class="num">${escapeHtml(formatCompared(r.measure, r.baseline))}</td><td class="num">${escapeHtml(formatCompared(r.measure, r.current))}</td><td class="num">${escapeHtml(formatDelta(r))}</td><td class="num">${escapeHtml(r.limit)}</td><td>${r.ok ? `<span class="held">${escapeHtml(resultOf(r))}</span>` : `<span class="crossed">${escapeHtml(resultOf(r))}</span>`}</td></tr>`,
  );
  const note = v.baseline ? `Compared with <code>${escapeHtml(v.baseline.file)}</code>${tol ? `: p95/p99 may worsen by ${+(tol.latency * 100).toFixed(2)} % (at least ${tol.floorMs} ms), the failed share by ${+(tol.failRate * 100).toFixed(2)} points` : ''}.` : '';
  return `<section id="baseline"><h2>Against the baseline</h2><div class="card"><p class="note">${note}</p><table class="t" id="baseline-table"><thead><tr><th>scope</th><th>measure</th><th class="num">baseline</th><th class="num">this run</th><th class="num">change</th><th class="num">allowed</th><th>result</th></tr></thead><tbody>${body.join('')}</tbody></table></div></section>`;
}

const HTTP_METRICS = new Set(['http_req_duration', 'http_req_failed']);

/** The verdict's rows on one value of a tag — any metric, any further tags (a journey's step limits) — and how each reads there. */
function slaRowsOn(verdict: Verdict, tag: string, value: string): { ok: boolean; text: string }[] {
  return verdict.rows.flatMap((r) => {
    const sel = selectorOf(r.metric);
    if (sel?.tags[tag] !== value) return [];
    // The latency and failure rows read by their expression alone (p(95)<300, rate<0.01); others name their metric.
    const what = [...(HTTP_METRICS.has(sel.metric) ? [] : [sel.metric]), ...Object.entries(sel.tags).filter(([k]) => k !== tag).map(([k, v]) => `${k}:${v}`)];
    return [{ ok: r.ok, text: [...what, r.expression].join(' ') }];
  });
}

const slaCell = (rows: { ok: boolean; text: string }[]) =>
  rows.length ? rows.map((r) => `<code>${escapeHtml(r.text)}</code> ${r.ok ? '<span class="held">held</span>' : '<span class="crossed">crossed</span>'}`).join('<br>') : '<span class="muted">–</span>';

/**
 * Requests, failures, latency per tag value (steps, journeys, phases), with the SLA rows on each value and a
 * step's baseline delta; `iterations` adds a column (a journey's, counted from the raw samples).
 */
function trafficTable(id: string, title: string, tag: 'name' | 'phase' | 'journey', names: readonly string[], input: ReportInput, spans: Span[], iterations?: (name: string) => number | undefined): string {
  const { summary, verdict } = input;
  const rows = names.map((n) => {
    const d = valuesOf(summary, `http_req_duration{${tag}:${n}}`);
    const f = valuesOf(summary, `http_req_failed{${tag}:${n}}`);
    const slaRows = slaRowsOn(verdict, tag, n);
    const sla = slaCell(slaRows);
    const delta = tag === 'name' ? (verdict.regressions ?? []).find((r) => r.scope === n && r.measure === 'p95') : undefined;
    const deltaCell = input.verdict.regressions ? `<td class="num">${delta ? escapeHtml(formatDelta(delta)) : '–'}</td>` : '';
    const where = tag === 'phase' ? spans.filter((s) => s.name === n).map((s) => `${clock(s.start)}–${clock(s.end)}`).join(', ') : '';
    const label = `${escapeHtml(n)}${where ? ` <span class="muted">${where}</span>` : ''}`;
    const bad = slaRows.some((r) => !r.ok);
    const iterationsCell = iterations ? `<td class="num">${fmtInt(iterations(n))}</td>` : '';
    if (!hasSamples(d)) return `<tr><td>${label}</td><td class="num muted" colspan="${iterations ? 8 : 7}">not run</td><td>${sla}</td>${deltaCell}</tr>`;
    return `<tr class="${bad ? 'bad' : ''}"><td>${label}</td>${iterationsCell}<td class="num">${fmtInt(d.count)}</td><td class="num">${fmtPct(f?.rate)}</td><td class="num">${fmtMs(d['p(50)'] ?? d.med)}</td><td class="num">${fmtMs(d['p(90)'])}</td><td class="num">${fmtMs(d['p(95)'])}</td><td class="num">${fmtMs(d['p(99)'])}</td><td class="num">${fmtMs(d.max)}</td><td>${sla}</td>${deltaCell}</tr>`;
  });
  const deltaHead = input.verdict.regressions ? '<th class="num">p95 vs baseline</th>' : '';
  const iterationsHead = iterations ? '<th class="num">iterations</th>' : '';
  return `<table class="t" id="${id}"><thead><tr><th>${escapeHtml(title)}</th>${iterationsHead}<th class="num">requests</th><th class="num">failed</th><th class="num">p50</th><th class="num">p90</th><th class="num">p95</th><th class="num">p99</th><th class="num">max</th><th>SLA</th>${deltaHead}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function flowTable(flows: readonly string[], input: ReportInput): string {
  const rows = flows.map((n) => {
    const d = valuesOf(input.summary, `flow_duration{flow:${n}}`);
    const slaRows = slaRowsOn(input.verdict, 'flow', n);
    const sla = slaCell(slaRows);
    if (!hasSamples(d)) return `<tr><td>${escapeHtml(n)}</td><td class="num muted" colspan="6">not run</td><td>${sla}</td></tr>`;
    return `<tr class="${slaRows.some((r) => !r.ok) ? 'bad' : ''}"><td>${escapeHtml(n)}</td><td class="num">${fmtInt(d.count)}</td><td class="num">${fmtMs(d['p(50)'] ?? d.med)}</td><td class="num">${fmtMs(d['p(90)'])}</td><td class="num">${fmtMs(d['p(95)'])}</td><td class="num">${fmtMs(d['p(99)'])}</td><td class="num">${fmtMs(d.max)}</td><td>${sla}</td></tr>`;
  });
  return `<table class="t" id="flow-table"><thead><tr><th>flow</th><th class="num">count</th><th class="num">p50</th><th class="num">p90</th><th class="num">p95</th><th class="num">p99</th><th class="num">max</th><th>SLA</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function ownMetricsTable(input: ReportInput): string {
  const own = Object.entries(input.sla.scope.metrics ?? {});
  if (!own.length) return '';
  const rows = own.map(([name, type]) => {
    const m = input.summary?.metrics[name];
    const v = m?.values;
    const n = (x: number | undefined) => (x === undefined ? '–' : m?.contains === 'time' ? fmtMs(x) : (Math.round(x * 100) / 100).toLocaleString('en-US'));
    let text = 'no samples';
    if (v) {
      if (m!.type === 'trend') text = `count ${fmtInt(v.count)} · avg ${n(v.avg)} · p95 ${n(v['p(95)'])} · max ${n(v.max)}`;
      else if (m!.type === 'counter') text = `count ${n(v.count)} · ${fmtRate(v.rate ?? 0)}`;
      else if (m!.type === 'rate') text = `${fmtPct(v.rate)} of ${fmtInt((v.passes ?? 0) + (v.fails ?? 0))}`;
      else text = `value ${n(v.value)} · min ${n(v.min)} · max ${n(v.max)}`;
    }
    return `<tr><td>${escapeHtml(name)}</td><td class="muted">${escapeHtml(type)}</td><td>${escapeHtml(text)}</td></tr>`;
  });
  return `<div class="card"><h3>The journey's own metrics</h3><table class="t" id="metrics-table"><thead><tr><th>metric</th><th>type</th><th>value</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function measureCards(input: ReportInput): string {
  const { verdict, sla } = input;
  if (!verdict.measures.length) return '';
  const limitOf: Record<string, { key: keyof RunSla['derived']; dir: '≤' | '≥' }> = {
    degradation: { key: 'degradation', dir: '≤' },
    recovery: { key: 'recoveryMs', dir: '≤' },
    drift: { key: 'drift', dir: '≤' },
    errorDrift: { key: 'errorDrift', dir: '≤' },
    capacity: { key: 'capacity', dir: '≥' },
  };
  const words: Record<string, string> = {
    degradation: 'p95 at the peak ÷ p95 at warm-up',
    recovery: 'from the start of recovery until p95 stayed back near warm-up',
    drift: 'p95 of the last window ÷ the first',
    errorDrift: 'failed share, last window − first',
    capacity: 'highest rate whose window kept every global SLA limit',
  };
  const cards = verdict.measures.map((m) => {
    const l = limitOf[m.name];
    const limit = l ? sla.derived[l.key] : undefined;
    const row = verdict.rows.find((r) => r.metric === m.name);
    const value = m.name === 'recovery' && m.value !== null ? (m.value === 0 ? 'at once' : spokenDuration(m.value)) : formatObserved({ observed: m.value, unit: m.unit });
    const shown = m.name === 'recovery' && m.value === null ? 'never / not measured' : value;
    const lim = limit !== undefined ? ` · limit ${l!.dir} ${escapeHtml(m.name === 'recovery' ? spokenDuration(limit) : formatObserved({ observed: limit, unit: m.unit }))}` : '';
    return `<div class="measure${row && !row.ok ? ' bad' : ''}" data-measure="${escapeHtml(m.name)}"><span>${escapeHtml(m.name)}</span><b>${escapeHtml(shown)}</b><span>${escapeHtml(words[m.name] ?? '')}${lim}</span></div>`;
  });
  return `<div class="measures">${cards.join('')}</div>`;
}

const chartCard = (el: string, title: string, note: string) =>
  `<div class="card"><h3>${escapeHtml(title)}</h3>${note ? `<p class="note">${note}</p>` : ''}<div class="chart" id="${escapeHtml(el)}"></div></div>`;

export function renderReport(input: ReportInput): string {
  const { verdict, sla, summary, series } = input;
  const model = buildModel(input);
  const has = (el: string) => model.charts.some((c) => c.el === el);
  const metric = (key: string, stat: string) => summary?.metrics[key]?.values[stat];
  const durationMs = summary?.state.testRunDurationMs;
  const title = verdict.scenario !== verdict.profile ? `${verdict.scenario} (${verdict.profile})` : verdict.profile;
  const started = series?.startMs ? new Date(series.startMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : undefined;
  const meta: [string, string | undefined][] = [
    ['scenario', verdict.scenario],
    ['profile', verdict.profile],
    ['journey', verdict.journey],
    ['target', verdict.target],
    ['testid', verdict.testid],
    ['started', started],
    ['duration', durationMs !== undefined ? `${spokenDuration(durationMs)} (planned ${spokenDuration(planDurationMs(sla.plan))})` : undefined],
    ['iterations', fmtInt(verdict.iterations)],
    ['requests', metric('http_reqs', 'count') !== undefined ? `${fmtInt(metric('http_reqs', 'count'))} (${fmtRate(metric('http_reqs', 'rate') ?? 0)})` : undefined],
    ['dropped iterations', fmtInt(metric('dropped_iterations', 'count') ?? 0)],
    ['k6', input.k6Version],
  ];
  const notices: { html: string; info?: boolean }[] = [];
  if (verdict.interrupted) notices.push({ html: `The run was interrupted (${escapeHtml(verdict.interrupted)}): it measured only part of its plan and never passes.` });
  if (verdict.stream && verdict.stream.lost) notices.push({ html: `InfluxDB holds ${fmtInt(verdict.stream.stored)} of ${fmtInt(verdict.stream.expected)} request samples of this run (${fmtInt(verdict.stream.lost)} lost in the stream); this report and the verdict count them all.` });
  if (verdict.mergedFrom) {
    const m = verdict.mergedFrom as Record<string, unknown>;
    const what = typeof m.shards === 'number' ? `${m.shards} shards` : typeof m.influxdb === 'string' ? `InfluxDB (${m.influxdb})` : 'several sources';
    notices.push({ html: `One verdict over all samples of ${escapeHtml(what)}${typeof m.samples === 'number' ? `: ${fmtInt(m.samples)} samples` : ''}.`, info: true });
  }
  if (!series) notices.push({ html: `No charts over time: ${escapeHtml(input.noSeries ?? 'this run kept no raw samples')}. The tables and measures below come from summary.json and verdict.json.`, info: true });
  else if (series.late || series.outside) {
    notices.push({ html: `${fmtInt(series.late)} latency samples arrived after their bucket was closed and ${fmtInt(series.outside)} lay beyond the last bucket: they count in the totals, not in the charts' percentiles.` });
  }
  const story = storyOf(verdict, sla, summary);
  const steps = [...new Set([...sla.scope.steps, ...(series?.steps.map((s) => s.name) ?? [])])];
  const flows = [...new Set([...(sla.scope.flows ?? []), ...(series?.flows.map((f) => f.name) ?? [])])];
  const bucket = series ? `Each point is a ${spokenDuration(series.bucketMs)} bucket` : '';
  const phaseNote = `shaded: the plan's phases (${model.phases.map((p) => escapeHtml(p.name)).join(', ')})`;

  const overTime = series
    ? [
        chartCard('chart-throughput', 'Throughput', `Requests and iterations per second achieved, against the plan's arrival rate (iterations/s). ${bucket}; ${phaseNote}.`),
        chartCard('chart-latency', 'Latency', `p50, p95 and p99 of all requests per bucket (exact), with the SLA's latency limits on all requests as dashed lines (a phase's limit over its phase)${model.charts.find((c) => c.el === 'chart-latency')?.y.log ? '; logarithmic axis, so the limits and the data both show' : ''}${model.charts.find((c) => c.el === 'chart-latency')?.markers.length ? '; the green marker is where the recovery measure found p95 back to normal' : ''}.`),
        chartCard('chart-failed', 'Failed requests', "Share of requests k6 counted as failed (http_req_failed), with the SLA's failure limit."),
        chartCard('chart-vus', 'Virtual users and dropped iterations', 'Active and allocated VUs (k6’s vus and vus_max); dropped iterations mean the VU pool could not keep the planned rate.'),
      ].join('')
    : '';

  const measuresSection = verdict.measures.length
    ? `<section id="measures"><h2>Derived measures</h2>${measureCards(input)}${has('chart-spike') ? chartCard('chart-spike', 'Degradation and recovery', 'p95 per phase (what degradation divides) and per recovery window (what recovery reads), against the line that counts as back to normal. The marker is the measured recovery time.') : ''}${has('chart-drift') ? chartCard('chart-drift', 'Drift per window', 'p95 and failed share per soak window: drift is the last window ÷ the first.') : ''}${has('chart-capacity') ? chartCard('chart-capacity', 'Rate against p95 — the plimsoll line, drawn', 'Each window’s p95 at the arrival rate it reached, the SLA’s latency limits, and the capacity: the highest rate whose window kept every global limit.') : ''}</section>`
    : '';

  /** The small multiples of these kinds, one card each, in one grid (the charts buildModel made from the same table). */
  const smallCharts = (id: string, kinds: readonly SmallKind[]) => {
    if (!series) return '';
    const cards = SMALL_MULTIPLES.filter((m) => kinds.includes(m.kind)).flatMap((m) => m.of(series).map((one, i) => chartCard(smallChartId(m.kind, i), `${m.kind} ${one.name}`, `p95 per bucket · ${fmtInt(one.count)} ${m.counted}`)));
    return `<div class="grid" id="${id}">${cards.join('')}</div>`;
  };
  // A mix: each journey on its own (one journey is the whole run: its numbers are the ones above).
  const journeys = mixOf(sla.scope);
  const journeyIterations = new Map(series?.journeys.map((j) => [j.name, j.iterations]));
  const journeysSection = journeys.length
    ? `<section id="journeys"><h2>Journeys</h2>
<div class="card"><p class="note">The workload mix, journey by journey${series ? ' (iterations counted from the raw samples)' : ''}.</p>${trafficTable('journey-table', 'journey', 'journey', [...new Set([...journeys, ...journeyIterations.keys()])], input, model.phases, (n) => journeyIterations.get(n))}</div>
${smallCharts('journey-charts', ['journey'])}
</section>`
    : '';

  const links = (input.links ?? []).map((l) => `<a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>`);
  const { js, css } = uplotAssets();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${REPORT_MARKER}
<title>${escapeHtml(`${verdict.passed ? 'PASS' : 'FAIL'} · ${title} · plimsoll`)}</title>
<script>${ERROR_TRAP}</script>
<style>${css}</style>
<style>${STYLE}</style>
</head>
<body>
<div class="wrap">
<ol id="plimsoll-errors" hidden></ol>
<header class="top">
${verdictBadge(verdict)}
<div><h1>plimsoll · ${escapeHtml(title)} <small>→ ${escapeHtml(verdict.target)}</small></h1><p class="story" id="story">${escapeHtml(story)}</p></div>
<dl class="meta">${meta
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`)
    .join('')}</dl>
${notices.map((n) => `<p class="notice${n.info ? ' info' : ''}">${n.html}</p>`).join('\n')}
</header>
<section id="sla"><h2>SLA</h2><div class="card">${slaTable(verdict)}</div></section>
${baselineTable(verdict)}
${overTime ? `<section id="over-time"><h2>Over time</h2>${overTime}</section>` : ''}
${journeysSection}
${measuresSection}
<section id="steps"><h2>Steps${flows.length ? ' and flows' : ''}</h2>
<div class="card">${trafficTable('step-table', 'step', 'name', steps, input, model.phases)}</div>
${flows.length ? `<div class="card">${flowTable(flows, input)}</div>` : ''}
${smallCharts('step-charts', ['step', 'flow'])}
</section>
<section id="phases"><h2>Phases</h2><div class="card">${trafficTable('phase-table', 'phase', 'phase', sla.scope.phases, input, model.phases)}</div>${ownMetricsTable(input)}</section>
<footer>${links.length ? `k6's own view: ${links.join(' · ')} · ` : ''}files: <a href="verdict.json">verdict.json</a> · <a href="summary.json">summary.json</a> · <a href="sla.json">sla.json</a><br>
${series ? `${fmtInt(series.samples)} samples in ${fmtInt(series.x.length)} buckets of ${escapeHtml(spokenDuration(series.bucketMs))}; ` : ''}generated by plimsoll${input.generatedAt ? ` on ${escapeHtml(input.generatedAt.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}` : ''}; charts by uPlot 1.6.32 (MIT).</footer>
</div>
<script type="application/json" id="plimsoll-data">${jsonForScript(model)}</script>
<script>${js}</script>
<script>${CLIENT()}</script>
</body>
</html>
`;
}
