// plimsoll's raw-samples output (samples-output/, linked into the k6 install/k6.sh builds) against k6's own
// CSV output, both on in one real k6 run: every sample the CSV holds, the binary file holds — same metric,
// tags and nanosecond — with the exact value (CSV rounds to 6 decimals). Read through both readers of
// the file (the report's and merge's readSamples, the backfill's readSpool).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsvSamples, readSamples, SAMPLES_FILES } from '../distributed/samples';
import { decimalText, readSpool } from '../live/spool';
import { k6Binary } from '../run/k6-binary';
import { K6, run } from './support/k6';

const server = createServer((req, res) => res.writeHead(req.url === '/missing' ? 404 : 200).end('ok'));
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
after(() => server.close());
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

// Custom metrics with values no duration has: tiny, huge, negative, non-integral counters; a unicode tag.
const SCRIPT = `
import http from 'k6/http';
import { check, group } from 'k6';
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';
const odd = new Trend('odd_values');
const money = new Counter('money');
const level = new Gauge('level');
const ok = new Rate('ok_rate');
const VALUES = [1e-7, 1.5e21, -3.25, 0.1 + 0.2, 123456.789012345, 42, -0];
export const options = { vus: 3, iterations: 60 };
export default function () {
  group('shop', () => {
    const r = http.get('${base}/items', { tags: { name: 'items — ünï' } });
    check(r, { 'is 200': (x) => x.status === 200 });
  });
  http.get('${base}/missing');
  const v = VALUES[__ITER % VALUES.length];
  odd.add(v, { kind: 'odd' });
  money.add(v / 7);
  level.add(-v);
  ok.add(__ITER % 3 === 0);
}
`;

test('the binary samples file holds every sample of k6\'s CSV output, exactly, in a smaller file', async () => {
  assert.equal(k6Binary(K6).samples, 'plimsoll-samples', `${K6} lacks the plimsoll-samples output: run the tests through make test`);
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-samples-'));
  writeFileSync(join(dir, 'script.js'), SCRIPT);
  const bin = join(dir, SAMPLES_FILES['plimsoll-samples']);
  const csv = join(dir, SAMPLES_FILES.csv);
  const r = await run(K6, ['run', '--quiet', '--out', `plimsoll-samples=${bin}`, '--out', `csv=${csv}`, join(dir, 'script.js')], { K6_CSV_TIME_FORMAT: 'unix_nano', K6_NO_USAGE_REPORT: 'true' });
  assert.equal(r.code, 0, r.stderr);

  type Row = [metric: string, tags: string, time: string, value: number];
  const key = (tags: Record<string, string>) => JSON.stringify(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : 1)));
  const fromCsv: Row[] = [];
  const fromBin: Row[] = [];
  const fromSpool: Row[] = [];
  await readCsvSamples(csv, (m, v, tags, time) => void fromCsv.push([m, key(tags), time, v]));
  assert.equal(await readSamples(bin, (m, v, tags, time) => void fromBin.push([m, key(tags), time, v])), fromBin.length);
  await readSpool(bin, (s) => void fromSpool.push([s.metric, key(s.tags()), s.time, Number(s.value)]));

  // Both outputs get the same containers in the same order.
  assert.ok(fromCsv.length > 60 * 20, `only ${fromCsv.length} samples`);
  assert.equal(fromBin.length, fromCsv.length);
  for (let i = 0; i < fromCsv.length; i++) {
    const [m, tags, time, v] = fromBin[i]!;
    const [cm, ctags, ctime, cv] = fromCsv[i]!;
    assert.deepEqual([m, tags, time], [cm, ctags, ctime], `sample ${i}`);
    // k6's CSV writes %f: the binary value, rounded as it rounds, is the CSV's.
    assert.ok(Number(v.toFixed(6)) === cv, `sample ${i} (${m}): ${v} vs the CSV's ${cv}`);
  }
  assert.deepEqual(fromSpool, fromBin);
  // The values the CSV cannot hold survive whole.
  const odd = fromBin.filter(([m]) => m === 'odd_values').map(([, , , v]) => v);
  for (const v of [1e-7, 1.5e21, -3.25, 0.1 + 0.2, 123456.789012345, 42]) assert.ok(odd.includes(v), `odd_values lacks ${v}`);
  assert.ok(odd.some((v) => Object.is(v, -0)), 'negative zero stays negative');
  assert.ok(fromBin.some(([m, tags]) => m === 'http_reqs' && tags.includes('items — ünï')));

  const [binSize, csvSize] = [statSync(bin).size, statSync(csv).size];
  assert.ok(binSize * 1.5 < csvSize, `${binSize} bytes against the CSV's ${csvSize}`);
});

test('decimalText: a float64 as line protocol decimal text, exactly', () => {
  for (const [v, text] of [
    [0, '0'],
    [-0, '-0'],
    [42, '42'],
    [-3.25, '-3.25'],
    [1e-7, '0.0000001'],
    [-1.5e-10, '-0.00000000015'],
    [1.5e21, '1500000000000000000000'],
    [0.1 + 0.2, '0.30000000000000004'],
  ] as const) {
    assert.equal(decimalText(v), text);
    assert.equal(Number(decimalText(v)), v);
  }
});
