// Points as k6's InfluxDB output writes them (live/line-protocol.ts), the spool reader on CSV edge cases, and the
// stream line for each thing the audit can find. (Against a real k6 stream and InfluxDB: heal.e2e, stream.e2e.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseTagsAsFields, pointLine, rfc3339ToNs, secondOf, seriesKey, tagFields, writableValue } from '../live/line-protocol';
import { readSpool } from '../live/spool';
import { backfillHint } from '../live/heal';
import { readCsvSamples, sampleFilesOf } from '../distributed/samples';
import { streamLine } from '../lib/verdict/console';
import type { StreamAudit, StreamMetric } from '../lib/wire/verdict';

test("TAGS_AS_FIELDS as k6 reads it: name:kind, a bare name is a string; an unknown kind is refused", () => {
  assert.deepEqual([...parseTagsAsFields('vu:int,iter:int,url')], [['vu', 'int'], ['iter', 'int'], ['url', 'string']]);
  assert.deepEqual([...parseTagsAsFields(' ok:bool , t:float ')], [['ok', 'bool'], ['t', 'float']]);
  assert.throws(() => parseTagsAsFields('vu:integer'), /unknown kind/);
});

test('the series key: tags sorted by key, empty ones and tags-as-fields left out, escaped as InfluxDB escapes', () => {
  const kinds = parseTagsAsFields('vu:int,iter:int,url');
  const key = seriesKey('http_reqs', { testid: 't 1', name: 'a,b=c', group: '', url: 'http://x/1', status: '200' }, kinds);
  assert.equal(key, 'http_reqs,name=a\\,b\\=c,status=200,testid=t\\ 1');
  assert.equal(seriesKey('my metric,x', {}), 'my\\ metric\\,x');
});

test('fields from tags: kinds converted as k6 converts them (a value that does not parse stays a string)', () => {
  const kinds = parseTagsAsFields('vu:int,iter:int,url,ok:bool,f:float');
  assert.equal(tagFields({ vu: '12', iter: 'x', url: 'http://h/"q"\\', ok: 'T', f: '1.50', name: 'n' }, kinds), ',vu=12i,iter="x",url="http://h/\\"q\\"\\\\",ok=true,f=1.5');
  assert.equal(tagFields({ name: 'n', url: '' }, kinds), '');
  assert.equal(pointLine('http_reqs,testid=t', '1.000000', ',url="u"', '1795533831831142914'), 'http_reqs,testid=t value=1.000000,url="u" 1795533831831142914');
});

test('times: RFC3339 with trimmed nanoseconds back to exact nanoseconds; the second of a timestamp; writable values', () => {
  assert.equal(rfc3339ToNs('2026-11-24T15:23:51.869602699Z'), '1795533831869602699');
  assert.equal(rfc3339ToNs('2026-11-24T15:23:51.8696Z'), '1795533831869600000');
  assert.equal(rfc3339ToNs('2026-11-24T15:23:51Z'), '1795533831000000000');
  assert.throws(() => rfc3339ToNs('1795533831'), /not RFC3339/);
  assert.equal(secondOf('1795533831869602699'), 1795533831);
  assert.deepEqual(['1.000000', '-0.500000', '12', 'NaN', '+Inf', '', '1e5'].map(writableValue), [true, true, true, false, false, false, false]);
});

test('the backfill command names the run folder, and the InfluxDB when it is not the default', () => {
  assert.equal(backfillHint('results/spike-1', 'http://127.0.0.1:8086/k6'), 'npx plimsoll backfill results/spike-1');
  assert.equal(backfillHint('/tmp/my run', 'http://10.0.0.5:8086/perf'), "npx plimsoll backfill '/tmp/my run' --influx http://10.0.0.5:8086/perf");
});

test('the spool reader: quoted cells, extra tags, CRLF, no trailing newline — as readCsvSamples reads them; shards too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-spool-'));
  const csv = [
    'metric_name,timestamp,metric_value,check,group,name,extra_tags,metadata',
    'http_reqs,1795533831831142914,1.000000,,::setup,"a,b ""c""",testid=t&phase=setup,vu=1&iter=2',
    'checks,1795533831831142915,0.000000,"is, ok",,,testid=t,',
    'vus,1795533831000000000,3.000000,,,,,\r',
    'iterations,1795533832000000001,1.000000,,,x,testid=t&profile=p,',
  ].join('\n');
  writeFileSync(join(dir, 'samples.csv.gz'), gzipSync(csv));
  const ours: unknown[] = [];
  const n = await readSpool(join(dir, 'samples.csv.gz'), (s) => void ours.push([s.metric, Number(s.value), s.tags(), s.time]));
  const theirs: unknown[] = [];
  await readCsvSamples(join(dir, 'samples.csv.gz'), (m, v, tags, time) => void theirs.push([m, v, tags, time]));
  assert.equal(n, 4);
  assert.deepEqual(ours, theirs);
  assert.deepEqual(ours[0], ['http_reqs', 1, { group: '::setup', name: 'a,b "c"', testid: 't', phase: 'setup' }, '1795533831831142914']);
  await assert.rejects(readSpool(join(dir, 'samples.csv.gz').replace('samples', 'none'), () => {}), /ENOENT/);
  for (const shard of ['shard-1', 'shard-0', 'shard-10', 'other']) {
    mkdirSync(join(dir, shard));
    writeFileSync(join(dir, shard, 'samples.csv.gz'), gzipSync(csv));
  }
  // A run's own file, else its shards' (a merged run has no own), the binary output's before k6's CSV.
  assert.deepEqual(sampleFilesOf(dir).map((f) => f.slice(dir.length + 1)), ['samples.csv.gz']);
  rmSync(join(dir, 'samples.csv.gz'));
  writeFileSync(join(dir, 'shard-1', 'samples.bin.gz'), '');
  assert.deepEqual(sampleFilesOf(dir).map((f) => f.slice(dir.length + 1)), ['shard-0/samples.csv.gz', 'shard-1/samples.bin.gz', 'shard-10/samples.csv.gz']);
});

const metric = (name: string, over: Partial<StreamMetric> = {}): StreamMetric => ({ metric: name, samples: 100, sameInstant: 0, streamed: 100, missing: 0, written: 0, stored: 100, stillMissing: 0, ...over });
const base: StreamAudit = { url: 'http://127.0.0.1:8086/k6', expected: 100, stored: 100, lost: 0 };

test('the stream line says what was missing, what was written back, what is still missing and why, and how to backfill', () => {
  const unreachable = streamLine({ ...base, stored: null, lost: null, error: 'InfluxDB at http://127.0.0.1:8086 cannot be reached (ECONNREFUSED)', samples: 1400, missing: null, written: 0, stillMissing: null, backfill: 'npx plimsoll backfill results/x' });
  assert.equal(unreachable, "plimsoll: warning: could not count what reached InfluxDB at http://127.0.0.1:8086/k6 (InfluxDB at http://127.0.0.1:8086 cannot be reached (ECONNREFUSED)); nothing was written back, the run's 1400 samples wait in its spool — once it answers: npx plimsoll backfill results/x");
  const whole = streamLine({ ...base, samples: 200, missing: 0, written: 0, stillMissing: 0, metrics: [metric('http_reqs'), metric('iterations')] });
  assert.equal(whole, 'plimsoll: InfluxDB holds all 100 request samples of this run; the stream lost none of the 200 samples of 2 metrics, nothing to write back');
  const lost = [metric('http_reqs', { missing: 30, written: 30 }), metric('checks', { missing: 30, written: 30 }), metric('iterations', { missing: 30, written: 30 }), metric('http_req_duration', { missing: 30, written: 30 }), metric('vus', { missing: 1, written: 1 })];
  const healed = streamLine({ ...base, samples: 500, missing: 121, written: 121, stillMissing: 0, metrics: lost });
  assert.equal(healed, "plimsoll: InfluxDB holds all 100 request samples of this run; the stream lost 121 of 500 samples (http_reqs 30, http_req_duration 30, iterations 30, +2 metrics): all 121 written back from the run's spool");
  const pair = streamLine({ ...base, stored: 99, lost: 1, samples: 200, missing: 0, written: 0, stillMissing: 0, sameInstant: 1, metrics: [metric('http_reqs', { sameInstant: 1, stored: 99 })] });
  assert.match(pair, /^plimsoll: InfluxDB holds 99 of 100 request samples of this run: 1 was timed to the same nanosecond as another request of their series \(one point in InfluxDB\); the stream lost none/);
  const still = streamLine({ ...base, stored: 80, lost: 20, samples: 200, missing: 40, written: 20, stillMissing: 20, metrics: [metric('http_reqs', { missing: 40, written: 20, stillMissing: 20 })], reason: 'writing back stopped: InfluxDB at http://127.0.0.1:8086 cannot be reached (ECONNREFUSED)', backfill: 'npx plimsoll backfill results/x' });
  assert.equal(still, "plimsoll: warning: InfluxDB holds 80 of 100 request samples of this run: 20 were lost in the stream; the stream lost 40 of 200 samples (http_reqs 40), 20 written back from the run's spool, 20 still missing (writing back stopped: InfluxDB at http://127.0.0.1:8086 cannot be reached (ECONNREFUSED)) — to write them: npx plimsoll backfill results/x");
});

test('without a spool (an older run, a verdict from InfluxDB) the line counts request samples, and says when it cannot know', () => {
  assert.equal(streamLine(base), 'plimsoll: InfluxDB holds all 100 request samples of this run');
  assert.match(streamLine({ ...base, expected: 2000, stored: 1400, lost: 600 }), /^plimsoll: warning: InfluxDB holds 1400 of 2000 request samples of this run: 600 were lost in the stream \(the summary/);
  assert.match(streamLine({ ...base, expected: 30000, stored: 29999, lost: 1 }), /1 were lost in the stream, or were timed to the same nanosecond/);
  assert.equal(streamLine({ ...base, lost: null, reason: 'whether InfluxDB lacks any cannot be known' }), 'plimsoll: InfluxDB holds 100 request samples of this run; whether InfluxDB lacks any cannot be known');
});
