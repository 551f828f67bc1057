// A real InfluxDB 1.x (Debian's influxd) for a test file, on a free loopback port with its data in a temp
// folder, plus Grafana's macro expansion so panel queries can run against it as Grafana would send them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInfluxd, type Influxd } from '../../live/influxd';

/** Start influxd for this test file; fails (never skips) when influxd is missing. */
export async function startTestInflux(): Promise<Influxd & { close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-influx-'));
  const influx = await startInfluxd({ dir, db: 'k6' });
  return {
    ...influx,
    close: async () => {
      await influx.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Grafana's regex escaping for variable values in InfluxQL regex context (@grafana/data escapeRegex). */
export const escapeRegex = (value: string) => value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');

export interface MacroContext {
  fromMs: number;
  toMs: number;
  intervalMs: number;
  /** A string: a single-value variable (inserted as is); an array: multi/All (escaped, `(a|b)`). */
  vars: Record<string, string | string[]>;
}

/** Expand what Grafana's InfluxDB datasource expands before sending an InfluxQL query. */
export function fillMacros(query: string, ctx: MacroContext): string {
  const filled = query
    .replaceAll('$timeFilter', `time >= ${ctx.fromMs}ms and time <= ${ctx.toMs}ms`)
    .replaceAll('$__interval_ms', String(ctx.intervalMs))
    .replaceAll('$__interval', `${ctx.intervalMs}ms`)
    .replace(/\$(\w+)/g, (whole, name: string) => {
      const value = ctx.vars[name];
      if (value === undefined) return whole;
      return Array.isArray(value) ? `(${value.map(escapeRegex).join('|')})` : value;
    });
  const left = /\$\w+/.exec(filled);
  if (left) throw new Error(`query uses ${left[0]}, which Grafana would not expand here: ${query}`);
  return filled;
}
