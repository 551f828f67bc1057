// The one InfluxDB 1.x client every Node-side part uses — the stream audit, the verdict from InfluxDB, the
// local server's readiness check, tests and bench — and the one reading of an INFLUX_URL.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';

export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}
export interface InfluxResult {
  statement_id: number;
  series?: InfluxSeries[];
  error?: string;
}

/** `http://host:port/database` (INFLUX_URL) → the server's base URL and the database; undefined for any other shape. */
export function parseInfluxUrl(url: string): { base: string; db: string } | undefined {
  const m = /^(https?:\/\/[^\s/?#@]+:\d{1,5})\/([A-Za-z0-9_-]+)$/.exec(url);
  return m ? { base: m[1]!, db: m[2]! } : undefined;
}

/** An InfluxDB 1.x HTTP endpoint: queries (epoch ms, or streamed in chunks with ns), database creation, and a ping. */
export class InfluxClient {
  constructor(readonly url: string) {}

  async ping(): Promise<boolean> {
    try {
      const r = await fetch(`${this.url}/ping`, { signal: AbortSignal.timeout(2_000) });
      return r.status === 204;
    } catch {
      return false;
    }
  }

  /** One or more `;`-separated InfluxQL statements; throws on an HTTP error or a statement error. */
  async query(q: string, db?: string): Promise<InfluxResult[]> {
    const params = new URLSearchParams({ q, epoch: 'ms' });
    if (db) params.set('db', db);
    const r = await fetch(`${this.url}/query`, { method: 'POST', body: params });
    const body = (await r.json()) as { results?: InfluxResult[]; error?: string };
    if (!r.ok || body.error) throw new Error(`InfluxDB ${r.status} for ${q}: ${body.error ?? JSON.stringify(body)}`);
    const results = body.results ?? [];
    const failed = results.find((x) => x.error);
    if (failed) throw new Error(`InfluxDB error for ${q}: ${failed.error}`);
    return results;
  }

  /** The series of a single statement. */
  async series(q: string, db: string): Promise<InfluxSeries[]> {
    const [first] = await this.query(q, db);
    return first?.series ?? [];
  }

  /**
   * A statement's series streamed as InfluxDB's chunked responses (timestamps in ns), so a whole run's
   * samples never sit in memory at once; throws on an HTTP or statement error.
   */
  async stream(q: string, db: string, each: (series: InfluxSeries) => void): Promise<void> {
    const params = new URLSearchParams({ db, q, epoch: 'ns', chunked: 'true', chunk_size: '20000' });
    const r = await fetch(`${this.url}/query?${params}`);
    if (!r.ok) throw new Error(`InfluxDB ${r.status} for ${q}`);
    for await (const line of createInterface({ input: Readable.fromWeb(r.body as never), crlfDelay: Infinity })) {
      if (!line.trim()) continue;
      const body = JSON.parse(line) as { error?: string; results?: InfluxResult[] };
      const error = body.error ?? body.results?.find((x) => x.error)?.error;
      if (error) throw new Error(`InfluxDB error for ${q}: ${error}`);
      for (const result of body.results ?? []) for (const series of result.series ?? []) each(series);
    }
  }

  async createDatabase(db: string): Promise<void> {
    await this.query(`CREATE DATABASE "${db.replace(/"/g, '')}"`);
  }
}

