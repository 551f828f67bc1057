// What reached InfluxDB, checked against what k6 counted: k6's InfluxDB output logs a failed write and
// drops that batch, so a run that streamed through an outage would otherwise look complete on the board.
// With the run's spool (every run has one) the audit goes metric by metric and heals: what InfluxDB lacks is
// written back from the spool (live/heal.ts). Without one — a verdict from InfluxDB over k6-operator pods —
// it can only compare counts, and only where the pods' own counts are at hand.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InfluxClient, parseInfluxUrl } from './influx';
import { healRun } from './heal';
import { sampleFilesOf } from '../distributed/samples';
import { redactUrl } from '../lib/config/redact';
import type { StreamAudit } from '../lib/wire/verdict';

/** Whether the InfluxDB of a (validated) INFLUX_URL answers its ping. */
export async function influxAnswers(url: string): Promise<boolean> {
  return new InfluxClient(parseInfluxUrl(url)!.base).ping();
}

/** InfluxDB's http_reqs points of the testid; throws when it cannot be asked. */
async function storedRequests(url: string, testid: string): Promise<number> {
  const { base, db } = parseInfluxUrl(url)!;
  const [series] = await new InfluxClient(base).series(`SELECT count("value") FROM "http_reqs" WHERE "testid" = '${testid.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`, db);
  return Number(series?.values[0]?.[1] ?? 0);
}

/**
 * What reached InfluxDB for the testid against k6's own count (`expected` request samples). With the run's
 * folder (`dir`, holding its spool): every metric, and what InfluxDB lacks is written back from the spool.
 */
export async function auditStream(url: string, testid: string, expected: number, run?: { dir: string; tagsAsFields?: string }): Promise<StreamAudit> {
  const shown = redactUrl(url);
  if (run && sampleFilesOf(run.dir).length) {
    try {
      return (await healRun({ url, testid, expected, dir: run.dir, tagsAsFields: run.tagsAsFields })).audit;
    } catch (e) {
      // A bug in healing must not cost the run its verdict: fall back to counting, and say why.
      const counted = await auditStream(url, testid, expected);
      return { ...counted, reason: `the spool could not be compared with InfluxDB: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  try {
    const stored = await storedRequests(url, testid);
    return { url: shown, expected, stored, lost: expected - stored };
  } catch (e) {
    return { url: shown, expected, stored: null, lost: null, error: (e as Error).message.split('\n')[0] };
  }
}

/**
 * A verdict made from InfluxDB (k6-operator pods stream and keep no spool): InfluxDB's request samples of
 * the testid against the pods' own counts — the summary.json of each pod, copied into a folder of its own under
 * `dir` (e.g. `dir/pod-0/summary.json`) — where there are any; else it says it cannot know.
 */
export async function podStreamAudit(dir: string, url: string, testid: string): Promise<StreamAudit> {
  const shown = redactUrl(url);
  const summaries = readdirSync(dir)
    .map((f) => join(dir, f, 'summary.json'))
    .filter((f) => statSync(join(f, '..')).isDirectory() && existsSync(f));
  let reported: number | undefined;
  for (const file of summaries) {
    try {
      const count = (JSON.parse(readFileSync(file, 'utf8')) as { metrics?: { http_reqs?: { values?: { count?: number } } } }).metrics?.http_reqs?.values?.count;
      if (typeof count === 'number') reported = (reported ?? 0) + count;
    } catch {
      // Not a k6 summary: not a pod's count.
    }
  }
  let stored: number;
  try {
    stored = await storedRequests(url, testid);
  } catch (e) {
    return { url: shown, expected: reported ?? 0, stored: null, lost: null, error: (e as Error).message.split('\n')[0], testid };
  }
  if (reported === undefined) {
    return { url: shown, expected: stored, stored, lost: null, testid, reason: `the pods keep no spool and their summaries are not in ${dir}/<pod>/summary.json: whether InfluxDB lacks any of their samples cannot be known` };
  }
  const lost = reported - stored;
  return {
    url: shown,
    expected: reported,
    stored,
    lost,
    testid,
    ...(lost > 0 && { reason: `InfluxDB holds fewer request samples than the ${summaries.length} pods' summaries count; the pods keep no spool, so they cannot be written back` }),
  };
}
