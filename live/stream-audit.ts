// What reached InfluxDB, checked against what k6 counted: k6's InfluxDB output logs a failed write and
// drops that batch, so a run that streamed through an outage would otherwise look complete on the board.
import { InfluxClient, parseInfluxUrl } from './influx';
import { redactUrl } from '../lib/config/redact';
import type { StreamAudit } from '../lib/wire/verdict';

/** Whether the InfluxDB of a (validated) INFLUX_URL answers its ping. */
export async function influxAnswers(url: string): Promise<boolean> {
  return new InfluxClient(parseInfluxUrl(url)!.base).ping();
}

/** What reached InfluxDB: its http_reqs points of the testid against k6's own count. */
export async function auditStream(url: string, testid: string, expected: number): Promise<StreamAudit> {
  const { base, db } = parseInfluxUrl(url)!;
  const shown = redactUrl(url);
  try {
    const [series] = await new InfluxClient(base).series(`SELECT count("value") FROM "http_reqs" WHERE "testid" = '${testid.replace(/'/g, "\\'")}'`, db);
    const stored = Number(series?.values[0]?.[1] ?? 0);
    return { url: shown, expected, stored, lost: expected - stored };
  } catch (e) {
    return { url: shown, expected, stored: null, lost: null, error: (e as Error).message.split('\n')[0] };
  }
}
