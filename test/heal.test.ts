// Healing when InfluxDB answers but refuses the writes back (a server that answers like InfluxDB 1.x on
// loopback, refusing every POST /write): nothing is claimed as written, all of it is reported still missing,
// with InfluxDB's own reason and the command that writes it later.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { healRun } from '../live/heal';
import { streamLine } from '../lib/verdict/console';

const writes: string[] = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    if (req.url!.startsWith('/write')) {
      writes.push(body);
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"engine: cache-max-memory-size exceeded"}');
    } else res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[{"statement_id":0}]}\n');
  });
});
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
after(() => server.close());
const port = (server.address() as { port: number }).port;

test('InfluxDB refuses the writes back: all still missing, with its reason and the backfill command', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-heal-'));
  const csv = [
    'metric_name,timestamp,metric_value,name,extra_tags,metadata',
    'http_reqs,1795533831831142914,1.000000,a,testid=t1,',
    'http_req_duration,1795533831831142914,2.500000,a,testid=t1,',
    'iterations,1795533832000000001,1.000000,,testid=t1,',
  ].join('\n');
  writeFileSync(join(dir, 'samples.csv.gz'), gzipSync(csv));
  const url = `http://127.0.0.1:${port}/k6`;
  const { audit, sent } = await healRun({ url, testid: 't1', dir, expected: 1 });
  assert.equal(writes.length, 1, 'one batch was tried');
  assert.equal(writes[0], ['http_reqs,name=a,testid=t1 value=1.000000 1795533831831142914', 'http_req_duration,name=a,testid=t1 value=2.500000 1795533831831142914', 'iterations,testid=t1 value=1.000000 1795533832000000001'].join('\n'));
  assert.equal(sent, 0);
  assert.deepEqual([audit.samples, audit.missing, audit.written, audit.stillMissing, audit.stored, audit.lost], [3, 3, 0, 3, 0, 1]);
  assert.match(audit.reason!, new RegExp(`writing back stopped: InfluxDB at http://127\\.0\\.0\\.1:${port} refused a write \\(500\\): \\{"error":"engine: cache-max-memory-size exceeded"\\}`));
  assert.equal(audit.backfill, `npx plimsoll backfill ${dir} --influx ${url}`);
  assert.match(streamLine(audit), /^plimsoll: warning: InfluxDB holds 0 of 1 request samples of this run: 1 was lost in the stream; the stream lost 3 of 3 samples \(http_reqs 1, http_req_duration 1, iterations 1\), 0 written back from the run's spool, 3 still missing \(writing back stopped: .*\) — to write them: npx plimsoll backfill /);
});
