// What reached InfluxDB, checked against what k6 counted: k6's InfluxDB output logs a failed write and
// drops that batch, so a run that streamed through an outage would otherwise look complete on the board.
import { InfluxClient } from './influxd';

/** `http://host:port/db` (INFLUX_URL) → the server's base URL and the database. */
export function splitInfluxUrl(url: string): { base: string; db: string } {
  const i = url.lastIndexOf('/');
  return { base: url.slice(0, i), db: url.slice(i + 1) };
}

export async function influxAnswers(url: string): Promise<boolean> {
  return new InfluxClient(splitInfluxUrl(url).base).ping();
}

export interface StreamAudit {
  /** http_reqs samples k6 counted (summary.json). */
  expected: number;
  /** http_reqs points InfluxDB holds for this testid; null when it could not be asked. */
  stored: number | null;
  lost: number | null;
  error?: string;
}

export async function auditStream(url: string, testid: string, expected: number): Promise<StreamAudit> {
  const { base, db } = splitInfluxUrl(url);
  try {
    const [series] = await new InfluxClient(base).series(`SELECT count("value") FROM "http_reqs" WHERE "testid" = '${testid.replace(/'/g, "\\'")}'`, db);
    const stored = Number(series?.values[0]?.[1] ?? 0);
    return { expected, stored, lost: expected - stored };
  } catch (e) {
    return { expected, stored: null, lost: null, error: (e as Error).message.split('\n')[0] };
  }
}

export function auditLine(a: StreamAudit, url: string): string {
  if (a.stored === null) return `plimsoll: warning: could not count what reached InfluxDB at ${url} (${a.error}); results/ holds the full summary`;
  if (a.lost === 0) return `plimsoll: InfluxDB holds all ${a.expected} request samples of this run`;
  // InfluxDB 1.x keeps one point per series and timestamp: a same-nanosecond pair of requests is one point.
  const sameInstant = a.lost !== null && a.lost <= a.expected / 10_000 ? ', or were timed to the same nanosecond as another request of their series (one point in InfluxDB)' : '';
  return `plimsoll: warning: InfluxDB holds ${a.stored} of ${a.expected} request samples of this run: ${a.lost} were lost in the stream${sameInstant} (the summary and verdict count them all)`;
}
