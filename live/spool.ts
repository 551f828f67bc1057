// A run's spool — its raw samples, `samples.bin.gz` (or k6's `samples.csv.gz`) in the run folder or in each
// shard-*/ — read for writing back into InfluxDB. The same reading as distributed/samples.ts readSamples
// (for CSV: fixed system-tag columns, `k=v&k=v` extra_tags, metadata ignored; test/line-protocol.test.ts
// and test/heal.e2e.test.ts check the two agree sample for sample), but awaitable: the callback may return
// a promise (a batch being written to InfluxDB) and the file is not read further until it settles, so a
// backfill of any size holds one batch in memory, not the run.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { readBinarySamples } from '../distributed/binary-samples';
import { isBinarySamples, NOT_TAGS } from '../distributed/samples';
import { csvFields } from '../lib/data/csv';

export interface SpooledSample {
  metric: string;
  /** The value as line protocol's decimal text: k6's CSV text (%f), or plimsoll's exact float64. */
  value: string;
  /** Nanoseconds since the epoch (k6's CSV: as written, with K6_CSV_TIME_FORMAT=unix_nano). */
  time: string;
  /** The tags as text — CSV: the row's tag columns as written (extra_tags in k6's order, which varies) — the same text, the same tags. */
  raw: string;
  /** The sample's tags, parsed from `raw` when asked (counting needs none). */
  tags(): Record<string, string>;
}

/** A float64 as line protocol's decimal text, exactly (JavaScript's shortest round-trip digits, never an exponent). */
export function decimalText(v: number): string {
  // String(-0) is "0": the sign would be lost.
  const s = Object.is(v, -0) ? '-0' : String(v);
  const e = s.indexOf('e');
  if (e < 0 || !Number.isFinite(v)) return s;
  const sign = v < 0 ? '-' : '';
  const [int, frac = ''] = s.slice(sign.length, e).split('.');
  const digits = int! + frac;
  const point = int!.length + Number(s.slice(e + 1));
  return sign + (point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : digits.padEnd(point, '0'));
}

/** Stream one spool's samples into `each`, awaiting it whenever it returns a promise; the number of samples. */
export function readSpool(path: string, each: (sample: SpooledSample) => void | Promise<void>): Promise<number> {
  if (!isBinarySamples(path)) return readCsvSpool(path, each);
  return readBinarySamples(path, (s, value, time) => each({ metric: s.metric, value: decimalText(value), time, raw: s.key, tags: () => s.tags }));
}

async function readCsvSpool(path: string, each: (sample: SpooledSample) => void | Promise<void>): Promise<number> {
  const file = createReadStream(path);
  const input = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  // pipe() does not carry the file's errors (a missing file) on: the loop below must see them.
  if (input !== file) file.once('error', (e) => input.destroy(e));
  input.setEncoding('utf8');
  let header: string[] | undefined;
  let tagColumns: [number, string][] = [];
  let extra = -1;
  let n = 0;
  let rest = '';
  /** The tag columns of a row (cells from the fourth on) as tags, as readCsvSamples reads them. */
  const parseTags = (raw: string) => {
    const cells = csvFields(raw) ?? [raw];
    const tags: Record<string, string> = {};
    for (const [i, name] of tagColumns) if (cells[i - 3]) tags[name] = cells[i - 3]!;
    if (extra >= 0 && cells[extra - 3]) {
      for (const pair of cells[extra - 3]!.split('&')) {
        const at = pair.indexOf('=');
        if (at > 0) tags[pair.slice(0, at)] = pair.slice(at + 1);
      }
    }
    return tags;
  };
  // Synchronous unless `each` returns a promise: most lines cost no microtask.
  const line = (text: string): void | Promise<void> => {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text === '') return;
    if (!header) {
      header = csvFields(text) ?? [text];
      if (header[0] !== 'metric_name' || header[1] !== 'timestamp' || header[2] !== 'metric_value') throw new Error(`${path} is not k6's CSV output: its header is '${text.slice(0, 60)}'`);
      tagColumns = header.flatMap((h, i) => (NOT_TAGS.has(h) ? [] : [[i, h] as [number, string]]));
      extra = header.indexOf('extra_tags');
      return;
    }
    // Metric names, timestamps and values are never quoted: the first three commas split them off.
    const a = text.indexOf(',');
    const b = text.indexOf(',', a + 1);
    const c = text.indexOf(',', b + 1);
    const raw = c < 0 ? '' : text.slice(c + 1);
    let tags: Record<string, string> | undefined;
    n++;
    return each({ metric: text.slice(0, a), time: text.slice(a + 1, b), value: c < 0 ? text.slice(b + 1) : text.slice(b + 1, c), raw, tags: () => (tags ??= parseTags(raw)) });
  };
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const text of lines) {
        const pending = line(text);
        if (pending) await pending;
      }
    }
    await line(rest);
  } finally {
    file.destroy();
  }
  return n;
}
