// Reads the raw-samples file of plimsoll's own k6 output (samples-output/, built into the project's k6):
// a series (metric and tags) once, then each of its samples as varints — see samples-output/output.go for
// the format. Streamed: a run of hours is read in constant memory, and the callback may return a promise
// (a batch being written to InfluxDB) that holds the reading until it settles.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** The file's first bytes: the format's name and version (samples-output/output.go's Magic). */
export const BINARY_MAGIC = 'plimsoll-samples 1\n';

export interface BinarySeries {
  metric: string;
  /** The series' tags: one object per series, shared by its samples (read, never change). */
  tags: Record<string, string>;
  /** The metric and tags as one text, the same for the same series in any file. */
  key: string;
}

/** Needs more bytes than the buffer holds: the record is read again with the next chunk. */
const SHORT = -1;

/** Stream one file's samples into `each` (the time in nanoseconds since the epoch, as text); the number of samples. */
export async function readBinarySamples(path: string, each: (series: BinarySeries, value: number, time: string) => void | Promise<void>): Promise<number> {
  const file = createReadStream(path);
  const input = file.pipe(createGunzip());
  // pipe() does not carry the file's errors (a missing file) on: the loop below must see them.
  file.once('error', (e) => input.destroy(e));
  const series: BinarySeries[] = [];
  /** The previous sample's time (ns since the epoch); the file's first sample's, before any. */
  let time: bigint | undefined;
  let buf: Buffer = Buffer.alloc(0);
  let n = 0;
  let at = 0;

  const uvarint = (): number => {
    let x = 0;
    let scale = 1;
    for (;;) {
      if (at >= buf.length) return SHORT;
      const b = buf[at++]!;
      x += (b & 0x7f) * scale;
      if (b < 0x80) return x;
      scale *= 128;
    }
  };
  const varint = (u: number) => (u % 2 ? -(u + 1) / 2 : u / 2);
  const text = (): string | undefined => {
    const len = uvarint();
    if (len === SHORT || at + len > buf.length) return undefined;
    at += len;
    return buf.toString('utf8', at - len, at);
  };
  /** One record from `at`: true when read, false when the buffer ends inside it. */
  const record = (): boolean | Promise<void> => {
    const h = uvarint();
    if (h === SHORT) return false;
    if (h === 0) {
      const metric = text();
      const count = metric === undefined ? SHORT : uvarint();
      if (count === SHORT) return false;
      const pairs: [string, string][] = [];
      for (let i = 0; i < count; i++) {
        const k = text();
        const v = k === undefined ? undefined : text();
        if (v === undefined) return false;
        // An empty tag (k6's `group` outside any group) is no tag, as k6's CSV and InfluxDB outputs have it.
        if (v !== '') pairs.push([k!, v]);
      }
      pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      series.push({ metric: metric!, tags: Object.fromEntries(pairs), key: `${metric},${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` });
      return true;
    }
    const s = series[Math.floor((h - 1) / 4)];
    if (!s) throw new Error(`${path}: a sample of series ${Math.floor((h - 1) / 4)}, which is not defined before it`);
    const dt = uvarint();
    if (dt === SHORT) return false;
    const kind = (h - 1) % 4;
    let value: number;
    if (kind === 0) {
      if (at + 8 > buf.length) return false;
      value = buf.readDoubleLE(at);
      at += 8;
    } else {
      const v = uvarint();
      if (v === SHORT) return false;
      value = kind === 1 ? varint(v) : varint(v) / 1e6;
    }
    n++;
    time = time! + BigInt(varint(dt));
    return each(s, value, String(time)) ?? true;
  };

  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      buf = at < buf.length ? Buffer.concat([buf.subarray(at), chunk]) : chunk;
      at = 0;
      if (time === undefined) {
        if (buf.length < BINARY_MAGIC.length + 8) continue;
        if (buf.toString('latin1', 0, BINARY_MAGIC.length) !== BINARY_MAGIC) throw new Error(`${path} is not plimsoll's samples file: it does not start with '${BINARY_MAGIC.trim()}'`);
        time = buf.readBigInt64LE(BINARY_MAGIC.length);
        at = BINARY_MAGIC.length + 8;
      }
      for (;;) {
        const start = at;
        const done = record();
        if (done === false) {
          at = start;
          break;
        }
        if (done !== true) await done;
      }
    }
    // A run without samples wrote the magic alone.
    if (time === undefined && buf.length > 0 && buf.toString('latin1') !== BINARY_MAGIC) throw new Error(`${path} is not plimsoll's samples file: it does not start with '${BINARY_MAGIC.trim()}'`);
    if (time !== undefined && at < buf.length) throw new Error(`${path} ends inside a record (k6 stopped before closing it)`);
  } finally {
    file.destroy();
  }
  return n;
}
