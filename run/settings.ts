// The Node side's own settings — how a run is carried out, not what it does to the target — validated by zod
// schemas like the bundle's (lib/config/settings.ts) and refused in the same one line.
import * as z from 'zod/mini';
import { oneOf, parseEnv, positiveInteger, setting, text } from '../lib/config/settings';
import { parseInfluxUrl } from '../live/influx';

export const DEFAULT_INFLUX_URL = 'http://127.0.0.1:8086/k6';

/** `http://host:port/database`, the InfluxDB the runs stream into and verdicts read from. */
export const influxUrl = () => setting(`http://host:port/database, e.g. ${DEFAULT_INFLUX_URL}`, (t) => (parseInfluxUrl(t) ? t : undefined));

export const runSettings = {
  /** N k6 processes on execution segments, one merged verdict. */
  SHARDS: z.prefault(positiveInteger(), '1'),
  OUT: z.optional(setting('influxdb, or nothing for no streaming output', (t) => (t === 'influxdb' ? t : undefined))),
  INFLUX_URL: z.prefault(influxUrl(), DEFAULT_INFLUX_URL),
  DASHBOARD: z.optional(setting("1 (serve k6's web dashboard live and export it), export (export it only) or 0", (t) => (t === '1' || t === '0' || t === 'export' ? t : undefined))),
  /** COMPARE=1: gate the run against its scenario's baseline; BASELINE=file: against that one. */
  COMPARE: z.optional(oneOf(['0', '1'] as const)),
  BASELINE: z.optional(text()),
  /** How much slower p95/p99 may be than the baseline, as a fraction (0.1) or percentage (10%); checked by the gate. */
  TOLERANCE: z.optional(text()),
};

export type RunSettings = z.output<z.ZodMiniObject<typeof runSettings>>;

export const parseRunSettings = (env: Record<string, string | undefined>) => parseEnv(runSettings, env);
