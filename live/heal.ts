// Healing a run's live stream from its spool. k6's InfluxDB output drops a batch it cannot write (an outage,
// InfluxDB down at the end, a failed write); every run also spools its raw samples (samples.bin.gz), so what
// InfluxDB lacks can be written back, after the run or any time later (`plimsoll backfill <dir>`):
//
// 1. count the spool per metric and second (every shard's spool), and InfluxDB's points of the testid the
//    same way (one GROUP BY time(1s) query over every measurement);
// 2. a second where InfluxDB holds fewer points than the spool has samples lacks some: where it holds none,
//    every sample of that second is written; where it holds some, its points there are read (series and
//    nanosecond) and only the samples without one are written — a point InfluxDB holds is never rewritten;
// 3. the points are exactly those k6 writes (live/line-protocol.ts): same measurement, tag set and
//    nanosecond, so InfluxDB 1.x, which keeps one point per series and timestamp, can only gain what it
//    lacked — a second backfill, or a heal racing a late write, changes nothing;
// 4. count again: written = InfluxDB's own rise; what is still missing, and why, is reported.
//
// Two samples of one series timed to the same nanosecond are one point in InfluxDB (k6 writes both, the later
// wins): counted as `sameInstant`, never as missing. Memory: per-second counts, one write batch, and the
// points InfluxDB already holds in partly-lost seconds (read PRESENT_WINDOW at a time).
import { parseInfluxUrl } from './influx';
import { parseTagsAsFields, pointLine, rfc3339ToNs, secondOf, seriesKey, tagFields, writableValue, type FieldKind } from './line-protocol';
import { readSpool, type SpooledSample } from './spool';
import { sampleFilesOf } from '../distributed/samples';
import { redactUrl } from '../lib/config/redact';
import { k6Invocation } from '../run/k6-invocation';
import { DEFAULT_INFLUX_URL } from '../run/settings';
import type { StreamAudit, StreamMetric } from '../lib/wire/verdict';

/** Lines per POST /write. */
export const BATCH_LINES = 5_000;
/** InfluxDB points of partly-lost seconds held at once to compare with the spool; more means another pass over it. */
const PRESENT_WINDOW = 1_000_000;
const TIMEOUT_MS = 60_000;

export interface HealOptions {
  /** INFLUX_URL: http://host:port/database (validated). */
  url: string;
  testid: string;
  /** The run's folder: its spool, and each shard's. */
  dir: string;
  /** Request samples k6 counted (its summary); the spool's count when not given. */
  expected?: number;
  /** K6_INFLUXDB_TAGS_AS_FIELDS the run streamed with; a plimsoll run's (environment, else the runner's default) when not given. */
  tagsAsFields?: string;
  /** Write every spooled sample, held or not (a rewrite; idempotent: it must leave InfluxDB's points as they are). */
  rewrite?: boolean;
  /** Lines per write (default BATCH_LINES). */
  batchLines?: number;
  /** How `backfill` names the folder (default: `dir` as given). */
  shownDir?: string;
}

export interface HealReport {
  audit: StreamAudit;
  /** Lines sent to InfluxDB. */
  sent: number;
  /** Passes over the spool (1 to count, then 1 per window of partly-lost seconds). */
  passes: number;
  ms: number;
}

interface Bucket {
  spool: number;
  before: number;
  /** Unset: InfluxDB holds at least as many points as the spool has samples; nothing to do. */
  kind?: 'empty' | 'partial';
  window: number;
  sameInstant: number;
  unwritable: number;
  /** Its lines InfluxDB accepted. */
  sent: number;
}

/** `npx plimsoll backfill <dir>` with the flag a non-default InfluxDB needs (credentials masked). */
export function backfillHint(dir: string, url: string): string {
  const quote = (s: string) => (/^[\w./:@%+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return `npx plimsoll backfill ${quote(dir)}${url === DEFAULT_INFLUX_URL ? '' : ` --influx ${quote(redactUrl(url))}`}`;
}

/** The InfluxDB side: counts per second, the points of some seconds, writes. Throws with a one-line message. */
class Influx {
  constructor(
    readonly base: string,
    readonly db: string,
  ) {}

  private async request(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.base}${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`InfluxDB at ${this.base} cannot be reached (${cause?.code ?? cause?.message ?? (e as Error).message})`);
    }
  }

  /** A statement's series, streamed (chunked); `epoch` 's' or none (RFC3339 with nanoseconds: exact, unlike JSON numbers). */
  async stream(q: string, epoch: 's' | undefined, each: (s: { name: string; tags?: Record<string, string>; values: unknown[][] }) => void): Promise<void> {
    const params = new URLSearchParams({ db: this.db, q, chunked: 'true', chunk_size: '20000', ...(epoch && { epoch }) });
    const r = await this.request(`/query?${params}`, {});
    if (!r.ok) throw new Error(`InfluxDB at ${this.base} answered ${r.status} to ${q.slice(0, 80)}: ${(await r.text()).slice(0, 200).trim()}`);
    let rest = '';
    const line = (text: string) => {
      if (!text.trim()) return;
      const body = JSON.parse(text) as { error?: string; results?: { error?: string; series?: { name: string; tags?: Record<string, string>; values: unknown[][] }[] }[] };
      const error = body.error ?? body.results?.find((x) => x.error)?.error;
      // A database that does not exist yet (InfluxDB wiped, or never written to) holds nothing.
      if (error && /database not found/.test(error)) return;
      if (error) throw new Error(`InfluxDB error for ${q.slice(0, 80)}: ${error}`);
      for (const result of body.results ?? []) for (const series of result.series ?? []) each(series);
    };
    const decoder = new TextDecoder();
    for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
      const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
      rest = lines.pop()!;
      lines.forEach(line);
    }
    line(rest + decoder.decode());
  }

  /** Points of `testid` per measurement and second within [from, to]. */
  async counts(testid: string, from: number, to: number): Promise<Map<string, Map<number, number>>> {
    const out = new Map<string, Map<number, number>>();
    const q = `SELECT count("value") FROM /.*/ WHERE "testid" = ${quoteString(testid)} AND time >= ${from}s AND time < ${to + 1}s GROUP BY time(1s) fill(none)`;
    await this.stream(q, 's', (s) => {
      const perSecond = out.get(s.name) ?? new Map<number, number>();
      out.set(s.name, perSecond);
      for (const [t, n] of s.values) perSecond.set(Number(t), (perSecond.get(Number(t)) ?? 0) + Number(n));
    });
    return out;
  }

  /** The series key and nanosecond of every point of `metric` for `testid` in [from, to] (whole seconds). */
  async points(metric: string, testid: string, from: number, to: number, each: (key: string) => void): Promise<void> {
    const q = `SELECT "value" FROM ${quoteIdentifier(metric)} WHERE "testid" = ${quoteString(testid)} AND time >= ${from}s AND time < ${to + 1}s GROUP BY *`;
    await this.stream(q, undefined, (s) => {
      const series = seriesKey(s.name, s.tags ?? {});
      for (const row of s.values) each(`${series} ${rfc3339ToNs(String(row[0]))}`);
    });
  }

  async write(lines: string[]): Promise<void> {
    const r = await this.request(`/write?${new URLSearchParams({ db: this.db, precision: 'ns' })}`, { method: 'POST', body: lines.join('\n') });
    if (r.status !== 204) throw new Error(`InfluxDB at ${this.base} refused a write (${r.status}): ${(await r.text()).slice(0, 200).trim()}`);
  }

  async createDatabase(): Promise<void> {
    const r = await this.request('/query', { method: 'POST', body: new URLSearchParams({ q: `CREATE DATABASE ${quoteIdentifier(this.db)}` }) });
    if (!r.ok) throw new Error(`InfluxDB at ${this.base} cannot create database ${this.db} (${r.status})`);
  }
}

const quoteString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const quoteIdentifier = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Consecutive seconds as [from, to] ranges. */
function ranges(seconds: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const s of [...seconds].sort((a, b) => a - b)) {
    const last = out.at(-1);
    if (last && s === last[1] + 1) last[1] = s;
    else out.push([s, s]);
  }
  return out;
}

/** Compare the run's spool with what InfluxDB holds for its testid, write back what it lacks, and say what happened. */
export async function healRun(o: HealOptions): Promise<HealReport> {
  const started = Date.now();
  const { base, db } = parseInfluxUrl(o.url) ?? { base: '', db: '' };
  if (!base) throw new Error(`INFLUX_URL='${redactUrl(o.url)}' is not valid: expected http://host:port/database`);
  const influx = new Influx(base, db);
  const backfill = backfillHint(o.shownDir ?? o.dir, o.url);
  const kinds: Map<string, FieldKind> = parseTagsAsFields(o.tagsAsFields ?? k6Invocation('', { OUT: 'influxdb', INFLUX_URL: o.url }, '', process.env).env.K6_INFLUXDB_TAGS_AS_FIELDS!);
  const files = sampleFilesOf(o.dir);
  const notes: string[] = [];

  // 1. The spool, per metric and second.
  const buckets = new Map<string, Map<number, Bucket>>();
  let samples = 0;
  let requests = 0;
  let first = Infinity;
  let last = -Infinity;
  let notNs: string | undefined;
  const readAll = async (each: (s: SpooledSample) => void | Promise<void>) => {
    for (const file of files) {
      try {
        await readSpool(file, each);
      } catch (e) {
        // A spool cut short (k6 killed) still holds what it holds; say so once.
        const note = `${file} could not be read to the end (${(e as Error).message})`;
        if (!notes.includes(note)) notes.push(note);
      }
    }
  };
  await readAll((s) => {
    if (!/^\d{10,19}$/.test(s.time)) return void (notNs ??= s.time);
    const second = secondOf(s.time);
    let perSecond = buckets.get(s.metric);
    if (!perSecond) buckets.set(s.metric, (perSecond = new Map()));
    const b = perSecond.get(second);
    if (b) b.spool++;
    else perSecond.set(second, { spool: 1, before: 0, window: 0, sameInstant: 0, unwritable: 0, sent: 0 });
    samples++;
    if (s.metric === 'http_reqs') requests++;
    if (second < first) first = second;
    if (second > last) last = second;
  });
  if (notNs !== undefined) notes.push(`the spool has samples whose timestamp '${notNs}' is not in nanoseconds (K6_CSV_TIME_FORMAT=unix_nano): they cannot be written back`);
  const expected = o.expected ?? requests;
  if (requests < expected) notes.push(`the spool holds ${requests} of the ${expected} request samples k6 counted (k6 ended before writing it all?)`);
  const shown = redactUrl(o.url);
  const base0 = { url: shown, expected, testid: o.testid, samples };
  if (samples === 0) {
    return done({ ...base0, stored: null, lost: null, missing: null, written: 0, stillMissing: null, reason: [`no spool to heal from in ${o.dir}`, ...notes].join('; ') }, 0, 1);
  }

  // 2. InfluxDB's points of the testid, per metric and second.
  let before: Map<string, Map<number, number>>;
  try {
    before = await influx.counts(o.testid, first, last);
  } catch (e) {
    const error = (e as Error).message.split('\n')[0]!;
    return done({ ...base0, stored: null, lost: null, error, missing: null, written: 0, stillMissing: null, reason: [`InfluxDB could not be asked, so nothing was written back; the ${samples} samples wait in the spool`, ...notes].join('; '), backfill }, 0, 1);
  }
  const partial: { b: Bucket; metric: string; second: number }[] = [];
  for (const [metric, perSecond] of buckets) {
    for (const [second, b] of perSecond) {
      b.before = before.get(metric)?.get(second) ?? 0;
      if (o.rewrite) b.kind = 'empty';
      else if (b.spool > b.before) b.kind = b.before === 0 ? 'empty' : 'partial';
      if (b.kind === 'partial') partial.push({ b, metric, second });
    }
  }
  // Windows of partly-lost seconds, each holding at most PRESENT_WINDOW of InfluxDB's points (one is the rule).
  partial.sort((x, y) => x.second - y.second);
  let windows = 1;
  let held = 0;
  for (const p of partial) {
    if (held > 0 && held + p.b.before > PRESENT_WINDOW) (windows++, (held = 0));
    held += p.b.before;
    p.b.window = windows - 1;
  }
  const anything = [...buckets.values()].some((m) => [...m.values()].some((b) => b.kind));

  // 3. Write back what InfluxDB lacks.
  let sent = 0;
  let passes = 1;
  let writeError: string | undefined;
  if (anything) {
    try {
      await influx.createDatabase();
    } catch (e) {
      writeError = (e as Error).message;
    }
    const size = o.batchLines ?? BATCH_LINES;
    for (let w = 0; w < windows && !writeError; w++) {
      // InfluxDB's points in this window's partly-lost seconds: 1 held, 2 also seen in the spool.
      const present = new Map<string, 1 | 2>();
      const inWindow = partial.filter((p) => p.b.window === w);
      try {
        for (const metric of new Set(inWindow.map((p) => p.metric))) {
          for (const [from, to] of ranges(inWindow.filter((p) => p.metric === metric).map((p) => p.second))) {
            await influx.points(metric, o.testid, from, to, (key) => present.set(key, 1));
          }
        }
      } catch (e) {
        writeError = (e as Error).message;
        break;
      }
      // A row's series and fields follow from its metric and tag columns: computed once per distinct text.
      const made = new Map<string, { series: string; fields: string }>();
      let batch: string[] = [];
      let batchBuckets: Bucket[] = [];
      const flush = async () => {
        const lines = batch;
        const of = batchBuckets;
        batch = [];
        batchBuckets = [];
        if (writeError) return;
        try {
          await influx.write(lines);
          sent += lines.length;
          for (const b of of) b.sent++;
        } catch (e) {
          writeError = (e as Error).message;
        }
      };
      passes++;
      await readAll((s) => {
        const b = buckets.get(s.metric)?.get(secondOf(s.time));
        if (!b?.kind || b.window !== w || !/^\d{10,19}$/.test(s.time)) return;
        if (!writableValue(s.value)) return void b.unwritable++;
        const id = `${s.metric},${s.raw}`;
        let point = made.get(id);
        if (!point) {
          if (made.size >= 100_000) made.clear();
          const tags = s.tags();
          made.set(id, (point = { series: seriesKey(s.metric, tags, kinds), fields: tagFields(tags, kinds) }));
        }
        const { series } = point;
        if (b.kind === 'partial') {
          const key = `${series} ${s.time}`;
          const seen = present.get(key);
          if (seen === 2) return void b.sameInstant++;
          present.set(key, 2);
          if (seen === 1) return;
        }
        batch.push(pointLine(series, s.value, point.fields, s.time));
        batchBuckets.push(b);
        if (batch.length >= size) return flush();
      });
      if (batch.length) await flush();
    }
  }

  // 4. Count again, and account per metric.
  let after: Map<string, Map<number, number>> | undefined = before;
  let recountError: string | undefined;
  if (anything) {
    try {
      after = await influx.counts(o.testid, first, last);
    } catch (e) {
      after = undefined;
      recountError = (e as Error).message;
    }
  }
  const metrics: StreamMetric[] = [];
  let unwritable = 0;
  for (const [metric, perSecond] of [...buckets].sort(([a], [b]) => a.localeCompare(b))) {
    const m: StreamMetric = { metric, samples: 0, sameInstant: 0, streamed: 0, missing: 0, written: 0, stored: after ? 0 : null, stillMissing: after ? 0 : null };
    for (const [second, b] of perSecond) {
      m.samples += b.spool;
      m.streamed += b.before;
      unwritable += b.unwritable;
      const now = after?.get(metric)?.get(second) ?? 0;
      if (m.stored !== null) m.stored += now;
      if (!b.kind) continue;
      // A second written in full, every line accepted: what InfluxDB does not count there are same-instant pairs.
      // (Written in part, it is not known: all its shortfall is reported missing.)
      const whole = b.sent === b.spool - b.unwritable;
      const sameInstant = b.kind === 'partial' ? b.sameInstant : after && whole ? Math.max(0, b.spool - b.unwritable - now) : 0;
      const points = b.spool - b.unwritable - sameInstant;
      m.sameInstant += sameInstant;
      m.missing += Math.max(0, points - b.before);
      if (after) {
        m.written += Math.max(0, now - b.before);
        m.stillMissing! += Math.max(0, points - now);
      }
    }
    metrics.push(m);
  }
  const sum = (f: (m: StreamMetric) => number | null) => metrics.reduce<number | null>((n, m) => (n === null || f(m) === null ? null : n + f(m)!), 0);
  const stillMissing = sum((m) => m.stillMissing);
  if (unwritable) notes.push(`${unwritable} samples have a value that is not a finite number: no point can hold it (k6's output fails the whole batch on one)`);
  if (writeError) notes.push(`writing back stopped: ${writeError}`);
  if (recountError) notes.push(`InfluxDB could not be counted again: ${recountError}`);
  if (!writeError && !recountError && stillMissing) notes.push('InfluxDB accepted every line written back but does not hold them all (a retention policy shorter than the run\'s age?)');
  const stored = after ? (after.get('http_reqs') ? [...after.get('http_reqs')!.values()].reduce((n, c) => n + c, 0) : 0) : null;
  const audit: StreamAudit = {
    ...base0,
    stored,
    lost: stored === null ? null : expected - stored,
    ...(recountError && { error: recountError.split('\n')[0] }),
    missing: sum((m) => m.missing),
    // Not counted again: the lines InfluxDB accepted are what is known to have been written.
    written: after ? sum((m) => m.written)! : sent,
    stillMissing,
    sameInstant: sum((m) => m.sameInstant) ?? 0,
    metrics,
    ...(notes.length && { reason: notes.join('; ') }),
    ...((stillMissing !== 0 || stored === null) && { backfill }),
  };
  return done(audit, sent, passes);

  function done(audit: StreamAudit, sentLines: number, passCount: number): HealReport {
    return { audit, sent: sentLines, passes: passCount, ms: Date.now() - started };
  }
}
