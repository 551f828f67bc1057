// k6's raw samples, however they are stored — plimsoll's own output, k6's CSV output (gzipped or not), or InfluxDB — streamed into
// summary data shaped like k6's handleSummary's: counters summed, rates over all samples, trend stats over the
// union (k6's own percentile). Shared by the one verdict over several processes (merge.ts) and the report.
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { K6_METRICS, type K6Metric } from '../lib/sla/metrics';
import type { SummaryData } from '../lib/wire/summary';
import { bad } from '../run/results-dir';
import { csvFields } from '../lib/data/csv';
import { readBinarySamples } from './binary-samples';

/**
 * Every run's raw samples, next to its summary.json and sla.json (each shard's in its own folder), by the
 * output that wrote them: plimsoll's own (samples-output/, linked into the k6 install/k6.sh builds), or —
 * with a k6 that lacks it — k6's CSV output, gzipped by k6, with nanosecond timestamps (measured: ~80 µs
 * of k6 CPU per request, the other ~1; bench/README.md).
 */
export const SAMPLES_FILES = { 'plimsoll-samples': 'samples.bin.gz', csv: 'samples.csv.gz' } as const;
export type SamplesOutput = keyof typeof SAMPLES_FILES;

/** The raw-samples file in a folder, of either output (or an uncompressed samples.csv, as a user may hand one in). */
export const samplesIn = (dir: string): string | undefined =>
  [SAMPLES_FILES['plimsoll-samples'], SAMPLES_FILES.csv, 'samples.csv'].map((f) => join(dir, f)).find((p) => existsSync(p));

/** A merged run's shard folders (dir/shard-0, dir/shard-1, …), in their order. */
export const shardDirs = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => /^shard-\d+$/.test(f) && statSync(join(dir, f)).isDirectory())
    .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)))
    .map((f) => join(dir, f));

/** The raw samples of a run: its own file, or one per shard. */
export function sampleFilesOf(dir: string): string[] {
  const own = samplesIn(dir);
  return own ? [own] : shardDirs(dir).flatMap((s) => samplesIn(s) ?? []);
}

/** Whether a samples file is plimsoll's output's (*.bin.gz), else k6's CSV. */
export const isBinarySamples = (path: string) => path.endsWith('.bin.gz');

/** Stream one samples file, of either output, into `onSample`; the number of samples. */
export function readSamples(path: string, onSample: (metric: string, value: number, tags: Tags, time: string) => void): Promise<number> {
  return isBinarySamples(path) ? readBinarySamples(path, (s, value, time) => onSample(s.metric, value, s.tags, time)) : readCsvSamples(path, onSample);
}

// k6's own metric types and what they contain, for metrics no shard's summary names; anything else is a trend.
const TREND = { type: 'trend', contains: 'time' };

/**
 * k6's percentile (lib/metrics TrendSink.P): linear interpolation between the closest ranks of the sorted
 * values, at rank pct × (n − 1).
 */
export function percentile(sorted: Float64Array, pct: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  if (n === 1) return sorted[0]!;
  const i = pct * (n - 1);
  const lo = sorted[Math.floor(i)]!;
  const hi = sorted[Math.ceil(i)]!;
  return lo + (hi - lo) * (i - Math.floor(i));
}

/** One metric (or sub-metric) fed sample by sample; summarised like k6's sinks. */
class Sink {
  private values = new Float64Array(1024);
  count = 0;
  sum = 0;
  nonZero = 0;
  min = Infinity;
  max = -Infinity;
  last = 0;
  constructor(readonly type: string) {}

  add(v: number) {
    if (this.type === 'trend') {
      if (this.count === this.values.length) {
        const grown = new Float64Array(this.values.length * 2);
        grown.set(this.values);
        this.values = grown;
      }
      this.values[this.count] = v;
    }
    this.count++;
    this.sum += v;
    if (v !== 0) this.nonZero++;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    this.last = v;
  }

  summary(stats: readonly string[], durationMs: number): Record<string, number> {
    switch (this.type) {
      case 'counter':
        // As k6: count ÷ the run's duration in seconds, from its whole nanoseconds (testRunDurationMs is ns ÷ 1e6).
        return { count: this.sum, rate: durationMs > 0 ? this.sum / (Math.round(durationMs * 1e6) / 1e9) : 0 };
      case 'rate':
        return { rate: this.count ? this.nonZero / this.count : 0, passes: this.nonZero, fails: this.count - this.nonZero };
      case 'gauge':
        return { value: this.last, min: this.min, max: this.max };
    }
    const sorted = this.values.subarray(0, this.count).sort();
    const out: Record<string, number> = {};
    for (const stat of stats) {
      const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
      if (p) out[stat] = percentile(sorted, Number(p[1]) / 100);
      else if (stat === 'avg') out.avg = this.count ? this.sum / this.count : 0;
      else if (stat === 'min') out.min = this.count ? this.min : 0;
      else if (stat === 'max') out.max = this.count ? this.max : 0;
      else if (stat === 'med') out.med = percentile(sorted, 0.5);
      else if (stat === 'count') out.count = this.count;
    }
    return out;
  }
}

/** `http_req_duration{name:search,phase:peak}` → its metric and tag selector. */
export function parseMetricKey(key: string): { metric: string; tags: [string, string][] } {
  const m = /^([^{]+)(?:\{(.*)\})?$/.exec(key)!;
  const tags = (m[2] ? m[2].split(',') : []).map((pair) => {
    const at = pair.indexOf(':');
    return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()] as [string, string];
  });
  return { metric: m[1]!, tags };
}

export type Tags = Record<string, string>;

/** All samples of all shards, into summary data: metrics, and the sub-metrics named by `keys`. */
export class Merger {
  private sinks = new Map<string, Sink>();
  private subs = new Map<string, { key: string; tags: [string, string][]; sink: Sink }[]>();

  constructor(
    private readonly types: Record<string, { type: string; contains: string }>,
    keys: readonly string[],
  ) {
    for (const key of keys) {
      const { metric, tags } = parseMetricKey(key);
      if (tags.length === 0) continue;
      const list = this.subs.get(metric) ?? [];
      list.push({ key, tags, sink: new Sink(this.typeOf(metric).type) });
      this.subs.set(metric, list);
    }
  }

  private typeOf(metric: string): { type: string; contains: string } {
    return this.types[metric] ?? K6_METRICS[metric as K6Metric] ?? TREND;
  }

  add(metric: string, value: number, tags: Tags) {
    let sink = this.sinks.get(metric);
    if (!sink) this.sinks.set(metric, (sink = new Sink(this.typeOf(metric).type)));
    sink.add(value);
    for (const sub of this.subs.get(metric) ?? []) if (sub.tags.every(([k, v]) => tags[k] === v)) sub.sink.add(value);
  }

  /** Summary data like k6's handleSummary's; `stats` are the trend stats (summaryTrendStats plus threshold aggregates). */
  summary(stats: readonly string[], durationMs: number): SummaryData {
    const metrics: SummaryData['metrics'] = {};
    const entry = (metric: string, sink: Sink) => ({ type: sink.type, contains: this.typeOf(metric).contains, values: sink.summary(stats, durationMs) });
    for (const [metric, sink] of this.sinks) metrics[metric] = entry(metric, sink);
    // A sub-metric without samples has no entry, as in k6's summary.
    for (const [metric, list] of this.subs) for (const sub of list) if (sub.sink.count > 0) metrics[sub.key] = entry(metric, sub.sink);
    return { metrics, state: { testRunDurationMs: durationMs } };
  }
}

// k6's CSV output: fixed columns for system tags, the others as `k=v&k=v` in extra_tags.
export const NOT_TAGS = new Set(['metric_name', 'timestamp', 'metric_value', 'extra_tags', 'metadata']);


/** Stream one k6 CSV file's samples into `onSample` (the timestamp as k6 wrote it, in K6_CSV_TIME_FORMAT); `.gz` is read through gunzip, as k6 writes it. */
export async function readCsvSamples(path: string, onSample: (metric: string, value: number, tags: Tags, time: string) => void): Promise<number> {
  const file = createReadStream(path);
  const lines = createInterface({ input: path.endsWith('.gz') ? file.pipe(createGunzip()) : file, crlfDelay: Infinity });
  let header: string[] | undefined;
  let tagColumns: [number, string][] = [];
  let extra = -1;
  let n = 0;
  for await (const line of lines) {
    if (line === '') continue;
    const cells = csvFields(line) ?? [line];
    if (!header) {
      header = cells;
      if (header[0] !== 'metric_name' || header[2] !== 'metric_value') bad(`${path} is not k6's CSV output: its header is '${line.slice(0, 60)}'`);
      tagColumns = header.flatMap((h, i) => (NOT_TAGS.has(h) ? [] : [[i, h] as [number, string]]));
      extra = header.indexOf('extra_tags');
      continue;
    }
    const tags: Tags = {};
    for (const [i, name] of tagColumns) if (cells[i]) tags[name] = cells[i]!;
    if (extra >= 0 && cells[extra]) {
      for (const pair of cells[extra]!.split('&')) {
        const at = pair.indexOf('=');
        if (at > 0) tags[pair.slice(0, at)] = pair.slice(at + 1);
      }
    }
    onSample(cells[0]!, Number(cells[2]), tags, cells[1]!);
    n++;
  }
  return n;
}
