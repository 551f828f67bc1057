// What `make <profile>` hands k6 beyond the script: outputs (raw samples, InfluxDB, k6's web dashboard)
// as k6 flags and K6_* variables. Pure, so tests check it without running k6.
import type { RunSettings } from './settings';
import { SAMPLES_FILES, type SamplesOutput } from '../distributed/samples';

/** k6's web-dashboard export, next to plimsoll's report.html (which links it). */
export const DASHBOARD_FILE = 'k6-dashboard.html';

/** k6's InfluxDB output, tuned for bounded cardinality: per-request values that vary go to fields, not tags. */
const INFLUX_DEFAULTS = {
  K6_INFLUXDB_TAGS_AS_FIELDS: 'vu:int,iter:int,url',
  K6_INFLUXDB_PUSH_INTERVAL: '1s',
  K6_INFLUXDB_CONCURRENT_WRITES: '4',
};

export interface Invocation {
  /** `run`, the flags and the script: the whole command line after k6. */
  args: string[];
  /** The live output's flags alone (`--out influxdb=…`), for a copy of the run elsewhere (k6-operator). */
  live: string[];
  env: Record<string, string>;
  /** Where samples stream, with OUT=influxdb. */
  influxUrl?: string;
}

/**
 * k6's arguments and K6_* variables for a run with these (validated) settings; `env` may tune K6_* further.
 * `samples`: the output the binary has for raw samples (run/k6-binary.ts).
 */
export function k6Invocation(
  script: string,
  settings: Pick<RunSettings, 'OUT' | 'INFLUX_URL' | 'DASHBOARD'>,
  resultsDir: string,
  env: Record<string, string | undefined> = {},
  samples: SamplesOutput = 'plimsoll-samples',
): Invocation {
  // k6's REST API on a free loopback port: runs side by side (shards, CI jobs) must not collide on 6565.
  // Every run keeps its raw samples (the spool): the shards' merged verdict, the report's charts and the
  // InfluxDB backfill are made from them. Nanosecond timestamps, as k6 stamps the samples it streams.
  const args = ['run', '--address', '127.0.0.1:0', '--out', `${samples}=${resultsDir}/${SAMPLES_FILES[samples]}`, script];
  const extra: Record<string, string> = { K6_CSV_TIME_FORMAT: 'unix_nano' };
  // k6's web dashboard only when asked: it takes 2.3–4 % of k6's CPU (bench/README.md), and the report is
  // plimsoll's own. DASHBOARD=1 serves it live (on loopback only), and either value exports its HTML.
  if (settings.DASHBOARD === '1' || settings.DASHBOARD === 'export') {
    Object.assign(extra, {
      K6_WEB_DASHBOARD: 'true',
      K6_WEB_DASHBOARD_HOST: '127.0.0.1',
      K6_WEB_DASHBOARD_PORT: settings.DASHBOARD === '1' ? env.K6_WEB_DASHBOARD_PORT || '5665' : '-1',
      // Its export is built from periodic snapshots: a run shorter than one period would export nothing.
      K6_WEB_DASHBOARD_PERIOD: env.K6_WEB_DASHBOARD_PERIOD || '1s',
      K6_WEB_DASHBOARD_EXPORT: `${resultsDir}/${DASHBOARD_FILE}`,
    });
  }
  if (settings.OUT !== 'influxdb') return { args, live: [], env: extra };
  const live = ['--out', `influxdb=${settings.INFLUX_URL}`];
  for (const [k, v] of Object.entries(INFLUX_DEFAULTS)) extra[k] = env[k] || v;
  return { args: [...args, ...live], live, env: extra, influxUrl: settings.INFLUX_URL };
}
