// One verdict over several k6 processes (execution segments, k6-operator pods): each shard's raw samples
// (k6's CSV output) are streamed into k6-summary-shaped data over ALL samples — percentiles of the union,
// never an average of per-shard percentiles — and judged by the same verdictOf/computeMeasures a single run
// uses, from the sla.json every run writes. k6-operator does not aggregate thresholds (grafana/k6-operator #115).
//   tsx distributed/merge.ts <resultsDir> [shardDir …]     (default shard dirs: <resultsDir>/shard-*)
//   tsx distributed/merge.ts <resultsDir> --influx <url> [--testid id]   (every sample of the testid in InfluxDB)
// Writes <resultsDir>/summary.json, verdict.json and junit.xml; exits 99 on a crossed SLA, 2 on bad input.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { redactUrl } from '../lib/config/redact';
import type { SummaryData } from '../lib/wire/summary';
import type { RunSla } from '../lib/wire/run-sla';
import { conclude } from '../run/conclude';
import { podStreamAudit } from '../live/stream-audit';
import type { StreamAudit } from '../lib/wire/verdict';
import { InfluxClient, parseInfluxUrl, type InfluxSeries } from '../live/influx';
import { expressionOf } from '../lib/sla/thresholds';
import { parseExpression } from '../lib/sla/expression';
import { bad, BadInput, readRunSla, readSummary } from '../run/results-dir';
import { Merger, readSamples, samplesIn, shardDirs, type Tags } from './samples';

export interface Shard {
  dir: string;
  /** Its raw samples (samples.bin.gz, or k6's samples.csv.gz). */
  samples: string;
  /** k6's own summary of this shard (its metric types, trend stats, run duration). */
  summary: SummaryData & { options?: { summaryTrendStats?: string[] } };
}

export function readShard(dir: string): Shard {
  const samples = samplesIn(dir) ?? bad(`${dir} holds no raw samples: expected the shard's samples.bin.gz (--out plimsoll-samples=…) or samples.csv.gz (--out csv=…)`);
  return { dir, samples, summary: readSummary(join(dir, 'summary.json'), "the shard's summary.json") };
}

/** Where samples come from: each feeds every sample it holds to `add`. */
export type SampleSource = (add: (metric: string, value: number, tags: Tags) => void) => Promise<unknown>;

/** The trend stats when no shard summary names them: plimsoll's summaryTrendStats. */
const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)', 'count'];

/** All samples of all sources into one summary: counts summed, rates and percentiles over the union. */
export async function mergeSamples(
  sources: readonly SampleSource[],
  sla: RunSla,
  known: { types?: Record<string, { type: string; contains: string }>; keys?: readonly string[]; stats?: readonly string[] },
  durationMs: (merged: number) => number,
): Promise<SummaryData & { samples: number }> {
  const stats = new Set(known.stats ?? TREND_STATS);
  // Aggregates the thresholds compare must exist even when summaryTrendStats leaves them out.
  for (const list of Object.values(sla.thresholds)) {
    for (const t of list) stats.add(parseExpression(expressionOf(t))!.aggregate);
  }
  const merger = new Merger(known.types ?? {}, [...new Set([...sla.metricKeys, ...(known.keys ?? [])])]);
  let samples = 0;
  for (const source of sources) {
    await source((m, v, t) => {
      samples++;
      merger.add(m, v, t);
    });
  }
  return { ...merger.summary([...stats], durationMs(samples)), samples };
}

/** Every shard's raw samples (CSV) into one summary; types, trend stats and durations from the shards' own summaries. */
export async function mergeShards(shards: readonly Shard[], sla: RunSla) {
  const types: Record<string, { type: string; contains: string }> = {};
  const keys: string[] = [];
  const stats = new Set<string>();
  for (const { summary } of shards) {
    for (const [key, m] of Object.entries(summary.metrics)) {
      keys.push(key);
      if (!key.includes('{')) types[key] = { type: m.type, contains: m.contains ?? 'default' };
    }
    for (const s of summary.options?.summaryTrendStats ?? TREND_STATS) stats.add(s);
  }
  const sources = shards.map((shard): SampleSource => (add) => readSamples(shard.samples, add));
  // The shards run side by side: the longest one is the run's duration (counters' rates divide by it).
  return mergeSamples(sources, sla, { types, keys, stats: [...stats] }, () => Math.max(...shards.map((s) => s.summary.state.testRunDurationMs)));
}

// InfluxDB 1.x as k6 writes it: one measurement per metric, tags as tags, vu/iter/url as fields.
const NOT_INFLUX_TAGS = new Set(['time', 'value', 'vu', 'iter', 'url']);

/**
 * Every sample of one testid in InfluxDB (all pods of a TestRun, all shards of OUT=influxdb runs), streamed
 * with InfluxQL's chunked responses. `span` receives the first and last sample time: InfluxDB knows no run
 * duration, so counters' rates divide by that span.
 */
export function influxSource(url: string, testid: string, span: { first: number; last: number }): SampleSource {
  const parsed = parseInfluxUrl(url) ?? bad(`INFLUX_URL='${url}' is not valid: expected http://host:port/database`);
  const client = new InfluxClient(parsed.base);
  // A failure of InfluxDB (unreachable, an error answer) is the user's to fix: one line, no stack.
  const query = (q: string, each: (series: InfluxSeries) => void) =>
    client.stream(q, parsed.db, each).catch((e: Error) => bad(e instanceof TypeError ? `InfluxDB at ${parsed.base} cannot be reached (${e.message})` : e.message));
  return async (add) => {
    const measurements: string[] = [];
    await query('SHOW MEASUREMENTS', (s) => s.values.forEach((v) => measurements.push(String(v[0]))));
    const quoted = testid.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    for (const metric of measurements) {
      await query(`SELECT * FROM "${metric.replace(/"/g, '\\"')}" WHERE "testid" = '${quoted}'`, (series) => {
        const tagColumns = series.columns.flatMap((c, i) => (NOT_INFLUX_TAGS.has(c) ? [] : [[i, c] as [number, string]]));
        const [time, value] = [series.columns.indexOf('time'), series.columns.indexOf('value')];
        for (const row of series.values) {
          const tags: Tags = {};
          for (const [i, c] of tagColumns) if (row[i] !== null && row[i] !== '') tags[c] = String(row[i]);
          const t = Number(row[time]) / 1e6;
          if (t < span.first) span.first = t;
          if (t > span.last) span.last = t;
          add(metric, Number(row[value]), tags);
        }
      });
    }
  };
}

/** All samples of `testid` in InfluxDB, into one summary. */
export async function mergeInflux(url: string, sla: RunSla, testid: string) {
  const span = { first: Infinity, last: -Infinity };
  const data = await mergeSamples([influxSource(url, testid, span)], sla, {}, () => (span.last > span.first ? span.last - span.first : 0));
  if (data.samples === 0) bad(`InfluxDB at ${url} holds no samples with testid '${testid}': did the run write there (OUT=influxdb, or the TestRun's --out)?`);
  return data;
}

/** A run's facts rebuilt from several processes' raw samples: what the verdict is judged from. */
export interface Merged {
  data: SummaryData;
  sla: RunSla;
  mergedFrom: Record<string, unknown>;
  /** From InfluxDB: what it holds against what the pods reported. */
  stream?: StreamAudit;
}

/** The shards under `dir` (or the given ones) as one run's facts; their merged summary.json and sla.json go into `dir`. */
export async function mergeShardDirs(dir: string, dirs = shardDirs(dir)): Promise<Merged> {
  if (dirs.length === 0) {
    const hint = existsSync(join(dir, 'sla.json')) ? ', or give INFLUX_URL to judge its testid from InfluxDB (a k6-operator TestRun)' : '';
    bad(`no shard results under ${dir}: expected ${dir}/shard-0/, shard-1/, … (make <scenario> SHARDS=N)${hint}`);
  }
  const shards = dirs.map(readShard);
  const sla = readRunSla(dirs[0]!);
  for (const d of dirs.slice(1)) {
    if (JSON.stringify(readRunSla(d).thresholds) !== JSON.stringify(sla.thresholds)) bad(`${d}/sla.json evaluates other thresholds than ${dirs[0]}/sla.json: the shards did not run the same test`);
  }
  const { samples, ...data } = await mergeShards(shards, sla);
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(data, null, 2));
  if (resolve(dirs[0]!) !== resolve(dir)) writeFileSync(join(dir, 'sla.json'), readFileSync(join(dirs[0]!, 'sla.json')));
  return { data, sla, mergedFrom: { shards: dirs.length, samples } };
}

/** Every sample of the run's testid in InfluxDB (e.g. a k6-operator TestRun's pods) as one run's facts; `dir` holds its sla.json. */
export async function mergeInfluxRun(dir: string, url: string, testid?: string): Promise<Merged> {
  const sla = readRunSla(dir);
  const id = testid ?? sla.testid;
  if (!id) bad(`${dir}/sla.json names no testid: give --testid`);
  const { samples, ...data } = await mergeInflux(url, sla, id!);
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(data, null, 2));
  // No spool to heal from (the pods keep no files): say what InfluxDB lacks against the pods' own counts, where known.
  return { data, sla, mergedFrom: { influxdb: redactUrl(url), testid: id, samples }, stream: await podStreamAudit(dir, url, id!) };
}

/** `make verdict`: merged facts judged as one run — verdict.json, junit.xml, the console report — and its exit code. */
async function judged(merged: Promise<Merged>, dir: string) {
  const m = await merged;
  const verdict = await conclude(dir, m);
  return { ...m, verdict, code: verdict.passed ? 0 : 99 };
}

export const mergeVerdict = (dir: string, dirs?: string[]) => judged(mergeShardDirs(dir, dirs), dir);
export const influxVerdict = (dir: string, url: string, testid?: string) => judged(mergeInfluxRun(dir, url, testid), dir);

const USAGE = 'usage: tsx distributed/merge.ts <resultsDir> [shardDir …]   |   tsx distributed/merge.ts <resultsDir> --influx <url> [--testid id]';

/** `plimsoll verdict <dir> [shardDir …] | <dir> --influx <url> [--testid id]`: the exit code (0, 99; 2 on bad input). */
export async function verdictCommand([dir, ...rest]: string[]): Promise<number> {
  try {
    if (!dir || dir === '--help') bad(USAGE);
    if (!existsSync(dir!) || !statSync(dir!).isDirectory()) bad(`results directory '${dir}' does not exist: expected a run's folder (with shard-*/ or sla.json)`);
    const influx = rest.indexOf('--influx');
    const testid = rest.indexOf('--testid');
    const { code } =
      influx >= 0
        ? await influxVerdict(dir!, rest[influx + 1] ?? bad('--influx needs a URL like http://127.0.0.1:8086/k6'), testid >= 0 ? rest[testid + 1] : undefined)
        : await mergeVerdict(dir!, rest.length ? rest : undefined);
    return code;
  } catch (e) {
    if (!(e instanceof BadInput)) throw e;
    console.error(`plimsoll: ${e.message}`);
    return 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await verdictCommand(process.argv.slice(2));
