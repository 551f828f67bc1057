// Healing against a real k6 stream into a real InfluxDB 1.x: at steady state nothing is written back; a
// rewrite of the whole run from the spool changes neither InfluxDB's point counts nor its series (so the
// spooled points are the very points k6 writes: same measurement, tag set, nanosecond); points lost inside
// seconds that InfluxDB partly holds are found and written back; and the spool reader the healing uses reads
// what distributed/samples.ts reads. Last, the k6-operator case (no spool): counts against the pods' summaries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../demo/server';
import { healRun } from '../live/heal';
import { readSpool } from '../live/spool';
import { podStreamAudit } from '../live/stream-audit';
import { readSamples, samplesIn, SAMPLES_FILES } from '../distributed/samples';
import { run, runProfile, jsonFile } from './support/k6';
import { startTestInflux } from './support/influx';

const influx = await startTestInflux();
const demo = await startDemo({ latencyMs: 2, jitterMs: 0, capacity: 256 });
after(async () => {
  await demo.close();
  await influx.close();
});
const URL = `${influx.url}/k6`;
const TESTID = `heal-steady-${Date.now()}`;
const RATE = 1000;
const q = (query: string) => influx.client.series(query, 'k6');

/** Points of every measurement for a testid, and its series keys. */
async function snapshot(testid: string) {
  const counts: Record<string, number> = {};
  for (const s of await q(`SELECT count("value") FROM /.*/ WHERE "testid" = '${testid}'`)) counts[s.name] = Number(s.values[0]?.[1]);
  const series = (await q(`SHOW SERIES WHERE "testid" = '${testid}'`))[0]?.values.map((v) => String(v[0])).sort() ?? [];
  return { counts, series };
}

let r: Awaited<ReturnType<typeof runProfile>>;
before(async () => {
  r = await runProfile('sustained', { TARGET: demo.url, ENDPOINTS: jsonFile('endpoints.json', [{ name: 'items-list', path: '/api/items' }]), RATE: String(RATE), RAMP: '0s', DURATION: '3s', OUT: 'influxdb', INFLUX_URL: URL, TESTID });
  assert.equal(r.code, 0, r.stderr);
});

test(`steady state at ${RATE} requests/s: the audit checks every metric and writes nothing back`, () => {
  const count = r.read('summary.json').metrics.http_reqs.values.count;
  const { stream } = r.read('verdict.json');
  console.log(`# steady ${RATE}/s: ${count} requests, ${stream.samples} samples of ${stream.metrics.length} metrics; missing ${stream.missing}, written ${stream.written}, same-instant ${stream.sameInstant}`);
  assert.ok(count >= 2.5 * RATE, `${count} requests: not ${RATE}/s for 3 s`);
  assert.equal(stream.expected, count);
  assert.equal(stream.missing, 0);
  assert.equal(stream.written, 0);
  assert.equal(stream.stillMissing, 0);
  assert.ok(stream.metrics.length >= 15, `every metric of the spool: ${stream.metrics.map((m: { metric: string }) => m.metric).join(', ')}`);
  for (const m of stream.metrics) assert.equal(m.stored, m.samples - m.sameInstant, `${m.metric}: InfluxDB holds one point per sample`);
  assert.equal(stream.samples, stream.metrics.reduce((n: number, m: { samples: number }) => n + m.samples, 0));
  assert.match(r.stderr, new RegExp(`plimsoll: InfluxDB holds (all )?\\d+ (of ${count} )?request samples of this run.*; the stream lost none of the ${stream.samples} samples of ${stream.metrics.length} metrics, nothing to write back`));
});

test('a rewrite of the whole run from the spool leaves InfluxDB as k6 wrote it: same points, same series, values to a millionth', async () => {
  const was = await snapshot(TESTID);
  const [sum0] = await q(`SELECT sum("value"), count("value") FROM "http_req_duration" WHERE "testid" = '${TESTID}'`);
  const { audit, sent, ms } = await healRun({ url: URL, testid: TESTID, dir: r.resultsDir, rewrite: true });
  console.log(`# rewrite: ${sent} lines in ${ms} ms; InfluxDB's counts rose by ${audit.written}`);
  assert.equal(sent, audit.samples, 'every spooled sample was sent');
  assert.equal(audit.written, 0, 'and not one made a new point');
  const now = await snapshot(TESTID);
  assert.deepEqual(now.counts, was.counts);
  assert.deepEqual(now.series, was.series);
  assert.ok(was.series.length > 0 && Object.keys(was.counts).length >= 15);
  // k6's CSV writes values with 6 decimals: a rewritten point's value moves by half a millionth at most.
  const [sum1] = await q(`SELECT sum("value"), count("value") FROM "http_req_duration" WHERE "testid" = '${TESTID}'`);
  const n = Number(sum0!.values[0]![2]);
  assert.ok(Math.abs(Number(sum1!.values[0]![1]) - Number(sum0!.values[0]![1])) <= n * 5e-7, `sums ${sum0!.values[0]![1]} → ${sum1!.values[0]![1]}`);
});

test('points lost inside seconds InfluxDB partly holds are found one by one and written back; a second heal writes nothing', async () => {
  const was = await snapshot(TESTID);
  const [t] = await q(`SELECT first("value") FROM "http_reqs" WHERE "testid" = '${TESTID}' AND "phase" = 'steady'`);
  const start = Number(t!.values[0]![0]);
  // 1.2 s of every measurement, cut mid-second at both ends: as a failed batch of k6's would.
  await influx.client.query(`DELETE WHERE "testid" = '${TESTID}' AND time >= ${start + 700}ms AND time < ${start + 1_900}ms`, 'k6');
  const cut = await snapshot(TESTID);
  const deleted = Object.values(was.counts).reduce((a, b) => a + b, 0) - Object.values(cut.counts).reduce((a, b) => a + b, 0);
  assert.ok(deleted > RATE, `${deleted} points deleted`);
  const { audit, passes, sent, ms } = await healRun({ url: URL, testid: TESTID, dir: r.resultsDir });
  console.log(`# deleted ${deleted} points over 1.2 s; heal: missing ${audit.missing}, written ${audit.written} in ${sent} lines, ${passes} passes over the spool, ${ms} ms`);
  assert.equal(audit.missing, deleted);
  assert.equal(audit.written, deleted);
  assert.equal(sent, deleted, 'only the lost points were sent, not one InfluxDB held');
  assert.equal(audit.stillMissing, 0);
  assert.deepEqual(await snapshot(TESTID), was);
  const again = await healRun({ url: URL, testid: TESTID, dir: r.resultsDir });
  assert.deepEqual([again.audit.missing, again.audit.written, again.sent], [0, 0, 0]);
});

test("the healing's spool reader reads what distributed/samples.ts reads, sample for sample", async () => {
  const spool = samplesIn(r.resultsDir)!;
  assert.equal(spool, join(r.resultsDir, SAMPLES_FILES['plimsoll-samples']), 'the run spooled through plimsoll-samples');
  const theirs: string[] = [];
  await readSamples(spool, (m, v, tags, time) => void theirs.push(JSON.stringify([m, v, tags, time])));
  const ours: string[] = [];
  // An awaited callback now and then, as the writer's batches are.
  await readSpool(spool, (s) => (ours.push(JSON.stringify([s.metric, Number(s.value), s.tags(), s.time])), ours.length % 1000 === 0 ? Promise.resolve() : undefined));
  assert.ok(theirs.length > 10_000);
  assert.deepEqual(ours, theirs);
});

test("a verdict from InfluxDB (k6-operator: no spool) compares with the pods' own counts where they are, and says when it cannot know", async () => {
  const testid = `pods-${Date.now()}`;
  const base = Date.now() * 1e6;
  const lines = Array.from({ length: 5 }, (_, i) => `http_reqs,testid=${testid},instance_id=${i % 2} value=1 ${base + i * 1_000_000}`);
  const w = await fetch(`${influx.url}/write?db=k6&precision=ns`, { method: 'POST', body: lines.join('\n') });
  assert.equal(w.status, 204);
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-pods-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const unknown = await podStreamAudit(dir, URL, testid);
  assert.equal(unknown.stored, 5);
  assert.equal(unknown.lost, null);
  assert.match(unknown.reason!, /cannot be known/);
  for (const [pod, count] of [['pod-0', 3], ['pod-1', 4]] as const) {
    mkdirSync(join(dir, pod));
    writeFileSync(join(dir, pod, 'summary.json'), JSON.stringify({ metrics: { http_reqs: { type: 'counter', values: { count, rate: 1 } } } }));
  }
  const known = await podStreamAudit(dir, URL, testid);
  assert.deepEqual([known.expected, known.stored, known.lost], [7, 5, 2]);
  assert.match(known.reason!, /fewer request samples than the 2 pods' summaries count/);
});

test("a sharded run: the audit covers every shard's spool, and a backfill writes back what any shard lost", async () => {
  const testid = `heal-shards-${Date.now()}`;
  const s = await runProfile('sustained', { TARGET: demo.url, ENDPOINTS: jsonFile('endpoints.json', [{ name: 'items-list', path: '/api/items' }]), RATE: '200', RAMP: '0s', DURATION: '2s', SHARDS: '2', OUT: 'influxdb', INFLUX_URL: URL, TESTID: testid });
  assert.equal(s.code, 0, s.stderr);
  const { stream } = s.read('verdict.json');
  let spooled = 0;
  for (const i of [0, 1]) spooled += await readSamples(samplesIn(join(s.resultsDir, `shard-${i}`))!, () => {});
  assert.equal(stream.samples, spooled, "the audit read both shards' spools");
  assert.equal(stream.missing, 0);
  const was = await snapshot(testid);
  assert.deepEqual((await q(`SHOW TAG VALUES FROM "http_reqs" WITH KEY = "instance" WHERE "testid" = '${testid}'`))[0]?.values.map((v) => v[1]), ['0', '1']);
  // Shard 1 loses everything it streamed: the backfill finds it in shard-1/samples.bin.gz.
  await influx.client.query(`DELETE WHERE "testid" = '${testid}' AND "instance" = '1'`, 'k6');
  const cut = await snapshot(testid);
  const deleted = Object.values(was.counts).reduce((a, b) => a + b, 0) - Object.values(cut.counts).reduce((a, b) => a + b, 0);
  assert.ok(deleted > 1_000, `${deleted} points of shard 1 deleted`);
  const b = await run('node', ['--import', 'tsx', 'cli/plimsoll.ts', 'backfill', s.resultsDir, '--influx', URL], {});
  assert.equal(b.code, 0, b.stderr + b.stdout);
  assert.match(b.stdout, new RegExp(`samples in 2 spools; InfluxDB lacked ${deleted}, ${deleted} written back`));
  assert.deepEqual(await snapshot(testid), was);
});
